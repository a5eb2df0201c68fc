// Queues stored items for delivery. The cursor is a QueueCursor row per source (the last NewsItem
// id whose deliveries exist). Delivery rows alone cannot say whether an item was enqueued, because
// an item nobody's filters match has none. Ids are AUTOINCREMENT and items are inserted oldest
// first, so "id > cursor" is exactly the items still to queue, including those a crash interrupted.
import type { NewsItem, NewsSource } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { extractFacts } from "../figures/extract.ts";
import { parseInWorker } from "../parsing/parse-in-worker.ts";
import { storeReport } from "../reports/store.ts";
import { isSourceArticle } from "./article-hosts.ts";
import { type CrawlDeps, errorMessage } from "./crawl-types.ts";
import { enqueueItem } from "./enqueue.ts";

/**
 * Fetches the item's article and stores it as a report (with its figures), best effort. A link off
 * the source's site is not fetched (article-hosts.ts); returns false for such a link.
 */
async function storeArticle(db: Db, source: NewsSource, item: NewsItem, deps: CrawlDeps, allowHosts?: readonly string[]): Promise<boolean> {
  if (!item.url) return true;
  if (!isSourceArticle(item.url, source.url, allowHosts)) {
    deps.logger.warn({ event: "news_link_offsite", source: source.url, url: item.url }, "article link is not on the source's site; not fetched");
    return false;
  }
  try {
    const parsed = await parseInWorker("reportHtml", await deps.fetchArticle(item.url), item.url);
    if (!parsed.body) throw new Error("không tìm thấy nội dung bài viết");
    const { report } = await storeReport(db, parsed, {
      extract: deps.extract ?? extractFacts,
      authoritative: source.official,
      ...(deps.reviewArticles && { awaitingReview: true }),
    });
    await db.newsItem.update({ where: { id: item.id }, data: { reportId: report.id } });
  } catch (err) {
    // The alert matters more than the figures: it is queued without them.
    deps.logger.warn({ event: "news_article_failed", url: item.url, error: errorMessage(err) }, "could not store article");
  }
  return true;
}

export interface DrainResult {
  /** Delivery rows created. */
  queued: number;
  /** Items whose article link was off the source's site, so not fetched (they are still queued). */
  offsite: number;
}

/**
 * Queues the source's stored but unqueued items, oldest first, at most `limit`. Nothing is queued
 * before the source's first crawl set the cursor. `allowHosts` is the source's own list.
 */
export async function drainQueue(db: Db, source: NewsSource, now: Date, limit: number, deps: CrawlDeps, allowHosts?: readonly string[]): Promise<DrainResult> {
  const where = { sourceId: source.id };
  const cursor = await db.queueCursor.findUnique({ where });
  if (!cursor) return { queued: 0, offsite: 0 };
  const pending = await db.newsItem.findMany({ where: { sourceId: source.id, id: { gt: cursor.lastItemId } }, orderBy: { id: "asc" }, take: limit });
  let queued = 0;
  let offsite = 0;
  for (const item of pending) {
    if (item.reportId === null && !(await storeArticle(db, source, item, deps, allowHosts))) offsite++;
    // The deliveries and the advanced cursor commit together: an item is queued exactly once.
    queued += await db.$transaction(async (tx) => {
      const count = await enqueueItem(tx, item.id, now);
      await tx.queueCursor.update({ where, data: { lastItemId: item.id } });
      return count;
    });
  }
  const left = await db.newsItem.count({ where: { sourceId: source.id, id: { gt: pending.at(-1)?.id ?? cursor.lastItemId } } });
  if (left > 0) deps.logger.info({ event: "news_backlog", source: source.url, left }, "items wait for the next run");
  return { queued, offsite };
}
