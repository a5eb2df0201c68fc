// The service: reads the environment, opens the database, builds the core and switches on the
// channels that are configured. The only module that reads process.env.
import { configFromEnvironment } from "./env.ts";
import type { Mount } from "./server.ts";
import { closeServer, createApp, listen } from "./server.ts";
import { createLogger } from "./services/logger.ts";
import { openDb } from "./services/db.ts";
import { createCore, prepareDatabase } from "./app/core.ts";
import { createTelegramBot } from "./bot/telegram/bot.ts";
import { createTelegramWebhook, runTelegram, type TelegramRunner } from "./bot/telegram/run.ts";
import { createZaloClient } from "./bot/zalo/client.ts";
import { createZaloWebhook, type ZaloWebhook } from "./bot/zalo/webhook.ts";
import { startAlerts, type AlertService } from "./app/alerts.ts";
import { createOaTokenStore } from "./bot/zalo-oa/tokens.ts";
import { createZaloOaClient } from "./bot/zalo-oa/client.ts";
import { createZaloOaWebhook, type ZaloOaWebhook } from "./bot/zalo-oa/webhook.ts";
import { markBlocked } from "./services/subscriptions.ts";
import { fetchPage } from "./services/reports/fetch-page.ts";
import { createInbox } from "./services/inbox/inbox.ts";
import { createMetrics } from "./services/metrics.ts";
import { checkReadiness } from "./services/readiness.ts";
import { pruneInbox } from "./services/inbox/store.ts";
import { createSafeFetch } from "./services/http/safe-fetch.ts";
import { closeParseWorker } from "./services/parsing/parse-in-worker.ts";
import cron from "node-cron";

const config = configFromEnvironment();
const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
const db = openDb(config.databaseUrl);
await prepareDatabase(db, { databaseUrl: config.databaseUrl, directoryFile: config.directoryFile, seedReports: config.seedReports, logger });
// Links, files and feeds are fetched only from public addresses, and from those FETCH_ALLOW_PRIVATE names.
const safeFetch = createSafeFetch({ allowPrivate: config.fetch.allowPrivate });
// The alert sender starts after the channels; until then a queued announcement just waits in the outbox.
let alerts: AlertService | undefined;
const core = await createCore(db, {
  staffIds: config.staffIds,
  fetchPage: (url) => fetchPage(url, { userAgent: config.news.userAgent, safeFetch }),
  logger,
  onQueued: () => alerts?.sender.wake(),
});

// Every channel's messages go through one inbox: stored before acknowledging, answered from there.
const metrics = createMetrics(db);
const inbox = createInbox({
  db,
  answer: core.answer,
  logger,
  staffIds: config.staffIds,
  perMinute: config.inboundPerMinute,
  onAnswered: (e) => metrics.answered(e),
  onGivenUp: (channel) => metrics.replyFailed(channel),
});
const blocked = (channel: string) => async (chatId: string) => void (await markBlocked(db, { channel, chatId }, "blocked the bot"));

const mounts: Mount[] = [];
const channels: Record<string, string> = {};
let telegram: TelegramRunner | undefined;
const telegramBot = config.telegram.token
  ? createTelegramBot({ token: config.telegram.token, apiRoot: config.telegram.apiRoot, inbox, logger, onBlocked: blocked("telegram") })
  : undefined;
if (telegramBot && config.telegram.webhookUrl) mounts.push({ path: "/webhooks/telegram", router: createTelegramWebhook(telegramBot, config.telegram.webhookSecret!, logger) });

let zalo: ZaloWebhook | undefined;
const zaloClient = config.zalo.token ? createZaloClient({ apiRoot: config.zalo.apiRoot, token: config.zalo.token, logger }) : undefined;
if (zaloClient) {
  zalo = createZaloWebhook({ inbox, client: zaloClient, secret: config.zalo.webhookSecret!, logger, onBlocked: blocked("zalo"), safeFetch });
  mounts.push({ path: "/webhooks/zalo", router: zalo });
}

// Zalo Official Account: its own webhook (signed bodies), replies only; alerts stay on the Zalo bot.
let zaloOa: ZaloOaWebhook | undefined;
const oa = config.zaloOa;
if (oa.appId && oa.appSecret && oa.secretKey) {
  const tokens = createOaTokenStore({
    db,
    appId: oa.appId,
    secretKey: oa.appSecret,
    oauthRoot: oa.oauthRoot,
    logger,
    initialRefreshToken: oa.refreshToken,
    initialAccessToken: oa.accessToken,
  });
  const client = createZaloOaClient({ tokens, logger, apiRoot: oa.apiRoot });
  zaloOa = createZaloOaWebhook({ inbox, client, appId: oa.appId, secretKey: oa.secretKey, logger });
  mounts.push({ path: "/webhooks/zalo-oa", router: zaloOa });
}

const app = createApp({ logger, mounts, health: () => ({ channels }), readiness: () => checkReadiness(db), metrics: metrics.registry });
const server = await listen(app, config.port, config.host);
const address = server.address();
logger.info({ event: "http_started", port: typeof address === "object" ? address?.port : config.port }, "HTTP server listening");

if (telegramBot) {
  telegram = await runTelegram(telegramBot.bot, { webhookUrl: config.telegram.webhookUrl, secretToken: config.telegram.webhookSecret, logger });
  channels.telegram = telegram.mode;
} else {
  channels.telegram = "off";
  logger.warn({ event: "channel_off", channel: "telegram" }, "Telegram is off: set TELEGRAM_BOT_TOKEN to switch it on");
}

if (zaloClient) {
  channels.zalo = "webhook";
  if (config.zalo.webhookUrl) {
    await zaloClient.setWebhook(config.zalo.webhookUrl, config.zalo.webhookSecret!).then(
      () => logger.info({ event: "zalo_webhook_registered" }, "Zalo webhook registered"),
      (err) => logger.error({ event: "zalo_webhook_failed", err }, "registering the Zalo webhook failed; run npm run zalo:webhook"),
    );
  }
  logger.info({ event: "zalo_started" }, "Zalo webhook listening at /webhooks/zalo");
} else {
  channels.zalo = "off";
  logger.warn({ event: "channel_off", channel: "zalo" }, "Zalo is off: set ZALO_BOT_TOKEN and ZALO_WEBHOOK_SECRET to switch it on");
}

channels["zalo-oa"] = zaloOa ? "webhook" : "off";
if (zaloOa) logger.info({ event: "zalo_oa_started" }, "Zalo Official Account webhook listening at /webhooks/zalo-oa");

// Messages a crash or an outage left unanswered are answered now; failed replies are retried.
await inbox.start();
alerts = await startAlerts(db, config, logger, safeFetch);
channels.news = alerts.schedule ? `every "${config.news.cron}"` : "off";

// Answered messages only guard against redelivery; a nightly prune keeps the inbox small.
const prune = cron.schedule(
  "30 3 * * *",
  async () => {
    const removed = await pruneInbox(db).catch((err: unknown) => logger.error({ event: "prune_failed", err }, "pruning the inbox failed"));
    logger.info({ event: "pruned_inbox", removed }, "old answered messages removed");
  },
  { timezone: "Asia/Ho_Chi_Minh", noOverlap: true, name: "prune-inbox" },
);

// A nightly consistent copy of the database (npm run backup does the same by hand).
const backup = config.backup.cron
  ? cron.schedule(
      config.backup.cron,
      async () => {
        const { backupDatabase } = await import("./services/backup.ts");
        await backupDatabase(db, { dir: config.backup.dir, keepDays: config.backup.keepDays }).then(
          ({ file, bytes, removed }) => logger.info({ event: "backup_done", file, bytes, removed: removed.length }, "database backed up"),
          (err: unknown) => logger.error({ event: "backup_failed", err }, "database backup failed"),
        );
      },
      { timezone: "Asia/Ho_Chi_Minh", noOverlap: true, name: "backup" },
    )
  : undefined;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ event: "shutdown", signal }, "shutting down");
  await telegram?.stop().catch(() => undefined);
  await closeServer(server);
  await inbox.stop();
  await alerts?.stop();
  await prune.destroy();
  await backup?.destroy();
  await closeParseWorker();
  await db.$disconnect();
  logger.info({ event: "stopped" }, "stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
