import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { NON_TEXT_REPLY } from "../../handlers/help.ts";
import type { BotReply, BotRequest } from "../../handlers/types.ts";
import type { Db } from "../../services/db.ts";
import { markHandled } from "../../services/handled-messages.ts";
import type { Logger } from "../../services/logger.ts";
import { type ChoiceMemory, createChoiceMemory, renderForZalo, resolveNumberedChoice } from "../zalo/render.ts";
import type { ZaloOaClient } from "./client.ts";
import { type OaEvent, parseOaEvent } from "./events.ts";
import { isFreshTimestamp, SIGNATURE_HEADER, signedTimestamp, verifyZaloOaSignature } from "./signature.ts";
import { createChatQueue } from "../chat-queue.ts";

// Zalo OA webhook: check the signature over the raw body, acknowledge at once, answer afterwards.

const FAILURE_REPLY = "Xin lỗi, hệ thống đang gặp sự cố nên chưa trả lời được. Bạn vui lòng thử lại sau ít phút.";
const CHANNEL = "zalo-oa";

/** A BotRequest from this channel; `core.answer` fits once "zalo-oa" is one of the core's channels. */
export type OaBotRequest = Omit<BotRequest, "channel"> & { channel: typeof CHANNEL };

export interface ZaloOaWebhookOptions {
  answer: (request: OaBotRequest) => Promise<BotReply>;
  client: Pick<ZaloOaClient, "sendText">;
  db: Db;
  appId: string;
  /** The OA secret key (from the app's webhook settings), not the app secret. */
  secretKey: string;
  logger: Logger;
  choices?: ChoiceMemory;
  /** The clock event timestamps are checked against (ms since the epoch). */
  now?: () => number;
}

export type ZaloOaWebhook = Router & {
  /** Resolves when every delivery accepted so far has been answered (or has failed and been logged). */
  drain(): Promise<void>;
};

type UserEvent = Extract<OaEvent, { userId: string }>;

export function createZaloOaWebhook({ answer, client, db, appId, secretKey, logger, choices = createChoiceMemory(), now = Date.now }: ZaloOaWebhookOptions): ZaloOaWebhook {
  // An empty key would make the signature computable by anyone who knows the app id.
  if (!appId || secretKey.length < 8) throw new Error("the Zalo OA webhook needs the app id and the OA secret key");
  const queue = createChatQueue((err, userId) => logger.error({ event: "zalo_oa_handle_failed", userId, err }, "Zalo OA event handling failed"));
  const router = express.Router();

  // Raw bytes, whatever the content type: the signature covers the body exactly as it was sent.
  router.post("/", express.raw({ type: () => true, limit: "1mb" }), (req: Request, res: Response) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch {
      body = undefined;
    }
    const timestamp = signedTimestamp(body);
    const header = req.get(SIGNATURE_HEADER);
    // A body without a timestamp cannot be signed, so it is refused like a bad signature: an
    // unauthenticated sender learns nothing about what we would have accepted. A replayed one is too.
    const signed = verifyZaloOaSignature({ appId, secretKey, rawBody, timestamp, header });
    const refused = !signed ? (header === undefined ? "missing signature" : "wrong signature") : !isFreshTimestamp(timestamp!, now()) ? "stale timestamp" : undefined;
    if (refused) {
      logger.warn({ event: "zalo_oa_webhook_forbidden", reason: refused, ip: req.ip }, "Zalo OA webhook rejected");
      res.status(403).json({ ok: false, error: "forbidden" });
      return;
    }
    const event = parseOaEvent(body, timestamp!);
    if (!event) {
      logger.warn({ event: "zalo_oa_webhook_bad_body" }, "Zalo OA webhook body has an unknown shape");
      res.status(400).json({ ok: false, error: "unknown event shape" });
      return;
    }
    if ("userId" in event) queue.push(event.userId, () => handle(event));
    else logger.debug({ event: "zalo_oa_event_ignored", zaloEvent: event.name, echo: event.kind === "echo" }, "Zalo OA event ignored");
    res.json({ ok: true });
  });
  router.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (!err.status || err.status >= 500) return next(err);
    logger.warn({ event: "zalo_oa_webhook_bad_body", status: err.status, reason: err.type ?? err.message }, "Zalo OA webhook body rejected");
    res.status(err.status).json({ ok: false, error: err.type ?? "bad request" });
  });

  async function reply(e: UserEvent, text: string): Promise<string> {
    let r: BotReply;
    try {
      r = await answer({ channel: CHANNEL, userId: e.userId, chatId: e.userId, text });
    } catch (err) {
      logger.error({ event: "zalo_oa_answer_failed", userId: e.userId, messageId: e.messageId, err }, "answering a Zalo OA message failed");
      r = { intent: "error", text: FAILURE_REPLY };
    }
    if (r.buttons?.length) choices.set(e.userId, r.buttons);
    else choices.delete(e.userId);
    logger.info({ event: "zalo_oa_answered", userId: e.userId, messageId: e.messageId, zaloEvent: e.name, intent: r.intent }, "Zalo OA event answered");
    return renderForZalo(r);
  }

  async function handle(e: UserEvent): Promise<void> {
    const ids = { userId: e.userId, messageId: e.messageId };
    // Recorded before answering: a redelivery while we are still answering must not answer twice.
    if (!(await markHandled(db, CHANNEL, e.messageId))) return logger.info({ event: "zalo_oa_duplicate", ...ids }, "Zalo OA event already handled");
    let text = NON_TEXT_REPLY;
    // Over-long or blank text goes to the core as it is: the core answers it politely.
    if (e.kind === "text") text = await reply(e, resolveNumberedChoice(e.text, choices.get(e.userId)));
    // A new follower gets the same introduction as someone who opens the bot with /start.
    else if (e.kind === "follow") text = await reply(e, "/start");
    else logger.info({ event: "zalo_oa_non_text", ...ids, zaloEvent: e.name }, "non-text Zalo OA message");
    try {
      await client.sendText(e.userId, text);
    } catch (err) {
      logger.error({ event: "zalo_oa_send_failed", ...ids, err }, "sending a Zalo OA reply failed");
    }
  }

  return Object.assign(router, { drain: queue.drain });
}
