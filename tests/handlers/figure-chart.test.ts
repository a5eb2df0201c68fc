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

  it("a chart of a known indicator without figures says there is nothing to draw, without a chart", async () => {
    const { INDICATORS } = await import("../../src/services/figures/indicators.ts");
    const { indicatorChoices } = await import("../../src/services/console/figures.ts");
    const stored = new Set((await indicatorChoices(temp.db)).map((c) => c.key));
    const without = INDICATORS.find((i) => !stored.has(i.key) && i.name.split(" ").length >= 3)!;
    const reply = await ask(`biểu đồ ${without.name.toLowerCase()}`);
    expect(reply.chart).toBeUndefined();
    expect(reply.text).toMatch(/^Chưa đủ số liệu để vẽ biểu đồ/);
  });

  it("a chart of something the bot knows nothing about is not a figure question", async () => {
    const reply = await ask("biểu đồ thời tiết");
    expect(reply.chart).toBeUndefined();
    expect(reply.intent).toBe("out_of_scope");
  });
});

describe("a long series", () => {
  it("keeps its text under Telegram's limit: twelve periods, twelve long report titles with addresses", async () => {
    const { chartText } = await import("../../src/handlers/figure-chart.ts");
    const report = (i: number) => ({
      id: i,
      title: `Báo cáo tình hình hoạt động sản xuất kinh doanh ngành Công Thương tháng ${i}/2026 và nhiệm vụ trọng tâm tháng ${i + 1}/2026 của Sở Công Thương tỉnh Bến Tre`,
      url: `https://sct.bentre.gov.vn/tin-tuc/bao-cao-tinh-hinh-hoat-dong-san-xuat-kinh-doanh-nganh-cong-thuong-thang-${i}-2026-${"x".repeat(60)}`,
      publishedAt: new Date(Date.UTC(2026, i, 1)),
      source: "Phòng Kế hoạch – Tổng hợp",
      authoritative: true,
    });
    const chart = Array.from({ length: 12 }, (_, i) => ({
      id: i,
      part: null,
      measure: "level",
      base: null,
      value: String(140 + i),
      scale: "triệu",
      unit: "USD",
      approx: null,
      periodKind: "month",
      periodLabel: `tháng ${i + 1}/2026`,
      periodFrom: i,
      periodTo: i,
      status: "estimate" as const,
      basis: null,
      report: report(i + 1),
    }));
    const text = chartText({ indicator: { key: "export_turnover", name: "Kim ngạch xuất khẩu" }, measures: [], measure: "level", rows: chart, chart, leftOff: 0 });
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain("• tháng 12/2026: 151 triệu USD (ước tính) [12]");
    expect(text).toContain("[12] “Báo cáo tình hình hoạt động");
  });
});
