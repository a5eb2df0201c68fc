import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { NON_TEXT_REPLY } from "../../handlers/help.ts";
import type { Inbox } from "../../services/inbox/inbox.ts";
import type { SendFailure } from "../../services/inbox/types.ts";
import type { Logger } from "../../services/logger.ts";
import { type ZaloCharts, zaloPort } from "../zalo/port.ts";
import { type ChoiceMemory, createChoiceMemory } from "../zalo/render.ts";
import { ZaloOaApiError, type ZaloOaClient } from "./client.ts";
import { parseOaEvent } from "./events.ts";
import { isFreshTimestamp, SIGNATURE_HEADER, signedTimestamp, verifyZaloOaSignature } from "./signature.ts";

// Zalo OA webhook: check the signature over the raw body, store the event, acknowledge. The inbox
// answers it afterwards.

const CHANNEL = "zalo-oa";

/** OA events are small; a body past this is not from Zalo. */
export const WEBHOOK_BODY_LIMIT = "256kb";

export interface ZaloOaWebhookOptions {
  inbox: Inbox;
  client: Pick<ZaloOaClient, "sendText">;
  appId: string;
  /** The OA secret key (from the app's webhook settings), not the app secret. */
  secretKey: string;
  logger: Logger;
  choices?: ChoiceMemory;
  /** The clock event timestamps are checked against (ms since the epoch). */
  now?: () => number;
  /** Where charts are served from: the OA sends a chart as a link in the text. */
  chartUrl?: ZaloCharts["url"];
}

export type ZaloOaWebhook = Router & {
  /** Resolves when every message accepted so far has been answered (or has failed and been logged). */
  drain(): Promise<void>;
};

// "mac=" and 64 hex digits (or the bare hex): anything else is refused before the body is read.
const WELL_FORMED_SIGNATURE = /^\s*(mac=)?[0-9a-f]{64}\s*$/i;

export function createZaloOaWebhook({ inbox, client, appId, secretKey, logger, choices = createChoiceMemory(), now = Date.now, chartUrl }: ZaloOaWebhookOptions): ZaloOaWebhook {
  // An empty key would make the signature computable by anyone who knows the app id.
  if (!appId || secretKey.length < 8) throw new Error("the Zalo OA webhook needs the app id and the OA secret key");
  inbox.register(
    CHANNEL,
    zaloPort({
      channel: CHANNEL,
      sendText: (userId, text) => client.sendText(userId, text),
      classify: classifyOaError,
      choices,
      ...(chartUrl && { charts: { url: chartUrl, asPhoto: false } }),
    }),
  );
  const router = express.Router();
  const forbid = (req: Request, res: Response, reason: string) => {
    logger.warn({ event: "zalo_oa_webhook_forbidden", reason, ip: req.ip }, "Zalo OA webhook rejected");
    res.status(403).json({ ok: false, error: "forbidden" });
  };

  router.post("/", (req: Request, res: Response, next: NextFunction) => {
    const header = req.get(SIGNATURE_HEADER);
    if (header !== undefined && WELL_FORMED_SIGNATURE.test(header)) return next();
    forbid(req, res, header === undefined ? "missing signature" : "malformed signature");
  });
  // Raw bytes, whatever the content type: the signature covers the body exactly as it was sent.
  router.post("/", express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req: Request, res: Response) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch {
      body = undefined;
    }
    const timestamp = signedTimestamp(body);
    // A body without a timestamp cannot be signed, so it is refused like a bad signature: an
    // unauthenticated sender learns nothing about what we would have accepted. A replayed one is too.
    if (!verifyZaloOaSignature({ appId, secretKey, rawBody, timestamp, header: req.get(SIGNATURE_HEADER) })) return forbid(req, res, "wrong signature");
    if (!isFreshTimestamp(timestamp!, now())) return forbid(req, res, "stale timestamp");
    const event = parseOaEvent(body, timestamp!);
    if (!event) {
      logger.warn({ event: "zalo_oa_webhook_bad_body" }, "Zalo OA webhook body has an unknown shape");
      res.status(400).json({ ok: false, error: "unknown event shape" });
      return;
    }
    if (!("userId" in event)) {
      logger.debug({ event: "zalo_oa_event_ignored", zaloEvent: event.name, echo: event.kind === "echo" }, "Zalo OA event ignored");
      res.json({ ok: true });
      return;
    }
    const ids = { userId: event.userId, messageId: event.messageId };
    try {
      const outcome = await inbox.receive({
        channel: CHANNEL,
        messageId: event.messageId,
        chatId: event.userId,
        userId: event.userId,
        chatType: "private",
        // A new follower gets the same introduction as someone who opens the bot with /start.
        text: event.kind === "text" ? event.text : event.kind === "follow" ? "/start" : "",
        ...(event.kind === "non-text" && { fixedReply: NON_TEXT_REPLY }),
      });
      if (outcome !== "new") logger.info({ event: `zalo_oa_${outcome}`, ...ids }, "Zalo OA event not answered again");
      res.json({ ok: true });
    } catch (err) {
      logger.error({ event: "zalo_oa_store_failed", ...ids, err }, "storing a Zalo OA event failed");
      res.status(503).json({ ok: false, error: "try again" });
    }
  });
  router.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (!err.status || err.status >= 500) return next(err);
    logger.warn({ event: "zalo_oa_webhook_bad_body", status: err.status, reason: err.type ?? err.message }, "Zalo OA webhook body rejected");
    res.status(err.status).json({ ok: false, error: err.type ?? "bad request" });
  });

  return Object.assign(router, { drain: inbox.drain });
}

/** OA errors: rate and server trouble are retried later; anything else will not get better. */
function classifyOaError(err: unknown): SendFailure {
  if (err instanceof ZaloOaApiError) {
    const reason = `${err.code} ${err.description}`.slice(0, 200);
    return err.code === 0 || err.code === 429 || err.code >= 500 ? { retry: true, reason } : { retry: false, reason };
  }
  return { retry: true, reason: err instanceof Error ? err.message : String(err) };
}
