// Turns a stored item into outbox rows. The unique (subscriberId, itemId) pair is what makes a
// repeated enqueue harmless; SQLite has no `skipDuplicates`, so existing rows are left out first
// and a concurrent writer that wins the race only costs a retry.
import { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { matchesFilters, readList } from "./filters.ts";

/** Vietnam has used UTC+7 without daylight saving since 1975. */
const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The first `hour`:00 in Vietnam at or after `now`. */
export function nextDigestTime(now: Date, hour: number): Date {
  const h = Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : 7;
  const local = now.getTime() + VN_OFFSET_MS;
  let at = Math.floor(local / DAY_MS) * DAY_MS + h * 3600_000;
  if (at < local) at += DAY_MS;
  return new Date(at - VN_OFFSET_MS);
}

type Tx = Prisma.TransactionClient;
type Recipient = { id: number; mode: string; digestHour: number };

async function insertDeliveries(tx: Tx, itemId: number, recipients: Recipient[], now: Date): Promise<number> {
  const existing = await tx.delivery.findMany({ where: { itemId }, select: { subscriberId: true } });
  const done = new Set(existing.map((d) => d.subscriberId));
  const data = recipients.filter((r) => !done.has(r.id)).map((r) => ({ subscriberId: r.id, itemId, notBefore: r.mode === "digest" ? nextDigestTime(now, r.digestHour) : now }));
  if (data.length === 0) return 0;
  return (await tx.delivery.createMany({ data })).count;
}

const isUniqueViolation = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";

/**
 * Runs `work` in a transaction (or inside the caller's). Outside one, a unique violation means
 * another process enqueued the same item at the same moment; the retry then skips its rows.
 */
async function withRetry(db: Db | Tx, work: (tx: Tx) => Promise<number>): Promise<number> {
  if (!("$transaction" in db)) return work(db);
  try {
    return await db.$transaction(work);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return db.$transaction(work);
  }
}

async function loadItem(tx: Tx, itemId: number) {
  const item = await tx.newsItem.findUnique({ where: { id: itemId }, include: { source: { select: { topic: true } } } });
  if (!item) throw new Error(`Không có tin số ${itemId}.`);
  return item;
}

/**
 * One Delivery per active subscriber whose filters match and who had subscribed when the item was
 * first seen; instant subscribers may be sent to from `now`, digest subscribers from their next
 * digest hour. Returns how many rows were created (0 when the item was already enqueued).
 */
export async function enqueueItem(db: Db | Tx, itemId: number, now: Date): Promise<number> {
  return withRetry(db, async (tx) => {
    const item = await loadItem(tx, itemId);
    const subscribers = await tx.subscriber.findMany({
      where: { active: true, subscribedAt: { lte: item.firstSeenAt } },
      select: { id: true, mode: true, digestHour: true, topics: true, keywords: true },
    });
    const topic = item.topic ?? item.source.topic;
    const matching = subscribers.filter((s) => matchesFilters({ topics: readList(s.topics), keywords: readList(s.keywords) }, { title: item.title, summary: item.summary, topic }));
    return insertDeliveries(tx, item.id, matching, now);
  });
}

/** Whom a staff announcement is for: everyone, or only one channel's or one topic's subscribers. */
export interface Audience {
  channel?: string | null;
  /** Subscribers who chose this topic, or who take every topic (an empty list), as news items match. */
  topic?: string | null;
}

/**
 * The active subscribers an announcement reaches, among those who had subscribed by `asOf`. A
 * topic is matched as a news item's topic is (matchesFilters: folded, an empty list takes all);
 * keywords and digest mode are ignored, since staff use this for notices that cannot wait.
 */
export async function announcementRecipients(db: Db | Tx, audience: Audience, asOf: Date): Promise<number[]> {
  const subscribers = await db.subscriber.findMany({
    where: { active: true, subscribedAt: { lte: asOf }, ...(audience.channel && { channel: audience.channel }) },
    select: { id: true, topics: true },
    orderBy: { id: "asc" },
  });
  const topic = audience.topic;
  if (!topic) return subscribers.map((s) => s.id);
  return subscribers.filter((s) => matchesFilters({ topics: readList(s.topics), keywords: [] }, { title: "", topic })).map((s) => s.id);
}

/**
 * Announcements from staff: one row for every subscriber of the audience (everyone by default) who
 * had subscribed when the item was recorded, to be sent from `now`.
 */
export async function enqueueForAll(db: Db | Tx, itemId: number, now: Date, audience: Audience = {}): Promise<number> {
  return withRetry(db, async (tx) => {
    const item = await loadItem(tx, itemId);
    const recipients = await announcementRecipients(tx, audience, item.firstSeenAt);
    return insertDeliveries(
      tx,
      item.id,
      recipients.map((id) => ({ id, mode: "instant", digestHour: 0 })),
      now,
    );
  });
}
