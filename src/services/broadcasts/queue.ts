// A broadcast's life: created (for now or a set time), queued once, or cancelled before that.
// Queuing builds on the alert outbox: the text becomes a NewsItem under the staff announcement
// source and its Delivery rows are written for the audience, so the sender gives it the same rate
// limits, retries and crash safety as any alert. There is no second delivery path.
//
// Exactly once: one transaction claims the broadcast (a conditional update of `queuedAt`, the
// transaction's first statement, so it takes SQLite's write lock before anything is read), creates
// the item and the rows, and records the item. A second tick, in this process or another, finds it
// claimed and does nothing; a crash before the commit leaves it unclaimed, for the next tick. The
// item's key ("broadcast:<id>") and the unique `itemId` would refuse a second item all the same.
import type { Broadcast, Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { type Audience, enqueueForAll } from "../news/enqueue.ts";

export const ANNOUNCEMENT_SOURCE = { url: "announcement:staff", kind: "announcement", name: "Thông báo của Sở" };

export interface NewBroadcast {
  text: string;
  audience: Audience;
  /** null: now. */
  scheduledAt: Date | null;
  /** "channel:userId", as in STAFF_IDS. */
  createdBy: string;
}

export type BroadcastState = "scheduled" | "queued" | "cancelled";

export const stateOf = (b: Pick<Broadcast, "queuedAt" | "cancelledAt">): BroadcastState => (b.cancelledAt ? "cancelled" : b.queuedAt ? "queued" : "scheduled");

export async function createBroadcast(db: Db | Prisma.TransactionClient, input: NewBroadcast, now: Date): Promise<Broadcast> {
  return db.broadcast.create({
    data: {
      text: input.text,
      topic: input.audience.topic ?? null,
      channel: input.audience.channel ?? null,
      scheduledAt: input.scheduledAt ?? now,
      createdBy: input.createdBy,
      createdAt: now,
    },
  });
}

/**
 * Queues one broadcast if it is due at `now`, not queued and not cancelled. Returns the number of
 * Delivery rows written, or null when there was nothing to do (queued already, cancelled, not due).
 */
export async function queueBroadcast(db: Db, id: number, now: Date): Promise<number | null> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.broadcast.updateMany({ where: { id, queuedAt: null, cancelledAt: null, scheduledAt: { lte: now } }, data: { queuedAt: now } });
    if (claimed.count === 0) return null;
    const broadcast = await tx.broadcast.findUniqueOrThrow({ where: { id } });
    const source = await tx.newsSource.upsert({ where: { url: ANNOUNCEMENT_SOURCE.url }, create: ANNOUNCEMENT_SOURCE, update: {} });
    // The first line is the item's title (what lists of items show), the rest its summary; the
    // sender puts them back together (announcementText in alerts/outbox-jobs.ts).
    const [title, ...rest] = broadcast.text.split("\n");
    const item = await tx.newsItem.create({
      data: { sourceId: source.id, key: `broadcast:${id}`, title: title!.trim(), summary: rest.join("\n").trim() || null, publishedAt: now, firstSeenAt: now },
    });
    const queued = await enqueueForAll(tx, item.id, now, { channel: broadcast.channel, topic: broadcast.topic });
    await tx.broadcast.update({ where: { id }, data: { itemId: item.id, queuedCount: queued } });
    return queued;
  });
}

export interface TickResult {
  /** Broadcasts this call queued. */
  broadcasts: number[];
  /** Delivery rows it wrote. */
  deliveries: number;
}

/**
 * The scheduled job: queues every broadcast due at `now`, oldest first. Safe to run twice at once
 * or after a crash (see above). Called every minute (schedule.ts), and directly by tests.
 */
export async function queueDueBroadcasts(db: Db, now: Date): Promise<TickResult> {
  const due = await db.broadcast.findMany({
    where: { queuedAt: null, cancelledAt: null, scheduledAt: { lte: now } },
    orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  const result: TickResult = { broadcasts: [], deliveries: 0 };
  for (const { id } of due) {
    const queued = await queueBroadcast(db, id, now);
    if (queued === null) continue;
    result.broadcasts.push(id);
    result.deliveries += queued;
  }
  return result;
}

/** Cancels a broadcast not queued yet; false when it was queued or cancelled already, or unknown. */
export async function cancelBroadcast(db: Db, id: number, staffId: string, now: Date): Promise<boolean> {
  const cancelled = await db.broadcast.updateMany({ where: { id, queuedAt: null, cancelledAt: null }, data: { cancelledAt: now, cancelledBy: staffId } });
  return cancelled.count > 0;
}
