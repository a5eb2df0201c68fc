import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indicatorChoices, readIndicatorSeries } from "../../../src/services/console/figures.ts";
import { extractFacts } from "../../../src/services/figures/extract.ts";
import { storeReport } from "../../../src/services/reports/store.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// The figures explorer's queries on a real SQLite file: the seeded sample reports plus monthly
// reports read by the real extractor, so the figures are what the bot answers from.

let temp: TempDb;

const MONTHLY = [
  ["Báo cáo tháng 4/2026", "2026-04-28", "Kim ngạch xuất khẩu tháng 4/2026 ước đạt 151,2 triệu USD, tăng 7,3% so với cùng kỳ."],
  ["Báo cáo tháng 3/2026", "2026-03-28", "Kim ngạch xuất khẩu tháng 3/2026 ước đạt 140,5 triệu USD, tăng 6,1% so với cùng kỳ."],
  [
    "Báo cáo tháng 5/2026",
    "2026-05-28",
    "Kim ngạch xuất khẩu tháng 5/2026 ước đạt 142,37 triệu USD, tăng 8,2% so với cùng kỳ. Kim ngạch xuất khẩu tháng 4/2026 đạt 150,9 triệu USD.",
  ],
] as const;

beforeAll(async () => {
  temp = await createTempDb();
  for (const [title, day, body] of MONTHLY) {
    await storeReport(
      temp.db,
      { title, body, publishedAt: new Date(`${day}T03:00:00Z`), source: "Sở Công Thương", url: `https://sct.example.gov.vn/${day}` },
      { extract: extractFacts },
    );
  }
});
afterAll(() => temp?.cleanup());

describe("indicatorChoices", () => {
  it("lists the indicators that have figures, by Vietnamese name, with counts", async () => {
    const choices = await indicatorChoices(temp.db);
    expect(choices.length).toBeGreaterThan(5);
    const names = choices.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "vi")));
    const exports = choices.find((c) => c.key === "export_turnover");
    // 7 from the monthly reports, 3 from the seeded sample.
    expect(exports).toMatchObject({ name: expect.stringMatching(/xuất khẩu/i), count: 10 });
  });
});

describe("readIndicatorSeries", () => {
  it("gives the level figures in period order across reports, with their reports", async () => {
    const s = (await readIndicatorSeries(temp.db, "export_turnover"))!;
    expect(s.measure).toBe("level");
    expect(s.measures.map((m) => m.measure)).toEqual(["level", "change", "target_share"]);
    const monthly = s.rows.filter((r) => r.periodKind === "month");
    expect(monthly.map((r) => [r.periodLabel, r.value, r.status, r.report.title])).toEqual([
      ["tháng 3/2026", "140.5", "estimate", "Báo cáo tháng 3/2026"],
      ["tháng 4/2026", "151.2", "estimate", "Báo cáo tháng 4/2026"],
      ["tháng 4/2026", "150.9", "actual", "Báo cáo tháng 5/2026"],
      ["tháng 5/2026", "142.37", "estimate", "Báo cáo tháng 5/2026"],
    ]);
    expect(monthly[0]!.report).toMatchObject({ url: "https://sct.example.gov.vn/2026-03-28", source: "Sở Công Thương", authoritative: true });
    expect(monthly[0]!.report.publishedAt).toEqual(new Date("2026-03-28T03:00:00Z"));
  });

  it("charts one point per month of one kind, the surer figure for a month read twice, and counts the rest", async () => {
    const s = (await readIndicatorSeries(temp.db, "export_turnover"))!;
    expect(s.chart.map((r) => [r.periodLabel, r.value])).toEqual([
      ["tháng 3/2026", "140.5"],
      ["tháng 4/2026", "150.9"],
      ["tháng 5/2026", "142.37"],
    ]);
    expect(new Set(s.chart.map((r) => `${r.scale} ${r.unit}`))).toEqual(new Set(["triệu USD"]));
    expect(s.leftOff).toBe(s.rows.length - 3);
    expect(s.leftOff).toBeGreaterThan(0);
  });

  it("reads another measure when asked, and falls back to the level for one it does not have", async () => {
    const change = (await readIndicatorSeries(temp.db, "export_turnover", "change"))!;
    expect(change.measure).toBe("change");
    expect(change.chart.map((r) => [r.periodLabel, r.value, r.unit, r.base])).toEqual([
      ["tháng 3/2026", "6.1", "%", "same_period"],
      ["tháng 4/2026", "7.3", "%", "same_period"],
      ["tháng 5/2026", "8.2", "%", "same_period"],
    ]);
    expect((await readIndicatorSeries(temp.db, "export_turnover", "nonsense"))!.measure).toBe("level");
  });

  it("is null for an unknown indicator and for a known one without figures", async () => {
    expect(await readIndicatorSeries(temp.db, "no_such_indicator")).toBeNull();
    const choices = new Set((await indicatorChoices(temp.db)).map((c) => c.key));
    const { INDICATORS } = await import("../../../src/services/figures/indicators.ts");
    const without = INDICATORS.find((i) => !choices.has(i.key))!;
    expect(await readIndicatorSeries(temp.db, without.key)).toBeNull();
  });
});
