import { readFileSync } from "node:fs";
import type { Config } from "../config.ts";
import type { Db } from "../services/db.ts";
import type { Logger } from "../services/logger.ts";
import { createOutboxSender, type OutboxSender } from "../services/alerts/sender.ts";
import type { Transport } from "../services/alerts/transports.ts";
import type { AlertChannel } from "../services/alerts/format.ts";
import { scheduleBroadcasts, type BroadcastSchedule } from "../services/broadcasts/schedule.ts";
import { crawlOnce, type CrawlSummary } from "../services/news/crawl.ts";
import { fetchSource } from "../services/news/fetch-source.ts";
import { scheduleCrawls, type CrawlSchedule } from "../services/news/schedule.ts";
import { parseSourceList, syncSources } from "../services/news/sources.ts";
import { fetchPage } from "../services/reports/fetch-page.ts";
import { createSafeFetch, type SafeFetch } from "../services/http/safe-fetch.ts";

/**
 * One transport per configured channel. Their clients never retry by themselves: the outbox does.
 * A channel's library is loaded only when the channel is on.
 */
export async function alertTransports(config: Config, logger: Logger): Promise<Partial<Record<AlertChannel, Transport>>> {
  const transports: Partial<Record<AlertChannel, Transport>> = {};
  if (config.telegram.token) {
    const [{ Api }, { telegramTransport }] = await Promise.all([import("grammy"), import("../bot/telegram/alert-transport.ts")]);
    transports.telegram = telegramTransport(new Api(config.telegram.token, { apiRoot: config.telegram.apiRoot }));
  }
  if (config.zalo.token) {
    const [{ createZaloClient }, { zaloTransport }] = await Promise.all([import("../bot/zalo/client.ts"), import("../bot/zalo/alert-transport.ts")]);
    transports.zalo = zaloTransport(createZaloClient({ apiRoot: config.zalo.apiRoot, token: config.zalo.token, logger, maxRetries: 0 }));
  }
  return transports;
}

/** Staff hear about failing sources in their own chats ("telegram:123" is chat 123 on Telegram). */
export function staffNotifier(config: Config, transports: Partial<Record<AlertChannel, Transport>>, logger: Logger) {
  return async (text: string) => {
    for (const staff of config.staffIds) {
      const [channel, chatId] = staff.split(":", 2) as [AlertChannel, string];
      const transport = transports[channel];
      if (!transport || !chatId) continue;
      await transport.send(chatId, { text }).catch((err) => logger.warn({ event: "staff_notice_failed", channel, chatId, err }, "could not tell staff"));
    }
    logger.warn({ event: "staff_notice", text }, "staff notice");
  };
}

/** Reads NEWS_SOURCES and NEWS_SOURCES_FILE into the database; returns how many sources there are. */
export async function loadSources(db: Db, config: Config): Promise<number> {
  const file = config.news.sourcesFile ? readFileSync(config.news.sourcesFile, "utf8") : null;
  const defs = parseSourceList(config.news.sources, file);
  await syncSources(db, defs);
  return defs.length;
}

export function crawlCycle(db: Db, config: Config, logger: Logger, notifyStaff: (text: string) => Promise<void>, options: { ignoreBackoff?: boolean; safeFetch?: SafeFetch } = {}) {
  const userAgent = config.news.userAgent;
  // Feeds, listing pages and article links: public addresses only, unless FETCH_ALLOW_PRIVATE says.
  const safeFetch = options.safeFetch ?? createSafeFetch({ allowPrivate: config.fetch.allowPrivate });
  return (): Promise<CrawlSummary> =>
    crawlOnce(db, {
      fetchSource: (source) => fetchSource(source, { userAgent, safeFetch }),
      fetchArticle: async (url) => (await fetchPage(url, { userAgent, safeFetch })).html,
      logger,
      now: () => new Date(),
      notifyStaff,
      ignoreBackoff: options.ignoreBackoff,
      reviewArticles: config.reviewCrawledReports,
    });
}

export interface AlertService {
  sender: OutboxSender;
  schedule?: CrawlSchedule;
  /** Queues scheduled broadcasts every minute. */
  broadcasts: BroadcastSchedule;
  stop(): Promise<void>;
}

/**
 * The outbox sender (always, so announcements go out), the broadcast job and, with sources
 * configured, the crawl schedule.
 */
export async function startAlerts(db: Db, config: Config, logger: Logger, safeFetch?: SafeFetch): Promise<AlertService> {
  const transports = await alertTransports(config, logger);
  const sender = createOutboxSender({ db, transports, ratePerSecond: config.alertRates, window: config.alertWindow, logger });
  await sender.recoverInterrupted();
  sender.start();
  const broadcasts = scheduleBroadcasts({ db, logger, onQueued: () => sender.wake() });
  // What fell due while the service was down goes out now, not at the next minute.
  await broadcasts.tick();
  const sources = await loadSources(db, config);
  let schedule: CrawlSchedule | undefined;
  if (sources > 0) {
    const crawl = crawlCycle(db, config, logger, staffNotifier(config, transports, logger), { safeFetch });
    schedule = scheduleCrawls({
      expression: config.news.cron,
      logger,
      cycle: async () => {
        const summary = await crawl();
        logger.info({ event: "crawl_done", newItems: summary.newItems, queued: summary.queued }, "crawl cycle done");
        sender.wake();
      },
    });
  } else {
    logger.warn({ event: "news_off" }, "no news sources: set NEWS_SOURCES or NEWS_SOURCES_FILE to crawl for alerts");
  }
  return {
    sender,
    schedule,
    broadcasts,
    async stop() {
      await broadcasts.stop();
      await schedule?.stop();
      await sender.stop();
    },
  };
}
