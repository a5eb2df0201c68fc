// The outbox survives kill -9: a worker process drains 1,000 subscribers into a counting Zalo
// stand-in with up to K (DEFAULT_WINDOW) messages in flight, dies by SIGKILL after a fixed number
// of messages, and a second worker finishes. Nothing is lost, and at most K alerts are repeated,
// each reported as resumed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_WINDOW as K, outboxStats } from "../../src/services/alerts/sender.ts";
import type { Db } from "../../src/services/db.ts";
import { createTempDb, type TempDb } from "../support/temp-db.ts";
import { clearOutbox, type CountingZalo, seedOutbox, spawnWorker, startCountingZalo, tally, workerReport } from "../support/outbox.ts";

const SUBSCRIBERS = 1000;
const KILL_AT = 300;

let temp: TempDb;
let db: Db;
let server: CountingZalo;

beforeAll(async () => {
  temp = await createTempDb();
  db = temp.db;
});
afterAll(async () => {
  await temp.cleanup();
});
beforeEach(async () => {
  await clearOutbox(db);
  await seedOutbox(
    db,
    Array.from({ length: SUBSCRIBERS }, (_, i) => ({ channel: "zalo" as const, chatId: `zc-${i + 1}` })),
    [{ title: "Thông báo lịch cắt điện" }],
  );
  server = await startCountingZalo();
  return () => server.close();
});

/** Runs the first worker until the server kills it, then a resuming worker to the end. */
async function crashAndResume(killWhen: "before answering" | "after answering", journal: "delete" | "wal") {
  // Both journal modes: WAL, which the service uses (src/services/db.ts), and the rollback journal,
  // recovered from a hot journal after the kill; set on the file, so the workers inherit it.
  const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>(`PRAGMA journal_mode=${journal.toUpperCase()}`);
  expect(mode.journal_mode).toBe(journal);
  const first = spawnWorker(temp.url, server.apiRoot);
  server.onMessage = (n, _chatId, res) => {
    if (killWhen === "before answering") {
      // The last K messages are never answered: the window is full of them when the worker dies
      // not knowing whether any arrived.
      if (n === KILL_AT) first.kill();
      return n > KILL_AT - K ? false : undefined;
    }
    if (n === KILL_AT) res.on("finish", () => first.kill());
  };
  const killed = await first.done;
  expect(killed.signal, killed.stderr).toBe("SIGKILL");
  if (killWhen === "before answering") await server.heldClosed(); // the worker's socket is gone, so is the worker
  server.onMessage = undefined;
  const arrivedBeforeKill = server.chatIds.length;
  const leftSending = await db.delivery.findMany({ where: { status: "sending" }, include: { subscriber: true } });

  const second = spawnWorker(temp.url, server.apiRoot, ["--resume"]);
  const finished = await second.done;
  expect(finished.code, finished.stderr).toBe(0);
  const report = workerReport(finished.stdout);

  const counts = tally(server.chatIds);
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([chatId]) => chatId);
  return { arrivedBeforeKill, leftSending, report, counts, duplicated };
}

describe("outbox after kill -9", () => {
  it(`delivers to every subscriber; the ${K} messages in flight are repeated and reported as resumed (WAL, as the service runs)`, { timeout: 120_000 }, async () => {
    const { arrivedBeforeKill, leftSending, report, counts, duplicated } = await crashAndResume("before answering", "wal");
    expect(arrivedBeforeKill).toBe(KILL_AT); // a full window of unanswered sends: no other could start
    const heldChats = server.chatIds.slice(KILL_AT - K, KILL_AT);
    // Marked "sending" before the call, never marked "sent": the only rows in doubt. Every earlier
    // one was marked sent before its window slot was reused.
    expect(leftSending.map((d) => d.subscriber.chatId).sort()).toEqual([...heldChats].sort());

    expect(counts.size).toBe(SUBSCRIBERS);
    expect(duplicated.sort()).toEqual([...heldChats].sort());
    expect(report.recovered).toBe(K);
    const stats = await outboxStats(db);
    expect(stats).toMatchObject({ sent: SUBSCRIBERS, pending: 0, sending: 0, failed: 0, resumed: K });
    expect(report.stats.resumed).toBe(stats.resumed);
    const resumedRows = await db.delivery.findMany({ where: { resumed: true }, include: { subscriber: true } });
    expect(resumedRows.map((r) => r.subscriber.chatId).sort()).toEqual([...heldChats].sort());
    expect(server.chatIds).toHaveLength(SUBSCRIBERS + K);
  });

  it(`killed right after an answer: nothing lost, at most ${K} duplicates, each reported (rollback journal)`, { timeout: 120_000 }, async () => {
    const { arrivedBeforeKill, leftSending, report, counts, duplicated } = await crashAndResume("after answering", "delete");
    expect(arrivedBeforeKill).toBeGreaterThanOrEqual(KILL_AT);
    expect(leftSending.length).toBeLessThanOrEqual(K);

    expect(counts.size).toBe(SUBSCRIBERS);
    expect(duplicated.length).toBeLessThanOrEqual(K);
    // A repeat only ever comes from a row left "sending", which the restart counts as resumed.
    const inDoubt = new Set(leftSending.map((d) => d.subscriber.chatId));
    expect(duplicated.filter((chatId) => !inDoubt.has(chatId))).toEqual([]);
    expect(report.recovered).toBe(leftSending.length);
    const stats = await outboxStats(db);
    expect(stats).toMatchObject({ sent: SUBSCRIBERS, pending: 0, sending: 0, resumed: report.recovered });
    expect(server.chatIds).toHaveLength(SUBSCRIBERS + duplicated.length);
  });
});
