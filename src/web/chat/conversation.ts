import { createHash, randomBytes } from "node:crypto";
import type { AnswerFn, BotRequest } from "../../handlers/types.ts";
import type { Logger } from "../../services/logger.ts";
import { type WebReply, webReplyOf } from "./reply-parts.ts";

// One web chat message: one BotRequest to the core, one reply back in the same HTTP response.
//
// Why straight to core.answer and not through the inbox (src/services/inbox): the inbox stores a
// message before acknowledging a platform that would otherwise deliver it again, and sends the
// reply later, retrying until the platform takes it. A web message has neither half of that
// problem: nobody redelivers it, and the reply goes back on the HTTP response that is still open.
// If the process dies mid-answer, the browser sees the request fail and the person asks again;
// a stored row would only be answered to a response that no longer exists. The inbox's
// per-user limit does not fit either: a web "user" is an id the browser makes up, so the web chat
// limits per client address instead (router.ts).

export const FAILURE_TEXT = "Xin lỗi, hệ thống đang gặp sự cố nên chưa trả lời được. Bạn vui lòng thử lại sau ít phút.";

/** A fresh anonymous conversation id: random, no meaning, kept only in the page. */
export const newChatId = (): string => randomBytes(16).toString("base64url");

/** The page's conversation id when it looks like one we made; otherwise a new one. */
export const chatIdFrom = (value: unknown): string => (typeof value === "string" && /^[A-Za-z0-9_-]{16,43}$/.test(value) ? value : newChatId());

// Client addresses are logged as a salted hash: lines of one client can be told apart, but the
// address cannot be read back (the salt lives only in this process's memory).
const SALT = randomBytes(16);
export const clientTag = (ip: string | undefined): string =>
  createHash("sha256")
    .update(SALT)
    .update(ip ?? "")
    .digest("base64url")
    .slice(0, 12);

export interface AskOptions {
  answer: AnswerFn;
  logger: Logger;
  onAnswered?: (e: { channel: string; intent: string; seconds: number }) => void;
}

export interface Asked {
  reply: WebReply;
  /** False when the core failed: the reply is the apology. */
  ok: boolean;
}

/** Asks the core, logs one line (like the other channels: ids, intent, length, time; never the text). */
export async function ask({ answer, logger, onAnswered }: AskOptions, message: { text: string; chatId: string; ip?: string; via: "form" | "api" }): Promise<Asked> {
  const started = performance.now();
  const ids = { channel: "web", chatId: message.chatId, client: clientTag(message.ip), via: message.via };
  // The web chat has no user beyond the conversation: the chat id stands for both.
  const request: BotRequest = { channel: "web", chatId: message.chatId, userId: message.chatId, text: message.text, chatType: "private" };
  try {
    const reply = await answer(request);
    const seconds = (performance.now() - started) / 1000;
    onAnswered?.({ channel: "web", intent: reply.intent, seconds });
    logger.info({ event: "web_answered", ...ids, intent: reply.intent, chars: message.text.length, ms: Math.round(seconds * 1000) }, "answered");
    return { reply: webReplyOf(reply), ok: true };
  } catch (err) {
    logger.error({ event: "answer_failed", ...ids, err }, "answering a web message failed");
    return { reply: webReplyOf({ intent: "error", text: FAILURE_TEXT }), ok: false };
  }
}
