import express, { type Request, type Response, Router } from "express";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../../services/logger.ts";
import { requireSecretHeader } from "../secret-header.ts";
import type { TelegramAdapter } from "./bot.ts";

/** Updates are small; a body past this is not from Telegram. */
export const WEBHOOK_BODY_LIMIT = "256kb";

/**
 * Express router for `/webhooks/telegram`. The secret header is checked before the body is read,
 * so a sender without it costs almost nothing. An update is acknowledged once it is in the inbox:
 * a failure to answer later never becomes an HTTP error; a failure to store it does (503), so that
 * Telegram delivers it again.
 */
export function createTelegramWebhook(adapter: Pick<TelegramAdapter, "receive">, secretToken: string, logger: Logger): Router {
  const router = Router();
  router.post(
    "/",
    requireSecretHeader({
      header: "x-telegram-bot-api-secret-token",
      secret: secretToken,
      status: 401,
      error: "secret token is wrong",
      logger,
      event: "telegram_webhook_forbidden",
      message: "Telegram webhook rejected",
    }),
  );
  router.post("/", express.json({ limit: WEBHOOK_BODY_LIMIT, type: () => true }), async (req: Request, res: Response) => {
    const update = req.body as Update | undefined;
    if (!update || typeof update !== "object" || !Number.isSafeInteger(update.update_id)) {
      logger.warn({ event: "telegram_webhook_bad_body" }, "Telegram webhook body is not an update");
      res.status(400).json({ ok: false, error: "not an update" });
      return;
    }
    try {
      await adapter.receive(update);
      res.json({ ok: true });
    } catch (err) {
      logger.error({ event: "telegram_store_failed", updateId: update.update_id, err }, "storing an update failed; Telegram will deliver it again");
      res.status(503).json({ ok: false, error: "try again" });
    }
  });
  return router;
}

export interface TelegramRunner {
  mode: "polling" | "webhook";
  stop(): Promise<void>;
}

/** Registers the webhook, or starts long polling; either way returns how to stop. */
export async function runTelegram(bot: Bot, opts: { webhookUrl?: string; secretToken?: string; logger: Logger }): Promise<TelegramRunner> {
  await bot.init();
  await bot.api
    .setMyCommands([
      { command: "start", description: "Giới thiệu bot" },
      { command: "help", description: "Bot trả lời được gì" },
      { command: "lienhe", description: "Thông tin liên hệ của Sở" },
    ])
    .catch((err) => opts.logger.warn({ event: "set_commands_failed", reason: String(err?.message ?? err) }, "could not set the command menu"));
  if (opts.webhookUrl) {
    await bot.api.setWebhook(opts.webhookUrl, { secret_token: opts.secretToken, allowed_updates: ["message", "callback_query", "my_chat_member"] });
    opts.logger.info({ event: "telegram_started", mode: "webhook", bot: bot.botInfo.username }, "Telegram webhook registered");
    return { mode: "webhook", stop: async () => undefined };
  }
  // Polling and a webhook exclude each other: a webhook left from an earlier deployment is removed.
  await bot.api.deleteWebhook().catch(() => undefined);
  // Returns once polling runs: stopping a bot that is still starting makes grammY throw.
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const done = bot.start({ allowed_updates: ["message", "callback_query", "my_chat_member"], onStart: () => started() }).catch((err) => {
    opts.logger.error({ event: "telegram_polling_failed", err }, "Telegram polling stopped");
  });
  await Promise.race([ready, done]);
  opts.logger.info({ event: "telegram_started", mode: "polling", bot: bot.botInfo.username }, "Telegram long polling started");
  return {
    mode: "polling",
    stop: async () => {
      await bot.stop();
      await done;
    },
  };
}
