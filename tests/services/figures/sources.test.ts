// Which report counts when several state one fact: the department's own reports over other
// sources, an official figure over an estimate, a later report over an earlier one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../../src/app/core.ts";
import { seedDirectory } from "../../../src/services/contacts/seed-directory.ts";
import { extractFacts } from "../../../src/services/figures/extract.ts";
import { storeReport } from "../../../src/services/reports/store.ts";
import { textToBlocks } from "../../../src/services/reports/text-blocks.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d) - 7 * 3600_000);

function report(url: string, title: string, date: Date, body: string) {
  return { url, title, publishedAt: date, source: null, body, blocks: textToBlocks(body.split("\n")) };
}

describe("which report a figure is taken from", () => {
  let temp: TempDb;
  let core: Core;
  const ask = async (text: string) => (await core.answer({ channel: "cli", userId: "u", chatId: "u", text })).text;

  beforeAll(async () => {
    temp = await createTempDb({ seed: false });
    await seedDirectory(temp.db, "data/directory.json");
    const store = (r: ReturnType<typeof report>, authoritative = true) => storeReport(temp.db, r, { extract: extractFacts, authoritative });
    await store(
      report("https://sct.example/uoc-6-thang", "Ước thực hiện 6 tháng đầu năm 2025", day(2025, 6, 24), "Kim ngạch xuất khẩu 6 tháng đầu năm 2025 ước đạt 812,5 triệu USD."),
    );
    await store(
      report("https://sct.example/thang-7", "Hoạt động tháng 7 năm 2025", day(2025, 8, 10), "Số liệu chính thức: kim ngạch xuất khẩu 6 tháng đầu năm 2025 đạt 820,3 triệu USD."),
    );
    await store(report("https://bao.example/xuat-khau", "Xuất khẩu nửa đầu năm khởi sắc", day(2025, 8, 20), "Kim ngạch xuất khẩu 6 tháng đầu năm 2025 đạt 835 triệu USD."), false);
    await store(report("https://bao.example/ban-le", "Sức mua tăng", day(2025, 8, 20), "Tổng mức bán lẻ 6 tháng đầu năm 2025 đạt 41.200 tỷ đồng."), false);
    core = await createCore(temp.db);
  });
  afterAll(() => temp.cleanup());

  it("takes the department's official figure over its earlier estimate and over a newer outside article", async () => {
    const reply = await ask("kim ngạch xuất khẩu 6 tháng đầu năm 2025");
    expect(reply).toContain("820,3 triệu USD");
    expect(reply).toContain("Hoạt động tháng 7 năm 2025");
    for (const n of ["812,5", "835"]) expect(reply).not.toContain(n);
  });

  it("quotes an outside source, labelled, when nothing authoritative states the fact", async () => {
    const reply = await ask("tổng mức bán lẻ 6 tháng đầu năm 2025");
    expect(reply).toContain("41.200 tỷ đồng");
    expect(reply).toMatch(/nguồn tin bên ngoài, không phải báo cáo của Sở/);
  });
});
