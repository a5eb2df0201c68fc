// What a failed send does to its rows, by kind of failure: a rate limit defers them (a long one
// pauses the whole channel), a block retires the subscriber, and anything else is retried with
// exponential backoff until the row runs out of attempts.
import type { Db } from "../db.ts";
import type { Logger } from "../logger.ts";
import { pauseChannel } from "./channels.ts";
import { deferThrottled, markFailed, retireSubscriber, retryLater } from "./delivery-rows.ts";
import type { AlertChannel } from "./format.ts";
import type { DeliveryJob, DrainResult } from "./outbox-types.ts";
import type { Pacer } from "./pacing.ts";
import { DeliveryError, safeReason } from "./transports.ts";

const MAX_BACKOFF_SEC = 600;

export interface FailureHandlerOptions {
  db: Db;
  logger: Logger;
  now: () => Date;
  pacer: Pacer;
  maxAttempts: number;
  /** A 429 asking for a longer wait than this pauses the whole channel. */
  longPauseSec: number;
}

/** Writes the failure of `job`'s rows `ids` back to them, counts it in `result`, adds a pause to `paused`. */
export type FailureHandler = (job: DeliveryJob, ids: number[], err: unknown, result: DrainResult, paused: Set<AlertChannel>) => Promise<void>;

export function createFailureHandler({ db, logger, now, pacer, maxAttempts, longPauseSec }: FailureHandlerOptions): FailureHandler {
  return async (job, ids, err, result, paused) => {
    // Waits count from the failed answer, which is when the platform's retry_after starts.
    const t = now().getTime();
    const e = err instanceof DeliveryError ? err : new DeliveryError("transient", safeReason(String(err)));
    const log = { channel: job.channel, subscriberId: job.subscriberId, deliveryIds: ids.length > 5 ? `${ids.length} rows` : ids, reason: e.reason };
    if (e.kind === "rate_limited") {
      const sec = Math.max(1, e.retryAfterSec ?? 30);
      const until = t + sec * 1000;
      const long = sec > longPauseSec;
      // In memory first, before any write: other sends are in flight, and the drain must not
      // start another on this channel while these rows are being written.
      if (long) paused.add(job.channel);
      else pacer.hold(job.channel, until);
      await deferThrottled(db, ids, new Date(until), e.reason);
      result.retried += ids.length;
      if (long) {
        const value = new Date(until).toISOString();
        await pauseChannel(db, job.channel, new Date(until), e.reason);
        logger.warn({ event: "alerts_channel_paused", ...log, retryAfterSec: sec, until: value }, "alert channel paused by a long rate limit");
      } else {
        logger.warn({ event: "alerts_rate_limited", ...log, retryAfterSec: sec }, "alert rate limited");
      }
    } else if (e.kind === "blocked") {
      result.skipped += await retireSubscriber(db, job.subscriberId, e.reason);
      logger.info({ event: "alerts_subscriber_blocked", ...log }, "subscriber blocked the bot; marked inactive");
    } else {
      const attempts = Math.max(...job.rows.filter((r) => ids.includes(r.id)).map((r) => r.attempts)) + 1;
      if (e.kind === "transient" && attempts < maxAttempts) {
        const notBefore = new Date(t + Math.min(2 ** attempts, MAX_BACKOFF_SEC) * 1000);
        await retryLater(db, ids, notBefore, e.reason);
        result.retried += ids.length;
        logger.warn({ event: "alerts_send_retry", ...log, attempts, notBefore }, "alert send failed; will retry");
      } else {
        await markFailed(db, ids, e.reason);
        result.failed += ids.length;
        logger.error({ event: "alerts_send_failed", ...log, attempts, kind: e.kind }, "alert could not be delivered");
      }
    }
  };
}
