// One polling round over the configured sources. Everything is written to the database before the
// next step starts, so a crash at any point loses nothing:
//   1. new items, in short batches, then the source's fetch state and (on a first crawl) the queue
//      cursor (store-items.ts);
//   2. per item, oldest first: the article stored as a report (best effort), then its Delivery rows
//      and the advanced cursor, in one transaction (item-queue.ts, which explains the cursor).
// Fetch state, backoff and staff incidents live in source-health.ts.
import type { NewsSource } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { type CrawlDeps, type CrawlSummary, errorMessage, type SourceOutcome } from "./crawl-types.ts";
import { keyItems } from "./identity.ts";
import { drainQueue } from "./item-queue.ts";
import { parseInWorker } from "../parsing/parse-in-worker.ts";
import type { RawItem } from "./parse-feed.ts";
import { recordFailure, recordNotModified, reportItemCount } from "./source-health.ts";
import { configuredSources, type SourceDef, sourceDef } from "./sources.ts";
import { storeItems } from "./store-items.ts";

export type { CrawlDeps, CrawlSummary, SourceOutcome, SourceStatus } from "./crawl-types.ts";
export { backoffDelay, FAILURES_BEFORE_ALERT } from "./source-health.ts";

/** Feeds and listing pages are parsed in the parse worker: a hostile page fails its source only. */
async function parseItems(source: NewsSource, def: SourceDef, body: string, pageUrl: string): Promise<RawItem[]> {
  if (source.kind === "feed") return parseInWorker("feed", body);
  if (!def.selectors) throw new Error(`Nguồn ${source.url} kiểu html nhưng chưa cấu hình selectors.`);
  return parseInWorker("listing", body, pageUrl, def.selectors);
}

type ReadOutcome = Pick<SourceOutcome, "status" | "found" | "new">;

/** One attempt at a source: fetch, parse, store, and what staff hear about the item count. */
async function readSource(db: Db, source: NewsSource, def: SourceDef, deps: CrawlDeps, now: Date): Promise<ReadOutcome> {
  const fetched = await deps.fetchSource(source);
  if (fetched.status === 304) {
    await recordNotModified(db, source, now, deps);
    return { status: "not_modified", found: 0, new: 0 };
  }
  const keyed = keyItems(await parseItems(source, def, fetched.body, fetched.finalUrl ?? source.url));
  const stored = await storeItems(db, source, fetched, keyed, now);
  await reportItemCount(db, source, keyed.length, now, deps);
  return { status: keyed.length === 0 ? "empty" : "ok", found: keyed.length, new: stored };
}

async function crawlSource(db: Db, source: NewsSource, def: SourceDef, deps: CrawlDeps): Promise<SourceOutcome> {
  const now = deps.now();
  const outcome: SourceOutcome = { url: source.url, status: "skipped_backoff", found: 0, new: 0, queued: 0, offsite: 0 };
  // Whatever goes wrong counts against the source, once per round: a dead site, a malformed feed
  // (its etag is then not kept), or the database refusing what was read. Each gets the failure
  // count, the backoff and, when it lasts, the staff notice.
  const fail = async (err: unknown) => {
    if (outcome.status !== "failed") await recordFailure(db, source, errorMessage(err), now, deps);
    Object.assign(outcome, { status: "failed", error: errorMessage(err) });
  };
  if (deps.ignoreBackoff || !source.nextFetchAt || source.nextFetchAt <= now) {
    try {
      Object.assign(outcome, await readSource(db, source, def, deps, now));
    } catch (err) {
      await fail(err);
    }
  }
  // Items stored by earlier runs still wait to be queued, whatever this read did.
  try {
    Object.assign(outcome, await drainQueue(db, source, now, deps.maxNewPerSource ?? 20, deps, def.allowHosts));
  } catch (err) {
    await fail(err);
  }
  return outcome;
}

/** Polls every configured feed and listing source once; one source's failure never stops the rest. */
export async function crawlOnce(db: Db, deps: CrawlDeps): Promise<CrawlSummary> {
  const summary: CrawlSummary = { sources: [], newItems: 0, queued: 0 };
  for (const source of await configuredSources(db)) {
    let outcome: SourceOutcome;
    try {
      outcome = await crawlSource(db, source, sourceDef(source), deps);
    } catch (err) {
      // Even recording the source's failure failed (the database is unusable): logged and reported,
      // not allowed to end the round.
      deps.logger.error({ event: "news_crawl_error", source: source.url, err: errorMessage(err) }, "crawl of source failed");
      outcome = { url: source.url, status: "failed", found: 0, new: 0, queued: 0, offsite: 0, error: errorMessage(err) };
    }
    summary.sources.push(outcome);
    summary.newItems += outcome.new;
    summary.queued += outcome.queued;
  }
  return summary;
}
