// The service: reads the environment, opens the database, builds the core and switches on the
// channels that are configured. The only module that reads process.env.
import { configFromEnvironment } from "./env.ts";
import { closeServer, createApp, listen } from "./server.ts";
import { createLogger } from "./services/logger.ts";
import { openDb } from "./services/db.ts";
import { createCore, prepareDatabase } from "./app/core.ts";
import { createChannels } from "./app/channels.ts";
import { createChartRenderer } from "./handlers/chart-render.ts";
import type { AlertService } from "./app/alerts.ts";
import { fetchPage } from "./services/reports/fetch-page.ts";
import { createInbox } from "./services/inbox/inbox.ts";
import { createMetrics } from "./services/metrics.ts";
import { checkReadiness } from "./services/readiness.ts";
import { pruneInbox } from "./services/inbox/store.ts";
import { createSafeFetch } from "./services/http/safe-fetch.ts";
import { closeParseWorker } from "./services/parsing/parse-in-worker.ts";
import { lazyRouter } from "./web/lazy-router.ts";
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
  publicUrl: config.publicUrl,
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
// Reply charts: drawn when sent (the renderer and its font load on the first chart).
const charts = createChartRenderer(db);
const channels = await createChannels(config, { db, inbox, logger, safeFetch, charts });
const status: Record<string, string> = {};
// The staff console: staff sign in with a one-time link the bot sends on /quantri.
// A directory or a keyword rule saved in the console is answered from at once: the core reloads
// both before the page says "saved". A broadcast sent "now" wakes the sender, as /guitin does.
// Reports uploaded in the console go through the core's own ingestion, as those sent in a chat.
const consoleOptions = {
  db,
  staffIds: config.staffIds,
  publicUrl: config.publicUrl,
  logger,
  onDirectoryChanged: () => core.reload(),
  onKeywordRulesChanged: () => core.reload(),
  onBroadcastQueued: () => alerts?.sender.wake(),
  reports: core.reports,
};
const staffConsole = { path: "/console", router: lazyRouter(async () => (await import("./web/console/router.ts")).createConsoleRouter(consoleOptions)) };
// Public chart images, for Zalo's sendPhoto (which takes an address, not bytes).
const https = config.publicUrl.startsWith("https://");
const chartImages = { path: "/charts", router: lazyRouter(async () => (await import("./web/charts/router.ts")).createChartRouter({ charts, https })) };
// The public web chat (/chat, /chat/widget.js): answered by the core directly, loaded on first request.
const chatOptions = {
  answer: core.answer,
  logger,
  publicUrl: config.publicUrl,
  embedOrigins: config.chat.embedOrigins,
  perMinute: config.chat.perMinute,
  onAnswered: (e: { channel: string; intent: string; seconds: number }) => metrics.answered(e),
};
const webChat = { path: "/chat", router: lazyRouter(async () => (await import("./web/chat/router.ts")).createChatRouter(chatOptions)) };
const app = createApp({
  logger,
  mounts: [...channels.mounts, staffConsole, webChat, chartImages],
  health: () => ({ channels: status }),
  readiness: () => checkReadiness(db),
  metrics: metrics.registry,
  trustProxy: config.trustProxy,
});
const server = await listen(app, config.port, config.host);
const address = server.address();
const startedInMs = Math.round(performance.now());
logger.info({ event: "http_started", port: typeof address === "object" ? address?.port : config.port, startedInMs }, "HTTP server listening");
await channels.start(status);

// Messages a crash or an outage left unanswered are answered now; failed replies are retried.
await inbox.start();
// The sender, the crawler and their libraries load after the server answers /healthz.
const { startAlerts } = await import("./app/alerts.ts");
alerts = await startAlerts(db, config, logger, safeFetch);
status.news = alerts.schedule ? `every "${config.news.cron}"` : "off";

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
  await channels.stop();
  await closeServer(server);
  await inbox.stop();
  await core.questionsRecorded();
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
