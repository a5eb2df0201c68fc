// Feeds far larger than one SQL statement can take, and database errors during a crawl: both must
// end as stored items or as a counted failure of the source, never as a crawl that cannot proceed.
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backoffDelay, crawlOnce, FAILURES_BEFORE_ALERT } from "../../../src/services/news/crawl.ts";
import { syncSources, type SourceDef } from "../../../src/services/news/sources.ts";
import { openTempDb, type TempDb } from "../../support/reports.ts";
import { probeWriteLock } from "../../support/lock-holder.ts";
import { crawlHarness, resetNewsTables, type NewsSite, type SiteArticle, startNewsSite } from "../../support/news-site.ts";

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
  site.fault.clear();
});

/** `n` articles, newest first as a feed lists them. */
function articles(n: number): SiteArticle[] {
  const start = Date.UTC(2023, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    slug: `tin-${i}`,
    title: `Tin số ${i}: hoạt động ngành Công Thương`,
    summary: `Tóm tắt tin số ${i}.`,
    paragraphs: [],
    published: new Date(start + i * 60_000),
  })).reverse();
}

const rss = (): SourceDef => ({ url: site.url("/rss.xml"), kind: "feed", name: "Tin tức", topic: "Tin tức" });
const rssRow = () => temp.db.newsSource.findUniqueOrThrow({ where: { url: site.url("/rss.xml") } });
const MINUTE = 60_000;

describe("a feed with thousands of items", () => {
  it.each([1000, 5000])(
    "stores all %i items, in transactions short enough not to hold up the service",
    async (n) => {
      site.rss = articles(n);
      await syncSources(temp.db, [rss()]);
      const probe = probeWriteLock(path.join(temp.dir, "bot.db"));
      const summary = await crawlOnce(temp.db, crawlHarness().deps);
      const longestLockWait = await probe.stop();
      expect(summary.sources).toEqual([{ url: site.url("/rss.xml"), status: "ok", found: n, new: n, queued: 0, offsite: 0 }]);
      expect(await temp.db.newsItem.count()).toBe(n);
      expect(await rssRow()).toMatchObject({ consecutiveFailures: 0, lastItemCount: n });
      // Oldest first, so ids follow publication time.
      const ids = await temp.db.newsItem.findMany({ orderBy: { id: "asc" }, select: { key: true } });
      expect([ids[0].key, ids.at(-1)!.key]).toEqual(["guid:sct-tin-0", `guid:sct-tin-${n - 1}`]);
      expect(longestLockWait).toBeLessThan(1000);
    },
    60_000,
  );

  it("stores only the new items of a feed that grew from 1,000 to 5,000", async () => {
    site.rss = articles(5000).slice(4000);
    await syncSources(temp.db, [rss()]);
    const h = crawlHarness({ fetchArticle: async () => "<html><body></body></html>" });
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ found: 1000, new: 1000 });
    site.rss = articles(5000);
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "ok", found: 5000, new: 4000, queued: 0 });
    expect(await temp.db.newsItem.count()).toBe(5000);
  }, 60_000);
});

describe("a database error during a crawl", () => {
  it("counts as a failure of the source: failure count, backoff, staff notice, recovery", async () => {
    site.rss = articles(3);
    await syncSources(temp.db, [rss()]);
    await temp.db.$executeRawUnsafe(`CREATE TRIGGER refuse_items BEFORE INSERT ON NewsItem BEGIN SELECT RAISE(ABORT, 'forced failure'); END`);
    try {
      const h = crawlHarness();
      for (let i = 1; i <= FAILURES_BEFORE_ALERT; i++) {
        const [outcome] = (await crawlOnce(temp.db, h.deps)).sources;
        expect(outcome).toMatchObject({ status: "failed", error: expect.stringMatching(/^lỗi cơ sở dữ liệu: /) });
        expect(await rssRow()).toMatchObject({ consecutiveFailures: i, lastError: outcome.error, nextFetchAt: new Date(h.clock.now.getTime() + backoffDelay(i)) });
        h.clock.advance(24 * 60 * MINUTE);
      }
      expect(h.staff).toHaveLength(1);
      expect(h.staff[0]).toMatch(/lỗi 3 lần liên tiếp/);
      await temp.db.$executeRawUnsafe(`DROP TRIGGER refuse_items`);
      expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ status: "ok", new: 3 });
      expect(await rssRow()).toMatchObject({ consecutiveFailures: 0, staffAlertedAt: null });
      expect(h.staff.at(-1)).toMatch(/hoạt động trở lại/);
    } finally {
      await temp.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_items`);
    }
  });
});
