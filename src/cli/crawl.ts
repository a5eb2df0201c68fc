// npm run crawl [-- --force]
// One polling round over the configured news sources, printed as a table. Reads DATABASE_URL,
// NEWS_SOURCES, NEWS_SOURCES_FILE and, optionally, NEWS_USER_AGENT (put a contact in it). Staff
// notices go to stderr here; the service sends them to staff chats. `--force` ignores backoff.
// Exit code 1 when no source could be read.
import { readFile } from "node:fs/promises";
import { loadDotEnv } from "../env.ts";
import { migrate, openDb } from "../services/db.ts";
import { createLogger } from "../services/logger.ts";
import { crawlOnce, type SourceStatus } from "../services/news/crawl.ts";
import { fetchSource } from "../services/news/fetch-source.ts";
import { parseSourceList, SourceConfigError, syncSources } from "../services/news/sources.ts";
import { fetchPage } from "../services/reports/fetch-page.ts";

const STATUS_LABEL: Record<SourceStatus, string> = {
  ok: "Đã đọc",
  not_modified: "Không đổi (304)",
  failed: "Lỗi",
  skipped_backoff: "Tạm hoãn (đang lỗi)",
  empty: "Không có tin",
};

const width = (s: string) => [...s].length;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => c + " ".repeat(widths[i] - width(c))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

async function readSourcesFile(file: string | undefined): Promise<string | null> {
  if (!file) return null;
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw new SourceConfigError([`không đọc được NEWS_SOURCES_FILE ${file}: ${(err as Error).message}`]);
  }
}

async function main(args: string[]): Promise<number> {
  loadDotEnv();
  const env = process.env;
  const defs = parseSourceList(env.NEWS_SOURCES ?? "", await readSourcesFile(env.NEWS_SOURCES_FILE?.trim() || undefined));
  if (defs.length === 0) {
    console.error("Chưa có nguồn tin nào: đặt NEWS_SOURCES (danh sách URL) hoặc NEWS_SOURCES_FILE (tệp JSON).");
    return 0;
  }
  const databaseUrl = env.DATABASE_URL || "file:./data/bot.db";
  const logger = createLogger({ level: env.LOG_LEVEL || "warn", secrets: [], fd: 2 });
  const userAgent = env.NEWS_USER_AGENT?.trim() || undefined;
  const db = openDb(databaseUrl);
  try {
    await migrate(db, databaseUrl);
    await syncSources(db, defs);
    const summary = await crawlOnce(db, {
      fetchSource: (source) => fetchSource(source, { userAgent }),
      fetchArticle: async (url) => (await fetchPage(url, { userAgent })).html,
      logger,
      now: () => new Date(),
      notifyStaff: async (text) => {
        console.error(`[Thông báo cho cán bộ] ${text}`);
      },
      ignoreBackoff: args.includes("--force"),
    });
    const rows = summary.sources.map((s) => [s.url, STATUS_LABEL[s.status], String(s.found), String(s.new), String(s.queued), s.error?.replace(`${s.url}: `, "") ?? ""]);
    console.log(table(["Nguồn", "Trạng thái", "Tìm thấy", "Mới", "Xếp hàng gửi", "Lỗi"], rows));
    console.log(`\nTổng: ${summary.newItems} tin mới, ${summary.queued} lượt gửi đã xếp hàng.`);
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
