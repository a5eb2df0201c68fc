// What the console shows of broadcasts: the list, newest first, and one broadcast's delivery
// report. The counts are the Delivery rows' own states, so they are the sender's truth.
import type { Broadcast } from "../../generated/prisma/client.ts";
import { maskChatId } from "../console/subscribers.ts";
import type { Db } from "../db.ts";
import { type BroadcastState, stateOf } from "./queue.ts";

export interface DeliveryCounts {
  sent: number;
  failed: number;
  /** Waiting, and being sent now ("pending" and "sending"). */
  pending: number;
  skipped: number;
}

export interface BroadcastSummary extends Broadcast {
  state: BroadcastState;
  counts: DeliveryCounts;
}

export interface DeliveryProblem {
  channel: string;
  /** Masked as on the subscriber page. */
  chatId: string;
  status: "failed" | "skipped";
  reason: string | null;
  attempts: number;
}

export interface BroadcastReport extends BroadcastSummary {
  problems: DeliveryProblem[];
  /** Failed and skipped rows beyond the ones listed. */
  moreProblems: number;
}

export const LIST_LIMIT = 50;
export const PROBLEM_LIMIT = 200;
const EMPTY: DeliveryCounts = { sent: 0, failed: 0, pending: 0, skipped: 0 };

async function countsByItem(db: Db, itemIds: number[]): Promise<Map<number, DeliveryCounts>> {
  const out = new Map<number, DeliveryCounts>();
  if (itemIds.length === 0) return out;
  const groups = await db.delivery.groupBy({ by: ["itemId", "status"], where: { itemId: { in: itemIds } }, _count: { _all: true } });
  for (const g of groups) {
    const counts = out.get(g.itemId) ?? { ...EMPTY };
    const key = g.status === "sending" ? "pending" : (g.status as keyof DeliveryCounts);
    if (key in counts) counts[key] += g._count._all;
    out.set(g.itemId, counts);
  }
  return out;
}

/** The latest broadcasts, newest first, each with its delivery counts. */
export async function listBroadcasts(db: Db, limit = LIST_LIMIT): Promise<BroadcastSummary[]> {
  const rows = await db.broadcast.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
  const counts = await countsByItem(
    db,
    rows.flatMap((b) => (b.itemId === null ? [] : [b.itemId])),
  );
  return rows.map((b) => ({ ...b, state: stateOf(b), counts: (b.itemId !== null && counts.get(b.itemId)) || { ...EMPTY } }));
}

/** One broadcast with its counts and, for each recipient it did not reach, why; null if unknown. */
export async function broadcastReport(db: Db, id: number): Promise<BroadcastReport | null> {
  const b = await db.broadcast.findUnique({ where: { id } });
  if (!b) return null;
  const summary = { ...b, state: stateOf(b), counts: { ...EMPTY } };
  if (b.itemId === null) return { ...summary, problems: [], moreProblems: 0 };
  const where = { itemId: b.itemId, status: { in: ["failed", "skipped"] } };
  const [counts, rows, total] = await Promise.all([
    countsByItem(db, [b.itemId]),
    db.delivery.findMany({ where, orderBy: { id: "asc" }, take: PROBLEM_LIMIT, include: { subscriber: { select: { channel: true, chatId: true } } } }),
    db.delivery.count({ where }),
  ]);
  return {
    ...summary,
    counts: counts.get(b.itemId) ?? { ...EMPTY },
    problems: rows.map((r) => ({
      channel: r.subscriber.channel,
      chatId: maskChatId(r.subscriber.chatId),
      status: r.status as "failed" | "skipped",
      reason: r.lastError,
      attempts: r.attempts,
    })),
    moreProblems: Math.max(0, total - rows.length),
  };
}
