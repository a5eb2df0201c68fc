// Sends the outbox (Delivery rows) to subscribers, one message at a time.
//
// Why one at a time: a row is marked "sending" in the database before the transport is called and
// "sent" after it answers, so a crash can leave at most one message whose fate is unknown. That row
// is resent on restart (`resumed`), the only duplicate this design allows. Every other outcome is
// written back as a row state: sent, failed or skipped with a reason, or pending with a later
// `notBefore` (waits longer than a moment are scheduled in the database, never slept in memory).
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { Logger } from "../logger.ts";
import { type AlertChannel, type AlertItem, type AlertMessage, formatAlert, formatDigest } from "./format.ts";
import { DeliveryError, safeReason, type Transport } from "./transports.ts";

export const ALERT_CHANNELS: readonly AlertChannel[] = ["telegram", "zalo"];
/** Below Telegram's ~30/s bulk limit; Zalo publishes none, so stay modest. */
export const DEFAULT_RATES: Record<AlertChannel, number> = { telegram: 25, zalo: 10 };
export const pauseKey = (channel: AlertChannel) => `pause:${channel}`;
const MAX_BACKOFF_SEC = 600;

export interface OutboxSenderOptions {
  db: Db;
  transports: Partial<Record<AlertChannel, Transport>>;
  /** Messages per second per channel; null means no limit (benchmarks only). */
  ratePerSecond?: Partial<Record<AlertChannel, number | null>>;
  perChatIntervalMs?: number;
  maxAttempts?: number;
  /** A 429 asking for a longer wait than this pauses the whole channel (persisted). */
  longPauseSec?: number;
  logger: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface DrainResult {
  /** Transport calls that succeeded (a digest is one message for several rows). */
  messages: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  paused: AlertChannel[];
}

export interface OutboxStats {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
  /** Rows resent after a crash: each may have reached its subscriber twice. */
  resumed: number;
  total: number;
  /** Channels paused by a long 429, with the ISO time they resume. */
  paused: Partial<Record<AlertChannel, string>>;
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

const INCLUDE = { subscriber: true, item: { include: { source: { select: { name: true } } } } } as const;
type Row = Prisma.DeliveryGetPayload<{ include: typeof INCLUDE }>;
interface Job {
  channel: AlertChannel;
  chatId: string;
  subscriberId: number;
  rows: Row[];
  digest: boolean;
}

const toAlertItem = (r: Row): AlertItem => ({ title: r.item.title, url: r.item.url, publishedAt: r.item.publishedAt, summary: r.item.summary, sourceName: r.item.source.name });

/** Capacity one: messages are spaced evenly, never bursting above the configured rate. */
function createBucket(rate: number | null) {
  let tokens = 1;
  let last: number | undefined;
  let holdUntil = 0;
  const refill = (t: number) => {
    if (rate === null) return;
    if (last !== undefined && t > last) tokens = Math.min(1, tokens + ((t - last) * rate) / 1000);
    if (last === undefined || t > last) last = t;
  };
  return {
    readyAt(t: number): number {
      refill(t);
      const own = rate === null || tokens >= 1 ? t : t + ((1 - tokens) / rate) * 1000;
      return Math.max(own, holdUntil);
    },
    take(t: number) {
      refill(t);
      if (rate !== null) tokens -= 1;
    },
    hold(until: number) {
      holdUntil = Math.max(holdUntil, until);
    },
  };
}

export async function outboxStats(db: Db): Promise<OutboxStats> {
  const [groups, resumed, pauses] = await Promise.all([
    db.delivery.groupBy({ by: ["status"], _count: { _all: true } }),
    db.delivery.count({ where: { resumed: true } }),
    db.setting.findMany({ where: { key: { startsWith: "pause:" } } }),
  ]);
  const by = Object.fromEntries(groups.map((g) => [g.status, g._count._all])) as Record<string, number>;
  const paused: OutboxStats["paused"] = {};
  for (const p of pauses) if (Date.parse(p.value) > Date.now()) paused[p.key.slice("pause:".length) as AlertChannel] = p.value;
  const count = (s: string) => by[s] ?? 0;
  const total = Object.values(by).reduce((a, b) => a + b, 0);
  return { pending: count("pending"), sending: count("sending"), sent: count("sent"), failed: count("failed"), skipped: count("skipped"), resumed, total, paused };
}

export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { db, transports, logger, perChatIntervalMs = 1000, maxAttempts = 5, longPauseSec = 30 } = options;
  const now = options.now ?? (() => new Date());
  const timers = new Set<() => void>();
  const sleep =
    options.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        // Resolved early by stop(), so a wait between messages never delays shutdown.
        const done = () => {
          clearTimeout(handle);
          timers.delete(done);
          resolve();
        };
        const handle = setTimeout(done, Math.max(0, ms));
        timers.add(done);
      }));
  const buckets = new Map(ALERT_CHANNELS.map((c) => [c, createBucket(options.ratePerSecond?.[c] === undefined ? DEFAULT_RATES[c] : options.ratePerSecond[c]!)]));
  const chatFreeAt = new Map<string, number>();
  const warnedMissing = new Set<AlertChannel>();
  let stopping = false;

  async function activeChannels(t: number, paused: Set<AlertChannel>): Promise<AlertChannel[]> {
    for (const p of await db.setting.findMany({ where: { key: { startsWith: "pause:" } } })) {
      const channel = p.key.slice("pause:".length) as AlertChannel;
      if (Date.parse(p.value) > t) paused.add(channel);
      else {
        await db.setting.deleteMany({ where: { key: p.key, value: p.value } });
        logger.info({ event: "alerts_channel_resumed", channel }, "alert channel pause is over");
      }
    }
    return ALERT_CHANNELS.filter((c) => {
      if (!transports[c] && !warnedMissing.has(c)) {
        warnedMissing.add(c);
        logger.warn({ event: "alerts_no_transport", channel: c }, "no transport for channel; its alerts stay pending");
      }
      return transports[c] && !paused.has(c);
    });
  }

  async function loadJobs(t: number, channels: AlertChannel[], limit: number, result: DrainResult): Promise<Job[]> {
    const due = { status: "pending", notBefore: { lte: new Date(t) } };
    const rows = await db.delivery.findMany({ where: { ...due, subscriber: { channel: { in: channels } } }, orderBy: { id: "asc" }, take: limit, include: INCLUDE });
    const jobs: Job[] = [];
    const digests = new Set<number>();
    for (const row of rows) {
      const s = row.subscriber;
      if (!s.active) {
        // Unsubscribed or blocked after the row was queued: say so instead of leaving it pending.
        const reason = safeReason(`subscriber inactive${s.inactiveReason ? `: ${s.inactiveReason}` : ""}`);
        result.skipped += (await db.delivery.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "skipped", lastError: reason } })).count;
        continue;
      }
      const base = { channel: s.channel as AlertChannel, chatId: s.chatId, subscriberId: s.id };
      if (s.mode !== "digest") jobs.push({ ...base, rows: [row], digest: false });
      else if (!digests.has(s.id)) {
        digests.add(s.id);
        // All of the subscriber's due rows, even beyond `limit`: a digest is one message.
        const all = await db.delivery.findMany({ where: { ...due, subscriberId: s.id }, orderBy: { id: "asc" }, include: INCLUDE });
        jobs.push({ ...base, rows: all, digest: true });
      }
    }
    return jobs;
  }

  async function fail(job: Job, ids: number[], err: unknown, result: DrainResult, paused: Set<AlertChannel>) {
    // Waits count from the failed answer, which is when the platform's retry_after starts.
    const t = now().getTime();
    const e = err instanceof DeliveryError ? err : new DeliveryError("transient", safeReason(String(err)));
    const log = { channel: job.channel, subscriberId: job.subscriberId, deliveryIds: ids.length > 5 ? `${ids.length} rows` : ids, reason: e.reason };
    const where = { id: { in: ids } };
    if (e.kind === "rate_limited") {
      const sec = Math.max(1, e.retryAfterSec ?? 30);
      const until = t + sec * 1000;
      // Being throttled is not the row's fault: it does not use up one of its attempts.
      await db.delivery.updateMany({ where, data: { status: "pending", notBefore: new Date(until), lastError: e.reason, attempts: { decrement: 1 } } });
      result.retried += ids.length;
      if (sec > longPauseSec) {
        const value = new Date(until).toISOString();
        await db.setting.upsert({ where: { key: pauseKey(job.channel) }, create: { key: pauseKey(job.channel), value }, update: { value } });
        paused.add(job.channel);
        logger.warn({ event: "alerts_channel_paused", ...log, retryAfterSec: sec, until: value }, "alert channel paused by a long rate limit");
      } else {
        buckets.get(job.channel)!.hold(until);
        logger.warn({ event: "alerts_rate_limited", ...log, retryAfterSec: sec }, "alert rate limited");
      }
    } else if (e.kind === "blocked") {
      const [, skipped] = await db.$transaction([
        db.subscriber.updateMany({ where: { id: job.subscriberId }, data: { active: false, inactiveReason: e.reason } }),
        db.delivery.updateMany({ where: { subscriberId: job.subscriberId, status: { in: ["pending", "sending"] } }, data: { status: "skipped", lastError: e.reason } }),
      ]);
      result.skipped += skipped.count;
      logger.info({ event: "alerts_subscriber_blocked", ...log }, "subscriber blocked the bot; marked inactive");
    } else {
      const attempts = Math.max(...job.rows.filter((r) => ids.includes(r.id)).map((r) => r.attempts)) + 1;
      if (e.kind === "transient" && attempts < maxAttempts) {
        const notBefore = new Date(t + Math.min(2 ** attempts, MAX_BACKOFF_SEC) * 1000);
        await db.delivery.updateMany({ where, data: { status: "pending", notBefore, lastError: e.reason } });
        result.retried += ids.length;
        logger.warn({ event: "alerts_send_retry", ...log, attempts, notBefore }, "alert send failed; will retry");
      } else {
        await db.delivery.updateMany({ where, data: { status: "failed", lastError: e.reason } });
        result.failed += ids.length;
        logger.error({ event: "alerts_send_failed", ...log, attempts, kind: e.kind }, "alert could not be delivered");
      }
    }
  }

  async function deliver(job: Job, t: number, result: DrainResult, paused: Set<AlertChannel>) {
    let message: AlertMessage;
    let rows = job.rows;
    if (job.digest && rows.length > 1) {
      const digest = formatDigest(rows.map(toAlertItem), job.channel);
      message = digest;
      rows = rows.slice(0, digest.count); // the rest stay pending for the next message
    } else message = formatAlert(toAlertItem(rows[0]), job.channel);
    const ids = rows.map((r) => r.id);
    const claimed = await db.delivery.updateMany({ where: { id: { in: ids }, status: "pending" }, data: { status: "sending", attempts: { increment: 1 } } });
    if (claimed.count === 0) return;
    buckets.get(job.channel)!.take(t);
    try {
      await transports[job.channel]!.send(job.chatId, message);
    } catch (err) {
      await fail(job, ids, err, result, paused);
      return;
    } finally {
      // Counted from the answer, not the request: then the platform too sees the messages to one
      // chat at least this far apart, whatever the network delays.
      chatFreeAt.set(`${job.channel}:${job.chatId}`, now().getTime() + perChatIntervalMs);
    }
    await db.delivery.updateMany({ where: { id: { in: ids } }, data: { status: "sent", sentAt: now() } });
    result.messages += 1;
    result.sent += ids.length;
  }

  async function drain({ limit = 500 }: { limit?: number } = {}): Promise<DrainResult> {
    const result: DrainResult = { messages: 0, sent: 0, retried: 0, failed: 0, skipped: 0, paused: [] };
    const paused = new Set<AlertChannel>();
    const channels = await activeChannels(now().getTime(), paused);
    let jobs = channels.length ? await loadJobs(now().getTime(), channels, limit, result) : [];
    while (jobs.length > 0 && !stopping) {
      const t = now().getTime();
      let pick = -1;
      let earliest = Infinity;
      for (let i = 0; i < jobs.length; i++) {
        const j = jobs[i];
        const ready = Math.max(chatFreeAt.get(`${j.channel}:${j.chatId}`) ?? 0, buckets.get(j.channel)!.readyAt(t));
        if (ready <= t) {
          pick = i;
          break;
        }
        earliest = Math.min(earliest, ready);
      }
      if (pick < 0) {
        await sleep(earliest - t);
        continue;
      }
      const [job] = jobs.splice(pick, 1);
      await deliver(job, t, result, paused);
      if (paused.has(job.channel)) jobs = jobs.filter((j) => j.channel !== job.channel);
    }
    result.paused = [...paused];
    return result;
  }

  // Drains never overlap, so a row cannot be picked twice by this process.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  };

  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;

  return {
    recoverInterrupted: () =>
      serial(async () => {
        const { count } = await db.delivery.updateMany({ where: { status: "sending" }, data: { status: "pending", resumed: true } });
        if (count > 0) logger.warn({ event: "alerts_resumed", count }, "alerts interrupted by a restart will be resent; each may arrive twice");
        else logger.info({ event: "alerts_resumed", count }, "no alert was interrupted by the last shutdown");
        return count;
      }),
    drainOnce: (opts) => serial(() => drain(opts)),
    wake() {
      woken = true;
      wakeUp?.();
    },
    start({ intervalMs = 1000 } = {}) {
      if (loop) return;
      stopping = false;
      loop = (async () => {
        while (!stopping) {
          woken = false;
          let progress = false;
          try {
            const r = await serial(() => drain());
            progress = r.messages + r.retried + r.failed + r.skipped > 0;
          } catch (err) {
            logger.error({ event: "alerts_drain_error", err }, "alert outbox drain failed");
          }
          if (stopping || progress || woken) continue;
          await new Promise<void>((resolve) => {
            const handle = setTimeout(() => (wakeUp = undefined, resolve()), intervalMs);
            wakeUp = () => {
              clearTimeout(handle);
              wakeUp = undefined;
              resolve();
            };
          });
        }
      })();
    },
    async stop() {
      stopping = true;
      wakeUp?.();
      for (const done of [...timers]) done();
      await loop;
      loop = undefined;
      stopping = false;
    },
    stats: () => outboxStats(db),
  };
}
