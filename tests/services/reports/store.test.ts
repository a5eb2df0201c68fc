import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParsedReport } from "../../../src/services/reports/parse.ts";
import { contentHash, fileKey, listReports, storeReport, type ExtractInput } from "../../../src/services/reports/store.ts";
import { textToBlocks } from "../../../src/services/reports/text-blocks.ts";
import { fakeExtract, openTempDb, type TempDb } from "../../support/reports.ts";

let t: TempDb;
beforeAll(async () => {
  t = await openTempDb();
});
afterAll(async () => {
  await t.close();
});

function report(over: Partial<ParsedReport> = {}): ParsedReport {
  const r = {
    title: "Tình hình sản xuất công nghiệp 6 tháng đầu năm 2024",
    url: "https://sct.bentre.gov.vn/tin-tuc/6-thang-2024",
    publishedAt: new Date("2024-07-11T17:00:00.000Z"),
    source: "Phòng Quản lý Công nghiệp",
    body: "Giá trị sản xuất ước đạt 42.518 tỷ đồng, tăng 8,6%.\n\nKim ngạch xuất khẩu đạt 812,4 triệu USD.",
    ...over,
  };
  return { ...r, blocks: over.blocks ?? textToBlocks(r.body.split("\n")) };
}

describe("storeReport", () => {
  it("creates the report with the figures the extractor finds in its body", async () => {
    const { status, report: stored, figures } = await storeReport(t.db, report(), { extract: fakeExtract });
    expect(status).toBe("created");
    expect(stored).toMatchObject({ url: "https://sct.bentre.gov.vn/tin-tuc/6-thang-2024", source: "Phòng Quản lý Công nghiệp" });
    expect(stored.publishedAt?.toISOString()).toBe("2024-07-11T17:00:00.000Z");
    expect(stored.contentHash).toBe(contentHash(stored.title, stored.body));
    expect(figures.map((f) => [f.value, f.unit])).toEqual([
      ["42518", "đồng"],
      ["8.6", "%"],
      ["812.4", "USD"],
    ]);
    expect(figures[0].status).toBe("estimate");
    expect(figures.every((f) => f.reportId === stored.id)).toBe(true);
  });

  it("does nothing when the same report arrives again", async () => {
    const before = await t.db.report.findUniqueOrThrow({ where: { url: report().url! } });
    let calls = 0;
    const counting = (input: ExtractInput) => (calls++, fakeExtract(input));
    const again = await storeReport(t.db, report(), { extract: counting });
    expect(again.status).toBe("unchanged");
    expect(calls).toBe(0);
    expect(again.report.updatedAt).toEqual(before.updatedAt);
    expect(again.figures).toHaveLength(3);
    expect(await t.db.figure.count()).toBe(3);
  });

  it("treats the same text in NFD as unchanged", async () => {
    const nfd = report({ title: report().title.normalize("NFD"), body: report().body.normalize("NFD") });
    expect((await storeReport(t.db, nfd, { extract: fakeExtract })).status).toBe("unchanged");
  });

  it("updates a changed report in place and replaces its figures instead of adding to them", async () => {
    const changed = report({ body: "Giá trị sản xuất ước đạt 43.000 tỷ đồng, tăng 9,1%.", source: "Văn phòng Sở" });
    const { status, report: stored, figures } = await storeReport(t.db, changed, { extract: fakeExtract });
    expect(status).toBe("updated");
    expect(stored.source).toBe("Văn phòng Sở");
    expect(figures.map((f) => f.value)).toEqual(["43000", "9.1"]);
    expect(await t.db.report.count()).toBe(1);
    expect(await t.db.figure.count()).toBe(2);
  });

  it("re-extracts an unchanged report when forced", async () => {
    const only = () => fakeExtract({ title: "", publishedAt: null, blocks: [{ type: "paragraph", text: "tăng 1%" }] });
    const { status, figures } = await storeReport(t.db, report({ body: "Giá trị sản xuất ước đạt 43.000 tỷ đồng, tăng 9,1%." }), {
      extract: only,
      force: true,
    });
    expect(status).toBe("updated");
    expect(figures.map((f) => f.value)).toEqual(["1"]);
    expect(await t.db.figure.count()).toBe(1);
  });

  it("identifies a report without a URL by its file name, and refuses one with neither", async () => {
    const fromFile = await storeReport(t.db, report({ url: null }), { extract: fakeExtract, url: fileKey("/tmp/x/bao-cao.txt") });
    expect(fromFile.report.url).toBe("file:bao-cao.txt");
    await expect(storeReport(t.db, report({ url: null }), { extract: fakeExtract })).rejects.toThrow(/nhận diện/);
  });

  it("leaves no half-stored report when writing figures fails", async () => {
    const broken = () => [{ ...fakeExtract({ title: "", publishedAt: null, blocks: [{ type: "paragraph", text: "tăng 2%" }] })[0], value: null as unknown as string }];
    await expect(storeReport(t.db, report({ url: "https://sct.bentre.gov.vn/loi" }), { extract: broken })).rejects.toThrow();
    expect(await t.db.report.findUnique({ where: { url: "https://sct.bentre.gov.vn/loi" } })).toBeNull();
  });
});

describe("listReports", () => {
  it("lists reports newest first, undated last, with their figure counts", async () => {
    await storeReport(t.db, report({ url: "https://sct.bentre.gov.vn/cu", publishedAt: new Date("2023-01-01T17:00:00Z") }), { extract: fakeExtract });
    await storeReport(t.db, report({ url: "https://sct.bentre.gov.vn/khong-ngay", publishedAt: null, body: "Không có số liệu." }), {
      extract: fakeExtract,
    });
    const list = await listReports(t.db);
    expect(list.map((r) => r.url)).toEqual([
      "file:bao-cao.txt",
      "https://sct.bentre.gov.vn/tin-tuc/6-thang-2024",
      "https://sct.bentre.gov.vn/cu",
      "https://sct.bentre.gov.vn/khong-ngay",
    ]);
    expect(list.map((r) => r.figureCount)).toEqual([3, 1, 3, 0]);
  });
});
