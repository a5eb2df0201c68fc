// Entry module of the parse worker thread (started by parse-worker-thread.ts).
import { parseTasks } from "./parse-tasks.ts";
import { serveTasks } from "./worker-protocol.ts";

serveTasks(parseTasks);
