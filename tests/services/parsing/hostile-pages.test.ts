// Pages nested thousands of levels deep froze the service (2,000 nested <div>s: 49 s; 3,000:
// 110 s, then a stack overflow) while /healthz and every chat waited. They are now refused by a
// linear pre-scan in the parse worker; the main thread keeps running and each caller fails through
// its normal failure path.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlOnce } from "../../../src/services/news/crawl.ts";
import { syncSources } from "../../../src/services/news/sources.ts";
import { ParseLimitError } from "../../../src/services/parsing/errors.ts";
import { closeParseWorker, parseInWorker } from "../../../src/services/parsing/parse-in-worker.ts";
import { ingestBytes } from "../../../src/services/reports/ingest.ts";
import { parseReportHtml, parseReportText } from "../../../src/services/reports/parse.ts";
import { parseReportDocx } from "../../../src/services/reports/parse-docx.ts";
import { parseReportPdf } from "../../../src/services/reports/parse-pdf.ts";
import { crawlHarness } from "../../support/news-site.ts";
import { fakeExtract, openTempDb, type TempDb } from "../../support/reports.ts";
import { rejection, whileAwaiting } from "../../support/event-loop.ts";

const nested = (depth: number) => `<html><body>${"<div>".repeat(depth)}<p>Giá trị sản xuất tăng 5%.</p>${"</div>".repeat(depth)}</body></html>`;
const DEEP = /lồng thẻ quá sâu \(hơn 256 cấp\)/;

let t: TempDb;
beforeAll(async () => {
  t = await openTempDb();
});
afterAll(async () => {
  await closeParseWorker();
  await t.close();
});

describe("a page nested thousands of levels deep", () => {
  it.each([3_000, 100_000])("%i levels: refused in the worker within the deadline, the event loop running", async (depth) => {
    const r = await whileAwaiting(() => parseInWorker("reportHtml", nested(depth)));
    const err = rejection(r.outcome);
    expect(err).toBeInstanceOf(ParseLimitError);
    expect(err.message).toMatch(DEEP);
    // Bounded by the 10 s deadline (plus starting the worker on a busy machine), not 49 s or more.
    expect(r.elapsedMs).toBeLessThan(20_000);
    expect(r.maxGapMs).toBeLessThan(1_000);
  });

  it("is refused by the parser itself too, whatever thread calls it", () => {
    expect(() => parseReportHtml(nested(3_000))).toThrow(ParseLimitError);
  });

  it("fails a chat file through the normal ingest failure path, storing nothing", async () => {
    const file = { bytes: new TextEncoder().encode(nested(3_000)), name: "sau.html" };
    await expect(ingestBytes(t.db, file, { extract: fakeExtract, fetchPage: async () => Promise.reject(new Error("no network")) })).rejects.toThrow(DEEP);
    expect(await t.db.report.count({ where: { url: "file:sau.html" } })).toBe(0);
  });

  it("fails a feed source through the crawl's failure path", async () => {
    const url = "https://sct.example/rss.xml";
    await syncSources(t.db, [{ url, kind: "feed", name: "Tin tức", topic: "Tin tức" }]);
    const body = `<?xml version="1.0"?><rss version="2.0"><channel>${"<x>".repeat(100_000)}</channel></rss>`;
    const h = crawlHarness({ fetchSource: async () => ({ status: 200, body, etag: null, lastModified: null }) });
    const summary = await crawlOnce(t.db, h.deps);
    expect(summary.sources).toEqual([{ url, status: "failed", found: 0, new: 0, queued: 0, offsite: 0, error: expect.stringMatching(DEEP) }]);
  });

  it("refuses a listing page just as deep", async () => {
    const page = `<ul>${"<li><ul>".repeat(2_000)}</ul></ul>`;
    await expect(parseInWorker("listing", page, "https://sct.example/", { item: "li", link: "a", title: "a" })).rejects.toThrow(DEEP);
  });
});

describe("ordinary pages and documents through the worker", () => {
  const dirs = ["probe", "probe2", "probe3", "probe4", "probe5", "pages", "reports"].map((d) => new URL(`../../fixtures/${d}/`, import.meta.url));
  const files = (ext: RegExp) =>
    dirs.flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => ext.test(f))
        .map((f) => new URL(f, dir)),
    );

  it("parse exactly as on the calling thread: HTML and text", async () => {
    const pages = files(/\.html?$/);
    expect(pages.length).toBeGreaterThan(20);
    for (const page of pages) {
      const html = readFileSync(page, "utf8");
      expect(await parseInWorker("reportHtml", html, page.href)).toEqual(parseReportHtml(html, page.href));
    }
    for (const file of files(/\.txt$/)) {
      const text = readFileSync(file, "utf8");
      expect(await parseInWorker("reportText", text, file.pathname)).toEqual(parseReportText(text, file.pathname));
    }
  });

  it("parse exactly as on the calling thread: PDF and DOCX", async () => {
    const documents = files(/\.(?:pdf|docx)$/);
    expect(documents.length).toBeGreaterThanOrEqual(6);
    for (const file of documents) {
      const bytes = readFileSync(file);
      const name = file.pathname.split("/").pop()!;
      const [inWorker, direct] = file.pathname.endsWith(".pdf")
        ? [await parseInWorker("reportPdf", bytes, name), await parseReportPdf(bytes, name)]
        : [await parseInWorker("reportDocx", bytes, name), await parseReportDocx(bytes, name)];
      expect(inWorker).toEqual(direct);
    }
  });
});
