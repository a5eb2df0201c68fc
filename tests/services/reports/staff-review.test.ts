// What staff decide in the console holds for the bot and outlives a re-read: hidden figures and
// those of reports awaiting review are never answered, a corrected value is the one answered, and
// reading a report again (rereadStale, the same link sent again) keeps the hides and corrections
// on the figures that are still there.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFigureAnswerer } from "../../../src/handlers/figures.ts";
import { correctFigure, markReviewed, readCorrection, setFigureHidden } from "../../../src/services/console/report-review.ts";
import { extractFacts } from "../../../src/services/figures/extract.ts";
import type { Understanding } from "../../../src/services/nlu/understand.ts";
import { rereadStale, storeReport } from "../../../src/services/reports/store.ts";
import { openTempDb, type TempDb } from "../../support/reports.ts";

const URL = "https://sct.example.gov.vn/bao-cao-nam-2025";
const EXPORT = "Kim ngạch xuất khẩu năm 2025 đạt 1.234,5 triệu USD, tăng 8,2% so với cùng kỳ.";
const IMPORT = "Kim ngạch nhập khẩu năm 2025 đạt 567,8 triệu USD.";
const RETAIL = "Tổng mức bán lẻ hàng hóa năm 2025 ước đạt 45.678 tỷ đồng.";
const STAFF = { staffId: "telegram:900", at: new Date("2026-12-01T03:00:00Z") };

let temp: TempDb;
beforeAll(async () => {
  temp = await openTempDb();
});
afterAll(() => temp.close());
beforeEach(async () => {
  await temp.db.report.deleteMany();
});

const store = (body: string, options: { force?: boolean; awaitingReview?: boolean } = {}) =>
  storeReport(
    temp.db,
    { title: "Báo cáo năm 2025", url: URL, publishedAt: new Date("2026-01-10T03:00:00Z"), source: "Sở Công Thương", body },
    { extract: extractFacts, ...options },
  );
const figure = (raw: string) => temp.db.figure.findFirstOrThrow({ where: { raw } });

async function ask(text: string): Promise<string> {
  const answerer = createFigureAnswerer(temp.db);
  return (await answerer.answer({ words: [] } as unknown as Understanding, { channel: "telegram", userId: "1", chatId: "1", text }))?.text ?? "";
}

describe("the figure answers", () => {
  it("skip hidden figures and answer a corrected value", async () => {
    await store([EXPORT, IMPORT].join("\n"));
    expect(await ask("kim ngạch xuất khẩu năm 2025")).toContain("1.234,5 triệu USD");
    expect((await correctFigure(temp.db, (await figure("1.234,5 triệu USD")).id, "1.250", STAFF)).ok).toBe(true);
    expect(await ask("kim ngạch xuất khẩu năm 2025")).toContain("1.250 triệu USD");
    await setFigureHidden(temp.db, (await figure("1.234,5 triệu USD")).id, true);
    const hidden = await ask("kim ngạch xuất khẩu năm 2025");
    expect(hidden).not.toContain("1.250 triệu USD");
    expect(hidden).not.toContain("1.234,5");
    // The other figures of the report still are answered.
    expect(await ask("kim ngạch nhập khẩu năm 2025")).toContain("567,8 triệu USD");
  });

  it("skip every figure of a report awaiting review until it is marked reviewed", async () => {
    const { report } = await store(EXPORT, { awaitingReview: true });
    expect(report).toMatchObject({ awaitingReview: true, reviewedBy: null });
    expect(await ask("kim ngạch xuất khẩu năm 2025")).not.toContain("1.234,5");
    expect(await markReviewed(temp.db, report.id, STAFF)).toBe(true);
    expect(await ask("kim ngạch xuất khẩu năm 2025")).toContain("1.234,5 triệu USD");
  });

  it("read corrections typed the Vietnamese way, and nothing else", () => {
    expect(["1.234,5", "1234.5", " -2,3 ", "+7", "1.000"].map(readCorrection)).toEqual(["1234.5", "1234.5", "-2.3", "7", "1000"]);
    expect(["", "abc", "1.300 triệu", "12%", "1,2,3"].map(readCorrection)).toEqual([null, null, null, null, null]);
  });

  it("undo a correction when the extracted value is typed back", async () => {
    await store(EXPORT);
    const { id } = await figure("1.234,5 triệu USD");
    await correctFigure(temp.db, id, "1.250", STAFF);
    await correctFigure(temp.db, id, "1.234,5", STAFF);
    expect(await figure("1.234,5 triệu USD")).toMatchObject({ value: "1234.5", originalValue: null, correctedBy: null, correctedAt: null });
  });
});

describe("a report read again", () => {
  async function editExportAndRetail() {
    await store([EXPORT, IMPORT, RETAIL].join("\n"));
    await correctFigure(temp.db, (await figure("1.234,5 triệu USD")).id, "1.250", STAFF);
    await setFigureHidden(temp.db, (await figure("45.678 tỷ đồng")).id, true);
  }

  it("keeps the corrections and hides after rereadStale (a migration cleared its hash)", async () => {
    await editExportAndRetail();
    const before = await temp.db.figure.count();
    await temp.db.report.updateMany({ data: { contentHash: "" } });
    expect(await rereadStale(temp.db, extractFacts)).toBe(1);
    expect(await temp.db.figure.count()).toBe(before);
    expect(await figure("1.234,5 triệu USD")).toMatchObject({ value: "1250", originalValue: "1234.5", correctedBy: "telegram:900", correctedAt: STAFF.at, hidden: false });
    expect(await figure("45.678 tỷ đồng")).toMatchObject({ hidden: true, originalValue: null });
    expect(await figure("567,8 triệu USD")).toMatchObject({ hidden: false, originalValue: null });
    expect(await ask("kim ngạch xuất khẩu năm 2025")).toContain("1.250 triệu USD");
  });

  it("keeps them when the same link is stored again with other text around them, and drops (and counts) those whose sentence is gone", async () => {
    await editExportAndRetail();
    const result = await store(["Mở đầu mới của báo cáo.", EXPORT, IMPORT, RETAIL.replace("45.678", "45.900")].join("\n"));
    expect(result.status).toBe("updated");
    expect(result.droppedEdits).toBe(1);
    expect(await figure("1.234,5 triệu USD")).toMatchObject({ value: "1250", originalValue: "1234.5" });
    expect(await figure("45.900 tỷ đồng")).toMatchObject({ hidden: false });
  });

  it("keeps its review state unless it is stored as awaiting review again", async () => {
    const { report } = await store(EXPORT, { awaitingReview: true });
    await markReviewed(temp.db, report.id, STAFF);
    expect((await store(EXPORT, { force: true })).report).toMatchObject({ awaitingReview: false, reviewedBy: "telegram:900" });
    expect((await store(`${EXPORT}\n${IMPORT}`, { awaitingReview: true })).report).toMatchObject({ awaitingReview: true, reviewedBy: null, reviewedAt: null });
  });
});
