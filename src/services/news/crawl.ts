// One polling round over the configured sources. Everything is written to the database before the
// next step starts, so a crash at any point loses nothing:
//   1. new items, the source's fetch state and (on a first crawl) the queue cursor, in one transaction;
//   2. per item, oldest first: the article stored as a report (best effort), then its Delivery rows
//      and the advanced cursor, in one transaction.
// The cursor is a Setting row per source ("news.queuedThrough.<sourceId>" = last NewsItem id whose
// deliveries exist). Delivery rows alone cannot say whether an item was enqueued, because an item
// nobody's filters match has none. Ids are AUTOINCREMENT and items are inserted oldest first, so
// "id > cursor" is exactly the items still to queue, including those a crash interrupted.
import type { NewsItem, NewsSource } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { extractFigures } from "../figures/extract.ts";
import type { Logger } from "../logger.ts";
import { parseReportHtml } from "../reports/parse.ts";
import { storeReport, type Extractor } from "../reports/store.ts";
import { enqueueItem } from "./enqueue.ts";
import type { SourceFetch, SourceState } from "./fetch-source.ts";
import { keyItems, type KeyedItem } from "./identity.ts";
import { parseFeed, type RawItem } from "./parse-feed.ts";
import { parseListing } from "./parse-listing.ts";
import { loadSourceDefs, type SourceDef } from "./sources.ts";

export interface CrawlDeps {
  fetchSource: (source: SourceState) => Promise<SourceFetch>;
  /** The HTML of an item's article page. */
  fetchArticle: (url: string) => Promise<string>;
  logger: Logger;
  now: () => Date;
  notifyStaff: (text: string) => Promise<void>;
  /** Items queued per source per run; the rest wait, stored, for the next runs. Default 20. */
  maxNewPerSource?: number;
  extract?: Extractor;
  /** Poll sources even while they are backing off (an operator's manual run). */
  ignoreBackoff?: boolean;
}

export type SourceStatus = "ok" | "not_modified" | "failed" | "skipped_backoff" | "empty";

export interface SourceOutcome {
  url: string;
  status: SourceStatus;
  found: number;
  new: number;
  queued: number;
  error?: string;
}

export interface CrawlSummary {
  sources: SourceOutcome[];
  newItems: number;
  queued: number;
}

export const FAILURES_BEFORE_ALERT = 3;
const MINUTE = 60_000;

/** 15 min, 30 min, 1 h, ... capped at a day: a site that is down is neither hammered nor forgotten. */
export function backoffDelay(failures: number): number {
  return Math.min(15 * MINUTE * 2 ** Math.max(failures - 1, 0), 24 * 60 * MINUTE);
}

export const cursorKey = (sourceId: number) => `news.queuedThrough.${sourceId}`;

function vnTime(date: Date): string {
  const d = new Date(date.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ngày ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const label = (s: NewsSource) => (s.name ? `"${s.name}" (${s.url})` : s.url);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Staff hear about an incident once: the alert is recorded only after it was delivered. */
async function tellStaff(db: Db, source: NewsSource, text: string, alerted: Date | null, deps: CrawlDeps): Promise<void> {
  try {
    await deps.notifyStaff(text);
    await db.newsSource.update({ where: { id: source.id }, data: { staffAlertedAt: alerted } });
  } catch (err) {
    deps.logger.error({ event: "staff_notify_failed", source: source.url, err: message(err) }, "could not notify staff");
  }
}

async function recordFailure(db: Db, source: NewsSource, error: string, now: Date, deps: CrawlDeps): Promise<void> {
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

/** Feeds list newest first; items are stored oldest first so ids, and queuing, follow time. */
function oldestFirst(items: KeyedItem[]): KeyedItem[] {
  const reversed = [...items].reverse();
  if (!reversed.every((k) => k.item.publishedAt)) return reversed;
  return reversed.sort((a, b) => a.item.publishedAt!.getTime() - b.item.publishedAt!.getTime());
}

function absoluteUrl(url: string | undefined, base: string): string | null {
  if (!url) return null;
  try {
    return new URL(url, base).href;
  } catch {
    return null;
  }
}

async function parseItems(source: NewsSource, def: SourceDef | undefined, body: string, pageUrl: string): Promise<RawItem[]> {
  if (source.kind === "feed") return parseFeed(body);
  if (!def?.selectors) throw new Error(`Nguồn ${source.url} kiểu html nhưng chưa cấu hình selectors.`);
  return parseListing(body, pageUrl, def.selectors);
}

/** Stores the new items and the source's state; returns how many were new. */
async function storeItems(db: Db, source: NewsSource, fetched: SourceFetch & { status: 200 }, keyed: KeyedItem[], now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    const known = await tx.newsItem.findMany({ where: { sourceId: source.id, key: { in: keyed.map((k) => k.key) } }, select: { key: true } });
    const seen = new Set(known.map((k) => k.key));
    const fresh = oldestFirst(keyed.filter((k) => !seen.has(k.key)));
    await tx.newsItem.createMany({
      data: fresh.map(({ key, item }) => ({
        sourceId: source.id,
        key,
        url: absoluteUrl(item.url, fetched.finalUrl ?? source.url),
        title: item.title,
        summary: item.summary ?? null,
        topic: source.topic,
        publishedAt: item.publishedAt ?? null,
        firstSeenAt: now,
      })),
    });
    await tx.newsSource.update({
      where: { id: source.id },
      data: {
        // An empty read is never cached: after staff fix the selectors, the same page must be
        // parsed again rather than answered with 304.
        etag: keyed.length > 0 ? fetched.etag : null,
        lastModified: keyed.length > 0 ? fetched.lastModified : null,
        consecutiveFailures: 0,
        nextFetchAt: null,
        lastError: null,
        lastFetchedAt: now,
        lastOkAt: now,
        lastItemCount: keyed.length,
      },
    });
    // First successful crawl: everything on the page is back catalogue, recorded but not sent. A
    // page read as empty does not count, or fixing its selectors would flood subscribers.
    const key = cursorKey(source.id);
    if (keyed.length > 0 && !(await tx.setting.findUnique({ where: { key } }))) {
      const last = await tx.newsItem.findFirst({ where: { sourceId: source.id }, orderBy: { id: "desc" }, select: { id: true } });
      await tx.setting.create({ data: { key, value: String(last?.id ?? 0) } });
    }
    return fresh.length;
  });
}

async function storeArticle(db: Db, item: NewsItem, deps: CrawlDeps): Promise<void> {
  if (!item.url) return;
  try {
    const parsed = parseReportHtml(await deps.fetchArticle(item.url), item.url);
    if (!parsed.body) throw new Error("không tìm thấy nội dung bài viết");
    const { report } = await storeReport(db, parsed, { extract: deps.extract ?? extractFigures });
    await db.newsItem.update({ where: { id: item.id }, data: { reportId: report.id } });
  } catch (err) {
    // The alert matters more than the figures: it is queued without them.
    deps.logger.warn({ event: "news_article_failed", url: item.url, error: message(err) }, "could not store article");
  }
}

/** Queues the source's stored but unqueued items, oldest first, at most `limit`. */
async function drainQueue(db: Db, source: NewsSource, now: Date, limit: number, deps: CrawlDeps): Promise<number> {
  const key = cursorKey(source.id);
  const cursor = await db.setting.findUnique({ where: { key } });
  if (!cursor) return 0;
  const pending = await db.newsItem.findMany({ where: { sourceId: source.id, id: { gt: Number(cursor.value) } }, orderBy: { id: "asc" }, take: limit });
  let queued = 0;
  for (const item of pending) {
    if (item.reportId === null) await storeArticle(db, item, deps);
    queued += await db.$transaction(async (tx) => {
      const count = await enqueueItem(tx, item.id, now);
      await tx.setting.update({ where: { key }, data: { value: String(item.id) } });
      return count;
    });
  }
  const left = await db.newsItem.count({ where: { sourceId: source.id, id: { gt: pending.at(-1)?.id ?? Number(cursor.value) } } });
  if (left > 0) deps.logger.info({ event: "news_backlog", source: source.url, left }, "items wait for the next run");
  return queued;
}

async function crawlSource(db: Db, source: NewsSource, def: SourceDef | undefined, deps: CrawlDeps): Promise<SourceOutcome> {
  const now = deps.now();
  const limit = deps.maxNewPerSource ?? 20;
  const outcome: SourceOutcome = { url: source.url, status: "ok", found: 0, new: 0, queued: 0 };
  if (!deps.ignoreBackoff && source.nextFetchAt && source.nextFetchAt > now) {
    outcome.status = "skipped_backoff";
  } else {
    let fetched: SourceFetch;
    let keyed: KeyedItem[] = [];
    try {
      fetched = await deps.fetchSource(source);
      // Parsing belongs to the attempt: a malformed feed is a failure, and its etag is not kept.
      if (fetched.status === 200) keyed = keyItems(await parseItems(source, def, fetched.body, fetched.finalUrl ?? source.url));
    } catch (err) {
      await recordFailure(db, source, message(err), now, deps);
      return { ...outcome, status: "failed", error: message(err), queued: await drainQueue(db, source, now, limit, deps) };
    }
    const recovered = source.staffAlertedAt !== null;
    if (fetched.status === 304) {
      outcome.status = "not_modified";
      await db.newsSource.update({
        where: { id: source.id },
        data: { consecutiveFailures: 0, nextFetchAt: null, lastError: null, lastFetchedAt: now, lastOkAt: now },
      });
      // An empty page that has not changed is still empty.
      if (recovered && source.lastItemCount !== 0) {
        await tellStaff(db, source, `✅ Nguồn tin ${label(source)} đã tải được trở lại.`, null, deps);
      }
    } else {
      outcome.found = keyed.length;
      outcome.new = await storeItems(db, source, fetched, keyed, now);
      if (keyed.length === 0) {
        outcome.status = "empty";
        deps.logger.warn({ event: "news_source_empty", source: source.url }, "news source has no items");
        if (!source.staffAlertedAt) {
          const why = source.kind === "html" ? "trang có thể đã đổi giao diện; cần kiểm tra lại selectors" : "nguồn có thể đã đổi địa chỉ hoặc ngừng cập nhật";
          await tellStaff(db, source, `⚠️ Nguồn tin ${label(source)} tải được nhưng không đọc được tin nào (0 mục): ${why}.`, now, deps);
        }
      } else if (recovered) {
        await tellStaff(db, source, `✅ Nguồn tin ${label(source)} đã hoạt động trở lại (${keyed.length} mục).`, null, deps);
      }
    }
  }
  outcome.queued = await drainQueue(db, source, now, limit, deps);
  return outcome;
}

/** Polls every configured feed and listing source once; one source's failure never stops the rest. */
export async function crawlOnce(db: Db, deps: CrawlDeps): Promise<CrawlSummary> {
  const defs = await loadSourceDefs(db);
  const rows = await db.newsSource.findMany({ where: { kind: { in: ["feed", "html"] } }, orderBy: { id: "asc" } });
  const sources = defs ? rows.filter((s) => defs.has(s.url)) : rows;
  const summary: CrawlSummary = { sources: [], newItems: 0, queued: 0 };
  for (const source of sources) {
    let outcome: SourceOutcome;
    try {
      outcome = await crawlSource(db, source, defs?.get(source.url), deps);
    } catch (err) {
      // A database error on one source is logged and reported, not allowed to end the round.
      deps.logger.error({ event: "news_crawl_error", source: source.url, err: message(err) }, "crawl of source failed");
      outcome = { url: source.url, status: "failed", found: 0, new: 0, queued: 0, error: message(err) };
    }
    summary.sources.push(outcome);
    summary.newItems += outcome.new;
    summary.queued += outcome.queued;
  }
  return summary;
}
