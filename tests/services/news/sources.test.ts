import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configuredSources, parseSourceList, SourceConfigError, sourceDef, syncSources } from "../../../src/services/news/sources.ts";
import { openTempDb, type TempDb } from "../../support/reports.ts";
import { resetNewsTables } from "../../support/news-site.ts";

const listing = {
  url: "https://sct.example/tin-tuc",
  kind: "html",
  name: "Tin tức Sở Công Thương",
  topic: "Tin tức",
  selectors: { item: ".news-item", link: "a", title: "h3", date: ".date" },
};

describe("parseSourceList", () => {
  it("takes URLs from NEWS_SOURCES, separated by commas or whitespace, as feeds", () => {
    expect(parseSourceList(" https://sct.example/rss.xml,https://moit.gov.vn/rss\n  http://sct.example/atom.xml ", null)).toEqual([
      { url: "https://sct.example/rss.xml", kind: "feed" },
      { url: "https://moit.gov.vn/rss", kind: "feed" },
      { url: "http://sct.example/atom.xml", kind: "feed" },
    ]);
    expect(parseSourceList("", null)).toEqual([]);
  });

  it("reads the sources file, which describes a URL also named in NEWS_SOURCES", () => {
    const file = JSON.stringify([listing, { url: "https://sct.example/rss.xml", kind: "feed", topic: "Thông báo", selectors: listing.selectors }]);
    expect(parseSourceList("https://sct.example/tin-tuc https://moit.gov.vn/rss", file)).toEqual([
      listing,
      { url: "https://moit.gov.vn/rss", kind: "feed" },
      { url: "https://sct.example/rss.xml", kind: "feed", topic: "Thông báo" },
    ]);
  });

  it("reports every bad entry with its position and field", () => {
    const file = JSON.stringify([
      { url: "https://sct.example/a", kind: "html" },
      { url: "ftp://sct.example/b", kind: "feed" },
      { url: "https://sct.example/c", kind: "rss" },
      { url: "https://sct.example/d", kind: "html", selectors: { item: ".x", link: "a", titel: "h3" } },
      "https://sct.example/e",
    ]);
    let error: SourceConfigError | undefined;
    try {
      parseSourceList("khong-phai-url", file);
    } catch (err) {
      error = err as SourceConfigError;
    }
    expect(error).toBeInstanceOf(SourceConfigError);
    expect(error!.problems).toEqual([
      'NEWS_SOURCES "khong-phai-url": phải là địa chỉ http(s) đầy đủ',
      "NEWS_SOURCES_FILE mục 1 (https://sct.example/a): selectors: bắt buộc với nguồn kiểu html: { item, link, title, date? }",
      "NEWS_SOURCES_FILE mục 2 (ftp://sct.example/b): url: phải là địa chỉ http(s) đầy đủ",
      'NEWS_SOURCES_FILE mục 3 (https://sct.example/c): kind: phải là "feed" hoặc "html"',
      "NEWS_SOURCES_FILE mục 4 (https://sct.example/d): selectors.title: là bắt buộc",
      'NEWS_SOURCES_FILE mục 4 (https://sct.example/d): selectors: không có trường "titel"',
      "NEWS_SOURCES_FILE mục 5: phải là một đối tượng JSON { ... }",
    ]);
  });

  it("reads the hosts a source's article links may also be on, and refuses what is not a host name", () => {
    const file = JSON.stringify([{ url: "https://sct.example/rss.xml", kind: "feed", allowHosts: ["baocongthuong.vn", " moit.gov.vn "] }]);
    expect(parseSourceList("", file)).toEqual([{ url: "https://sct.example/rss.xml", kind: "feed", allowHosts: ["baocongthuong.vn", "moit.gov.vn"] }]);
    const bad = JSON.stringify([
      { url: "https://sct.example/rss.xml", kind: "feed", allowHosts: ["https://moit.gov.vn/"] },
      { url: "https://sct.example/b", kind: "feed", allowHosts: "moit.gov.vn" },
    ]);
    expect(() => parseSourceList("", bad)).toThrow(
      new SourceConfigError([
        "NEWS_SOURCES_FILE mục 1 (https://sct.example/rss.xml): allowHosts.0: phải là tên miền, chẳng hạn baocongthuong.vn",
        'NEWS_SOURCES_FILE mục 2 (https://sct.example/b): allowHosts: phải là danh sách tên miền ["..."]',
      ]).message,
    );
  });

  it("explains a file that is not a JSON array", () => {
    expect(() => parseSourceList("", "{ url: 1 }")).toThrow(/NEWS_SOURCES_FILE không phải JSON hợp lệ/);
    expect(() => parseSourceList("", '{"url":"https://sct.example"}')).toThrow(/phải là một mảng JSON/);
  });
});

describe("syncSources", () => {
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

  it("creates one row per source and records the configured set", async () => {
    const defs = parseSourceList("https://sct.example/rss.xml", JSON.stringify([listing]));
    await syncSources(temp.db, defs);
    const rows = await temp.db.newsSource.findMany({ orderBy: { url: "asc" } });
    expect(rows.map((r) => [r.url, r.kind, r.name, r.topic])).toEqual([
      ["https://sct.example/rss.xml", "feed", null, null],
      ["https://sct.example/tin-tuc", "html", "Tin tức Sở Công Thương", "Tin tức"],
    ]);
    const listed = (await configuredSources(temp.db)).map(sourceDef);
    expect(listed.find((d) => d.url === "https://sct.example/tin-tuc")).toEqual({ ...listing, official: false, allowHosts: [] });
  });

  it("updates names and topics without touching the fetch state", async () => {
    await syncSources(temp.db, [{ url: "https://sct.example/rss.xml", kind: "feed" }]);
    const next = new Date("2023-10-23T02:00:00Z");
    await temp.db.newsSource.update({
      where: { url: "https://sct.example/rss.xml" },
      data: { etag: '"v1"', lastModified: "Mon, 23 Oct 2023 01:00:00 GMT", consecutiveFailures: 2, nextFetchAt: next, lastError: "HTTP 500" },
    });
    await syncSources(temp.db, [{ url: "https://sct.example/rss.xml", kind: "feed", name: "Tin tức", topic: "Tin tức" }]);
    const row = await temp.db.newsSource.findUniqueOrThrow({ where: { url: "https://sct.example/rss.xml" } });
    expect(row).toMatchObject({ name: "Tin tức", topic: "Tin tức", etag: '"v1"', consecutiveFailures: 2, nextFetchAt: next, lastError: "HTTP 500" });
  });

  it("keeps the row of a source dropped from the configuration but no longer lists it", async () => {
    await syncSources(temp.db, [
      { url: "https://sct.example/rss.xml", kind: "feed" },
      { url: "https://sct.example/cu.xml", kind: "feed" },
    ]);
    await syncSources(temp.db, [{ url: "https://sct.example/rss.xml", kind: "feed" }]);
    expect(await temp.db.newsSource.count()).toBe(2);
    expect((await configuredSources(temp.db)).map((s) => s.url)).toEqual(["https://sct.example/rss.xml"]);
  });
});
