// Failing, unchanged and empty sources: backoff, conditional requests and what staff are told.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backoffDelay, crawlOnce } from "../../../src/services/news/crawl.ts";
import { syncSources, type SourceDef } from "../../../src/services/news/sources.ts";
import { openTempDb, type TempDb } from "../../support/reports.ts";
import { crawlHarness, resetNewsTables, sampleArticles, startNewsSite, type Fault, type NewsSite } from "../../support/news-site.ts";

let temp: TempDb;
let site: NewsSite;
beforeAll(async () => {
  [temp, site] = await Promise.all([openTempDb(), startNewsSite(sampleArticles())]);
});
afterAll(async () => {
  await Promise.all([temp.close(), site.close()]);
});
beforeEach(async () => {
  await resetNewsTables(temp.db);
  site.rss = sampleArticles().reverse();
  site.atom = sampleArticles().slice(0, 2).reverse();
  site.listing = sampleArticles().reverse();
  site.fault.clear();
  site.hits.clear();
  site.notModified.clear();
});

const MINUTE = 60_000;
const rss = (): SourceDef => ({ url: site.url("/rss.xml"), kind: "feed", name: "Tin tức Sở Công Thương", topic: "Tin tức" });
const atom = (): SourceDef => ({ url: site.url("/atom.xml"), kind: "feed", topic: "Thông báo" });
const listing = (): SourceDef => ({
  url: site.url("/tin-tuc"),
  kind: "html",
  name: "Trang Tin tức",
  selectors: { item: ".news-item", link: "a.news-link", title: ".news-title", date: ".news-date" },
});
const rssRow = () => temp.db.newsSource.findUniqueOrThrow({ where: { url: site.url("/rss.xml") } });

describe("backoffDelay", () => {
  it("doubles from 15 minutes and stops at a day", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffDelay(n) / MINUTE)).toEqual([15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
  });
});

describe("a failing source", () => {
  it.each<[Fault, RegExp]>([
    ["error500", /HTTP 500/],
    ["malformed", /Không đọc được nguồn RSS\/Atom/],
    ["slow", /quá thời gian chờ \(2000 ms\)/],
    ["reset", /không kết nối được/],
  ])("%s: is recorded with a backoff while the other sources are crawled", async (fault, error) => {
    site.fault.set("/rss.xml", fault);
    await syncSources(temp.db, [rss(), atom()]);
    const h = crawlHarness();
    const summary = await crawlOnce(temp.db, h.deps);
    expect(summary.sources).toEqual([
      { url: site.url("/rss.xml"), status: "failed", found: 0, new: 0, queued: 0, offsite: 0, error: expect.stringMatching(error) },
      { url: site.url("/atom.xml"), status: "ok", found: 2, new: 2, queued: 0, offsite: 0 },
    ]);
    expect(await rssRow()).toMatchObject({
      consecutiveFailures: 1,
      nextFetchAt: new Date(h.clock.now.getTime() + 15 * MINUTE),
      lastError: expect.stringMatching(error),
      lastOkAt: null,
      etag: null,
    });
    expect(h.staff).toEqual([]);
  });

  it("is skipped while backing off, tells staff after three failures, once, and again when it recovers", async () => {
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);
    site.fault.set("/rss.xml", "error500");

    const status = async () => (await crawlOnce(temp.db, h.deps)).sources[0].status;
    expect(await status()).toBe("failed");
    expect(await status()).toBe("skipped_backoff");
    expect(site.hits.get("/rss.xml")).toBe(2);
    h.clock.advance(15 * MINUTE);
    expect(await status()).toBe("failed");
    expect(h.staff).toEqual([]);
    h.clock.advance(30 * MINUTE);
    expect(await status()).toBe("failed");
    expect(h.staff).toHaveLength(1);
    expect(h.staff[0]).toContain('Nguồn tin "Tin tức Sở Công Thương"');
    expect(h.staff[0]).toContain("đã lỗi 3 lần liên tiếp");
    expect(h.staff[0]).toContain("HTTP 500");
    h.clock.advance(60 * MINUTE);
    expect(await status()).toBe("failed");
    expect(h.staff).toHaveLength(1);
    expect(await rssRow()).toMatchObject({ consecutiveFailures: 4, nextFetchAt: new Date(h.clock.now.getTime() + 120 * MINUTE) });

    site.fault.delete("/rss.xml");
    h.clock.advance(120 * MINUTE);
    expect(await status()).toBe("not_modified");
    expect(h.staff).toHaveLength(2);
    expect(h.staff[1]).toMatch(/^✅ Nguồn tin "Tin tức Sở Công Thương" .* đã tải được trở lại/);
    expect(await rssRow()).toMatchObject({ consecutiveFailures: 0, nextFetchAt: null, lastError: null, staffAlertedAt: null });
  });

  it("tries to tell staff again on the next failure when the notice could not be sent", async () => {
    let attempts = 0;
    const h = crawlHarness({
      notifyStaff: async () => {
        attempts++;
        if (attempts === 1) throw new Error("Telegram 502");
      },
    });
    site.fault.set("/rss.xml", "error500");
    await syncSources(temp.db, [rss()]);
    for (let i = 0; i < 4; i++) {
      await crawlOnce(temp.db, h.deps);
      h.clock.advance(24 * 60 * MINUTE);
    }
    expect(attempts).toBe(2);
    expect((await rssRow()).staffAlertedAt).not.toBeNull();
  });
});

describe("an unchanged source", () => {
  it("is asked with its ETag and not parsed again on 304", async () => {
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);
    const etag = (await rssRow()).etag;
    h.clock.advance(30 * MINUTE);
    const summary = await crawlOnce(temp.db, h.deps);
    expect(summary.sources).toEqual([{ url: site.url("/rss.xml"), status: "not_modified", found: 0, new: 0, queued: 0, offsite: 0 }]);
    expect(site.lastHeaders.get("/rss.xml")?.["if-none-match"]).toBe(etag);
    expect(site.notModified.get("/rss.xml")).toBe(1);
    expect(await rssRow()).toMatchObject({ etag, lastItemCount: 3, lastOkAt: h.clock.now });
  });
});

describe("a source that parses to zero items", () => {
  it("is reported to staff once, and its items are a baseline once it is readable again", async () => {
    await temp.db.subscriber.create({ data: { channel: "zalo", chatId: "z1", subscribedAt: new Date("2023-10-01T00:00:00Z") } });
    site.fault.set("/tin-tuc", "empty");
    await syncSources(temp.db, [listing()]);
    const h = crawlHarness();
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "empty", found: 0, new: 0 });
    expect(h.staff).toHaveLength(1);
    expect(h.staff[0]).toContain('Nguồn tin "Trang Tin tức"');
    expect(h.staff[0]).toContain("0 mục");
    expect(h.staff[0]).toContain("selectors");
    h.clock.advance(30 * MINUTE);
    expect((await crawlOnce(temp.db, h.deps)).sources[0].status).toBe("empty");
    expect(h.staff).toHaveLength(1);

    // Fixed: the page's articles are old news to subscribers, not three alerts.
    site.fault.delete("/tin-tuc");
    h.clock.advance(30 * MINUTE);
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "ok", found: 3, new: 3, queued: 0 });
    expect(h.staff).toHaveLength(2);
    expect(h.staff[1]).toContain("đã hoạt động trở lại (3 mục)");
    expect(await temp.db.delivery.count()).toBe(0);
  });

  it("is reported for a feed that empties after working", async () => {
    await syncSources(temp.db, [atom()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);
    site.atom = [];
    h.clock.advance(30 * MINUTE);
    expect((await crawlOnce(temp.db, h.deps)).sources[0].status).toBe("empty");
    expect(h.staff).toEqual([expect.stringMatching(/tải được nhưng không đọc được tin nào \(0 mục\): nguồn có thể đã đổi địa chỉ/)]);
    // An empty page is read in full every time (no ETag kept), and staff are not told twice.
    h.clock.advance(30 * MINUTE);
    expect((await crawlOnce(temp.db, h.deps)).sources[0].status).toBe("empty");
    expect(site.lastHeaders.get("/atom.xml")?.["if-none-match"]).toBeUndefined();
    expect(h.staff).toHaveLength(1);
  });
});

describe("configuration", () => {
  it("polls only the configured sources, and refuses a listing source without selectors", async () => {
    await syncSources(temp.db, [rss(), atom()]);
    await syncSources(temp.db, [atom()]);
    await temp.db.newsSource.create({ data: { url: "https://sct.example/thong-bao-noi-bo", kind: "announcement" } });
    const h = crawlHarness();
    expect((await crawlOnce(temp.db, h.deps)).sources.map((s) => s.url)).toEqual([site.url("/atom.xml")]);

    await temp.db.newsSource.create({ data: { url: site.url("/tin-tuc"), kind: "html", configured: true } });
    h.clock.advance(30 * MINUTE);
    const summary = await crawlOnce(temp.db, h.deps);
    expect(summary.sources.find((s) => s.url === site.url("/tin-tuc"))).toMatchObject({ status: "failed", error: expect.stringMatching(/chưa cấu hình selectors/) });
  });
});
