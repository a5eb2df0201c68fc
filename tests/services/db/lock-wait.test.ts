// Another process holds the write lock (as `npm run ingest` or `crawl` does while the service
// runs): the service keeps its event loop free, reads go on, and every write lands once the lock
// is released, or fails after the bounded wait.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../../src/services/db.ts";
import { isBusyError } from "../../../src/services/db-lock-wait.ts";
import { storeReceived } from "../../../src/services/inbox/store.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";
import { holdWriteLock, watchEventLoop } from "../../support/lock-holder.ts";

const betterSqlite = createRequire(import.meta.url).resolve("better-sqlite3");
let temp: TempDb;
let file: string;
beforeAll(async () => {
  temp = await createTempDb({ seed: false });
  file = path.join(temp.dir, "bot.db");
});
afterAll(() => temp.cleanup());
beforeEach(async () => {
  await temp.db.announcementDraft.deleteMany();
  await temp.db.inboundMessage.deleteMany();
});

// Any small table serves; these tests write announcement drafts, the rows named by userId.
const draft = (userId: string, text: string) => ({ data: { channel: "test", userId, text } });
const keys = async (db: Db) => (await db.announcementDraft.findMany({ orderBy: { userId: "asc" } })).map((d) => d.userId);
const textOf = async (db: Db, userId: string) => (await db.announcementDraft.findUniqueOrThrow({ where: { channel_userId: { channel: "test", userId } } })).text;

describe("a database locked by another process", () => {
  it("is waited out without blocking the event loop; reads go on, every write lands after the release", async () => {
    const db = temp.db;
    await db.announcementDraft.create(draft("before", "0"));
    const holder = holdWriteLock(file, 8000);
    await holder.locked;
    const loop = watchEventLoop();
    const done: Record<string, number> = {};
    const track = <T>(name: string, p: Promise<T>) => p.then((v) => ((done[name] = Date.now()), v));
    let attempts = 0;
    const writes = Promise.all([
      track("create", db.announcementDraft.create(draft("create", "1"))),
      track("upsert", db.announcementDraft.upsert({ where: { channel_userId: { channel: "test", userId: "before" } }, create: draft("before", "?").data, update: { text: "2" } })),
      track("inbox", storeReceived(db, { channel: "zalo", messageId: "m-1", chatId: "c-1", userId: "u-1", text: "xin chào" }, "received")),
      track(
        "transaction",
        db.$transaction(async (tx) => {
          attempts += 1;
          const n = await tx.announcementDraft.count();
          await tx.announcementDraft.create(draft("transaction", String(n)));
        }),
      ),
      track("batch", db.$transaction([db.announcementDraft.create(draft("batch-a", "3")), db.announcementDraft.create(draft("batch-b", "3"))])),
      track("raw", db.$executeRawUnsafe("INSERT INTO AnnouncementDraft (channel, userId, text) VALUES ('test', 'raw', '4')")),
    ]);
    const readStart = Date.now();
    expect(await keys(db)).toEqual(["before"]);
    expect(await db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM AnnouncementDraft`).toEqual([{ n: 1n }]);
    expect(Date.now() - readStart).toBeLessThan(2000);

    await writes;
    const releasedAt = await holder.released;
    const maxGap = loop.stop();
    expect(maxGap).toBeLessThan(500);
    for (const [name, at] of Object.entries(done)) expect(at, name).toBeGreaterThanOrEqual(releasedAt);
    expect(await keys(db)).toEqual(["batch-a", "batch-b", "before", "create", "lock-holder", "raw", "transaction"]);
    expect(await textOf(db, "before")).toBe("2");
    expect(await db.inboundMessage.count()).toBe(1);
    // The transaction failed while the lock was held and was run again whole, not query by query.
    expect(attempts).toBeGreaterThan(1);
  }, 30_000);

  it("runs a transaction again whole when another process wrote after it had read", async () => {
    let attempts = 0;
    await temp.db.$transaction(async (tx) => {
      attempts += 1;
      const n = await tx.announcementDraft.count();
      // Its read snapshot is now stale, so its first write fails with SQLITE_BUSY_SNAPSHOT.
      if (attempts === 1)
        spawnSync(process.execPath, [
          "-e",
          `new (require(${JSON.stringify(betterSqlite)}))(${JSON.stringify(file)}).exec("INSERT INTO AnnouncementDraft (channel, userId, text) VALUES ('test', 'other', 'x')")`,
        ]);
      await tx.announcementDraft.create(draft("counted", String(n)));
    });
    expect(attempts).toBe(2);
    expect(await textOf(temp.db, "counted")).toBe("1");
  });

  it("gives up after the bounded wait with the busy error", async () => {
    const db = openDb(`file:${file}`, { lockWaitMs: 1000 });
    try {
      const holder = holdWriteLock(file, 4000);
      await holder.locked;
      const start = Date.now();
      const [write, transaction] = await Promise.all([
        db.announcementDraft.create(draft("late", "1")).catch((e: unknown) => e),
        db.$transaction(async (tx) => tx.announcementDraft.create(draft("late-tx", "1"))).catch((e: unknown) => e),
      ]);
      const waited = Date.now() - start;
      expect(isBusyError(write), String(write)).toBe(true);
      expect(isBusyError(transaction), String(transaction)).toBe(true);
      expect(waited).toBeGreaterThanOrEqual(900);
      expect(waited).toBeLessThan(3500);
      await holder.released;
      expect(await keys(db)).toEqual(["lock-holder"]);
    } finally {
      await db.$disconnect();
    }
  }, 20_000);

  it("lets the driver block for a few milliseconds at most", async () => {
    const [row] = await temp.db.$queryRawUnsafe<{ timeout: bigint | number }[]>("PRAGMA busy_timeout");
    expect(Number(row.timeout)).toBeLessThanOrEqual(50);
  });
});
