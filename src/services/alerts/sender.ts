// Sends the outbox (Delivery rows) to subscribers, up to `window` messages in flight at once.
//
// Why a bounded window: a row is marked "sending" in the database before the transport is called
// and "sent" after it answers, and a window slot is held from the first write to the last. So a
// crash leaves at most `window` messages whose fate is unknown. Those rows are resent on restart
// (`resumed`), the only duplicates this design allows. Every other outcome is written back as a
// row state: sent, failed or skipped with a reason, or pending with a later `notBefore` (waits
// longer than a moment are scheduled in the database, never slept in memory). The window does not
// raise the rate: the limiter of pacing.ts counts the starts of sends per channel, and a chat with
// a message in flight gets no other until its answer plus the per-chat gap, so one chat's messages
// keep their order. "Sent" marks of answers arriving together are written as one update.
//
// This module assembles the sender from its parts: channels.ts (pauses), pacing.ts (rates),
// outbox-jobs.ts (what to send), delivery-rows.ts and delivery-failure.ts (row states),
// outbox-drain.ts (one pass) and outbox-loop.ts (the background loop).
import type { Db } from "../db.ts";
import type { Logger } from "../logger.ts";
import { createChannelGate } from "./channels.ts";
import { createFailureHandler } from "./delivery-failure.ts";
import { recoverInterrupted } from "./delivery-rows.ts";
import type { AlertChannel } from "./format.ts";
import { createDrain } from "./outbox-drain.ts";
import { createOutboxLoop } from "./outbox-loop.ts";
import { outboxStats, type OutboxStats } from "./outbox-stats.ts";
import type { DrainResult } from "./outbox-types.ts";
import { createPacer } from "./pacing.ts";
import type { Transport } from "./transports.ts";

export { ALERT_CHANNELS } from "./channels.ts";
export { DEFAULT_RATES } from "./pacing.ts";

/**
 * Enough for the default rates with answers up to ~300 ms away (25/s × 0.3 s = 7.5 in flight),
 * and few enough that a crash repeats at most eight alerts.
 */
export const DEFAULT_WINDOW = 8;
export { outboxStats, type OutboxStats } from "./outbox-stats.ts";
export type { DrainResult } from "./outbox-types.ts";

export interface OutboxSenderOptions {
  db: Db;
  transports: Partial<Record<AlertChannel, Transport>>;
  /** Messages per second per channel; null means no limit (benchmarks only). */
  ratePerSecond?: Partial<Record<AlertChannel, number | null>>;
  perChatIntervalMs?: number;
  /** Most messages in flight at once, across channels (DEFAULT_WINDOW); a crash repeats at most this many. */
  window?: number;
  maxAttempts?: number;
  /** A 429 asking for a longer wait than this pauses the whole channel (persisted). */
  longPauseSec?: number;
  logger: Logger;
  now?: () => Date;
  /** Tests pass a fake clock's; `signal` ends the wait early when a send finishes. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface OutboxSender {
  recoverInterrupted(): Promise<number>;
  drainOnce(options?: { limit?: number }): Promise<DrainResult>;
  start(options?: { intervalMs?: number }): void;
  stop(): Promise<void>;
  /** Call after queuing rows: the loop drains at once instead of at its next poll. */
  wake(): void;
  stats(): Promise<OutboxStats>;
}

export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { db, transports, logger, perChatIntervalMs = 1000, window = DEFAULT_WINDOW, maxAttempts = 5, longPauseSec = 30 } = options;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a whole number of messages, at least 1 (got ${window})`);
  const now = options.now ?? (() => new Date());
  const loop = createOutboxLoop(logger);
  const pacer = createPacer(options.ratePerSecond, perChatIntervalMs);
  const drain = createDrain({
    db,
    transports,
    now,
    sleep: options.sleep ?? loop.sleep,
    pacer,
    activeChannels: createChannelGate(db, transports, logger),
    handleFailure: createFailureHandler({ db, logger, now, pacer, maxAttempts, longPauseSec }),
    isStopping: loop.isStopping,
    window,
  });

  return {
    recoverInterrupted: () => loop.serial(() => recoverInterrupted(db, logger)),
    drainOnce: (opts) => loop.serial(() => drain(opts)),
    wake: () => loop.wake(),
    start: ({ intervalMs = 1000 } = {}) => loop.start(() => drain(), intervalMs),
    stop: () => loop.stop(),
    stats: () => outboxStats(db),
  };
}
