import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { NON_TEXT_REPLY } from "../../handlers/help.ts";
import { classifyZaloError } from "./alert-transport.ts";
import { downloadCapped, MAX_CHAT_FILE_BYTES } from "../../services/http/download.ts";
import type { SafeFetch } from "../../services/http/safe-fetch.ts";
import type { Inbox } from "../../services/inbox/inbox.ts";
import { sendFailureOf } from "../../services/inbox/types.ts";
import type { Logger } from "../../services/logger.ts";
import { requireSecretHeader } from "../secret-header.ts";
import type { ZaloClient } from "./client.ts";
import { type ZaloCharts, zaloPort } from "./port.ts";
import { type ChoiceMemory, createChoiceMemory } from "./render.ts";
import { parseUpdate } from "./updates.ts";

// Zalo Bot Platform webhook: check the secret header, store the message, acknowledge. The inbox
// answers it afterwards.

/** Zalo's updates are small; a body past this is not from Zalo. */
export const WEBHOOK_BODY_LIMIT = "256kb";

export interface ZaloWebhookOptions {
  inbox: Inbox;
  client: Pick<ZaloClient, "sendText"> & Partial<Pick<ZaloClient, "sendPhoto">>;
  secret: string;
  logger: Logger;
  choices?: ChoiceMemory;
  /** Fetches a file message's URL, with the size cap; a stand-in in tests. */
  download?: (url: string) => Promise<Uint8Array>;
  /** What the default `download` fetches with: the body names the URL, so the safe fetch. */
  safeFetch?: SafeFetch;
  onBlocked?: (chatId: string) => Promise<void>;
  /** Where charts are served from, and whether Zalo can fetch them as photos. */
  charts?: ZaloCharts;
}

export type ZaloWebhook = Router & {
  /** Resolves when every message accepted so far has been answered (or has failed and been logged). */
  drain(): Promise<void>;
};

export function createZaloWebhook({
  inbox,
  client,
  secret,
  logger,
  choices = createChoiceMemory(),
  safeFetch,
  download = (url) => downloadCapped(url, { maxBytes: MAX_CHAT_FILE_BYTES, safeFetch }),
  onBlocked,
  charts,
}: ZaloWebhookOptions): ZaloWebhook {
  // Zalo itself refuses shorter secrets; an empty one here would let anyone in.
  if (secret.length < 8) throw new Error("the Zalo webhook secret must be 8–256 characters");
  inbox.register(
    "zalo",
    zaloPort({
      channel: "zalo",
      sendText: (chatId, text) => client.sendText(chatId, text),
      classify: (err) => sendFailureOf(classifyZaloError(err)),
      choices,
      download,
      onBlocked,
      charts,
      ...(client.sendPhoto && { sendPhoto: async (chatId: string, url: string, caption: string) => void (await client.sendPhoto!(chatId, url, caption)) }),
    }),
  );
  const router = express.Router();

  router.post(
    "/",
    requireSecretHeader({
      header: "x-bot-api-secret-token",
      secret,
      status: 403,
      error: "forbidden",
      logger,
      event: "zalo_webhook_forbidden",
      message: "Zalo webhook rejected",
    }),
  );
  // Any content type is read as JSON: the endpoint takes nothing else, and senders vary.
  router.post("/", express.json({ limit: WEBHOOK_BODY_LIMIT, type: () => true }), async (req: Request, res: Response) => {
    const update = parseUpdate(req.body);
    if (!update) {
      logger.warn({ event: "zalo_webhook_bad_body" }, "Zalo webhook body has an unknown shape");
      res.status(400).json({ ok: false, error: "unknown update shape" });
      return;
    }
    const m = update.message;
    if (!m || m.isBot) {
      logger.info({ event: "zalo_event_ignored", zaloEvent: update.event }, "Zalo event ignored");
      res.json({ ok: true });
      return;
    }
    const ids = { chatId: m.chatId, messageId: m.messageId };
    // Empty or over-long text still goes to the core, which answers it politely.
    const answerable = update.event === "message.text.received" || m.file !== undefined;
    try {
      const outcome = await inbox.receive({
        channel: "zalo",
        messageId: m.messageId,
        chatId: m.chatId,
        userId: m.userId,
        chatType: m.chatType,
        text: m.text ?? "",
        ...(m.file && { file: { name: m.file.name, size: m.file.size, contentType: m.file.contentType, ref: m.file.url ?? "" } }),
        ...(!answerable && { fixedReply: NON_TEXT_REPLY }),
      });
      if (outcome !== "new") logger.info({ event: `zalo_${outcome}`, ...ids }, "Zalo message not answered again");
      res.json({ ok: true });
    } catch (err) {
      logger.error({ event: "zalo_store_failed", ...ids, err }, "storing a Zalo message failed");
      res.status(503).json({ ok: false, error: "try again" });
    }
  });
  router.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (!err.status || err.status >= 500) return next(err);
    logger.warn({ event: "zalo_webhook_bad_body", status: err.status, reason: err.type ?? err.message }, "Zalo webhook body rejected");
    res.status(err.status).json({ ok: false, error: err.type ?? "bad request" });
  });

  return Object.assign(router, { drain: inbox.drain });
}
