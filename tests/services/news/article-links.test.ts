// Which article links the crawler fetches: none that redirect to an internal address, none on
// another site than the source's unless the source lists it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCore } from "../../../src/app/core.ts";
import { createSafeFetch } from "../../../src/services/http/safe-fetch.ts";
import type { Logger } from "../../../src/services/logger.ts";
import { isSourceArticle } from "../../../src/services/news/article-hosts.ts";
import { crawlOnce } from "../../../src/services/news/crawl.ts";
import { syncSources, type SourceDef } from "../../../src/services/news/sources.ts";
import { fetchPage } from "../../../src/services/reports/fetch-page.ts";
import { startInternalHost, type InternalHost } from "../../support/local-fetch.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";
import { crawlHarness, figuresArticle, resetNewsTables, sampleArticles, startNewsSite, type NewsSite, type SiteArticle } from "../../support/news-site.ts";

const SECRET_FIGURE = "7.777,7 triệu USD";
const INTERNAL_PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Báo cáo nội bộ</title></head><body><article><h1>Báo cáo nội bộ: kim ngạch nhập khẩu 9 tháng năm 2023</h1>
<p>Kim ngạch nhập khẩu 9 tháng năm 2023 ước đạt ${SECRET_FIGURE}, tăng 12,5% so với cùng kỳ năm trước. Số liệu chỉ dùng trong nội bộ cơ quan, không công bố ra bên ngoài.</p>
<p>Trong quý IV, các phòng chuyên môn tiếp tục theo dõi sát tình hình nhập khẩu của doanh nghiệp trên địa bàn tỉnh và báo cáo lãnh đạo Sở.</p></article></body></html>`;

let temp: TempDb;
let site: NewsSite;
let internal: InternalHost;
beforeAll(async () => {
  [temp, site, internal] = await Promise.all([createTempDb(), startNewsSite(), startInternalHost(INTERNAL_PAGE)]);
});
afterAll(async () => {
  await Promise.all([temp.cleanup(), site.close(), internal.close()]);
});
beforeEach(async () => {
  await resetNewsTables(temp.db);
  site.articles = new Map([...sampleArticles(), figuresArticle()].map((a) => [a.slug, a]));
  site.rss = sampleArticles().reverse();
  site.redirects.clear();
  internal.requests.length = 0;
  await temp.db.subscriber.create({ data: { channel: "telegram", chatId: "1", topics: "[]", keywords: "[]", subscribedAt: new Date("2023-10-01T00:00:00Z") } });
});

const rss = (extra: Partial<SourceDef> = {}): SourceDef => ({ url: site.url("/rss.xml"), kind: "feed", topic: "Tin tức", ...extra });
const item = (slug: string, link?: string): SiteArticle => ({ ...figuresArticle(), slug, title: `Tin ${slug}`, link });

function capturingLogger() {
  const events: Record<string, unknown>[] = [];
  const log = (fields: Record<string, unknown>) => void events.push(fields);
  return { events, logger: { info: log, warn: log, error: log, debug: log } as unknown as Logger };
}

/** A feed item on the source's own host whose page redirects to the internal host. */
async function crawlWithRedirectedItem(allowPrivate: string[]) {
  const safeFetch = createSafeFetch({ allowPrivate });
  const { events, logger } = capturingLogger();
  const h = crawlHarness({ logger, fetchArticle: async (url) => (await fetchPage(url, { timeoutMs: 2_000, safeFetch })).html });
  await syncSources(temp.db, [rss()]);
  await crawlOnce(temp.db, h.deps);
  site.redirects.set("/tin-tuc/bao-cao-noi-bo.html", `${internal.base}/bao-cao.html`);
  site.rss.unshift(figuresArticle(), item("bao-cao-noi-bo"));
  const outcome = (await crawlOnce(temp.db, h.deps)).sources[0];
  const stored = await temp.db.newsItem.findFirstOrThrow({ where: { title: "Tin bao-cao-noi-bo" } });
  const core = await createCore(temp.db);
  const ask = async (text: string) => (await core.answer({ channel: "telegram", userId: "9", chatId: "9", text })).text;
  // The site's own article carries the exports; only the internal page carries the imports.
  const answer = { own: await ask("kim ngạch xuất khẩu 9 tháng năm 2023"), secret: await ask("kim ngạch nhập khẩu 9 tháng năm 2023") };
  return { outcome, stored, answer, events };
}

describe("an article link that redirects to an internal address", () => {
  it("is refused: the page is never fetched, stored or answerable; the site's own article is", async () => {
    const { outcome, stored, answer, events } = await crawlWithRedirectedItem(["127.0.0.1"]);
    expect(outcome).toMatchObject({ status: "ok", new: 2, queued: 2, offsite: 0 });
    expect(internal.requests).toEqual([]);
    expect(stored.reportId).toBeNull();
    expect(await temp.db.report.count({ where: { url: { contains: "127.0.0.2" } } })).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({ event: "news_article_failed", error: expect.stringMatching(/127\.0\.0\.2 thuộc dải loopback/) }));
    expect(answer.own).toContain("1.012,3 triệu USD");
    expect(answer.secret).not.toContain("7.777,7");
  });

  it("is fetched when FETCH_ALLOW_PRIVATE names its range (so the refusal above is the policy's doing)", async () => {
    const { stored, answer } = await crawlWithRedirectedItem(["127.0.0.0/8"]);
    expect(internal.requests).toEqual(["/bao-cao.html"]);
    expect(stored.reportId).not.toBeNull();
    expect(answer.secret).toContain("7.777,7");
  });
});

describe("an article link on another host than its source", () => {
  it("is skipped, logged and counted, but its alert is still queued; a host the source lists is fetched", async () => {
    const requested: string[] = [];
    const { events, logger } = capturingLogger();
    const h = crawlHarness({ logger, fetchArticle: async (url) => (requested.push(url), "<html><body><p>Trang tin.</p></body></html>") });
    await syncSources(temp.db, [rss()]);
    await crawlOnce(temp.db, h.deps);
    site.rss.unshift(item("tin-ngoai", "https://baocongthuong.vn/tin-ngoai.html"), item("tin-nha", site.url("/tin-tuc/tin-nha.html")));
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ new: 2, queued: 2, offsite: 1 });
    expect(requested).toEqual([site.url("/tin-tuc/tin-nha.html")]);
    expect(events).toContainEqual(expect.objectContaining({ event: "news_link_offsite", url: "https://baocongthuong.vn/tin-ngoai.html" }));

    await syncSources(temp.db, [rss({ allowHosts: ["baocongthuong.vn"] })]);
    site.rss.unshift(item("tin-ngoai-2", "https://www.baocongthuong.vn/tin-ngoai-2.html"));
    expect((await crawlOnce(temp.db, h.deps)).sources[0]).toMatchObject({ new: 1, queued: 1, offsite: 0 });
    expect(requested.at(-1)).toBe("https://www.baocongthuong.vn/tin-ngoai-2.html");
  });

  it("is judged by host name: the source's host and its subdomains, www. aside", () => {
    const source = "https://www.sct.bentre.gov.vn/rss/tin-tuc.xml";
    const cases: [string, boolean][] = [
      ["https://www.sct.bentre.gov.vn/tin/1.html", true],
      ["http://sct.bentre.gov.vn:8080/tin/1.html", true],
      ["https://tintuc.sct.bentre.gov.vn/1.html", true],
      ["https://bentre.gov.vn/1.html", false],
      ["https://sct.bentre.gov.vn.evil.example/1.html", false],
      ["https://evilsct.bentre.gov.vn/1.html", false],
      ["http://127.0.0.1/admin", false],
      ["file:///etc/passwd", false],
      ["không phải địa chỉ", false],
    ];
    for (const [link, ok] of cases) expect([link, isSourceArticle(link, source)]).toEqual([link, ok]);
    expect(isSourceArticle("https://baocongthuong.vn/a.html", source, ["BaoCongThuong.vn"])).toBe(true);
    expect(isSourceArticle("https://moit.gov.vn/a.html", source, ["baocongthuong.vn"])).toBe(false);
  });
});
