// The state transitions of a Delivery row. Each is one update written before the sender moves on,
// so after a crash the database, not memory, says where every message stands:
//   pending → sending (claimed) → sent | pending later (retry) | failed | skipped.
import type { Db } from "../db.ts";
import type { Logger } from "../logger.ts";

/** pending → sending, counting the attempt. Returns how many rows were still pending to claim. */
export async function claimForSending(db: Db, ids: number[]): Promise<number> {
  const claimed = await db.delivery.updateMany({ where: { id: { in: ids }, status: "pending" }, data: { status: "sending", attempts: { increment: 1 } } });
  return claimed.count;
}

/** sending → pending, giving the attempt back: claimed, but never handed to the transport. */
export async function releaseClaim(db: Db, ids: number[]): Promise<void> {
  await db.delivery.updateMany({ where: { id: { in: ids }, status: "sending" }, data: { status: "pending", attempts: { decrement: 1 } } });
}

export async function markSent(db: Db, ids: number[], sentAt: Date): Promise<void> {
  await db.delivery.updateMany({ where: { id: { in: ids } }, data: { status: "sent", sentAt } });
}

/**
 * markSent for sends that finish together: answers arriving while one update is being written
 * share the next one (group commit), so K sends in flight cost about one write per answer at the
 * configured rate and far fewer without a limit. Each caller's promise settles once its rows are
 * written, so the caller can keep its window slot until then and a crash still repeats at most K.
 * A batch's rows get the time it was written as `sentAt`, a few milliseconds after their answers.
 */
export function createSentMarker(db: Db, now: () => Date): (ids: number[]) => Promise<void> {
  let queued: { ids: number[]; done: (err?: unknown) => void }[] = [];
  let writing = false;
  async function writeAll() {
    writing = true;
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      const outcome = await markSent(
        db,
        batch.flatMap((b) => b.ids),
        now(),
      ).then(
        () => undefined,
        (err: unknown) => err ?? new Error("markSent failed"),
      );
      for (const b of batch) b.done(outcome);
    }
    writing = false;
  }
  return (ids) =>
    new Promise<void>((resolve, reject) => {
      queued.push({ ids, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!writing) void writeAll();
    });
}

/** Back to pending until `notBefore`; the attempt stays counted. */
export async function retryLater(db: Db, ids: number[], notBefore: Date, reason: string): Promise<void> {
  await db.delivery.updateMany({ where: { id: { in: ids } }, data: { status: "pending", notBefore, lastError: reason } });
}

/** Back to pending until `notBefore`, giving the attempt back. */
export async function deferThrottled(db: Db, ids: number[], notBefore: Date, reason: string): Promise<void> {
  // Being throttled is not the row's fault: it does not use up one of its attempts.
  await db.delivery.updateMany({ where: { id: { in: ids } }, data: { status: "pending", notBefore, lastError: reason, attempts: { decrement: 1 } } });
}

export async function markFailed(db: Db, ids: number[], reason: string): Promise<void> {
  await db.delivery.updateMany({ where: { id: { in: ids } }, data: { status: "failed", lastError: reason } });
}

/** A pending row that will not be sent. Returns 1 if it was still pending, else 0. */
export async function skipPending(db: Db, id: number, reason: string): Promise<number> {
  return (await db.delivery.updateMany({ where: { id, status: "pending" }, data: { status: "skipped", lastError: reason } })).count;
}

/** The subscriber blocked the bot: marked inactive, and all its unsent rows skipped. Returns how many. */
export async function retireSubscriber(db: Db, subscriberId: number, reason: string): Promise<number> {
  const [, skipped] = await db.$transaction([
    db.subscriber.updateMany({ where: { id: subscriberId }, data: { active: false, inactiveReason: reason } }),
    db.delivery.updateMany({ where: { subscriberId, status: { in: ["pending", "sending"] } }, data: { status: "skipped", lastError: reason } }),
  ]);
  return skipped.count;
}

/**
 * Run at startup: a row left "sending" was interrupted mid-send and may or may not have arrived.
 * It is sent again and flagged `resumed`: the only duplicates this design allows, at most one per
 * send the window had in flight.
 */
export async function recoverInterrupted(db: Db, logger: Logger): Promise<number> {
  const { count } = await db.delivery.updateMany({ where: { status: "sending" }, data: { status: "pending", resumed: true } });
  if (count > 0) logger.warn({ event: "alerts_resumed", count }, "alerts interrupted by a restart will be resent; each may arrive twice");
  else logger.info({ event: "alerts_resumed", count }, "no alert was interrupted by the last shutdown");
  return count;
}
