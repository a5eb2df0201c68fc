import { describe, expect, it } from "vitest";
import { parseFeed } from "../../../src/services/news/parse-feed.ts";
import { parseListing, parseViDate } from "../../../src/services/news/parse-listing.ts";

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Sở Công Thương</title><link>https://sct.example/</link><description>Tin tức</description>
<item><title>Hội nghị kết nối cung cầu hàng hóa năm 2023</title><link>https://sct.example/tin/hoi-nghi.html</link>
<guid isPermaLink="false">sct-101</guid><pubDate>Tue, 10 Oct 2023 01:00:00 GMT</pubDate>
<description><![CDATA[<p>Hơn <b>120</b> doanh nghiệp&nbsp;tham gia.</p>]]></description></item>
<item><title>  Thông báo lịch   cắt điện </title><link>https://sct.example/tin/cat-dien.html</link></item>
<item><description>Không có tiêu đề nhưng có nội dung</description></item>
<item><link>https://sct.example/tin/trong.html</link></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Thông báo</title><id>tag:sct.example,2023:tb</id><updated>2023-10-23T00:00:00Z</updated>
<entry><id>tag:sct.example,2023:tb-7</id><title type="html">Tăng cường kiểm tra xăng dầu</title>
<link rel="alternate" href="https://sct.example/tb/7"/><published>2023-10-14T08:00:00+07:00</published>
<summary>Đoàn kiểm tra liên ngành kiểm tra 35 cửa hàng.</summary></entry>
</feed>`;

describe("parseFeed", () => {
  it("reads RSS 2.0 items: GUID, link, tidy title, date and a plain-text summary", async () => {
    const items = await parseFeed(RSS);
    expect(items[0]).toEqual({
      guid: "sct-101",
      url: "https://sct.example/tin/hoi-nghi.html",
      title: "Hội nghị kết nối cung cầu hàng hóa năm 2023",
      publishedAt: new Date("2023-10-10T01:00:00Z"),
      summary: "Hơn 120 doanh nghiệp tham gia.",
    });
    expect(items[1]).toEqual({ url: "https://sct.example/tin/cat-dien.html", title: "Thông báo lịch cắt điện" });
    expect(items[2].title).toBe("Không có tiêu đề nhưng có nội dung");
    expect(items).toHaveLength(3);
  });

  it("reads Atom entries, using <id> as the GUID", async () => {
    expect(await parseFeed(ATOM)).toEqual([
      {
        guid: "tag:sct.example,2023:tb-7",
        url: "https://sct.example/tb/7",
        title: "Tăng cường kiểm tra xăng dầu",
        publishedAt: new Date("2023-10-14T01:00:00Z"),
        summary: "Đoàn kiểm tra liên ngành kiểm tra 35 cửa hàng.",
      },
    ]);
  });

  it("returns no items for a valid feed without entries", async () => {
    expect(await parseFeed(`<rss version="2.0"><channel><title>Trống</title></channel></rss>`)).toEqual([]);
  });

  it("throws on malformed XML and on documents that are not feeds", async () => {
    await expect(parseFeed(`<rss version="2.0"><channel><item><title>Hỏng</title></channel>`)).rejects.toThrow(/Không đọc được nguồn RSS\/Atom/);
    await expect(parseFeed("<html><body>Trang chủ</body></html>")).rejects.toThrow(/Không đọc được nguồn RSS\/Atom/);
    await expect(parseFeed("")).rejects.toThrow(/Không đọc được nguồn RSS\/Atom/);
  });
});

describe("parseViDate", () => {
  it("reads dd/mm/yyyy, with or without the update label, as that day in Vietnam", () => {
    expect(parseViDate("23/10/2023")).toEqual(new Date("2023-10-22T17:00:00Z"));
    expect(parseViDate("(Cập nhật: 23/10/2023)")).toEqual(new Date("2023-10-22T17:00:00Z"));
    expect(parseViDate("Ngày đăng: 1-9-2023 08:15")).toEqual(new Date("2023-08-31T17:00:00Z"));
  });

  it("gives nothing for impossible or missing dates", () => {
    expect(parseViDate("31/02/2023")).toBeUndefined();
    expect(parseViDate("Cập nhật hôm qua")).toBeUndefined();
  });
});

describe("parseListing", () => {
  const selectors = { item: ".tin", link: "a", title: ".tieu-de", date: ".ngay" };
  const page = `<html><body><ul>
    <li class="tin"><a href="/tin-tuc/hoi-nghi.html"><span class="tieu-de">Hội nghị kết nối cung cầu</span></a><em class="ngay">(Cập nhật: 23/10/2023)</em></li>
    <li class="tin"><a href="cat-dien.html?id=5#top">  Thông báo lịch cắt điện </a></li>
    <li class="tin"><a href="javascript:void(0)"><span class="tieu-de">Liên kết hỏng</span></a></li>
    <li class="tin"><span class="ngay">24/10/2023</span></li>
  </ul></body></html>`;

  it("resolves relative links against the page, reads titles and dates", () => {
    expect(parseListing(page, "https://sct.example/tin-tuc/index.html", selectors)).toEqual([
      { url: "https://sct.example/tin-tuc/hoi-nghi.html", title: "Hội nghị kết nối cung cầu", publishedAt: new Date("2023-10-22T17:00:00Z") },
      { url: "https://sct.example/tin-tuc/cat-dien.html?id=5#top", title: "Thông báo lịch cắt điện" },
      { title: "Liên kết hỏng" },
    ]);
  });

  it("honours <base href> and a link selector that is the item itself", () => {
    const html = `<html><head><base href="https://cms.sct.example/portal/"></head><body><a class="tin" href="bai/1"><b>Bài một</b></a></body></html>`;
    expect(parseListing(html, "https://sct.example/", { item: "a.tin", link: "a.tin", title: "b" })).toEqual([{ url: "https://cms.sct.example/portal/bai/1", title: "Bài một" }]);
  });

  it("finds nothing when the selectors no longer match the layout", () => {
    expect(parseListing(page, "https://sct.example/", { item: ".news-item", link: "a", title: "h3" })).toEqual([]);
  });
});
