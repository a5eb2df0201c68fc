// The sender's background loop and its serialisation. The loop drains, then waits for the poll
// interval or a wake(), whichever comes first. Every drain, the loop's and any caller's, runs
// through `serial`: drains never overlap, so a row cannot be picked twice by this process.
import type { Logger } from "../logger.ts";
import type { DrainResult } from "./outbox-types.ts";

export interface OutboxLoop {
  serial<T>(work: () => Promise<T>): Promise<T>;
  /** True from stop() until the loop has ended; a drain checks it before starting each send. */
  isStopping(): boolean;
  /** A wait between messages that stop() cuts short, so it never delays shutdown; `signal` ends it early too. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  start(drain: () => Promise<DrainResult>, intervalMs: number): void;
  wake(): void;
  stop(): Promise<void>;
}

export function createOutboxLoop(logger: Logger): OutboxLoop {
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  };

  const timers = new Set<() => void>();
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;

  return {
    serial,
    isStopping: () => stopping,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(handle);
          timers.delete(done);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const handle = setTimeout(done, Math.max(0, ms));
        timers.add(done);
        // Aborted when a send finishes first: the timer is cleared rather than left to pile up.
        if (signal?.aborted) done();
        else signal?.addEventListener("abort", done, { once: true });
      }),
    wake() {
      woken = true;
      wakeUp?.();
    },
    start(drain, intervalMs) {
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
          // After progress more rows may be due (a drain takes at most `limit`), and a wake() during
          // the drain means rows were queued since it loaded its jobs: either way, drain again at once.
          if (stopping || progress || woken) continue;
          await new Promise<void>((resolve) => {
            const handle = setTimeout(() => ((wakeUp = undefined), resolve()), intervalMs);
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
  };
}
