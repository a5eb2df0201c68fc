// One official letter saved as a web page, printed to PDF by Chromium and written as a Word file
// (tests/fixtures/reports/cong-van-bao-cao.*, made by scripts/make-fixtures.mjs): whatever the
// format, the bot stores the same facts and answers the same questions the same way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../../src/app/core.ts";
import { extractFacts } from "../../../src/services/figures/extract.ts";
import { fetchPage } from "../../../src/services/reports/fetch-page.ts";
import { ingestSource } from "../../../src/services/reports/ingest.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

const QUESTIONS: [string, string[], string[]][] = [
  // question, what the reply must say, what it must never say
  ["giá trị sản xuất công nghiệp tháng 2/2025", ["3.871,6 tỷ đồng", "tháng 2/2025", "tăng 4,35%"], ["7.904,2", "3.790"]],
  ["gtsx 2 tháng đầu năm 2025 đạt bao nhiêu % kế hoạch", ["15,82%"], ["3.871,6"]],
  ["gtsx khu vực có vốn đầu tư nước ngoài 2 tháng đầu năm 2025", ["3.356,9 tỷ đồng"], ["7.904,2"]],
  ["kim ngạch xuất khẩu tháng 2/2025 tăng hay giảm", ["giảm 2,36%"], ["tăng 2,36"]],
  ["xk lũy kế 2 tháng 2025", ["239,71 triệu USD"], ["84,06", "117,38"]],
  ["kế hoạch kim ngạch xuất khẩu tháng 2/2025", ["121,5 triệu USD", "kế hoạch"], ["117,38"]],
  ["nhập khẩu 2 tháng đầu năm 2025", ["84,06 triệu USD"], ["239,71"]],
];

describe.each(["html", "pdf", "docx"])("the official letter as .%s", (ext) => {
  let temp: TempDb;
  let core: Core;
  beforeAll(async () => {
    temp = await createTempDb();
    await ingestSource(temp.db, `tests/fixtures/reports/cong-van-bao-cao.${ext}`, { extract: extractFacts, fetchPage });
    core = await createCore(temp.db);
  });
  afterAll(() => temp.cleanup());

  it("is dated by “Bến Tre, ngày 14 tháng 3 năm 2025”, not by its number “Số: 245/BC-SCT”", async () => {
    const report = await temp.db.report.findUniqueOrThrow({ where: { url: `file:cong-van-bao-cao.${ext}` } });
    expect(report.publishedAt?.toISOString()).toBe("2025-03-13T17:00:00.000Z");
    expect(report.title).toMatch(/tháng 2 năm 2025/);
  });

  it.each(QUESTIONS)("%j", async (text, says, never) => {
    const reply = (await core.answer({ channel: "cli", userId: "u", chatId: "u", text })).text;
    for (const s of says) expect(reply).toContain(s);
    for (const n of never) expect(reply).not.toContain(n);
    expect(reply).toMatch(/Nguồn: “.*tháng 2 năm 2025”/);
  });
});
