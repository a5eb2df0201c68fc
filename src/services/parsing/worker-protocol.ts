// The messages between the service and a parse worker, and the worker's side of them: a worker
// entry module calls `serveTasks` with the functions it offers.
import { parentPort } from "node:worker_threads";
import { ParseLimitError } from "./errors.ts";

// Task functions take and return structured-cloneable values (strings, bytes, Dates, plain objects).
// biome-ignore lint/suspicious/noExplicitAny: each task names its own parameters; the table only routes by name.
export type TaskTable = Record<string, (...args: any[]) => unknown>;

export interface TaskRequest {
  id: number;
  kind: string;
  args: unknown[];
}

export interface SerializedError {
  name: string;
  message: string;
}

/** The worker's first message: it has loaded its modules and takes tasks. */
export const WORKER_READY = "ready";

export type WorkerMessage = typeof WORKER_READY | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** Serves tasks from the main thread, one reply per request, then says it is ready. */
export function serveTasks(tasks: TaskTable): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks runs only in a worker thread");
  port.on("message", async ({ id, kind, args }: TaskRequest) => {
    try {
      const task = tasks[kind];
      if (!task) throw new Error(`Unknown parse task "${kind}"`);
      port.postMessage({ id, ok: true, value: await task(...args) } satisfies WorkerMessage);
    } catch (err) {
      const error = err instanceof Error ? { name: err.name, message: err.message } : { name: "Error", message: String(err) };
      port.postMessage({ id, ok: false, error } satisfies WorkerMessage);
    }
  });
  port.postMessage(WORKER_READY satisfies WorkerMessage);
}

/** The worker's error as the caller sees it: a limit stays a ParseLimitError, others keep name and message. */
export function reviveError({ name, message }: SerializedError): Error {
  if (name === "ParseLimitError") return new ParseLimitError(message);
  const err = new Error(message);
  err.name = name;
  return err;
}
