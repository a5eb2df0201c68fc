// One polling round over the configured sources. Everything is written to the database before the
// next step starts, so a crash at any point loses nothing:
//   1. new items, the source's fetch state and (on a first crawl) the queue cursor, in one
//      transaction (store-items.ts);
//   2. per item, oldest first: the article stored as a report (best effort), then its Delivery rows
//      and the advanced cursor, in one transaction (item-queue.ts, which explains the cursor).
// Fetch state, backoff and staff incidents live in source-health.ts.
import type { NewsSource } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { type CrawlDeps, type CrawlSummary, errorMessage, type SourceOutcome } from "./crawl-types.ts";
import type { SourceFetch } from "./fetch-source.ts";
import { keyItems, type KeyedItem } from "./identity.ts";
import { drainQueue } from "./item-queue.ts";
import { parseInWorker } from "../parsing/parse-in-worker.ts";
import type { RawItem } from "./parse-feed.ts";
import { recordFailure, recordNotModified, reportItemCount } from "./source-health.ts";
import { loadSourceDefs, type SourceDef } from "./sources.ts";
import { storeItems } from "./store-items.ts";

export type { CrawlDeps, CrawlSummary, SourceOutcome, SourceStatus } from "./crawl-types.ts";
export { cursorKey } from "./item-queue.ts";
export { backoffDelay, FAILURES_BEFORE_ALERT } from "./source-health.ts";

/** Feeds and listing pages are parsed in the parse worker: a hostile page fails its source only. */
async function parseItems(source: NewsSource, def: SourceDef | undefined, body: string, pageUrl: string): Promise<RawItem[]> {
  if (source.kind === "feed") return parseInWorker("feed", body);
  if (!def?.selectors) throw new Error(`Nguồn ${source.url} kiểu html nhưng chưa cấu hình selectors.`);
  return parseInWorker("listing", body, pageUrl, def.selectors);
}

async function crawlSource(db: Db, source: NewsSource, def: SourceDef | undefined, deps: CrawlDeps): Promise<SourceOutcome> {
  const now = deps.now();
  const limit = deps.maxNewPerSource ?? 20;
  const outcome: SourceOutcome = { url: source.url, status: "ok", found: 0, new: 0, queued: 0, offsite: 0 };
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
      await recordFailure(db, source, errorMessage(err), now, deps);
      // Items stored by earlier runs still wait to be queued, whatever this fetch did.
      return { ...outcome, status: "failed", error: errorMessage(err), ...(await drainQueue(db, source, now, limit, deps, def?.allowHosts)) };
    }
    if (fetched.status === 304) {
      outcome.status = "not_modified";
      await recordNotModified(db, source, now, deps);
    } else {
      outcome.found = keyed.length;
      outcome.new = await storeItems(db, source, fetched, keyed, now);
      if (keyed.length === 0) outcome.status = "empty";
      await reportItemCount(db, source, keyed.length, now, deps);
    }
  }
  return { ...outcome, ...(await drainQueue(db, source, now, limit, deps, def?.allowHosts)) };
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
      deps.logger.error({ event: "news_crawl_error", source: source.url, err: errorMessage(err) }, "crawl of source failed");
      outcome = { url: source.url, status: "failed", found: 0, new: 0, queued: 0, offsite: 0, error: errorMessage(err) };
    }
    summary.sources.push(outcome);
    summary.newItems += outcome.new;
    summary.queued += outcome.queued;
  }
  return summary;
}
