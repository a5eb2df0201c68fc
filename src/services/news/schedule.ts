import cron from "node-cron";
import type { Logger } from "../logger.ts";

export const NEWS_TIMEZONE = "Asia/Ho_Chi_Minh";

export interface CrawlSchedule {
  /** Runs a cycle now, unless one is running; resolves to false when it was skipped. */
  runNow(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Runs `cycle` on a cron expression in Vietnam's time zone. Never two cycles at once: node-cron's
 * `noOverlap` skips a tick while a cycle runs, and the same guard covers cycles started by hand.
 */
export function scheduleCrawls({ expression, cycle, logger }: { expression: string; cycle: () => Promise<void>; logger: Logger }): CrawlSchedule {
  let running: Promise<void> | null = null;

  async function guarded(reason: string): Promise<boolean> {
    if (running) {
      logger.warn({ event: "crawl_skipped", reason }, "a crawl cycle is still running; this one is skipped");
      return false;
    }
    running = cycle()
      .catch((err) => logger.error({ event: "crawl_failed", err }, "crawl cycle failed"))
      .finally(() => (running = null));
    await running;
    return true;
  }

  const task = cron.schedule(expression, () => guarded("schedule"), { timezone: NEWS_TIMEZONE, noOverlap: true, name: "news-crawl" });
  task.on("execution:overlap", () => logger.warn({ event: "crawl_skipped", reason: "overlap" }, "previous crawl still running"));
  logger.info({ event: "crawl_scheduled", cron: expression, next: task.getNextRun()?.toISOString() }, "news crawling scheduled");

  return {
    runNow: () => guarded("manual"),
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
