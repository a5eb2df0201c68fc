import { createHash, timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { AnswerFn, BotReply, BotRequest, IncomingFile } from "../../handlers/types.ts";
import type { Db } from "../../services/db.ts";
import type { Logger } from "../../services/logger.ts";
import { markHandled } from "../../services/handled-messages.ts";
import { NON_TEXT_REPLY } from "../../handlers/help.ts";
import { downloadCapped, MAX_CHAT_FILE_BYTES } from "../../services/http/download.ts";
import { createChatQueue } from "../chat-queue.ts";
import { platformId as id, withUsableIds } from "../platform-ids.ts";
import type { ZaloClient } from "./client.ts";
import { type ChoiceMemory, createChoiceMemory, renderForZalo, resolveNumberedChoice } from "./render.ts";

// Zalo Bot Platform webhook: check the secret header, acknowledge at once, answer afterwards.

const FAILURE_REPLY = "Xin lỗi, hệ thống đang gặp sự cố nên chưa trả lời được. Bạn vui lòng thử lại sau ít phút.";

export interface ZaloWebhookOptions {
  answer: AnswerFn;
  client: Pick<ZaloClient, "sendText">;
  db: Db;
  secret: string;
  logger: Logger;
  choices?: ChoiceMemory;
  /** Fetches a file message's URL, with the size cap; a stand-in in tests. */
  download?: (url: string) => Promise<Uint8Array>;
}

export type ZaloWebhook = Router & {
  /** Resolves when every delivery accepted so far has been answered (or has failed and been logged). */
  drain(): Promise<void>;
};

/** A file message as far as the webhook body describes it; `url` is where to download it from. */
export interface ZaloFile {
  url?: string;
  name: string;
  size: number | null;
  contentType: string | null;
}

interface ZaloMessage {
  messageId: string;
  chatId: string;
  userId: string;
  isBot: boolean;
  text?: string;
  file?: ZaloFile;
}

const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const httpUrl = (v: unknown): string | undefined => {
  const s = str(v);
  return s && /^https?:\/\//i.test(s) ? s : undefined;
};
const count = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
};
const first = <T>(...values: (T | undefined | null)[]): T | undefined => values.find((v) => v !== undefined && v !== null) ?? undefined;

// Zalo's Bot Platform documents text, image, sticker and "unsupported" messages; a file (document)
// event could not be confirmed in its documentation. Open-source Zalo bots disagree on it: some
// handle `message.file.received` with `message.file.{url,name}`, others `message.document.received`
// with `message.document` (a URL) plus `file_name` and `mime_type`, others `attachment_url` and
// `attachment_name`, or OA-style `attachments[0].payload.{url,name}`. So, defensively: these event
// names are file messages, and so is any message (other than an image or a sticker) that carries
// one of those document URL fields. Whatever the shape, a file message goes to the core as a file.
const FILE_EVENTS = new Set(["message.file.received", "message.document.received", "message.pdf.received"]);
const NOT_FILES = new Set(["message.image.received", "message.sticker.received"]);

function fileOf(event: string, m: Record<string, unknown>): ZaloFile | undefined {
  const file = obj(m.file);
  const doc = obj(m.document);
  const payload = obj(obj(Array.isArray(m.attachments) ? m.attachments[0] : undefined)?.payload);
  const documentUrl = first(httpUrl(file?.url), httpUrl(m.document), httpUrl(doc?.url), httpUrl(m.file_url), httpUrl(m.document_url), httpUrl(m.attachment_url), httpUrl(payload?.url));
  const fileEvent = FILE_EVENTS.has(event);
  if (!fileEvent && (NOT_FILES.has(event) || !documentUrl)) return undefined;
  // A bare `url` only counts inside an event that is known to be a file.
  const url = documentUrl ?? (fileEvent ? httpUrl(m.url) : undefined);
  let fromUrl = "";
  try {
    if (url) fromUrl = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
  } catch {
    fromUrl = "";
  }
  return {
    url,
    name: first(str(file?.name), str(file?.file_name), str(m.file_name), str(doc?.file_name), str(doc?.name), str(m.attachment_name), str(payload?.name), str(m.name)) ?? fromUrl,
    size: first(count(file?.size), count(file?.file_size), count(m.file_size), count(doc?.file_size), count(payload?.size), count(m.size)) ?? null,
    contentType: first(str(file?.mime_type), str(file?.type), str(m.mime_type), str(m.mimetype), str(doc?.mime_type), str(payload?.type)) ?? null,
  };
}

/** Accepts `{ok, result: {event_name, message}}` and the bare `{event_name, message}`; undefined for an unusable id. */
export function parseUpdate(body: unknown): { event: string; message?: ZaloMessage } | undefined {
  return withUsableIds(() => readUpdate(body));
}

function readUpdate(body: unknown): { event: string; message?: ZaloMessage } | undefined {
  const outer = obj(body);
  const inner = obj(outer?.result) ?? outer;
  if (!inner || typeof inner.event_name !== "string") return undefined;
  const event = inner.event_name;
  if (!event.startsWith("message.")) return { event };
  const m = obj(inner.message);
  const messageId = id(m?.message_id);
  const chatId = id(obj(m?.chat)?.id);
  const userId = id(obj(m?.from)?.id) ?? chatId;
  if (!m || !messageId || !chatId || !userId) return undefined;
  const file = fileOf(event, m);
  // A file's caption is kept as its text; it is never read as a question.
  const text = typeof m.text === "string" ? m.text : file && typeof m.caption === "string" ? m.caption : undefined;
  return { event, message: { messageId, chatId, userId, isBot: obj(m.from)?.is_bot === true, text, ...(file && { file }) } };
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

export function createZaloWebhook({ answer, client, db, secret, logger, choices = createChoiceMemory(), download = (url) => downloadCapped(url, { maxBytes: MAX_CHAT_FILE_BYTES }) }: ZaloWebhookOptions): ZaloWebhook {
  // Zalo itself refuses shorter secrets; an empty one here would let anyone in.
  if (secret.length < 8) throw new Error("the Zalo webhook secret must be 8–256 characters");
  const expected = digest(secret);
  const queue = createChatQueue((err, chatId) => logger.error({ event: "zalo_handle_failed", chatId, err }, "Zalo message handling failed"));
  const router = express.Router();

  router.post("/", (req: Request, res: Response, next: NextFunction) => {
    const given = req.get("x-bot-api-secret-token");
    // Equal-length digests make the comparison constant-time whatever the header's length.
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    logger.warn({ event: "zalo_webhook_forbidden", reason: given === undefined ? "missing secret header" : "wrong secret", ip: req.ip }, "Zalo webhook rejected");
    res.status(403).json({ ok: false, error: "forbidden" });
  });
  // Any content type is read as JSON: the endpoint takes nothing else, and senders vary.
  router.post("/", express.json({ limit: "1mb", type: () => true }), (req: Request, res: Response) => {
    const update = parseUpdate(req.body);
    if (!update) {
      logger.warn({ event: "zalo_webhook_bad_body" }, "Zalo webhook body has an unknown shape");
      res.status(400).json({ ok: false, error: "unknown update shape" });
      return;
    }
    const message = update.message;
    if (message) queue.push(message.chatId, () => handle(update.event, message));
    else logger.info({ event: "zalo_event_ignored", zaloEvent: update.event }, "Zalo event ignored");
    res.json({ ok: true });
  });
  router.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (!err.status || err.status >= 500) return next(err);
    logger.warn({ event: "zalo_webhook_bad_body", status: err.status, reason: err.type ?? err.message }, "Zalo webhook body rejected");
    res.status(err.status).json({ ok: false, error: err.type ?? "bad request" });
  });

  async function handle(event: string, m: ZaloMessage): Promise<void> {
    const ids = { chatId: m.chatId, messageId: m.messageId };
    if (m.isBot) return logger.debug({ event: "zalo_from_bot", ...ids }, "message from a bot ignored");
    // Recorded before answering: a redelivery while we are still answering must not answer twice.
    if (!(await markHandled(db, "zalo", m.messageId))) return logger.info({ event: "zalo_duplicate", ...ids }, "Zalo message already handled");
    let text = NON_TEXT_REPLY;
    // Empty or blank text still goes to the core, which answers it politely like any other message.
    if (event === "message.text.received" || m.file) {
      const request: BotRequest = { channel: "zalo", userId: m.userId, chatId: m.chatId, text: m.text ?? "" };
      if (m.file) request.file = incomingFile(m.file);
      // Over-long text goes to the core as it is: the core refuses it with a polite reply.
      else request.text = resolveNumberedChoice(m.text ?? "", choices.get(m.chatId));
      let reply: BotReply;
      try {
        reply = await answer(request);
      } catch (err) {
        logger.error({ event: "zalo_answer_failed", ...ids, err }, "answering a Zalo message failed");
        reply = { intent: "error", text: FAILURE_REPLY };
      }
      if (reply.buttons?.length) choices.set(m.chatId, reply.buttons);
      else choices.delete(m.chatId);
      text = renderForZalo(reply);
      logger.info({ event: "zalo_answered", ...ids, intent: reply.intent, ...(m.file && { file: m.file.name, bytes: m.file.size }) }, "Zalo message answered");
    } else {
      logger.info({ event: "zalo_non_text", ...ids, zaloEvent: event }, "non-text Zalo message");
    }
    try {
      await client.sendText(m.chatId, text);
    } catch (err) {
      logger.error({ event: "zalo_send_failed", ...ids, err }, "sending a Zalo reply failed");
    }
  }

  /** The core downloads only what it accepts; the URL stays here and out of the logs. */
  function incomingFile(f: ZaloFile): IncomingFile {
    const url = f.url;
    return {
      name: f.name,
      size: f.size,
      contentType: f.contentType,
      download: () => (url ? download(url) : Promise.reject(new Error("Zalo không gửi kèm địa chỉ để tải tệp"))),
    };
  }

  return Object.assign(router, { drain: queue.drain });
}
