// npm run crawl [-- --force] [-- --send]
// One crawl cycle over the configured news sources now, printed as a table. With --send, and a token
// for a chat channel, it then drains the outbox once, so what was queued is also sent; leave it out
// while the service runs, since the outbox expects one sender per database. Staff notices go to
// stderr here. `--force` ignores backoff. Exit code 1 when no source could be read.
import { table } from "./table.ts";
import { configFromEnvironment } from "../env.ts";
import { migrate, openDb } from "../services/db.ts";
import { createLogger } from "../services/logger.ts";
import type { SourceStatus } from "../services/news/crawl.ts";
import { SourceConfigError } from "../services/news/sources.ts";
import { createOutboxSender } from "../services/alerts/sender.ts";
import { alertTransports, crawlCycle, loadSources } from "../app/alerts.ts";

const STATUS_LABEL: Record<SourceStatus, string> = {
  ok: "Đã đọc",
  not_modified: "Không đổi (304)",
  failed: "Lỗi",
  skipped_backoff: "Tạm hoãn (đang lỗi)",
  empty: "Không có tin",
};

async function main(args: string[]): Promise<number> {
  const config = configFromEnvironment();
  const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel, secrets: config.secrets, fd: 2 });
  const db = openDb(config.databaseUrl);
  try {
    await migrate(db, config.databaseUrl);
    if ((await loadSources(db, config)) === 0) {
      console.error("Chưa có nguồn tin nào: đặt NEWS_SOURCES (danh sách URL) hoặc NEWS_SOURCES_FILE (tệp JSON).");
      return 0;
    }
    const notify = async (text: string) => void console.error(`[Thông báo cho cán bộ] ${text}`);
    const summary = await crawlCycle(db, config, logger, notify, { ignoreBackoff: args.includes("--force") })();
    const rows = summary.sources.map((s) => [
      s.url,
      STATUS_LABEL[s.status],
      String(s.found),
      String(s.new),
      String(s.queued),
      String(s.offsite),
      s.error?.replace(`${s.url}: `, "") ?? "",
    ]);
    // "Link ngoài": article links off the source's site, not fetched (allowHosts in NEWS_SOURCES_FILE).
    console.log(table(["Nguồn", "Trạng thái", "Tìm thấy", "Mới", "Xếp hàng gửi", "Link ngoài", "Lỗi"], rows));
    console.log(`\nTổng: ${summary.newItems} tin mới, ${summary.queued} lượt gửi đã xếp hàng.`);
    const transports = await alertTransports(config, logger);
    if (!args.includes("--send")) {
      console.log("Tin đã xếp hàng do bot đang chạy gửi đi (hoặc chạy lại với --send khi bot không chạy).");
    } else if (Object.keys(transports).length > 0) {
      const sender = createOutboxSender({ db, transports, ratePerSecond: config.alertRates, window: config.alertWindow, logger });
      await sender.recoverInterrupted();
      const sent = await sender.drainOnce();
      console.log(`Đã gửi: ${sent.sent} lượt (${sent.messages} tin nhắn); thử lại sau: ${sent.retried}; lỗi: ${sent.failed}; bỏ qua: ${sent.skipped}.`);
    } else {
      console.log("Chưa cấu hình kênh chat (TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN): tin đã xếp hàng sẽ được gửi khi bot chạy.");
    }
    const unread = summary.sources.every((s) => s.status === "failed" || s.status === "skipped_backoff");
    return summary.sources.length > 0 && unread ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof SourceConfigError ? err.message : `Lỗi: ${(err as Error)?.message ?? String(err)}`);
    process.exitCode = 1;
  },
);
