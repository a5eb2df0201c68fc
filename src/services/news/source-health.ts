// A source's fetch state and the incidents staff hear about. Failures back off exponentially;
// staff are told once when a source keeps failing or reads as empty, and once when it recovers.
// `staffAlertedAt` is set while an incident is open and cleared by the recovery message.
import type { NewsSource } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { type CrawlDeps, errorMessage } from "./crawl-types.ts";

export const FAILURES_BEFORE_ALERT = 3;
const MINUTE = 60_000;

/** 15 min, 30 min, 1 h, ... capped at a day: a site that is down is neither hammered nor forgotten. */
export function backoffDelay(failures: number): number {
  return Math.min(15 * MINUTE * 2 ** Math.max(failures - 1, 0), 24 * 60 * MINUTE);
}

/** The fetch state after a good read (200 or 304): failures forgotten, backoff over. */
export const healthyState = (now: Date) => ({ consecutiveFailures: 0, nextFetchAt: null, lastError: null, lastFetchedAt: now, lastOkAt: now });

/** Staff read times in Vietnam's zone (UTC+7, no daylight saving). */
function vnTime(date: Date): string {
  const d = new Date(date.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ngày ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const label = (s: NewsSource) => (s.name ? `"${s.name}" (${s.url})` : s.url);

/** Staff hear about an incident once: the alert is recorded only after it was delivered. */
async function tellStaff(db: Db, source: NewsSource, text: string, alerted: Date | null, deps: CrawlDeps): Promise<void> {
  try {
    await deps.notifyStaff(text);
    await db.newsSource.update({ where: { id: source.id }, data: { staffAlertedAt: alerted } });
  } catch (err) {
    deps.logger.error({ event: "staff_notify_failed", source: source.url, err: errorMessage(err) }, "could not notify staff");
  }
}

export async function recordFailure(db: Db, source: NewsSource, error: string, now: Date, deps: CrawlDeps): Promise<void> {
  const failures = source.consecutiveFailures + 1;
  const nextFetchAt = new Date(now.getTime() + backoffDelay(failures));
  await db.newsSource.update({
    where: { id: source.id },
    data: { consecutiveFailures: failures, nextFetchAt, lastError: error, lastFetchedAt: now },
  });
  // The logger's scrubber turns Date objects into {}, so times are logged as ISO strings.
  deps.logger.warn({ event: "news_source_failed", source: source.url, failures, nextFetchAt: nextFetchAt.toISOString(), error }, "news source failed");
  if (failures >= FAILURES_BEFORE_ALERT && !source.staffAlertedAt) {
    const text = `⚠️ Nguồn tin ${label(source)} đã lỗi ${failures} lần liên tiếp.\nLỗi gần nhất: ${error}\nBot sẽ thử lại lúc ${vnTime(nextFetchAt)} (giờ Việt Nam).`;
    await tellStaff(db, source, text, now, deps);
  }
}

/** A 304: the source answers again, with nothing new. */
export async function recordNotModified(db: Db, source: NewsSource, now: Date, deps: CrawlDeps): Promise<void> {
  await db.newsSource.update({ where: { id: source.id }, data: healthyState(now) });
  // An empty page that has not changed is still empty.
  if (source.staffAlertedAt !== null && source.lastItemCount !== 0) {
    await tellStaff(db, source, `✅ Nguồn tin ${label(source)} đã tải được trở lại.`, null, deps);
  }
}

/** After a read (already stored): no items is an incident, items after an incident a recovery. */
export async function reportItemCount(db: Db, source: NewsSource, found: number, now: Date, deps: CrawlDeps): Promise<void> {
  if (found === 0) {
    deps.logger.warn({ event: "news_source_empty", source: source.url }, "news source has no items");
    if (!source.staffAlertedAt) {
      const why = source.kind === "html" ? "trang có thể đã đổi giao diện; cần kiểm tra lại selectors" : "nguồn có thể đã đổi địa chỉ hoặc ngừng cập nhật";
      await tellStaff(db, source, `⚠️ Nguồn tin ${label(source)} tải được nhưng không đọc được tin nào (0 mục): ${why}.`, now, deps);
    }
  } else if (source.staffAlertedAt !== null) {
    await tellStaff(db, source, `✅ Nguồn tin ${label(source)} đã hoạt động trở lại (${found} mục).`, null, deps);
  }
}
