import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FetchSourceError, type FetchSourceOptions, fetchSource as fetchFrom, NEWS_USER_AGENT, type SourceState } from "../../../src/services/news/fetch-source.ts";
import { localFetch } from "../../support/local-fetch.ts";
import { sampleArticles, startNewsSite, type NewsSite } from "../../support/news-site.ts";

const fetchSource = (source: SourceState, options: FetchSourceOptions = {}) => fetchFrom(source, { safeFetch: localFetch, ...options });

let site: NewsSite;
beforeAll(async () => {
  site = await startNewsSite(sampleArticles());
});
afterAll(async () => {
  await site.close();
});
beforeEach(() => {
  site.rss = sampleArticles().reverse();
  site.fault.clear();
});

describe("fetchSource", () => {
  it("returns the body with its validators and names the bot in the User-Agent", async () => {
    const result = await fetchSource({ url: site.url("/rss.xml") });
    expect(result.status).toBe(200);
    if (result.status !== 200) return;
    expect(result.body).toContain("Hội nghị kết nối cung cầu hàng hóa năm 2023");
    expect(result.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(result.lastModified).toBe("Mon, 23 Oct 2023 01:00:00 GMT");
    expect(result.finalUrl).toBe(site.url("/rss.xml"));
    expect(site.lastHeaders.get("/rss.xml")?.["user-agent"]).toBe(NEWS_USER_AGENT);
    expect(NEWS_USER_AGENT).toMatch(/^CongThuongBot\/1\.0 \(\+/);
  });

  it("sends the stored validators back and returns 304 when nothing changed", async () => {
    const first = await fetchSource({ url: site.url("/rss.xml") }, { userAgent: "CongThuongBot/1.0 (+mailto:sct@example.vn)" });
    if (first.status !== 200) throw new Error("expected a page");
    const second = await fetchSource({ url: site.url("/rss.xml"), etag: first.etag, lastModified: first.lastModified });
    expect(second).toEqual({ status: 304 });
    const headers = site.lastHeaders.get("/rss.xml")!;
    expect(headers["if-none-match"]).toBe(first.etag);
    expect(headers["if-modified-since"]).toBe(first.lastModified);
  });

  it("fetches again when the stored ETag no longer matches", async () => {
    const first = await fetchSource({ url: site.url("/rss.xml") });
    if (first.status !== 200) throw new Error("expected a page");
    site.rss = site.rss.slice(1);
    expect((await fetchSource({ url: site.url("/rss.xml"), etag: first.etag })).status).toBe(200);
  });

  it("fails with the HTTP status", async () => {
    site.fault.set("/rss.xml", "error500");
    const error = await fetchSource({ url: site.url("/rss.xml") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchSourceError);
    expect(error).toMatchObject({ kind: "http", httpStatus: 500, message: expect.stringMatching(/HTTP 500/) });
  });

  it("gives up on a slow server after the timeout", async () => {
    site.fault.set("/rss.xml", "slow");
    await expect(fetchSource({ url: site.url("/rss.xml") }, { timeoutMs: 150 })).rejects.toMatchObject({
      kind: "timeout",
      message: expect.stringMatching(/quá thời gian chờ \(150 ms\)/),
    });
  });

  it("refuses a page larger than the cap", async () => {
    await expect(fetchSource({ url: site.url("/rss.xml") }, { maxBytes: 512 })).rejects.toMatchObject({
      kind: "too_large",
      message: expect.stringMatching(/lớn hơn giới hạn/),
    });
  });

  it("reports a dropped connection", async () => {
    site.fault.set("/rss.xml", "reset");
    await expect(fetchSource({ url: site.url("/rss.xml") })).rejects.toMatchObject({ kind: "network", message: expect.stringMatching(/không kết nối được/) });
  });
});
