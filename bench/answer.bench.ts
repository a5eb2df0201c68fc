// Benchmark of the core answer function over the devset questions, and of one `npm run ask` call.
//   npm run bench            (prints numbers; asserts nothing)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createCore } from "../src/app/core.ts";
import { createTempDb } from "../tests/support/temp-db.ts";
import { machineLine, percentile } from "./machine.ts";

const devset = "../shared/devset/queries.jsonl";
const questions: string[] = existsSync(devset)
  ? readFileSync(devset, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l).q)
  : ["sdt so cong thuong", "email sở công thương", "trung tâm khuyến công số mấy", "xin chào", "hôm nay ăn gì"];

const temp = await createTempDb();
const core = await createCore(temp.db);
const ask = (text: string) => core.answer({ channel: "cli", userId: "bench", chatId: "bench", text });

for (let i = 0; i < 300; i++) await ask(questions[i % questions.length]);
const rounds = 100;
const latencies: number[] = [];
const started = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const q of questions) {
    const t = performance.now();
    await ask(q);
    latencies.push(performance.now() - t);
  }
}
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
await temp.cleanup();

const walls: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const run = spawnSync("npm", ["run", "--silent", "ask", "--", "sdt so cong thuong"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  walls.push(performance.now() - t);
}
walls.sort((a, b) => a - b);

console.log(`machine: ${machineLine()}`);
console.log(`core answer, ${questions.length} devset questions × ${rounds} rounds:`);
console.log(`  ${Math.round(latencies.length / seconds)} questions/s, p50 ${percentile(latencies, 50).toFixed(3)} ms, p99 ${percentile(latencies, 99).toFixed(3)} ms`);
console.log(`one \`npm run ask\` call (start-up included), median of 3: ${(walls[1] / 1000).toFixed(2)} s`);
