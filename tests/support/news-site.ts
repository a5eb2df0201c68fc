// A department news site on 127.0.0.1 for the crawler tests: an RSS 2.0 feed, an Atom feed, a
// listing page and article pages. Tests change what each page lists between crawls and can make
// any path fail (500, malformed XML, a slow answer, a dropped connection). Feeds and the listing
// send an ETag and answer 304 when it is sent back.
import { createHash } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Db } from "../../src/services/db.ts";
import { createLogger } from "../../src/services/logger.ts";
import type { CrawlDeps } from "../../src/services/news/crawl.ts";
import { fetchSource } from "../../src/services/news/fetch-source.ts";
import { fetchPage } from "../../src/services/reports/fetch-page.ts";
import { localFetch } from "./local-fetch.ts";

export interface SiteArticle {
  slug: string;
  title: string;
  summary: string;
  paragraphs: string[];
  published: Date;
  /** The link feeds give for it, when not its page on this site (another host, say). */
  link?: string;
}

export type Fault = "error500" | "malformed" | "slow" | "reset" | "empty";

export interface NewsSite {
  base: string;
  url(path: string): string;
  /** What each page lists, newest first, as a department site does. */
  rss: SiteArticle[];
  atom: SiteArticle[];
  listing: SiteArticle[];
  /** RSS items carry <guid> (default) or only a <link> with tracking parameters. */
  rssGuids: boolean;
  /** Every article that has an article page. */
  articles: Map<string, SiteArticle>;
  fault: Map<string, Fault>;
  /** Paths answered with a 302 to the given location. */
  redirects: Map<string, string>;
  /** Requests per path, and how many of them were answered 304. */
  hits: Map<string, number>;
  notModified: Map<string, number>;
  lastHeaders: Map<string, Record<string, string | string[] | undefined>>;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const dmy = (d: Date) => {
  const local = new Date(d.getTime() + 7 * 3600_000);
  return `${String(local.getUTCDate()).padStart(2, "0")}/${String(local.getUTCMonth() + 1).padStart(2, "0")}/${local.getUTCFullYear()}`;
};
const articlePath = (a: SiteArticle) => `/tin-tuc/${a.slug}.html`;

function rssXml(site: NewsSite): string {
  const items = site.rss.map((a) => {
    const link = a.link ?? `${site.base}${articlePath(a)}${site.rssGuids ? "" : "?utm_source=rss&utm_medium=feed"}`;
    const guid = site.rssGuids ? `<guid isPermaLink="false">sct-${a.slug}</guid>` : "";
    return `<item><title>${esc(a.title)}</title><link>${esc(link)}</link>${guid}<description>${esc(`<p>${a.summary}</p>`)}</description><pubDate>${a.published.toUTCString()}</pubDate></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Sở Công Thương - Tin tức</title><link>${site.base}/</link><description>Tin hoạt động ngành Công Thương</description>${items.join("")}</channel></rss>`;
}

function atomXml(site: NewsSite): string {
  const entries = site.atom.map(
    (a) =>
      `<entry><id>tag:sct.example,2023:${a.slug}</id><title>${esc(a.title)}</title><link rel="alternate" href="${site.base}${articlePath(a)}"/><published>${a.published.toISOString()}</published><updated>${a.published.toISOString()}</updated><summary>${esc(a.summary)}</summary></entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Thông báo - Sở Công Thương</title><id>tag:sct.example,2023:thong-bao</id><updated>2023-10-23T00:00:00Z</updated>${entries.join("")}</feed>`;
}

const chrome = (inner: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Sở Công Thương</title></head><body><header class="header"><div class="logo">SỞ CÔNG THƯƠNG</div><nav class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></nav></header>${inner}<footer class="footer">Địa chỉ: 126A Nguyễn Thị Định, phường Phú Tân. Điện thoại: 0275.3822365</footer></body></html>`;

function listingHtml(site: NewsSite): string {
  // Relative links, as the department's CMS writes them.
  const rows = site.listing.map(
    (a) =>
      `<div class="news-item"><a class="news-link" href="tin-tuc/${a.slug}.html"><h3 class="news-title">${esc(a.title)}</h3></a><span class="news-date">(Cập nhật: ${dmy(a.published)})</span></div>`,
  );
  return chrome(`<main><h2>Tin tức - Sự kiện</h2><div class="news-list">${rows.join("")}</div></main>`);
}

function articleHtml(a: SiteArticle): string {
  const body = a.paragraphs.map((p) => `<p>${esc(p)}</p>`).join("");
  return chrome(
    `<main><article><h1>${esc(a.title)}</h1><p>(Cập nhật: ${dmy(a.published)})</p>${body}<p>Tác giả: Phòng Quản lý Công nghiệp</p></article><aside><h3>Tin cùng loại</h3></aside></main>`,
  );
}

/** Sends a page with an ETag, or 304 when the client already has this version. */
function sendVersioned(site: NewsSite, req: express.Request, res: express.Response, type: string, body: string): void {
  const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
  if (req.headers["if-none-match"] === etag) {
    site.notModified.set(req.path, (site.notModified.get(req.path) ?? 0) + 1);
    res.status(304).set("etag", etag).end();
    return;
  }
  res.status(200).set({ "content-type": type, etag, "last-modified": "Mon, 23 Oct 2023 01:00:00 GMT" }).send(body);
}

export async function startNewsSite(articles: SiteArticle[] = []): Promise<NewsSite> {
  const app = express();
  app.set("etag", false);
  const timers = new Set<NodeJS.Timeout>();
  const site: NewsSite = {
    base: "",
    url: (path) => `${site.base}${path}`,
    rss: [],
    atom: [],
    listing: [],
    rssGuids: true,
    articles: new Map(articles.map((a) => [a.slug, a])),
    fault: new Map(),
    redirects: new Map(),
    hits: new Map(),
    notModified: new Map(),
    lastHeaders: new Map(),
    close: async () => {},
  };
  app.use((req, res, next) => {
    site.hits.set(req.path, (site.hits.get(req.path) ?? 0) + 1);
    site.lastHeaders.set(req.path, { ...req.headers });
    const location = site.redirects.get(req.path);
    if (location) return void res.redirect(302, location);
    const fault = site.fault.get(req.path);
    if (!fault) return next();
    if (fault === "error500") res.status(500).type("text/html").send("<h1>Lỗi máy chủ</h1>");
    else if (fault === "malformed") res.type("application/rss+xml").send(`<?xml version="1.0"?><rss version="2.0"><channel><item><title>Tin hỏng</title></channel>`);
    else if (fault === "empty")
      res
        .type(req.path.endsWith(".xml") ? "application/rss+xml" : "text/html")
        .send(req.path.endsWith(".xml") ? `<rss version="2.0"><channel><title>Tin tức</title></channel></rss>` : chrome("<main><p>Trang đang được nâng cấp.</p></main>"));
    else if (fault === "reset") req.socket.destroy();
    else {
      const timer = setTimeout(() => res.type("text/plain").send("muộn"), 10_000);
      timers.add(timer);
    }
  });
  app.get("/rss.xml", (req, res) => sendVersioned(site, req, res, "application/rss+xml; charset=utf-8", rssXml(site)));
  app.get("/atom.xml", (req, res) => sendVersioned(site, req, res, "application/atom+xml; charset=utf-8", atomXml(site)));
  app.get("/tin-tuc", (req, res) => sendVersioned(site, req, res, "text/html; charset=utf-8", listingHtml(site)));
  app.get("/tin-tuc/:file", (req, res) => {
    const article = site.articles.get(req.params.file.replace(/\.html$/, ""));
    if (!article) res.status(404).type("text/html").send(chrome("<p>Không tìm thấy trang.</p>"));
    else res.type("text/html; charset=utf-8").send(articleHtml(article));
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  site.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = async () => {
    for (const timer of timers) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return site;
}

const day = (d: number, m: number, h = 8) => new Date(Date.UTC(2023, m - 1, d, h - 7));

/** Articles in the style of a department's news page, oldest first. */
export function sampleArticles(): SiteArticle[] {
  const filler =
    "Sở Công Thương đề nghị các doanh nghiệp, cơ sở sản xuất trên địa bàn tỉnh tiếp tục theo dõi sát diễn biến thị trường, chủ động nguồn nguyên liệu và phối hợp với các sở, ngành để kịp thời tháo gỡ khó khăn, vướng mắc trong quá trình hoạt động.";
  return [
    {
      slug: "hoi-nghi-ket-noi-cung-cau-2023",
      title: "Hội nghị kết nối cung cầu hàng hóa năm 2023",
      summary: "Hơn 120 doanh nghiệp tham gia hội nghị kết nối cung cầu hàng hóa giữa tỉnh và Thành phố Hồ Chí Minh.",
      paragraphs: ["Sáng ngày 10/10/2023, Sở Công Thương tổ chức Hội nghị kết nối cung cầu hàng hóa năm 2023 với sự tham gia của hơn 120 doanh nghiệp.", filler],
      published: day(10, 10),
    },
    {
      slug: "kiem-tra-chat-luong-xang-dau",
      title: "Tăng cường kiểm tra chất lượng xăng dầu trên địa bàn tỉnh",
      summary: "Đoàn kiểm tra liên ngành kiểm tra 35 cửa hàng xăng dầu trong tháng 10.",
      paragraphs: ["Thực hiện kế hoạch kiểm tra, đoàn kiểm tra liên ngành đã kiểm tra 35 cửa hàng kinh doanh xăng dầu trên địa bàn tỉnh.", filler],
      published: day(14, 10),
    },
    {
      slug: "lich-tam-ngung-cung-cap-dien",
      title: "Thông báo lịch tạm ngưng cung cấp điện tuần tới",
      summary: "Công ty Điện lực thông báo lịch tạm ngưng cung cấp điện để bảo trì lưới điện.",
      paragraphs: ["Công ty Điện lực tỉnh thông báo lịch tạm ngưng cung cấp điện từ ngày 23/10/2023 đến ngày 29/10/2023 để bảo trì, sửa chữa lưới điện.", filler],
      published: day(18, 10),
    },
  ];
}

/** An article that appears after the first crawl, carrying figures the extractor recognises. */
export function figuresArticle(): SiteArticle {
  return {
    slug: "tinh-hinh-san-xuat-cong-nghiep-9-thang-2023",
    title: "Tình hình sản xuất công nghiệp và xuất khẩu 9 tháng năm 2023",
    summary: "Giá trị sản xuất công nghiệp 9 tháng tăng 6,5%; kim ngạch xuất khẩu ước đạt 1.012,3 triệu USD.",
    paragraphs: [
      "Theo báo cáo của Sở Công Thương, giá trị sản xuất công nghiệp 9 tháng năm 2023 ước đạt 85.234 tỷ đồng, tăng 6,5% so với cùng kỳ năm trước.",
      "Kim ngạch xuất khẩu 9 tháng năm 2023 ước đạt 1.012,3 triệu USD. Các mặt hàng chủ lực gồm sản phẩm từ dừa, thủy sản chế biến và hàng may mặc tiếp tục giữ vững thị trường.",
      "Trong quý IV, Sở Công Thương tiếp tục phối hợp các ngành hỗ trợ doanh nghiệp tìm kiếm đơn hàng, mở rộng thị trường và đẩy mạnh chuyển đổi số trong sản xuất, kinh doanh.",
    ],
    published: day(23, 10),
  };
}

/** Empties what the news tests write, so one migrated database serves a whole test file. */
export async function resetNewsTables(db: Db): Promise<void> {
  await db.delivery.deleteMany();
  await db.newsItem.deleteMany();
  await db.newsSource.deleteMany();
  await db.subscriber.deleteMany();
  await db.report.deleteMany();
}

export interface CrawlHarness {
  deps: CrawlDeps;
  /** What staff were told, in order. */
  staff: string[];
  /** The crawler's clock; tests move it instead of waiting. */
  clock: { now: Date; advance(ms: number): void };
}

/** Crawl dependencies wired to real HTTP (short timeout), a silent logger and a movable clock. */
export function crawlHarness(overrides: Partial<CrawlDeps> = {}): CrawlHarness {
  const staff: string[] = [];
  const clock = {
    now: new Date("2023-10-23T01:00:00Z"),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const deps: CrawlDeps = {
    fetchSource: (source) => fetchSource(source, { timeoutMs: 2000, safeFetch: localFetch }),
    fetchArticle: async (url) => (await fetchPage(url, { timeoutMs: 2_000, safeFetch: localFetch })).html,
    logger: createLogger({ level: "silent", secrets: [] }),
    now: () => clock.now,
    notifyStaff: async (text) => {
      staff.push(text);
    },
    ...overrides,
  };
  return { deps, staff, clock };
}
