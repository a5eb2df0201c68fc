// How the service parses pages, feeds and documents: always in the shared parse worker, under a
// deadline, never on the main thread (see parse-worker-thread.ts for why and how).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "../../project-root.ts";
import type { ParseTasks } from "./parse-tasks.ts";
import { ParseWorker } from "./parse-worker-thread.ts";

// From sources (tsx, vitest) the entry is TypeScript beside this file; the build puts the worker's
// own bundle at dist/services/parsing/parse-worker.js, while this code sits in a shared chunk.
const compiled = import.meta.url.endsWith(".js");
export const PARSE_WORKER_ENTRY = compiled
  ? pathToFileURL(path.join(PROJECT_ROOT, "dist", "services", "parsing", "parse-worker.js"))
  : new URL("./parse-worker.ts", import.meta.url);

/**
 * Pages and feeds get the default 10 s (a real page takes well under 1 s). A whole PDF or DOCX
 * of up to 20 MB may hold a hundred pages of text, so documents get longer.
 */
const TASK_DEADLINES_MS = { reportPdf: 30_000, reportDocx: 30_000 };

let shared: ParseWorker<ParseTasks> | null = null;

/** Runs one parse task (reportHtml, reportText, reportPdf, reportDocx, feed, listing) in the worker. */
export const parseInWorker: ParseWorker<ParseTasks>["run"] = (kind, ...args) =>
  (shared ??= new ParseWorker<ParseTasks>({ entry: PARSE_WORKER_ENTRY, taskDeadlinesMs: TASK_DEADLINES_MS })).run(kind, ...args);

/** Stops the shared worker; the next parse starts a new one. */
export async function closeParseWorker(): Promise<void> {
  const worker = shared;
  shared = null;
  await worker?.close();
}
