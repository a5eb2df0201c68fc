import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/app/core.ts";
import { createChartRenderer } from "../../src/handlers/chart-render.ts";
import { isChartRequest } from "../../src/handlers/figure-chart.ts";
import { readPng, storeMonthlyReports } from "../support/chart-data.ts";
import { createTempDb, type TempDb } from "../support/temp-db.ts";

// Charts in chat: the request understood however it is written, the reply's text with every
// number and its source, the PNG drawn from the same facts, and text alone when one value is all.

let temp: TempDb;
let core: Core;
const ask = (text: string) => core.answer({ channel: "telegram", userId: "7", chatId: "7", text });

beforeAll(async () => {
  temp = await createTempDb();
  await storeMonthlyReports(temp.db);
  core = await createCore(temp.db);
});
afterAll(() => temp?.cleanup());

describe("understanding a chart request", () => {
  it("hears chart words with or without diacritics, and not elsewhere", () => {
    for (const t of [
      "biểu đồ kim ngạch xuất khẩu",
      "Vẽ biểu đồ kim ngạch xuất khẩu",
      "bieu do kim ngach xk",
      "BIỂU ĐỒ xuất khẩu",
      "chart kim ngạch xuất khẩu",
      "đồ thị kim ngạch xuất khẩu",
    ]) {
      expect(isChartRequest(t), t).toBe(true);
    }
    for (const t of ["kim ngạch xuất khẩu", "số điện thoại sở công thương", "biểu mẫu đăng ký", "đồ uống"]) expect(isChartRequest(t), t).toBe(false);
  });

  it.each([
    "biểu đồ kim ngạch xuất khẩu",
    "vẽ biểu đồ kim ngạch xuất khẩu",
    "bieu do kim ngach xuat khau",
    "ve bieu do kim ngach xk",
    "chart kim ngạch xuất khẩu",
    "Cho xem biểu đồ kim ngạch xuất khẩu các tháng",
  ])("%s → a chart of the export turnover's level", async (text) => {
    const reply = await ask(text);
    expect(reply.intent).toBe("figure_chart");
    expect(reply.chart).toEqual({ indicator: "export_turnover", measure: "level", caption: expect.stringContaining("Kim ngạch xuất khẩu") });
  });

  it("draws the change when the change is asked for", async () => {
    const reply = await ask("biểu đồ tốc độ tăng kim ngạch xuất khẩu so với cùng kỳ");
    expect(reply.chart).toMatchObject({ indicator: "export_turnover", measure: "change" });
    expect(reply.text).toContain("tăng 8,2% so với cùng kỳ");
  });
});

describe("the chart reply", () => {
  it("names every number of the chart with its period, status and source report", async () => {
    const { text, chart } = await ask("biểu đồ kim ngạch xuất khẩu");
    expect(chart!.caption).toBe("📈 Kim ngạch xuất khẩu: giá trị theo kỳ (triệu USD), tháng 3/2026 – tháng 5/2026");
    const lines = text.split("\n");
    expect(lines).toContain("• tháng 3/2026: 140,5 triệu USD (ước tính) [1]");
    // April was stated twice: the firmer figure (no longer an estimate) of the later report.
    expect(lines).toContain("• tháng 4/2026: 150,9 triệu USD [2]");
    expect(lines).toContain("• tháng 5/2026: 142,37 triệu USD (ước tính) [2]");
    expect(text).not.toContain("151,2");
    expect(text).toMatch(/\[1\] “Báo cáo tháng 3\/2026”, Sở Công Thương, cập nhật 28\/03\/2026\.\nhttps:\/\/sct\.example\.gov\.vn\/2026-03-28/);
    expect(text).toMatch(/\[2\] “Báo cáo tháng 5\/2026”/);
    expect(text).toMatch(/số liệu khác của chỉ tiêu này/);
  });

  it("renders a valid, non-blank PNG of the chart from its description", async () => {
    const { chart } = await ask("biểu đồ kim ngạch xuất khẩu");
    const png = await createChartRenderer(temp.db).png(chart!);
    const info = readPng(png!);
    expect(info).toMatchObject({ width: 1280, height: 640 });
    expect(info.inked).toBeGreaterThan(0.02);
  });

  it("with one value only, answers in words and says there is not enough to draw", async () => {
    // The sample report holds one period of the import turnover: nothing to compare it with.
    const reply = await ask("biểu đồ kim ngạch nhập khẩu");
    expect(reply.chart).toBeUndefined();
    expect(reply.text).toMatch(/^Chưa đủ số liệu để vẽ biểu đồ kim ngạch nhập khẩu/);
    expect(reply.text).toContain("1.317,4 triệu USD");
    expect(reply.text).toContain("Nguồn:");
    expect(await createChartRenderer(temp.db).png({ indicator: "import_turnover", measure: "level" })).toBeNull();
  });

  it("a chart of something without figures says so, without a chart", async () => {
    const reply = await ask("biểu đồ số vụ buôn lậu");
    expect(reply.chart).toBeUndefined();
    expect(reply.intent).not.toBe("figure_chart");
  });
});
