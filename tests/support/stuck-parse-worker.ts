// A parse worker entry for tests: a task that never returns, one that ends its thread, one that
// answers. Loaded by ParseWorker in tests/services/parsing/worker-deadline.test.ts.
import { serveTasks } from "../../src/services/parsing/worker-protocol.ts";

const stuckTasks = {
  spin(): number {
    // biome-ignore lint/correctness/noUnusedVariables: a busy loop that never yields, on purpose
    let n = 0;
    for (;;) n++;
  },
  exit(): never {
    process.exit(3);
  },
  echo: (value: string) => value,
};

export type StuckTasks = typeof stuckTasks;

serveTasks(stuckTasks);
