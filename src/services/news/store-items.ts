// Stores what a successful read found: the items not seen before (by identity key), then the
// source's healthy fetch state and, on the first crawl, the queue cursor.
//
// Items go in batches, oldest first, one short transaction each: a feed of thousands of items
// neither exceeds the query parameter limit (Prisma allows 999 per SQLite statement, so an `IN`
// list of every key fails from 997 keys on) nor holds the write lock for seconds while the service
// waits. A crash between batches loses nothing: the batches stored are known at the next read, the
// rest are new then, and the cursor, set last, still makes a first crawl's items back catalogue.
import type { NewsSource } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { SourceFetch } from "./fetch-source.ts";
import type { KeyedItem } from "./identity.ts";
import { healthyState } from "./source-health.ts";

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

/** Keys per batch: one `IN` list and one short transaction. */
const ITEM_BATCH = 200;

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Stores the batch's items not seen before; returns how many. */
async function storeBatch(db: Db, source: NewsSource, pageUrl: string, batch: KeyedItem[], now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    const known = await tx.newsItem.findMany({ where: { sourceId: source.id, key: { in: batch.map((k) => k.key) } }, select: { key: true } });
    const seen = new Set(known.map((k) => k.key));
    const fresh = batch.filter((k) => !seen.has(k.key));
    await tx.newsItem.createMany({
      data: fresh.map(({ key, item }) => ({
        sourceId: source.id,
        key,
        url: absoluteUrl(item.url, pageUrl),
        title: item.title,
        summary: item.summary ?? null,
        topic: source.topic,
        publishedAt: item.publishedAt ?? null,
        firstSeenAt: now,
      })),
    });
    return fresh.length;
  });
}

/** Stores the new items and the source's state; returns how many were new. */
export async function storeItems(db: Db, source: NewsSource, fetched: SourceFetch & { status: 200 }, keyed: KeyedItem[], now: Date): Promise<number> {
  let stored = 0;
  for (const batch of batches(oldestFirst(keyed), ITEM_BATCH)) stored += await storeBatch(db, source, fetched.finalUrl ?? source.url, batch, now);
  await db.$transaction(async (tx) => {
    await tx.newsSource.update({
      where: { id: source.id },
      data: {
        // An empty read is never cached: after staff fix the selectors, the same page must be
        // parsed again rather than answered with 304.
        etag: keyed.length > 0 ? fetched.etag : null,
        lastModified: keyed.length > 0 ? fetched.lastModified : null,
        ...healthyState(now),
        lastItemCount: keyed.length,
      },
    });
    // First successful crawl: everything on the page is back catalogue, recorded but not sent. A
    // page read as empty does not count, or fixing its selectors would flood subscribers.
    if (keyed.length > 0 && !(await tx.queueCursor.findUnique({ where: { sourceId: source.id } }))) {
      const last = await tx.newsItem.findFirst({ where: { sourceId: source.id }, orderBy: { id: "desc" }, select: { id: true } });
      await tx.queueCursor.create({ data: { sourceId: source.id, lastItemId: last?.id ?? 0 } });
    }
  });
  return stored;
}
