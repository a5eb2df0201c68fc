// One drain of the outbox: load the due jobs, then keep up to `window` of them in flight, starting
// each as soon as its channel's rate and its chat's spacing allow, until none is left or the
// sender is stopping. Then wait for the sends in flight: a drain ends with nothing in flight.
//
// Why a window: a platform ~100–300 ms away answers one message at a time far below its bulk rate
// (one in flight reached 9.6 of 25/s at 100 ms). The channel's limiter still counts the starts, so
// the rate is never exceeded; the window only stops the answers' latency from slowing the starts.
import type { Db } from "../db.ts";
import type { ActiveChannels } from "./channels.ts";
import type { FailureHandler } from "./delivery-failure.ts";
import { claimForSending, createSentMarker, releaseClaim } from "./delivery-rows.ts";
import type { AlertChannel, AlertMessage } from "./format.ts";
import { composeMessage, findReadyJob, loadDueJobs } from "./outbox-jobs.ts";
import type { DeliveryJob, DrainResult } from "./outbox-types.ts";
import type { Pacer } from "./pacing.ts";
import { createSendWindow } from "./send-window.ts";
import type { Transport } from "./transports.ts";

export interface DrainDeps {
  db: Db;
  transports: Partial<Record<AlertChannel, Transport>>;
  now: () => Date;
  /** Waits `ms`, or less when `signal` aborts (an injected test clock may ignore it). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  pacer: Pacer;
  activeChannels: ActiveChannels;
  handleFailure: FailureHandler;
  isStopping: () => boolean;
  /** Most messages in flight at once; also the most a crash can repeat. */
  window: number;
}

export type Drain = (options?: { limit?: number }) => Promise<DrainResult>;

export function createDrain(deps: DrainDeps): Drain {
  const { db, transports, now, sleep, pacer, activeChannels, handleFailure, isStopping } = deps;
  const markSent = createSentMarker(db, now);

  /** Runs in a window slot; the slot stays taken until the rows' outcome is written. */
  async function send(job: DeliveryJob, message: AlertMessage, ids: number[], result: DrainResult, paused: Set<AlertChannel>) {
    try {
      await transports[job.channel]!.send(job.chatId, message);
    } catch (err) {
      pacer.answered(job.channel, job.chatId, now().getTime());
      await handleFailure(job, ids, err, result, paused);
      return;
    }
    pacer.answered(job.channel, job.chatId, now().getTime());
    await markSent(ids);
    result.messages += 1;
    result.sent += ids.length;
  }

  /** Waits until `until`, or until a send finishes first (it may free a slot, or a chat). */
  async function waitUntil(until: number, changed: Promise<void>) {
    if (until === Infinity) return changed;
    const early = new AbortController();
    // To the whole millisecond after `until`: the clock counts whole milliseconds, and waking at
    // 40 for a start due at 40.3 would cost another timer turn (about 1 ms on every message).
    await Promise.race([sleep(Math.ceil(until) - now().getTime(), early.signal), changed]);
    early.abort();
  }

  return async ({ limit = 500 } = {}) => {
    const result: DrainResult = { messages: 0, sent: 0, retried: 0, failed: 0, skipped: 0, paused: [] };
    const paused = new Set<AlertChannel>();
    const inFlight = createSendWindow(deps.window);
    const channels = await activeChannels(now().getTime(), paused);
    let jobs = channels.length ? await loadDueJobs(db, now().getTime(), channels, limit, result) : [];
    // Whatever ends the loop, even a failed write, the drain returns only with nothing in flight:
    // the next drain must not start while this one's sends are still out.
    try {
      while (!isStopping() && !inFlight.failed()) {
        // A long 429 answered by a send in flight pauses its channel: drop what is left of it.
        if (paused.size > 0) jobs = jobs.filter((j) => !paused.has(j.channel));
        if (jobs.length === 0) break;
        const changed = inFlight.changed(); // taken first, so a send finishing from here on is seen
        if (inFlight.full()) {
          await changed;
          continue;
        }
        const t = now().getTime();
        const { index, earliest } = findReadyJob(jobs, t, pacer.readyAt);
        if (index < 0) {
          if (earliest === Infinity && inFlight.inFlight === 0) break; // cannot happen: only chats in flight wait forever
          await waitUntil(earliest, changed);
          continue;
        }
        const [job] = jobs.splice(index, 1);
        const { message, rows } = composeMessage(job);
        const ids = rows.map((r) => r.id);
        // Claimed before the transport is called: a crash mid-send leaves the row "sending", not pending.
        if ((await claimForSending(db, ids)) === 0) continue;
        // A send in flight may have met a 429 while the claim was written: then this one must wait.
        const sendAt = now().getTime();
        if (paused.has(job.channel) || pacer.readyAt(job, sendAt) > sendAt) {
          await releaseClaim(db, ids);
          if (!paused.has(job.channel)) jobs.splice(index, 0, job);
          continue;
        }
        // Counted at the start of the send, not when it was found ready: a claim's write can take
        // from 2 to 50 ms, and only the starts' times keep every second under the rate.
        pacer.take(job.channel, job.chatId, sendAt);
        inFlight.run(() => send(job, message, ids, result, paused));
        // One event-loop turn for the HTTP client to put the request on the wire before the next
        // claim: SQLite writes block the loop, and a request held back by one reaches the platform
        // late, bunched with the next.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      await inFlight.settle();
    }
    result.paused = [...paused];
    return result;
  };
}
