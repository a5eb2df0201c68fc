// The crawler against a local department site: baseline, new items, identity, articles as
// reports, filters, digest timing and crash recovery. Failures and staff alerts: crawl-health.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { crawlOnce } from "../../../src/services/news/crawl.ts";
import { syncSources, type SourceDef } from "../../../src/services/news/sources.ts";
import { openTempDb, type TempDb } from "../../support/reports.ts";
import { crawlHarness, figuresArticle, resetNewsTables, sampleArticles, startNewsSite, type NewsSite, type SiteArticle } from "../../support/news-site.ts";

let temp: TempDb;
let site: NewsSite;
beforeAll(async () => {
  [temp, site] = await Promise.all([openTempDb(), startNewsSite()]);
});
afterAll(async () => {
  await Promise.all([temp.close(), site.close()]);
});
beforeEach(async () => {
  await resetNewsTables(temp.db);
  site.articles = new Map([...sampleArticles(), figuresArticle()].map((a) => [a.slug, a]));
  site.rss = sampleArticles().reverse();
  site.atom = [];
  site.listing = [];
  site.rssGuids = true;
  site.fault.clear();
});

const HOUR = 3600_000;
const rss = (): SourceDef => ({ url: site.url("/rss.xml"), kind: "feed", name: "Tin tức Sở Công Thương", topic: "Tin tức" });
const atom = (): SourceDef => ({ url: site.url("/atom.xml"), kind: "feed", name: "Thông báo", topic: "Thông báo" });
const listing = (): SourceDef => ({
  url: site.url("/tin-tuc"),
  kind: "html",
  topic: "Tin tức",
  selectors: { item: ".news-item", link: "a.news-link", title: ".news-title", date: ".news-date" },
});

function article(slug: string, title: string, summary: string, published: string): SiteArticle {
  const a = { slug, title, summary, paragraphs: [summary, figuresArticle().paragraphs[2]], published: new Date(published) };
  site.articles.set(slug, a);
  return a;
}

let chat = 0;
function subscribe(data: { topics?: string[]; keywords?: string[]; mode?: string; digestHour?: number; subscribedAt?: Date } = {}) {
  return temp.db.subscriber.create({
    data: {
      channel: "telegram",
      chatId: String(++chat),
      topics: JSON.stringify(data.topics ?? []),
      keywords: JSON.stringify(data.keywords ?? []),
      mode: data.mode,
      digestHour: data.digestHour,
      subscribedAt: data.subscribedAt ?? new Date("2023-10-01T00:00:00Z"),
    },
  });
}

/** Who is to receive what: "chatId: title", sorted. */
async function outbox(): Promise<string[]> {
  const rows = await temp.db.delivery.findMany({ include: { subscriber: true, item: true } });
  return rows.map((d) => `${d.subscriber.chatId}: ${d.item.title}`).sort();
}

describe("first crawl", () => {
  it("records the back catalogue as seen and queues nothing", async () => {
    await subscribe();
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness();
    const summary = await crawlOnce(temp.db, h.deps);
    expect(summary).toEqual({ sources: [{ url: site.url("/rss.xml"), status: "ok", found: 3, new: 3, queued: 0, offsite: 0 }], newItems: 3, queued: 0 });
    expect(await temp.db.newsItem.count()).toBe(3);
    expect(await outbox()).toEqual([]);
    const source = await temp.db.newsSource.findFirstOrThrow();
    expect(source).toMatchObject({ lastOkAt: h.clock.now, lastItemCount: 3, consecutiveFailures: 0, etag: expect.stringMatching(/^"/) });
  });
});

describe("new items", () => {
  it("reach each matching subscriber exactly once, and a second crawl queues nothing", async () => {
    const a = await subscribe();
    const b = await subscribe({ keywords: ["xuất khẩu"] });
    await subscribe({ keywords: ["xăng"] });
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);

    site.rss.unshift(figuresArticle());
    h.clock.advance(HOUR);
    const summary = await crawlOnce(temp.db, h.deps);
    expect(summary.sources[0]).toMatchObject({ status: "ok", found: 4, new: 1, queued: 2 });
    const title = figuresArticle().title;
    expect(await outbox()).toEqual([`${a.chatId}: ${title}`, `${b.chatId}: ${title}`]);

    h.clock.advance(HOUR);
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "not_modified", new: 0, queued: 0 });
    // Without the ETag the feed is read again in full; nothing in it is new.
    await temp.db.newsSource.updateMany({ data: { etag: null, lastModified: null } });
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "ok", found: 4, new: 0, queued: 0 });
    expect(await temp.db.delivery.count()).toBe(2);
  });

  it("tracks a feed without GUIDs by its normalised links", async () => {
    site.rssGuids = false;
    await subscribe();
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);
    const keys = (await temp.db.newsItem.findMany()).map((i) => i.key);
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).toMatch(/^url:\/\/127\.0\.0\.1:\d+\/tin-tuc\/[a-z0-9-]+\.html$/);

    site.rss.unshift(figuresArticle());
    h.clock.advance(HOUR);
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ found: 4, new: 1, queued: 1 });
  });

  it("does not treat an item that drops out of the feed and comes back as new", async () => {
    await subscribe();
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);
    const removed = site.rss.splice(1, 1);
    h.clock.advance(HOUR);
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "ok", found: 2, new: 0 });
    site.rss.splice(1, 0, ...removed);
    h.clock.advance(HOUR);
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "ok", found: 3, new: 0, queued: 0 });
    expect(await temp.db.newsItem.count()).toBe(3);
    expect(await outbox()).toEqual([]);
  });

  it("stores the article as a report whose figures can be asked about", async () => {
    await subscribe();
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);
    site.rss.unshift(figuresArticle());
    await crawlOnce(temp.db, h.deps);
    const item = await temp.db.newsItem.findFirstOrThrow({ where: { title: figuresArticle().title } });
    const report = await temp.db.report.findUniqueOrThrow({ where: { id: item.reportId! }, include: { figures: true } });
    expect(report.url).toBe(site.url("/tin-tuc/tinh-hinh-san-xuat-cong-nghiep-9-thang-2023.html"));
    expect(report.title).toBe(figuresArticle().title);
    expect(report.figures.map((f) => [f.indicator, f.value, f.unit])).toEqual(
      expect.arrayContaining([
        ["industrial_output_value", "85234", "đồng"],
        ["export_turnover", "1012.3", "USD"],
      ]),
    );
  });

  it("still queues the alert when the article page cannot be fetched", async () => {
    await subscribe();
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);
    site.rss.unshift(article("bai-da-go", "Bài viết đã gỡ khỏi trang", "Nội dung không còn.", "2023-10-23T00:00:00Z"));
    site.articles.delete("bai-da-go");
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ new: 1, queued: 1 });
    expect((await temp.db.newsItem.findFirstOrThrow({ where: { key: "guid:sct-bai-da-go" } })).reportId).toBeNull();
  });

  it("reads listing pages: relative links made absolute, day dates in Vietnam", async () => {
    site.listing = sampleArticles().reverse();
    await subscribe();
    await syncSources(temp.db, [listing()]);
    const h = crawlHarness();
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "ok", found: 3, new: 3, queued: 0 });
    site.listing.unshift(figuresArticle());
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ found: 4, new: 1, queued: 1 });
    const item = await temp.db.newsItem.findFirstOrThrow({ where: { title: figuresArticle().title } });
    expect(item.url).toBe(site.url("/tin-tuc/tinh-hinh-san-xuat-cong-nghiep-9-thang-2023.html"));
    expect(item.publishedAt).toEqual(new Date("2023-10-22T17:00:00Z"));
    expect(item.reportId).not.toBeNull();
  });
});

describe("who gets what, and when", () => {
  it("applies topics, include words and exclusions", async () => {
    const notices = await subscribe({ topics: ["thong bao"] });
    const exports = await subscribe({ keywords: ["xuất khẩu"] });
    const inspections = await subscribe({ keywords: ["kiểm tra", "!xăng"] });
    const everything = await subscribe();
    site.atom = [sampleArticles()[0]];
    await syncSources(temp.db, [rss(), atom()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);

    const food = article("kiem-tra-attp", "Kiểm tra an toàn thực phẩm dịp cuối năm", "Đoàn kiểm tra liên ngành làm việc tại 12 cơ sở.", "2023-10-22T02:00:00Z");
    const fuel = article("kiem-tra-xang-lan-2", "Kiểm tra đột xuất cửa hàng xăng dầu", "Kiểm tra 10 cửa hàng.", "2023-10-22T03:00:00Z");
    const power = article("cat-dien-thang-11", "Thông báo lịch ngưng cung cấp điện tháng 11", "Lịch bảo trì lưới điện.", "2023-10-22T04:00:00Z");
    site.rss.unshift(figuresArticle(), fuel, food);
    site.atom.unshift(power);
    h.clock.advance(HOUR);
    const summary = await crawlOnce(temp.db, h.deps);
    expect(summary).toMatchObject({ newItems: 4, queued: 7 });
    expect(await outbox()).toEqual(
      [
        `${notices.chatId}: ${power.title}`,
        `${exports.chatId}: ${figuresArticle().title}`,
        `${inspections.chatId}: ${food.title}`,
        ...[food, fuel, power, figuresArticle()].map((a) => `${everything.chatId}: ${a.title}`),
      ].sort(),
    );
  });

  it("holds digest deliveries until the subscriber's hour", async () => {
    const digest = await subscribe({ mode: "digest", digestHour: 17 });
    const instant = await subscribe();
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);
    site.rss.unshift(figuresArticle());
    h.clock.now = new Date("2023-10-23T01:30:00Z"); // 08:30 in Vietnam
    await crawlOnce(temp.db, h.deps);
    const notBefore = new Map((await temp.db.delivery.findMany()).map((d) => [d.subscriberId, d.notBefore]));
    expect(notBefore.get(digest.id)).toEqual(new Date("2023-10-23T10:00:00Z"));
    expect(notBefore.get(instant.id)).toEqual(h.clock.now);
  });

  it("queues at most N items per source per run, oldest first, and the rest on later runs", async () => {
    const early = await subscribe();
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness({ maxNewPerSource: 1 });
    await crawlOnce(temp.db, h.deps);
    const older = article("bai-cu-hon", "Hội thảo chuyển đổi số cho doanh nghiệp", "Hội thảo tại Trung tâm Hội nghị tỉnh.", "2023-10-21T02:00:00Z");
    site.rss.unshift(figuresArticle(), older);
    h.clock.advance(HOUR);
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ found: 5, new: 2, queued: 1 });
    expect(await outbox()).toEqual([`${early.chatId}: ${older.title}`]);

    // Someone subscribing now gets neither: both items were seen before they subscribed.
    const late = await subscribe({ subscribedAt: new Date(h.clock.now.getTime() + 60_000) });
    h.clock.advance(HOUR);
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "not_modified", queued: 1 });
    expect(await outbox()).toEqual([`${early.chatId}: ${figuresArticle().title}`, `${early.chatId}: ${older.title}`].sort());
    expect(await temp.db.delivery.count({ where: { subscriberId: late.id } })).toBe(0);
  });
});

describe("crash safety", () => {
  it("queues, on the next run, an item stored before a crash interrupted its queuing", async () => {
    const sub = await subscribe();
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness();
    await crawlOnce(temp.db, h.deps);
    // What step 1 of a run commits before the process dies: the item, but no deliveries.
    const source = await temp.db.newsSource.findFirstOrThrow();
    site.rss.unshift(figuresArticle());
    const stranded = await temp.db.newsItem.create({
      data: {
        sourceId: source.id,
        key: "guid:sct-tinh-hinh-san-xuat-cong-nghiep-9-thang-2023",
        title: figuresArticle().title,
        url: site.url("/tin-tuc/tinh-hinh-san-xuat-cong-nghiep-9-thang-2023.html"),
        topic: "Tin tức",
        firstSeenAt: h.clock.now,
      },
    });
    h.clock.advance(HOUR);
    const summary = await crawlOnce(temp.db, h.deps);
    expect(summary.sources[0]).toMatchObject({ status: "ok", found: 4, new: 0, queued: 1 });
    expect(await outbox()).toEqual([`${sub.chatId}: ${figuresArticle().title}`]);
    expect((await temp.db.newsItem.findUniqueOrThrow({ where: { id: stranded.id } })).reportId).not.toBeNull();
    expect((await temp.db.queueCursor.findUniqueOrThrow({ where: { sourceId: source.id } })).lastItemId).toBe(stranded.id);
    expect((await crawlOnce(temp.db, h.deps)).queued).toBe(0);
  });

  it("keeps queuing stored items while their source is down", async () => {
    await subscribe();
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness({ maxNewPerSource: 1 });
    await crawlOnce(temp.db, h.deps);
    site.rss.unshift(figuresArticle(), article("bai-moi-1", "Hội chợ hàng Việt về nông thôn", "Hội chợ tổ chức tại huyện.", "2023-10-22T00:00:00Z"));
    await crawlOnce(temp.db, h.deps);
    site.fault.set("/rss.xml", "error500");
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "failed", queued: 1 });
    expect(await temp.db.delivery.count()).toBe(2);
  });
});
