// Start-up time, memory and a message flood of the built service, as a user runs it.
//   npm run bench:service        (prints numbers; asserts nothing; about two minutes)
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startFakeZalo } from "../tests/support/fake-zalo.ts";
import { closedPort } from "../tests/support/local-fetch.ts";
import { machineLine } from "./machine.ts";
import { treeRssMb } from "./process-tree.ts";

const FLOOD_SECONDS = Number(process.env.FLOOD_SECONDS ?? 60);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(path.join(tmpdir(), "ct-bench-service-"));
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, "bot.db")}`, LOG_LEVEL: "warn", HOST: "127.0.0.1" };

function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const run = spawnSync(cmd, args, { env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${run.stderr}`);
  return performance.now() - t;
}

/** Spawns the service in its own process group and resolves once /healthz answers 200. */
async function startUntilHealthy(cmd: string, args: string[], extra: Record<string, string> = {}) {
  const port = await closedPort();
  const started = performance.now();
  const child = spawn(cmd, args, { env: { ...env, PORT: String(port), ...extra }, stdio: "ignore", detached: true });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, port, ms: performance.now() - started };
    await sleep(5);
  }
}

async function stop(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid!, "SIGTERM");
  await exited;
}

console.log(`machine: ${machineLine()}`);
spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
timed("npm", ["run", "--silent", "ask", "--", "xin chào"]); // creates and fills the database

const asks = Array.from({ length: 7 }, () => timed("npm", ["run", "--silent", "ask", "--", "sdt so cong thuong"]));
const direct = Array.from({ length: 7 }, () => timed(process.execPath, ["dist/cli/ask.js", "sdt so cong thuong"]));
console.log(`npm run ask, one question: median ${(median(asks) / 1000).toFixed(2)} s of 7 (node dist/cli/ask.js: ${(median(direct) / 1000).toFixed(2)} s)`);

for (const [label, cmd, args] of [
  ["npm start", "npm", ["start", "--silent"]],
  ["node --optimize-for-size dist/index.js", process.execPath, ["--optimize-for-size", "dist/index.js"]],
] as const) {
  const times: number[] = [];
  let idle = 0;
  for (let i = 0; i < 5; i++) {
    const { child, ms } = await startUntilHealthy(cmd, [...args]);
    times.push(ms);
    if (i === 0) {
      await sleep(10_000);
      idle = treeRssMb(child.pid!);
    }
    await stop(child);
  }
  console.log(`${label}: start to healthy median ${(median(times) / 1000).toFixed(2)} s of 5; idle process tree ${idle.toFixed(0)} MB after 10 s`);
}

// A flood: 20 senders post Zalo messages from 2,000 users for FLOOD_SECONDS; the replies go to a local fake.
const token = "4242:bench-token";
const secret = "bench-flood-secret";
const zalo = await startFakeZalo({ token });
const { child, port } = await startUntilHealthy("npm", ["start", "--silent"], { ZALO_BOT_TOKEN: token, ZALO_API_ROOT: zalo.apiRoot, ZALO_WEBHOOK_SECRET: secret });
const questions = ["sdt so cong thuong", "email sở công thương", "kim ngạch xuất khẩu 2021-2023", "trung tâm khuyến công ở đâu", "hôm nay ăn gì"];
let posted = 0;
let peak = treeRssMb(child.pid!);
const until = performance.now() + FLOOD_SECONDS * 1000;
const sampler = setInterval(() => (peak = Math.max(peak, treeRssMb(child.pid!))), 250);
await Promise.all(
  Array.from({ length: 20 }, async (_, sender) => {
    for (let n = 0; performance.now() < until; n++) {
      const id = posted++;
      const user = `flood-${(sender * 100 + (n % 100)) % 2000}`;
      const message = {
        message_id: `m-${id}`,
        date: Date.now(),
        chat: { id: user, chat_type: "PRIVATE" },
        from: { id: user, display_name: "B", is_bot: false },
        text: questions[id % questions.length],
      };
      await fetch(`http://127.0.0.1:${port}/webhooks/zalo`, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Bot-Api-Secret-Token": secret },
        body: JSON.stringify({ ok: true, result: { event_name: "message.text.received", message } }),
      });
    }
  }),
);
await sleep(5_000);
clearInterval(sampler);
const chats = new Set(zalo.sent.map((m) => m.chat_id)).size;
console.log(
  `flood (npm start, Zalo webhook): ${posted} messages in ${FLOOD_SECONDS} s (${Math.round(posted / FLOOD_SECONDS)}/s), ${zalo.sent.length} replies to ${chats} chats; process tree peak ${peak.toFixed(0)} MB`,
);
await stop(child);
await zalo.close();
rmSync(dir, { recursive: true, force: true });
