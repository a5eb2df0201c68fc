// Plain JavaScript entry of a parse worker run from TypeScript sources (tsx, vitest). A worker
// thread does not inherit the parent's loader hooks on Node 20 (even with `--import tsx` in its
// execArgv, a .ts entry fails with "Unknown file extension"), so it registers tsx itself and then
// imports the real entry, whose URL comes in workerData.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
