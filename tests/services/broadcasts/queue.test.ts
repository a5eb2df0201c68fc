import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formatAnnouncement } from "../../../src/services/alerts/format.ts";
import { createOutboxSender } from "../../../src/services/alerts/sender.ts";
import type { Transport } from "../../../src/services/alerts/transports.ts";
import { cancelBroadcast, createBroadcast, queueBroadcast, queueDueBroadcasts } from "../../../src/services/broadcasts/queue.ts";
import { broadcastReport } from "../../../src/services/broadcasts/report.ts";
import { broadcastTick } from "../../../src/services/broadcasts/schedule.ts";
import { openDb, type Db } from "../../../src/services/db.ts";
import { announcementRecipients } from "../../../src/services/news/enqueue.ts";
import { createTempDb, silentLogger, type TempDb } from "../../support/temp-db.ts";

// Broadcasts through the alert outbox: whom each target reaches, queued exactly once however the
// job's runs overlap (in one process or two), not before their time, never once cancelled.

let temp: TempDb;
let db: Db;
const T0 = new Date("2026-12-01T03:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const ids: Record<string, number> = {};

beforeAll(async () => {
  temp = await createTempDb({ seed: false });
  db = temp.db;
});
afterAll(() => temp?.cleanup());

beforeEach(async () => {
  await db.delivery.deleteMany();
  await db.broadcast.deleteMany();
  await db.newsItem.deleteMany();
  await db.subscriber.deleteMany();
  const add = async (name: string, data: { channel: string; topics?: string[]; active?: boolean; subscribedAt?: Date; mode?: string }) => {
    const s = await db.subscriber.create({
      data: {
        channel: data.channel,
        chatId: `${name}-chat-1234`,
        topics: JSON.stringify(data.topics ?? []),
        active: data.active ?? true,
        subscribedAt: data.subscribedAt ?? minutes(-60),
        mode: data.mode ?? "instant",
      },
    });
    ids[name] = s.id;
  };
  await add("everything", { channel: "telegram" });
  await add("prices", { channel: "telegram", topics: ["Giá cả"] });
  await add("industry", { channel: "zalo", topics: ["Công nghiệp"] });
  await add("digest", { channel: "zalo", mode: "digest", topics: ["Giá cả", "Công nghiệp"] });
  await add("stopped", { channel: "zalo", active: false });
  await add("newcomer", { channel: "telegram", subscribedAt: minutes(30) });
});

const recipientsOf = async (broadcastId: number) => {
  const b = await db.broadcast.findUniqueOrThrow({ where: { id: broadcastId } });
  const rows = await db.delivery.findMany({ where: { itemId: b.itemId! }, orderBy: { subscriberId: "asc" } });
  return rows.map((r) => Object.entries(ids).find(([, id]) => id === r.subscriberId)![0]).sort();
};

describe("targeting", () => {
  it("reaches every active subscriber, one topic's (as news topics match: folded, or every topic), or one channel's", async () => {
    const all = await createBroadcast(db, { text: "Lịch tiếp doanh nghiệp", audience: {}, scheduledAt: null, createdBy: "telegram:900" }, T0);
    const topic = await createBroadcast(db, { text: "Giá xăng", audience: { topic: "giá cả" }, scheduledAt: null, createdBy: "telegram:900" }, T0);
    const zalo = await createBroadcast(db, { text: "Chỉ Zalo", audience: { channel: "zalo" }, scheduledAt: null, createdBy: "telegram:900" }, T0);
    const oa = await createBroadcast(db, { text: "Zalo OA", audience: { channel: "zalo-oa" }, scheduledAt: null, createdBy: "telegram:900" }, T0);
    expect(await queueDueBroadcasts(db, T0)).toEqual({ broadcasts: [all.id, topic.id, zalo.id, oa.id], deliveries: 4 + 3 + 2 + 0 });
    expect(await recipientsOf(all.id)).toEqual(["digest", "everything", "industry", "prices"]);
    expect(await recipientsOf(topic.id)).toEqual(["digest", "everything", "prices"]);
    expect(await recipientsOf(zalo.id)).toEqual(["digest", "industry"]);
    expect(await recipientsOf(oa.id)).toEqual([]);
    // The preview's reach is the same selection.
    expect(await announcementRecipients(db, { topic: "Công nghiệp" }, T0)).toEqual([ids.everything, ids.industry, ids.digest]);
    // Announcements go out at once, digest subscribers included.
    const rows = await db.delivery.findMany();
    expect(rows.every((r) => r.notBefore.getTime() === T0.getTime() && r.status === "pending")).toBe(true);
  });

  it("counts those who subscribed before it was queued, not before it was written", async () => {
    const later = await createBroadcast(db, { text: "Sau một giờ", audience: {}, scheduledAt: minutes(60), createdBy: "telegram:900" }, T0);
    await queueDueBroadcasts(db, minutes(60));
    expect(await recipientsOf(later.id)).toContain("newcomer");
  });
});

describe("queuing exactly once", () => {
  it("queues a due broadcast once when two runs of the job overlap, and leaves one due later alone", async () => {
    const due = await createBroadcast(db, { text: "Đến giờ", audience: {}, scheduledAt: minutes(5), createdBy: "telegram:900" }, T0);
    const later = await createBroadcast(db, { text: "Chưa đến giờ", audience: {}, scheduledAt: minutes(6), createdBy: "telegram:900" }, T0);
    const runs = await Promise.all([queueDueBroadcasts(db, minutes(5)), queueDueBroadcasts(db, minutes(5)), queueDueBroadcasts(db, minutes(5))]);
    expect(runs.flatMap((r) => r.broadcasts)).toEqual([due.id]);
    expect(runs.reduce((n, r) => n + r.deliveries, 0)).toBe(4);
    expect(await db.delivery.count()).toBe(4);
    expect(await db.newsItem.count({ where: { key: `broadcast:${due.id}` } })).toBe(1);
    const stored = await db.broadcast.findUniqueOrThrow({ where: { id: due.id } });
    expect(stored).toMatchObject({ queuedAt: minutes(5), queuedCount: 4 });
    expect((await db.broadcast.findUniqueOrThrow({ where: { id: later.id } })).queuedAt).toBeNull();
    // Its own minute comes; a run after that finds nothing left.
    expect((await queueDueBroadcasts(db, minutes(6))).broadcasts).toEqual([later.id]);
    expect(await queueDueBroadcasts(db, minutes(7))).toEqual({ broadcasts: [], deliveries: 0 });
    expect(await db.delivery.count()).toBe(8);
  });

  it("queues once when two processes run the job at the same moment (two connections to one file)", async () => {
    const other = openDb(temp.url);
    try {
      const due = await createBroadcast(db, { text: "Hai tiến trình", audience: {}, scheduledAt: T0, createdBy: "telegram:900" }, T0);
      const [a, b] = await Promise.all([queueDueBroadcasts(db, T0), queueDueBroadcasts(other, T0)]);
      expect([...a.broadcasts, ...b.broadcasts]).toEqual([due.id]);
      expect(await db.delivery.count()).toBe(4);
    } finally {
      await other.$disconnect();
    }
  });

  it("does not queue a broadcast before its time, even when asked for it by id", async () => {
    const later = await createBroadcast(db, { text: "Sau", audience: {}, scheduledAt: minutes(10), createdBy: "telegram:900" }, T0);
    expect(await queueBroadcast(db, later.id, minutes(9))).toBeNull();
    expect(await queueBroadcast(db, later.id, minutes(10))).toBe(4);
    expect(await queueBroadcast(db, later.id, minutes(11))).toBeNull();
  });

  it("the job wakes the sender only when it queued something, and survives a database error", async () => {
    let woken = 0;
    const tick = broadcastTick({ db, logger: silentLogger, onQueued: () => (woken += 1), now: () => minutes(1) });
    expect(await tick()).toEqual({ broadcasts: [], deliveries: 0 });
    await createBroadcast(db, { text: "Một", audience: {}, scheduledAt: minutes(1), createdBy: "telegram:900" }, T0);
    expect((await tick())?.deliveries).toBe(4);
    expect(woken).toBe(1);
    const broken = broadcastTick({
      db: { broadcast: { findMany: () => Promise.reject(new Error("disk I/O error")) } } as unknown as Db,
      logger: silentLogger,
      onQueued: () => undefined,
    });
    expect(await broken()).toBeNull();
  });
});

describe("cancelling", () => {
  it("cancels a scheduled broadcast, which then never goes out; a queued one cannot be cancelled", async () => {
    const b = await createBroadcast(db, { text: "Hủy được", audience: {}, scheduledAt: minutes(30), createdBy: "telegram:900" }, T0);
    expect(await cancelBroadcast(db, b.id, "zalo:abc", minutes(1))).toBe(true);
    expect(await cancelBroadcast(db, b.id, "zalo:abc", minutes(2))).toBe(false);
    expect((await queueDueBroadcasts(db, minutes(31))).broadcasts).toEqual([]);
    expect(await db.delivery.count()).toBe(0);
    expect(await db.broadcast.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ cancelledAt: minutes(1), cancelledBy: "zalo:abc", queuedAt: null });

    const sent = await createBroadcast(db, { text: "Đã gửi", audience: {}, scheduledAt: null, createdBy: "telegram:900" }, T0);
    await queueBroadcast(db, sent.id, T0);
    expect(await cancelBroadcast(db, sent.id, "zalo:abc", minutes(1))).toBe(false);
  });
});

describe("sending and the report", () => {
  it("sends the whole text through the outbox, alone even to a digest subscriber, and counts each row's outcome", async () => {
    const text = `Thông báo lịch tiếp doanh nghiệp <quý IV> & hội nghị\n${"Nội dung chi tiết. ".repeat(40).trim()}`;
    const b = await createBroadcast(db, { text, audience: {}, scheduledAt: null, createdBy: "telegram:900" }, T0);
    await queueBroadcast(db, b.id, T0);
    // The "industry" subscriber stops before the sender gets to them.
    await db.subscriber.update({ where: { id: ids.industry }, data: { active: false, inactiveReason: "unsubscribed" } });
    const got: { channel: string; chatId: string; text: string; html?: string }[] = [];
    const transport = (channel: "telegram" | "zalo"): Transport => ({
      channel,
      async send(chatId, message) {
        if (chatId.startsWith("prices")) throw new Error("network down");
        got.push({ channel, chatId, ...message });
      },
    });
    const sender = createOutboxSender({
      db,
      transports: { telegram: transport("telegram"), zalo: transport("zalo") },
      logger: silentLogger,
      ratePerSecond: { telegram: null, zalo: null },
      perChatIntervalMs: 0,
      maxAttempts: 1,
      now: () => minutes(1),
    });
    await sender.drainOnce();
    expect(got.map((g) => g.chatId).sort()).toEqual(["digest-chat-1234", "everything-chat-1234"]);
    expect(got.find((g) => g.channel === "telegram")).toMatchObject(formatAnnouncement(text, "telegram"));
    expect(got.find((g) => g.channel === "zalo")).toMatchObject(formatAnnouncement(text, "zalo"));
    expect(got.find((g) => g.channel === "zalo")!.text).toContain(text);

    const report = await broadcastReport(db, b.id);
    expect(report).toMatchObject({ state: "queued", counts: { sent: 2, failed: 1, pending: 0, skipped: 1 }, moreProblems: 0 });
    expect(report!.problems).toEqual([
      { channel: "telegram", chatId: "***1234", status: "failed", reason: expect.stringContaining("network down"), attempts: 1 },
      { channel: "zalo", chatId: "***1234", status: "skipped", reason: "subscriber inactive: unsubscribed", attempts: 0 },
    ]);
  });
});

describe("a digest subscriber", () => {
  it("gets a broadcast alone and whole, and their due news items as the digest after it", async () => {
    const source = await db.newsSource.create({ data: { url: `https://sct.example.gov.vn/${Math.random()}`, kind: "feed", name: "Sở Công Thương" } });
    for (const n of [1, 2]) {
      const item = await db.newsItem.create({ data: { sourceId: source.id, key: `news-${n}`, title: `Tin số ${n}`, url: `https://sct.example.gov.vn/tin/${n}` } });
      await db.delivery.create({ data: { subscriberId: ids.digest!, itemId: item.id, notBefore: T0 } });
    }
    const b = await createBroadcast(db, { text: "Thông báo giữa bản tin", audience: { channel: "zalo" }, scheduledAt: null, createdBy: "telegram:900" }, T0);
    await queueBroadcast(db, b.id, T0);
    const got: string[] = [];
    const zalo: Transport = { channel: "zalo", send: async (chatId, message) => void (chatId.startsWith("digest") && got.push(message.text)) };
    const sender = createOutboxSender({ db, transports: { zalo }, logger: silentLogger, ratePerSecond: { zalo: null }, perChatIntervalMs: 0, now: () => minutes(1) });
    await sender.drainOnce();
    await sender.drainOnce();
    expect(got).toHaveLength(2);
    expect(got[0]).toBe(formatAnnouncement("Thông báo giữa bản tin", "zalo").text);
    expect(got[1]).toMatch(/^Bản tin: 2 tin mới/);
  });
});

describe("/guitin", () => {
  it("becomes a broadcast to everyone, queued at once and only once however often it is confirmed", async () => {
    const { holdAnnouncement, confirmAnnouncement } = await import("../../../src/services/announcements.ts");
    await holdAnnouncement(db, "telegram", "900", "Thông báo qua chat\nChi tiết.");
    const [first, second] = await Promise.all([confirmAnnouncement(db, "telegram", "900", T0), confirmAnnouncement(db, "telegram", "900", T0)]);
    expect([first, second].sort()).toEqual([4, null]);
    const [b] = await db.broadcast.findMany();
    expect(b).toMatchObject({ text: "Thông báo qua chat\nChi tiết.", createdBy: "telegram:900", topic: null, channel: null, queuedCount: 4 });
    expect(await db.delivery.count()).toBe(4);
  });
});
