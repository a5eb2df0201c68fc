// SQLite lets one connection write at a time. While another process (`npm run ingest`, `crawl`,
// `seed`) holds the write lock, better-sqlite3 waits for it *synchronously*, so a long busy timeout
// freezes the whole service: webhook acknowledgements, timers, everything. Instead the driver gives
// up after BUSY_TIMEOUT_MS and the waiting happens here, on timers, with the event loop free.
//
// Writes go through one lane, in order: only the write at its head probes the lock (one blocked
// busy timeout per backoff step, however many writes wait), and a top-level write can never run
// on the shared connection in the middle of someone's open transaction. Reads skip the lane: in WAL
// mode they are not blocked by a writer, and retry on their own in the rare cases they are.

/** How long the driver itself blocks on a locked database before reporting it busy. */
export const BUSY_TIMEOUT_MS = 25;
/** How long an operation waits, in all, for a lock to go before its error surfaces. */
export const LOCK_WAIT_MS = 30_000;
const FIRST_DELAY_MS = 5;
const MAX_DELAY_MS = 250;

const LOCKED_CODE = /^SQLITE_(?:BUSY|LOCKED)/;
// P1008 "operation timed out" is how Prisma reports the adapter's SQLITE_BUSY ("SocketTimeout");
// P2034 is Prisma's own "write conflict, please retry".
const PRISMA_RETRY_CODES = new Set(["P1008", "P2034"]);

interface PrismaLikeError {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
}

/**
 * True for the errors a locked database produces through Prisma and the better-sqlite3 adapter:
 * model operations fail with P1008 and raw queries with P2010, both carrying the driver's
 * `originalCode: "SQLITE_BUSY"`; a transaction whose read snapshot went stale fails with the code
 * `SQLITE_BUSY_SNAPSHOT` itself. All of them say "database is locked".
 */
export function isBusyError(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as PrismaLikeError;
  const original = e.meta?.driverAdapterError?.cause?.originalCode;
  if (typeof original === "string" && LOCKED_CODE.test(original)) return true;
  if (typeof e.code === "string" && (LOCKED_CODE.test(e.code) || PRISMA_RETRY_CODES.has(e.code))) return true;
  return typeof e.message === "string" && /database (?:table )?is locked/i.test(e.message);
}

/** A write that never got its turn before its deadline, because writes ahead of it were still waiting. */
export class DatabaseLockedError extends Error {
  readonly code = "SQLITE_BUSY";
  constructor(waitedMs: number) {
    super(`database is locked: gave up after waiting ${waitedMs} ms`);
  }
}

export interface LockWaitOptions {
  /** Total wait per operation before the busy error surfaces (default LOCK_WAIT_MS). */
  lockWaitMs?: number;
}

export interface LockWait {
  read<T>(attempt: () => Promise<T>): Promise<T>;
  /** Also for whole transactions: the attempt is the transaction, re-run from the start. */
  write<T>(attempt: () => Promise<T>): Promise<T>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createLockWait({ lockWaitMs = LOCK_WAIT_MS }: LockWaitOptions = {}): LockWait {
  let lane: Promise<unknown> = Promise.resolve();

  async function untilUnlocked<T>(attempt: () => Promise<T>, deadline: number): Promise<T> {
    for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
      try {
        return await attempt();
      } catch (err) {
        const left = deadline - Date.now();
        if (!isBusyError(err) || left <= 0) throw err;
        await sleep(Math.min(delay, left));
      }
    }
  }

  return {
    read: (attempt) => untilUnlocked(attempt, Date.now() + lockWaitMs),
    write<T>(attempt: () => Promise<T>): Promise<T> {
      const deadline = Date.now() + lockWaitMs;
      const turn = lane.then(() => (Date.now() < deadline ? untilUnlocked(attempt, deadline) : Promise.reject(new DatabaseLockedError(lockWaitMs))));
      // After a failure the next write starts on a later tick: when a long lock finally makes a queue
      // of writes give up, their last attempts (each blocking up to BUSY_TIMEOUT_MS) are spread out
      // instead of running back to back.
      lane = turn.then(
        () => undefined,
        () => sleep(0),
      );
      return turn;
    },
  };
}
