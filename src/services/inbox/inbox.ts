import type { AnswerFn, BotReply, Channel } from "../../handlers/types.ts";
import type { Db } from "../db.ts";
import type { Logger } from "../logger.ts";
import { createChatQueue } from "./chat-queue.ts";
import { createInboundLimiter, LIMIT_NOTICE } from "./limits.ts";
import { dueRows, finish, type Key, loadRow, markPartSent, messageOf, partsOf, retryLater, type Row, saveReply, storeReceived } from "./store.ts";
import type { ChannelPort, InboundMessage } from "./types.ts";

// One inbox for every channel. A message is stored before the platform is acknowledged, answered
// from the store, and marked answered only once the platform accepted the reply: a crash or an API
// outage delays a reply but never loses it, and the (channel, message id) key keeps it to one.

const FAILURE_REPLY = "Xin lỗi, hệ thống đang gặp sự cố nên chưa trả lời được. Bạn vui lòng thử lại sau ít phút.";
const staleApology = (at: Date) =>
  `Xin lỗi, tin nhắn bạn gửi lúc ${at.toLocaleTimeString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit" })} chưa được trả lời kịp vì hệ thống bị gián đoạn. Bạn vui lòng gửi lại câu hỏi nhé.`;

export interface InboxOptions {
  db: Db;
  answer: AnswerFn;
  logger: Logger;
  /** "channel:userId" of staff, who are never limited. */
  staffIds?: ReadonlySet<string>;
  /** Inbound messages a user may send per minute; 0 switches the limit off. */
  perMinute?: number;
  /** A message older than this when first answered gets an apology instead of a stale answer. */
  freshMs?: number;
  /** A reply that could not be sent for this long is given up. */
  giveUpMs?: number;
  /** How often unanswered messages are looked for (retries, and what a crash left). */
  retryEveryMs?: number;
  /** First pause before sending a failed reply again; it doubles with each failure. */
  retryBaseMs?: number;
  now?: () => number;
  /** Told of every reply the platform accepted (metrics). */
  onAnswered?: (e: { channel: string; intent: string; seconds: number }) => void;
  /** Told of every reply given up (metrics). */
  onGivenUp?: (channel: string) => void;
}

export type Received = "new" | "duplicate" | "redelivered" | "dropped";

export function createInbox({
  db,
  answer,
  logger,
  staffIds = new Set(),
  perMinute = 20,
  freshMs = 5 * 60_000,
  giveUpMs = 24 * 3600_000,
  retryEveryMs = 5_000,
  retryBaseMs = 2_000,
  now = Date.now,
  onAnswered,
  onGivenUp,
}: InboxOptions) {
  const ports = new Map<Channel, ChannelPort>();
  const limiter = createInboundLimiter({ perMinute, now });
  const queue = createChatQueue((err, chat) => logger.error({ event: "inbox_handle_failed", chat, err }, "handling a message failed"));
  const inFlight = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const idOf = (k: Key) => `${k.channel}\u0000${k.messageId}`;

  function enqueue(row: Row): void {
    const id = idOf(row);
    if (inFlight.has(id) || !ports.has(row.channel as Channel)) return;
    inFlight.add(id);
    queue.push(`${row.channel}:${row.chatId}`, () => handle(row).finally(() => inFlight.delete(id)));
  }

  async function handle(key: Row): Promise<void> {
    const row = await loadRow(db, key);
    if (row?.status !== "received") return;
    const port = ports.get(row.channel as Channel)!;
    const m = messageOf(row);
    const ids = { channel: row.channel, chatId: row.chatId, messageId: row.messageId };
    const started = performance.now();
    const age = now() - row.receivedAt.getTime();
    let parts = partsOf(row);
    if (!parts) {
      const reply = await replyTo(m, port, age, row.receivedAt);
      parts = port.render(m, reply);
      await saveReply(db, row, reply.intent, reply.secret ? null : parts);
      row.intent = reply.intent;
    }
    for (let i = row.partsSent; i < parts.length; i++) {
      try {
        await port.send(row.chatId, parts[i]!);
      } catch (err) {
        const failure = port.classify(err);
        if (!failure.retry || age > giveUpMs) {
          await finish(db, row, "failed", failure.reason);
          if (!failure.retry && failure.blocked) await port.onBlocked?.(row.chatId);
          onGivenUp?.(row.channel);
          return logger.warn({ event: "reply_failed", ...ids, reason: failure.reason }, "reply given up");
        }
        // The platform's own "retry after" when it gave one, else a doubling pause.
        const delay = failure.afterMs ?? Math.min(5 * 60_000, retryBaseMs * 2 ** row.attempts);
        await retryLater(db, row, new Date(now() + delay), failure.reason);
        return logger.warn({ event: "reply_retry", ...ids, reason: failure.reason, attempt: row.attempts + 1, delayMs: delay }, "reply will be sent again");
      }
      if (i + 1 < parts.length) await markPartSent(db, row, i + 1);
    }
    await finish(db, row, "answered");
    onAnswered?.({ channel: row.channel, intent: row.intent ?? "unknown", seconds: (now() - row.receivedAt.getTime()) / 1000 });
    logger.info(
      {
        event: "answered",
        ...ids,
        intent: row.intent,
        chars: m.text.length,
        ...(m.file && { file: m.file.name, bytes: m.file.size }),
        ms: Math.round(performance.now() - started),
      },
      "answered",
    );
  }

  async function replyTo(m: InboundMessage, port: ChannelPort, age: number, receivedAt: Date): Promise<BotReply> {
    if (age > freshMs) return { intent: "stale", text: staleApology(receivedAt) };
    if (m.fixedReply !== undefined) return { intent: "fixed", text: m.fixedReply };
    try {
      return await answer(port.toRequest(m));
    } catch (err) {
      logger.error({ event: "answer_failed", channel: m.channel, chatId: m.chatId, messageId: m.messageId, err }, "answering a message failed");
      return { intent: "error", text: FAILURE_REPLY };
    }
  }

  async function sweep(): Promise<void> {
    for (const row of await dueRows(db, [...ports.keys()], new Date(now()))) enqueue(row);
  }

  return {
    register(channel: Channel, port: ChannelPort): void {
      ports.set(channel, port);
    },
    /** Stores the message (call before acknowledging the platform) and queues its answer. */
    async receive(m: InboundMessage): Promise<Received> {
      const verdict = staffIds.has(`${m.channel}:${m.userId}`) ? "ok" : limiter.check(`${m.channel}:${m.userId}`);
      const stored = verdict === "notice" ? { ...m, fixedReply: LIMIT_NOTICE } : m;
      const { row, isNew } = await storeReceived(db, stored, verdict === "drop" ? "dropped" : "received");
      if (!isNew) {
        const waiting = row.status === "received" && !inFlight.has(idOf(row));
        if (waiting) enqueue(row);
        return waiting ? "redelivered" : "duplicate";
      }
      if (row.status === "received") enqueue(row);
      else logger.info({ event: "inbound_limited", channel: m.channel, chatId: m.chatId, messageId: m.messageId }, "message over the inbound limit, not answered");
      return verdict === "drop" ? "dropped" : "new";
    },
    /** Answers what a crash left behind, then keeps retrying replies that could not be sent. */
    async start(): Promise<void> {
      await sweep();
      timer = setInterval(() => void sweep().catch((err) => logger.error({ event: "inbox_sweep_failed", err }, "looking for unanswered messages failed")), retryEveryMs);
      timer.unref();
    },
    drain: () => queue.drain(),
    /** Waits for answers in progress, at most `graceMs`: what is left is answered at the next start. */
    async stop(graceMs = 10_000): Promise<void> {
      clearInterval(timer);
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([queue.drain(), new Promise((resolve) => (timeout = setTimeout(resolve, graceMs)))]);
      clearTimeout(timeout);
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;
