// Runs parse tasks in a worker thread, so a page that takes a parser minutes costs the service
// nothing but that page: the main thread keeps answering chats and /healthz, and a task past its
// deadline is stopped by terminating its worker, the only way to stop synchronous JavaScript.
//
// One warm worker, reused, tasks one at a time in arrival order. Parsing is occasional (a crawl
// reads its articles one after another, staff send a file now and then), the machine has two
// cores, and one worker keeps queueing and respawning trivial; a task waits at most for the one
// before it, which its deadline bounds. A terminated or crashed worker is replaced when a task
// comes. The deadline starts when the task reaches a ready worker: booting it is not the task's time.
import { Worker } from "node:worker_threads";
import { ParseTimeoutError, ParseWorkerError } from "./errors.ts";
import { reviveError, WORKER_READY, type TaskTable, type WorkerMessage } from "./worker-protocol.ts";

export const DEFAULT_DEADLINE_MS = 10_000;

export interface ParseWorkerOptions {
  /** The worker's entry module (.ts from sources, .js once compiled); it calls serveTasks. */
  entry: URL;
  deadlineMs?: number;
  /** Longer deadlines for some tasks (whole documents), by task name. */
  taskDeadlinesMs?: Record<string, number>;
  /** Heap cap: a runaway parse dies there (a ParseWorkerError) instead of exhausting the machine. */
  maxHeapMb?: number;
}

interface Job {
  kind: string;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** A .ts entry runs behind the bootstrap that registers tsx in the worker; a .js entry runs as is. */
function startWorker(entry: URL, maxHeapMb: number): Worker {
  // The parent's execArgv is not passed on: `--input-type` (from `node -e`) or the tsx CLI's loader
  // flags break or duplicate what the bootstrap does.
  const options = { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } };
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, options);
  return new Worker(new URL("./worker-bootstrap.mjs", import.meta.url), { ...options, workerData: { entry: entry.href } });
}

export class ParseWorker<T extends TaskTable> {
  readonly #entry: URL;
  readonly #deadlineMs: number;
  readonly #taskDeadlinesMs: Record<string, number>;
  readonly #maxHeapMb: number;
  #queue: Job[] = [];
  #worker: Worker | null = null;
  #ready = false;
  #current: { id: number; job: Job; deadlineMs: number; timer: NodeJS.Timeout } | null = null;
  #nextId = 1;

  constructor({ entry, deadlineMs = DEFAULT_DEADLINE_MS, taskDeadlinesMs = {}, maxHeapMb = 1024 }: ParseWorkerOptions) {
    this.#entry = entry;
    this.#deadlineMs = deadlineMs;
    this.#taskDeadlinesMs = taskDeadlinesMs;
    this.#maxHeapMb = maxHeapMb;
  }

  /** Runs `kind` in the worker; rejects with ParseTimeoutError past the deadline. */
  run<K extends keyof T & string>(kind: K, ...args: Parameters<T[K]>): Promise<Awaited<ReturnType<T[K]>>> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ kind, args, resolve: resolve as (value: unknown) => void, reject });
      this.#pump();
    });
  }

  /** Fails waiting tasks and stops the worker (service shutdown, end of a test). */
  async close(): Promise<void> {
    const jobs = [...(this.#current ? [this.#current.job] : []), ...this.#queue.splice(0)];
    if (this.#current) clearTimeout(this.#current.timer);
    this.#current = null;
    const worker = this.#worker;
    this.#worker = null;
    for (const job of jobs) job.reject(new ParseWorkerError("Bộ đọc tài liệu đã dừng."));
    await worker?.terminate();
  }

  #pump(): void {
    if (!this.#current && this.#queue.length > 0) {
      if (!this.#worker) this.#spawn();
      if (this.#ready) {
        const job = this.#queue.shift()!;
        const id = this.#nextId++;
        const deadlineMs = this.#taskDeadlinesMs[job.kind] ?? this.#deadlineMs;
        this.#current = { id, job, deadlineMs, timer: setTimeout(() => this.#expire(), deadlineMs) };
        try {
          this.#worker!.postMessage({ id, kind: job.kind, args: job.args });
        } catch (err) {
          this.#settle(err as Error); // arguments that cannot be cloned (a programming error)
          this.#pump();
          return;
        }
      }
    }
    // An idle worker must not keep a finished CLI run alive; a busy or booting one must.
    if (this.#current || this.#queue.length > 0) this.#worker?.ref();
    else this.#worker?.unref();
  }

  #spawn(): void {
    const worker = startWorker(this.#entry, this.#maxHeapMb);
    this.#worker = worker;
    this.#ready = false;
    let failure: Error | null = null;
    // Events of a worker already replaced (terminated at a deadline) are ignored.
    worker.on("message", (message: WorkerMessage) => {
      if (this.#worker !== worker) return;
      if (message === WORKER_READY) this.#ready = true;
      else if (this.#current?.id === message.id) this.#settle(message.ok ? null : reviveError(message.error), message.ok ? message.value : undefined);
      this.#pump();
    });
    worker.on("error", (err) => void (failure = err));
    worker.on("exit", (code) => {
      if (this.#worker !== worker) return;
      const reason = failure?.message ?? `mã thoát ${code}`;
      const error = new ParseWorkerError(`Bộ đọc tài liệu dừng đột ngột: ${reason}`, { cause: failure ?? undefined });
      const booted = this.#ready;
      this.#worker = null;
      this.#ready = false;
      if (this.#current) this.#settle(error);
      // A worker that cannot even start would fail every respawn: the waiting tasks fail instead.
      if (!booted) for (const job of this.#queue.splice(0)) job.reject(error);
      this.#pump();
    });
  }

  #settle(error: Error | null, value?: unknown): void {
    const { job, timer } = this.#current!;
    clearTimeout(timer);
    this.#current = null;
    if (error) job.reject(error);
    else job.resolve(value);
  }

  #expire(): void {
    const worker = this.#worker;
    this.#worker = null;
    this.#ready = false;
    void worker?.terminate();
    const { job, deadlineMs } = this.#current!;
    this.#settle(new ParseTimeoutError(job.kind, deadlineMs));
    this.#pump();
  }
}
