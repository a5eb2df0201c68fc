import type { Db } from "../db.ts";
import type { InboundMessage, ReplyPart } from "./types.ts";

// The inbox table: one row per platform message, from before the acknowledgement to the reply.

export type Row = NonNullable<Awaited<ReturnType<Db["inboundMessage"]["findUnique"]>>>;
export type Key = { channel: string; messageId: string };
const where = (k: Key) => ({ channel_messageId: { channel: k.channel, messageId: k.messageId } });

/** Stores a new message; returns the existing row instead when this id was received before. */
export async function storeReceived(db: Db, m: InboundMessage, status: "received" | "dropped"): Promise<{ row: Row; isNew: boolean }> {
  try {
    const row = await db.inboundMessage.create({
      data: { channel: m.channel, messageId: m.messageId, chatId: m.chatId, userId: m.userId, message: JSON.stringify(m), status },
    });
    return { row, isNew: true };
  } catch (err) {
    if ((err as { code?: string }).code !== "P2002") throw err;
    const row = await db.inboundMessage.findUnique({ where: where(m) });
    if (!row) throw err;
    return { row, isNew: false };
  }
}

export const loadRow = (db: Db, k: Key) => db.inboundMessage.findUnique({ where: where(k) });

export const messageOf = (row: Row): InboundMessage => JSON.parse(row.message) as InboundMessage;
export const partsOf = (row: Row): ReplyPart[] | null => (row.reply === null ? null : (JSON.parse(row.reply) as ReplyPart[]));

/** `parts` null: the reply holds a secret and is not kept (a retry asks the core again). */
export const saveReply = (db: Db, k: Key, intent: string, parts: ReplyPart[] | null) =>
  db.inboundMessage.update({ where: where(k), data: { intent, reply: parts === null ? null : JSON.stringify(parts) } });

export const markPartSent = (db: Db, k: Key, partsSent: number) => db.inboundMessage.update({ where: where(k), data: { partsSent } });

export const finish = (db: Db, k: Key, status: "answered" | "failed", lastError?: string) =>
  db.inboundMessage.update({ where: where(k), data: { status, answeredAt: new Date(), ...(lastError !== undefined && { lastError: lastError.slice(0, 500) }) } });

export const retryLater = (db: Db, k: Key, at: Date, lastError: string) =>
  db.inboundMessage.update({ where: where(k), data: { attempts: { increment: 1 }, nextAttemptAt: at, lastError: lastError.slice(0, 500) } });

/**
 * Messages of these channels not answered yet whose next attempt is due (or was never scheduled:
 * left by a crash). A channel switched off keeps its rows, but they never crowd out the others.
 */
export function dueRows(db: Db, channels: string[], now: Date, limit = 200): Promise<Row[]> {
  return db.inboundMessage.findMany({
    where: { status: "received", channel: { in: channels }, OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
    orderBy: { receivedAt: "asc" },
    take: limit,
  });
}

/** Rows only guard against redelivery once answered; platforms redeliver within hours, not weeks. */
export const INBOX_RETENTION_DAYS = 30;

export async function pruneInbox(db: Db, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - INBOX_RETENTION_DAYS * 24 * 3600_000);
  return (await db.inboundMessage.deleteMany({ where: { receivedAt: { lt: before }, status: { not: "received" } } })).count;
}
