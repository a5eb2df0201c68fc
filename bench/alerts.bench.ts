// Benchmark of the alert outbox (prints numbers; asserts nothing):
//   npx tsx bench/alerts.bench.ts            ALERTS_BENCH_N=2000 for a quicker (a)
// (a) deliveries per second into a local Zalo-like server, rate limit off, per SQLite journal mode
// (b) achieved rate against a configured 30/s, 1,000 subscribers (about 33 s)
// (c) kill -9 mid-way and resume, 1,000 subscribers: lost and duplicated deliveries
import os from "node:os";
import { createZaloClient } from "../src/bot/zalo/client.ts";
import { createOutboxSender, outboxStats } from "../src/services/alerts/sender.ts";
import { type Transport, zaloTransport } from "../src/services/alerts/transports.ts";
import type { Db } from "../src/services/db.ts";
import { seedOutbox, spawnWorker, startCountingZalo, tally, workerReport } from "../tests/alerts/helpers.ts";
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

async function drainAll(db: Db, transport: Transport, rate: number | null) {
  const sender = createOutboxSender({ db, transports: { zalo: transport }, ratePerSecond: { zalo: rate }, logger: silentLogger });
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
    console.log(`  ${journal.padEnd(10)} ${http ? "HTTP" : "no I/O"}  ${n} rows: ${(n / seconds).toFixed(0).padStart(5)} deliveries/s (${((seconds * 1000) / n).toFixed(2)} ms each, ${seconds.toFixed(1)} s; sent ${stats.sent})`);
  } finally {
    await server.close();
    await temp.cleanup();
  }
}

async function rateLimited(n: number, rate: number) {
  const temp = await createTempDb();
  const server = await startCountingZalo();
  try {
    await seedOutbox(temp.db, subscribers(n), [ITEM]);
    const client = createZaloClient({ apiRoot: server.apiRoot, token: "1:bench", logger: silentLogger, maxRetries: 0 });
    const seconds = await drainAll(temp.db, zaloTransport(client), rate);
    const t = server.times;
    const achieved = (t.length - 1) / ((t.at(-1)! - t[0]) / 1000);
    let worst = 0;
    for (let i = 0, j = 0; i < t.length; i++) {
      while (t[i] - t[j] >= 1000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    console.log(`  configured ${rate}/s, ${n} subscribers: achieved ${achieved.toFixed(2)}/s, most in any 1 s window ${worst}, total ${seconds.toFixed(1)} s`);
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
    console.log(`  ${n} subscribers, killed (${killed.signal}) after ${beforeKill} arrived; resumed rows reported ${report.recovered}; lost ${lost}, duplicated ${duplicated}; sent ${report.stats.sent}/${n}; ${((performance.now() - started) / 1000).toFixed(1)} s incl. two worker start-ups`);
  } finally {
    await server.close();
    await temp.cleanup();
  }
}

console.log(`machine: ${machineLine()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`(a) throughput, rate limit off, one message in flight (counting Zalo-like HTTP server on 127.0.0.1):`);
for (const journal of ["delete", "wal", "wal+normal"] as const) await throughput(N, journal, true);
console.log(`    database only (a transport that does nothing), 2000 rows:`);
for (const journal of ["delete", "wal", "wal+normal"] as const) await throughput(2000, journal, false);
console.log(`(b) rate limit on:`);
await rateLimited(1000, 30);
console.log(`(c) crash and resume (worker processes via npx tsx, WAL, as the service runs):`);
await crashAndResume(1000, 500);
console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
