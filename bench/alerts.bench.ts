// Benchmark of the alert outbox (prints numbers; asserts nothing):
//   npx tsx bench/alerts.bench.ts            ALERTS_BENCH_N=2000 for a quicker (a)
// (a) deliveries per second into a local Zalo-like server, rate limit off, per SQLite journal mode
// (b) achieved rate against a configured 30/s, 1,000 subscribers (about 33 s)
// (c) achieved rate against a configured 25/s when every answer takes 100 or 300 ms, 1,000
//     subscribers, with the configured window of sends in flight and, for comparison, with one
//     (ALERTS_BENCH_ONE_N subscribers, 200 unless set; 0 skips it)
// (d) kill -9 mid-way and resume, 1,000 subscribers: lost and duplicated deliveries
import os from "node:os";
import { createZaloClient } from "../src/bot/zalo/client.ts";
import { createOutboxSender, DEFAULT_WINDOW, outboxStats } from "../src/services/alerts/sender.ts";
import type { Transport } from "../src/services/alerts/transports.ts";
import { zaloTransport } from "../src/bot/zalo/alert-transport.ts";
import type { Db } from "../src/services/db.ts";
import { seedOutbox, spawnWorker, startCountingZalo, tally, workerReport } from "../tests/support/outbox.ts";
import { createTempDb, silentLogger } from "../tests/support/temp-db.ts";
import { machineLine } from "./machine.ts";

const N = Number(process.env.ALERTS_BENCH_N ?? 10_000);
const subscribers = (n: number) => Array.from({ length: n }, (_, i) => ({ channel: "zalo" as const, chatId: `bench-${i + 1}` }));
const ITEM = { title: "Thông báo: điều chỉnh giá xăng dầu từ 15 giờ hôm nay", summary: "Giá xăng RON95 tăng 300 đồng/lít. Giá dầu diesel giữ nguyên." };
type Journal = "delete" | "wal" | "wal+normal";

// The service runs in WAL (src/services/db.ts); "delete" measures the rollback journal for comparison.
async function setJournal(db: Db, journal: Journal) {
  if (journal === "delete") {
    await db.$queryRawUnsafe("PRAGMA journal_mode=DELETE");
    return;
  }
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  if (journal === "wal+normal") await db.$executeRawUnsafe("PRAGMA synchronous=NORMAL");
}

async function drainAll(db: Db, transport: Transport, rate: number | null, window = DEFAULT_WINDOW) {
  const sender = createOutboxSender({ db, transports: { zalo: transport }, ratePerSecond: { zalo: rate }, window, logger: silentLogger });
  const started = performance.now();
  while ((await sender.drainOnce({ limit: 500 })).messages > 0);
  return (performance.now() - started) / 1000;
}

/** (a): the whole outbox through HTTP, or through a transport that does nothing (database only). */
async function throughput(n: number, journal: Journal, http: boolean) {
  const temp = await createTempDb();
  const server = await startCountingZalo();
  try {
    await setJournal(temp.db, journal);
    await seedOutbox(temp.db, subscribers(n), [ITEM]);
    const client = createZaloClient({ apiRoot: server.apiRoot, token: "1:bench", logger: silentLogger, maxRetries: 0 });
    const transport: Transport = http ? zaloTransport(client) : { channel: "zalo", send: async () => {} };
    const seconds = await drainAll(temp.db, transport, null);
    const stats = await outboxStats(temp.db);
    console.log(
      `  ${journal.padEnd(10)} ${http ? "HTTP" : "no I/O"}  ${n} rows: ${(n / seconds).toFixed(0).padStart(5)} deliveries/s (${((seconds * 1000) / n).toFixed(2)} ms each, ${seconds.toFixed(1)} s; sent ${stats.sent})`,
    );
  } finally {
    await server.close();
    await temp.cleanup();
  }
}

/** Sends per second between the first and the last time, and the most times in any 1 s. */
function perSecond(t: number[]) {
  const achieved = (t.length - 1) / ((t.at(-1)! - t[0]) / 1000);
  let worst = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i] - t[j] >= 1000) j++;
    worst = Math.max(worst, i - j + 1);
  }
  return { achieved, worst };
}

/**
 * The rate seen by the API (arrivals) and the most sends in any second, counted both where the
 * sender starts them (by its own clock) and where they arrive: between the two, a stall of this
 * process (a SQLite write, the garbage collector, another process on the CPU) can delay a request.
 */
async function rateLimited(n: number, rate: number, latencyMs = 0, window = DEFAULT_WINDOW) {
  const temp = await createTempDb();
  const server = await startCountingZalo({ latencyMs });
  try {
    await seedOutbox(temp.db, subscribers(n), [ITEM]);
    const client = createZaloClient({ apiRoot: server.apiRoot, token: "1:bench", logger: silentLogger, maxRetries: 0 });
    const inner = zaloTransport(client);
    const starts: number[] = [];
    const seconds = await drainAll(temp.db, { channel: "zalo", send: (chatId, m) => (starts.push(Date.now()), inner.send(chatId, m)) }, rate, window);
    const { achieved, worst } = perSecond(server.times);
    const pct = ((100 * achieved) / rate).toFixed(1);
    const setting = latencyMs ? `latency ${latencyMs} ms, window ${window}, ` : "";
    console.log(
      `  ${setting}configured ${rate}/s, ${n} subscribers: achieved ${achieved.toFixed(2)}/s (${pct} %), most in any 1 s window ${perSecond(starts).worst} started, ${worst} arrived; total ${seconds.toFixed(1)} s (${(n / seconds).toFixed(2)}/s end to end)`,
    );
  } finally {
    await server.close();
    await temp.cleanup();
  }
}

async function crashAndResume(n: number, killAt: number) {
  const temp = await createTempDb();
  const server = await startCountingZalo();
  try {
    await seedOutbox(temp.db, subscribers(n), [ITEM]);
    const first = spawnWorker(temp.url, server.apiRoot);
    // Killed as soon as the answer to message `killAt` is on the wire: the worker may or may not
    // have recorded it, which is the window a real crash hits.
    server.onMessage = (count, _chat, res) => void (count === killAt && res.on("finish", () => first.kill()));
    const started = performance.now();
    const killed = await first.done;
    server.onMessage = undefined;
    const beforeKill = server.chatIds.length;
    const second = spawnWorker(temp.url, server.apiRoot, ["--resume"]);
    const done = await second.done;
    if (done.code !== 0) throw new Error(`resume worker failed: ${done.stderr}`);
    const report = workerReport(done.stdout);
    const counts = tally(server.chatIds);
    const lost = n - counts.size;
    const duplicated = [...counts.values()].filter((c) => c > 1).length;
    console.log(
      `  ${n} subscribers, killed (${killed.signal}) after ${beforeKill} arrived; resumed rows reported ${report.recovered}; lost ${lost}, duplicated ${duplicated}; sent ${report.stats.sent}/${n}; ${((performance.now() - started) / 1000).toFixed(1)} s incl. two worker start-ups`,
    );
  } finally {
    await server.close();
    await temp.cleanup();
  }
}

console.log(
  `machine: ${machineLine()}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(`(a) throughput, rate limit off, window ${DEFAULT_WINDOW} (counting Zalo-like HTTP server on 127.0.0.1):`);
for (const journal of ["delete", "wal", "wal+normal"] as const) await throughput(N, journal, true);
console.log(`    database only (a transport that does nothing), 2000 rows:`);
for (const journal of ["delete", "wal", "wal+normal"] as const) await throughput(2000, journal, false);
console.log(`(b) rate limit on:`);
await rateLimited(1000, 30);
console.log(`(c) rate limit on, answers delayed like a distant API:`);
const ONE_N = Number(process.env.ALERTS_BENCH_ONE_N ?? 200);
for (const latency of [100, 300]) {
  await rateLimited(1000, 25, latency);
  if (ONE_N > 0) await rateLimited(ONE_N, 25, latency, 1);
}
console.log(`(d) crash and resume (worker processes via npx tsx, WAL, window ${DEFAULT_WINDOW}, as the service runs):`);
await crashAndResume(1000, 500);
console.log(
  `load average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
