// REVIEW_CRAWLED_REPORTS: articles the crawler stores as reports wait for staff review (their
// figures are not answered until then); without the setting they are answered at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFigureAnswerer } from "../../../src/handlers/figures.ts";
import { markReviewed } from "../../../src/services/console/report-review.ts";
import { crawlOnce } from "../../../src/services/news/crawl.ts";
import { syncSources } from "../../../src/services/news/sources.ts";
import type { Understanding } from "../../../src/services/nlu/understand.ts";
import { crawlHarness, figuresArticle, resetNewsTables, sampleArticles, startNewsSite, type NewsSite } from "../../support/news-site.ts";
import { openTempDb, type TempDb } from "../../support/reports.ts";

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
});

/** Crawls once to set the baseline, then once more with the figures article new in the feed. */
async function crawlFiguresArticle(reviewArticles: boolean | undefined) {
  await syncSources(temp.db, [{ url: site.url("/rss.xml"), kind: "feed", topic: "Tin tức" }]);
  const h = crawlHarness({ reviewArticles });
  await crawlOnce(temp.db, h.deps);
  site.rss.unshift(figuresArticle());
  await crawlOnce(temp.db, h.deps);
  const item = await temp.db.newsItem.findFirstOrThrow({ where: { title: figuresArticle().title } });
  return temp.db.report.findUniqueOrThrow({ where: { id: item.reportId! } });
}

const ask = async (text: string) =>
  (await createFigureAnswerer(temp.db).answer({ words: [] } as unknown as Understanding, { channel: "telegram", userId: "1", chatId: "1", text }))?.text ?? "";
const QUESTION = "kim ngạch xuất khẩu 9 tháng năm 2023";

describe("articles the crawler stores", () => {
  it("wait for review when REVIEW_CRAWLED_REPORTS is on, and are answered once reviewed", async () => {
    const report = await crawlFiguresArticle(true);
    expect(report).toMatchObject({ awaitingReview: true, reviewedBy: null });
    expect(await ask(QUESTION)).not.toContain("1.012,3 triệu USD");
    await markReviewed(temp.db, report.id, { staffId: "telegram:900", at: new Date("2023-10-23T02:00:00Z") });
    expect(await ask(QUESTION)).toContain("1.012,3 triệu USD");
  });

  it("are answered at once when it is off (the default)", async () => {
    const report = await crawlFiguresArticle(undefined);
    expect(report.awaitingReview).toBe(false);
    expect(await ask(QUESTION)).toContain("1.012,3 triệu USD");
  });
});
