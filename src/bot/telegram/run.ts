import express, { Router } from "express";
import { webhookCallback, type Bot } from "grammy";
import type { Logger } from "../../services/logger.ts";

/** Express router for `/webhooks/telegram`: grammY checks the secret header and answers 401 on a mismatch. */
export function createTelegramWebhook(bot: Bot, secretToken: string): Router {
  const router = Router();
  router.use(express.json({ limit: "1mb" }));
  router.post("/", webhookCallback(bot, "express", { secretToken, onTimeout: "return", timeoutMilliseconds: 9_000 }));
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
