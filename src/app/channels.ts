// Builds the chat channels that are configured: their webhook routes, and how each starts once the
// HTTP server listens. An adapter and its platform library (grammY for Telegram) are loaded only
// when its channel is on, so a bot without Telegram never pays for loading grammY.
import type { Config } from "../config.ts";
import type { ChartRenderer } from "../handlers/chart-render.ts";
import { chartPath } from "../handlers/figure-chart.ts";
import type { Mount } from "../server.ts";
import type { Db } from "../services/db.ts";
import type { SafeFetch } from "../services/http/safe-fetch.ts";
import type { Inbox } from "../services/inbox/inbox.ts";
import type { Logger } from "../services/logger.ts";
import { markBlocked } from "../services/subscriptions.ts";

export interface Channels {
  /** Webhook routes to mount before the server listens. */
  mounts: Mount[];
  /** Starts polling or registers webhooks; fills `status` ("polling", "webhook", "off") per channel. */
  start(status: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export interface ChannelDeps {
  db: Db;
  inbox: Inbox;
  logger: Logger;
  safeFetch: SafeFetch;
  /** Draws reply charts (Telegram uploads them); Zalo is sent their address under PUBLIC_URL. */
  charts?: ChartRenderer;
}

export async function createChannels(config: Config, { db, inbox, logger, safeFetch, charts }: ChannelDeps): Promise<Channels> {
  const chartUrl = (spec: Parameters<typeof chartPath>[0]) => `${config.publicUrl}${chartPath(spec)}`;
  const blocked = (channel: string) => async (chatId: string) => void (await markBlocked(db, { channel, chatId }, "blocked the bot"));
  const mounts: Mount[] = [];
  const starters: ((status: Record<string, string>) => Promise<void>)[] = [];
  const stoppers: (() => Promise<void>)[] = [];

  if (config.telegram.token) {
    const { createTelegramBot } = await import("../bot/telegram/bot.ts");
    const { createTelegramWebhook, runTelegram } = await import("../bot/telegram/run.ts");
    const telegram = createTelegramBot({ token: config.telegram.token, apiRoot: config.telegram.apiRoot, inbox, logger, onBlocked: blocked("telegram"), charts });
    if (config.telegram.webhookUrl) mounts.push({ path: "/webhooks/telegram", router: createTelegramWebhook(telegram, config.telegram.webhookSecret!, logger) });
    starters.push(async (status) => {
      const runner = await runTelegram(telegram.bot, { webhookUrl: config.telegram.webhookUrl, secretToken: config.telegram.webhookSecret, logger });
      stoppers.push(() => runner.stop());
      status.telegram = runner.mode;
    });
  } else {
    starters.push(async (status) => {
      status.telegram = "off";
      logger.warn({ event: "channel_off", channel: "telegram" }, "Telegram is off: set TELEGRAM_BOT_TOKEN to switch it on");
    });
  }

  if (config.zalo.token) {
    const { createZaloClient } = await import("../bot/zalo/client.ts");
    const { createZaloWebhook } = await import("../bot/zalo/webhook.ts");
    const client = createZaloClient({ apiRoot: config.zalo.apiRoot, token: config.zalo.token, logger });
    mounts.push({
      path: "/webhooks/zalo",
      router: createZaloWebhook({
        inbox,
        client,
        secret: config.zalo.webhookSecret!,
        logger,
        onBlocked: blocked("zalo"),
        safeFetch,
        // Zalo fetches a photo from its address itself: only a public https one works.
        ...(charts && { charts: { url: chartUrl, asPhoto: config.publicUrl.startsWith("https://") } }),
      }),
    });
    starters.push(async (status) => {
      status.zalo = "webhook";
      if (config.zalo.webhookUrl) {
        await client.setWebhook(config.zalo.webhookUrl, config.zalo.webhookSecret!).then(
          () => logger.info({ event: "zalo_webhook_registered" }, "Zalo webhook registered"),
          (err) => logger.error({ event: "zalo_webhook_failed", err }, "registering the Zalo webhook failed; run npm run zalo:webhook"),
        );
      }
      logger.info({ event: "zalo_started" }, "Zalo webhook listening at /webhooks/zalo");
    });
  } else {
    starters.push(async (status) => {
      status.zalo = "off";
      logger.warn({ event: "channel_off", channel: "zalo" }, "Zalo is off: set ZALO_BOT_TOKEN and ZALO_WEBHOOK_SECRET to switch it on");
    });
  }

  // Zalo Official Account: its own webhook (signed bodies), replies only; alerts stay on the Zalo bot.
  const oa = config.zaloOa;
  const oaOn = Boolean(oa.appId && oa.appSecret && oa.secretKey);
  if (oaOn) {
    const { createOaTokenStore } = await import("../bot/zalo-oa/tokens.ts");
    const { createZaloOaClient } = await import("../bot/zalo-oa/client.ts");
    const { createZaloOaWebhook } = await import("../bot/zalo-oa/webhook.ts");
    const tokens = createOaTokenStore({
      db,
      appId: oa.appId!,
      secretKey: oa.appSecret!,
      oauthRoot: oa.oauthRoot,
      logger,
      initialRefreshToken: oa.refreshToken,
      initialAccessToken: oa.accessToken,
    });
    const client = createZaloOaClient({ tokens, logger, apiRoot: oa.apiRoot });
    mounts.push({ path: "/webhooks/zalo-oa", router: createZaloOaWebhook({ inbox, client, appId: oa.appId!, secretKey: oa.secretKey!, logger, ...(charts && { chartUrl }) }) });
  }
  starters.push(async (status) => {
    status["zalo-oa"] = oaOn ? "webhook" : "off";
    if (oaOn) logger.info({ event: "zalo_oa_started" }, "Zalo Official Account webhook listening at /webhooks/zalo-oa");
  });

  return {
    mounts,
    async start(status) {
      for (const start of starters) await start(status);
    },
    async stop() {
      for (const stop of stoppers) await stop().catch(() => undefined);
    },
  };
}
