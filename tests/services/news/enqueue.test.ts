import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueueForAll, enqueueItem, nextDigestTime } from "../../../src/services/news/enqueue.ts";
import { openTempDb, type TempDb } from "../../support/reports.ts";
import { resetNewsTables } from "../../support/news-site.ts";

// 08:00 on 23/10/2023 in Vietnam.
const NOW = new Date("2023-10-23T01:00:00Z");
const earlier = new Date("2023-10-20T01:00:00Z");

let temp: TempDb;
beforeAll(async () => {
  temp = await openTempDb();
});
afterAll(async () => {
  await temp.close();
});
beforeEach(async () => {
  await resetNewsTables(temp.db);
});

let chat = 0;
function subscriber(data: { mode?: string; digestHour?: number; topics?: string[]; keywords?: string[]; active?: boolean; subscribedAt?: Date } = {}) {
  return temp.db.subscriber.create({
    data: {
      channel: "telegram",
      chatId: String(++chat),
      mode: data.mode,
      digestHour: data.digestHour,
      active: data.active,
      topics: JSON.stringify(data.topics ?? []),
      keywords: JSON.stringify(data.keywords ?? []),
      subscribedAt: data.subscribedAt ?? earlier,
    },
  });
}

async function item(title: string, topic: string | null = "Tin tức", firstSeenAt = NOW) {
  const source = await temp.db.newsSource.upsert({
    where: { url: "https://sct.example/rss.xml" },
    create: { url: "https://sct.example/rss.xml", kind: "feed", topic: "Tin tức" },
    update: {},
  });
  return temp.db.newsItem.create({ data: { sourceId: source.id, key: `guid:${title}`, title, topic, firstSeenAt } });
}

describe("nextDigestTime", () => {
  it("is the next digest hour in Vietnam, today if it is still ahead", () => {
    expect(nextDigestTime(NOW, 17)).toEqual(new Date("2023-10-23T10:00:00Z"));
    expect(nextDigestTime(NOW, 7)).toEqual(new Date("2023-10-24T00:00:00Z"));
    expect(nextDigestTime(NOW, 8)).toEqual(NOW);
    // 23:30 on the 22nd in UTC is already 06:30 on the 23rd in Vietnam.
    expect(nextDigestTime(new Date("2023-10-22T23:30:00Z"), 7)).toEqual(new Date("2023-10-23T00:00:00Z"));
    expect(nextDigestTime(new Date("2023-10-22T16:59:00Z"), 0)).toEqual(new Date("2023-10-22T17:00:00Z"));
  });
});

describe("enqueueItem", () => {
  it("writes one pending delivery per matching active subscriber, once", async () => {
    const all = await subscriber();
    const exports = await subscriber({ keywords: ["xuất khẩu"] });
    await subscriber({ active: false });
    const news = await item("Kim ngạch xuất khẩu tháng 10 tăng");
    expect(await enqueueItem(temp.db, news.id, NOW)).toBe(2);
    expect(await enqueueItem(temp.db, news.id, NOW)).toBe(0);
    const rows = await temp.db.delivery.findMany({ orderBy: { subscriberId: "asc" } });
    expect(rows.map((r) => [r.subscriberId, r.status, r.notBefore])).toEqual([
      [all.id, "pending", NOW],
      [exports.id, "pending", NOW],
    ]);
  });

  it("adds only the subscribers still missing when enqueued again", async () => {
    const first = await subscriber();
    const news = await item("Thông báo lịch cắt điện");
    expect(await enqueueItem(temp.db, news.id, NOW)).toBe(1);
    const second = await subscriber();
    expect(await enqueueItem(temp.db, news.id, NOW)).toBe(1);
    expect((await temp.db.delivery.findMany()).map((d) => d.subscriberId).sort()).toEqual([first.id, second.id].sort());
  });

  it("holds digest deliveries until the subscriber's hour", async () => {
    const morning = await subscriber({ mode: "digest", digestHour: 7 });
    const evening = await subscriber({ mode: "digest", digestHour: 17 });
    const news = await item("Hội nghị kết nối cung cầu");
    await enqueueItem(temp.db, news.id, NOW);
    const byId = new Map((await temp.db.delivery.findMany()).map((d) => [d.subscriberId, d.notBefore]));
    expect(byId.get(morning.id)).toEqual(new Date("2023-10-24T00:00:00Z"));
    expect(byId.get(evening.id)).toEqual(new Date("2023-10-23T10:00:00Z"));
  });

  it("skips subscribers who subscribed after the item was first seen", async () => {
    await subscriber({ subscribedAt: new Date(NOW.getTime() + 60_000) });
    const news = await item("Hội nghị kết nối cung cầu");
    expect(await enqueueItem(temp.db, news.id, new Date(NOW.getTime() + 120_000))).toBe(0);
  });

  it("uses the source's topic when the item has none", async () => {
    await subscriber({ topics: ["Thông báo"] });
    const news = await subscriber({ topics: ["Tin tức"] });
    const it1 = await item("Hội nghị kết nối cung cầu", null);
    await enqueueItem(temp.db, it1.id, NOW);
    expect((await temp.db.delivery.findMany()).map((d) => d.subscriberId)).toEqual([news.id]);
  });
});

describe("enqueueForAll", () => {
  it("reaches every active subscriber at once, whatever their filters and mode", async () => {
    await subscriber({ keywords: ["!thông báo"] });
    await subscriber({ topics: ["Tin tức"], mode: "digest", digestHour: 7 });
    await subscriber({ active: false });
    const notice = await item("Thông báo khẩn: tạm ngưng tiếp công dân", null);
    expect(await enqueueForAll(temp.db, notice.id, NOW)).toBe(2);
    expect(await enqueueForAll(temp.db, notice.id, NOW)).toBe(0);
    expect((await temp.db.delivery.findMany()).every((d) => d.notBefore.getTime() === NOW.getTime())).toBe(true);
  });
});
