// The job that queues scheduled broadcasts: every minute, in Vietnam's time like the other jobs.
// The work itself is queueDueBroadcasts (queue.ts), safe to overlap; tests call `tick` directly
// with the time they want instead of waiting for the clock.
import cron from "node-cron";
import type { Db } from "../db.ts";
import type { Logger } from "../logger.ts";
import { queueDueBroadcasts, type TickResult } from "./queue.ts";

export const BROADCAST_CRON = "* * * * *";
export const BROADCAST_TIMEZONE = "Asia/Ho_Chi_Minh";

export interface BroadcastJobOptions {
  db: Db;
  logger: Logger;
  /** Called when rows were queued: wakes the outbox sender. */
  onQueued: () => void;
  now?: () => Date;
}

/** One run of the job: queues what is due, logs it, wakes the sender. Never throws. */
export function broadcastTick({ db, logger, onQueued, now = () => new Date() }: BroadcastJobOptions): () => Promise<TickResult | null> {
  return async () => {
    try {
      const result = await queueDueBroadcasts(db, now());
      if (result.broadcasts.length > 0) {
        logger.info({ event: "broadcasts_queued", broadcasts: result.broadcasts, deliveries: result.deliveries }, "scheduled broadcasts queued");
        onQueued();
      }
      return result;
    } catch (err) {
      logger.error({ event: "broadcasts_queue_failed", err }, "queuing scheduled broadcasts failed; the next run tries again");
      return null;
    }
  };
}

export interface BroadcastSchedule {
  tick: () => Promise<TickResult | null>;
  stop(): Promise<void>;
}

/** Starts the every-minute job; `stop` ends it and waits for a run in progress. */
export function scheduleBroadcasts(options: BroadcastJobOptions): BroadcastSchedule {
  const tick = broadcastTick(options);
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(
    BROADCAST_CRON,
    () => {
      running = tick();
      return running;
    },
    { timezone: BROADCAST_TIMEZONE, noOverlap: true, name: "broadcasts" },
  );
  options.logger.info({ event: "broadcasts_scheduled", cron: BROADCAST_CRON }, "scheduled broadcasts are queued every minute");
  return {
    tick,
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
