// One drain of the outbox: load the due jobs, then send them one at a time, each as soon as its
// channel's rate and its chat's spacing allow, until none is left or the sender is stopping.
import type { Db } from "../db.ts";
import type { ActiveChannels } from "./channels.ts";
import type { FailureHandler } from "./delivery-failure.ts";
import { claimForSending, markSent } from "./delivery-rows.ts";
import type { AlertChannel } from "./format.ts";
import { composeMessage, findReadyJob, loadDueJobs } from "./outbox-jobs.ts";
import type { DeliveryJob, DrainResult } from "./outbox-types.ts";
import type { Pacer } from "./pacing.ts";
import type { Transport } from "./transports.ts";

export interface DrainDeps {
  db: Db;
  transports: Partial<Record<AlertChannel, Transport>>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  pacer: Pacer;
  activeChannels: ActiveChannels;
  handleFailure: FailureHandler;
  isStopping: () => boolean;
}

export type Drain = (options?: { limit?: number }) => Promise<DrainResult>;

export function createDrain({ db, transports, now, sleep, pacer, activeChannels, handleFailure, isStopping }: DrainDeps): Drain {
  async function deliver(job: DeliveryJob, t: number, result: DrainResult, paused: Set<AlertChannel>) {
    const { message, rows } = composeMessage(job);
    const ids = rows.map((r) => r.id);
    // Claimed before the transport is called: a crash mid-send leaves the row "sending", not pending.
    if ((await claimForSending(db, ids)) === 0) return;
    pacer.take(job.channel, t);
    try {
      await transports[job.channel]!.send(job.chatId, message);
    } catch (err) {
      await handleFailure(job, ids, err, result, paused);
      return;
    } finally {
      pacer.answered(job.channel, job.chatId, now().getTime());
    }
    await markSent(db, ids, now());
    result.messages += 1;
    result.sent += ids.length;
  }

  return async ({ limit = 500 } = {}) => {
    const result: DrainResult = { messages: 0, sent: 0, retried: 0, failed: 0, skipped: 0, paused: [] };
    const paused = new Set<AlertChannel>();
    const channels = await activeChannels(now().getTime(), paused);
    let jobs = channels.length ? await loadDueJobs(db, now().getTime(), channels, limit, result) : [];
    while (jobs.length > 0 && !isStopping()) {
      const t = now().getTime();
      const { index, earliest } = findReadyJob(jobs, t, pacer.readyAt);
      if (index < 0) {
        await sleep(earliest - t);
        continue;
      }
      const [job] = jobs.splice(index, 1);
      await deliver(job, t, result, paused);
      if (paused.has(job.channel)) jobs = jobs.filter((j) => j.channel !== job.channel);
    }
    result.paused = [...paused];
    return result;
  };
}
