// The sample report restates, in the project's own words, the figures of a real report of Sở Công
// Thương Bến Tre (2021–2023 results): every key figure in it must come out with the right indicator,
// value, unit, period and qualifiers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractFigures, type ExtractedFigure } from "../../src/services/figures/extract.ts";
import { matchIndicators } from "../../src/services/figures/indicators.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const seed = readFileSync(path.resolve(here, "../../data/reports/2023-10-ket-qua-3-nam-dong-khoi-moi.txt"), "utf8");
const figures = extractFigures(seed);

const P2123 = "giai đoạn 2021–2023";
type Row = [indicator: string, raw: string, value: string, scale: string | null, unit: string | null, period: string | null, qualifiers: string[]];

// prettier-ignore
const EXPECTED: Row[] = [
  // Industry: "Lũy kế giá trị SXCN từ năm 2021 đến năm 2023 đạt 108.092 tỷ đồng, đạt 46,19% chỉ tiêu nhiệm kỳ; ... tăng bình quân 5,27 %/năm"
  ["industrial_output_value", "108.092 tỷ đồng", "108092", "tỷ", "đồng", P2123, ["cumulative"]],
  ["industrial_output_value.target_share", "46,19%", "46.19", null, "%", P2123, ["share_of_target"]],
  ["industrial_output_value.growth", "5,27 %/năm", "5.27", null, "%/năm", P2123, ["avg_per_year"]],
  // Industrial clusters
  ["industrial_cluster_count", "08 CCN", "8", null, "CCN", null, []],
  ["industrial_cluster_area", "317,9402 ha", "317.9402", null, "ha", null, []],
  ["industrial_cluster_detailed_plan_count", "07 cụm", "7", null, "cụm", null, []],
  ["industrial_cluster_detailed_plan_area", "299,4 ha", "299.4", null, "ha", null, []],
  ["industrial_cluster_industrial_land_area", "217,2 ha", "217.2", null, "ha", null, []],
  ["industrial_cluster_leased_area", "81,3909 ha", "81.3909", null, "ha", null, []],
  ["industrial_cluster_occupancy_rate", "37,48%", "37.48", null, "%", null, ["approx"]],
  ["industrial_cluster_operating_count", "04 CCN", "4", null, "CCN", null, []],
  ["industrial_cluster_projects", "28 dự án", "28", null, "dự án", null, []],
  ["industrial_cluster_registered_capital", "7.839,02 tỷ đồng", "7839.02", "tỷ", "đồng", null, ["approx"]],
  ["industrial_cluster_workers", "9.953 lao động", "9953", null, "lao động", null, ["approx"]],
  ["industrial_cluster_infrastructure_projects", "03 dự án", "3", null, "dự án", P2123, []],
  ["industrial_cluster_infrastructure_budget", "50.570 triệu đồng", "50570", "triệu", "đồng", P2123, ["cumulative"]],
  // Trade
  ["retail_sales", "172.839 tỷ đồng", "172839", "tỷ", "đồng", P2123, ["cumulative"]],
  ["retail_sales.target_share", "41,60%", "41.60", null, "%", P2123, ["share_of_target"]],
  ["retail_sales.growth", "7,52%/năm", "7.52", null, "%/năm", P2123, ["estimate", "avg_per_year"]],
  ["digital_transformation_enterprises", "1.000 doanh nghiệp", "1000", null, "doanh nghiệp", "giai đoạn 2021–2022", []],
  // Exports and imports
  ["export_turnover", "4.262,7 triệu USD", "4262.7", "triệu", "USD", P2123, ["cumulative"]],
  ["export_turnover.target_share", "42,63%", "42.63", null, "%", P2123, ["share_of_target"]],
  ["export_turnover.growth", "3,07%/năm", "3.07", null, "%/năm", P2123, ["avg_per_year"]],
  ["import_turnover", "1.317,4 triệu USD", "1317.4", "triệu", "USD", P2123, ["cumulative"]],
  ["import_turnover.target_share", "29,84%", "29.84", null, "%", P2123, ["share_of_target"]],
  // Electricity and wind power
  ["commercial_electricity.growth", "6,42%/năm", "6.42", null, "%/năm", null, ["avg_per_year"]],
  ["household_electrification_rate", "99,97%", "99.97", null, "%", null, []],
  ["wind_power_projects", "19 dự án", "19", null, "dự án", null, []],
  ["wind_power_capacity", "1.007,7 MW", "1007.7", null, "MW", null, []],
  ["wind_power_projects_in_procedure", "10/19 dự án", "10", null, "dự án", null, []],
  ["wind_power_projects_installed", "09/19 dự án", "9", null, "dự án", null, []],
  ["wind_power_installed_capacity", "365,9 MW", "365.9", null, "MW", null, ["approx"]],
  ["wind_power_grid_capacity", "221,05MW", "221.05", null, "MW", null, ["cumulative"]],
  // Industry promotion
  ["national_promotion_pilot_schemes", "02 đề án", "2", null, "đề án", "giai đoạn 2021–2022", []],
  ["promotion_beneficiaries", "16 đơn vị", "16", null, "đơn vị", "giai đoạn 2021–2022", []],
  ["provincial_promotion_schemes", "46 đề án", "46", null, "đề án", null, []],
];

function only(indicator: string, raw: string): ExtractedFigure {
  const found = figures.filter((f) => f.indicator === indicator && f.raw === raw);
  expect(found, `${indicator} ${raw}`).toHaveLength(1);
  return found[0];
}

describe("extractFigures on the sample report", () => {
  it.each(EXPECTED)("%s = %s", (indicator, raw, value, scale, unit, period, qualifiers) => {
    const f = only(indicator, raw);
    expect({ value: f.value, scale: f.scale, unit: f.unit, period: f.periodLabel, qualifiers: f.qualifiers }).toEqual({
      value, scale, unit, period, qualifiers,
    });
  });

  it("gives every expected figure its own indicator key", () => {
    const keys = EXPECTED.map((r) => r[0]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("gives ranges their years and kind", () => {
    const f = only("industrial_output_value", "108.092 tỷ đồng");
    expect([f.periodKind, f.periodStart, f.periodEnd]).toEqual(["range", 2021, 2023]);
  });

  it("keeps the denominator of a fraction", () => {
    expect(only("wind_power_projects_in_procedure", "10/19 dự án").outOf).toBe("19");
  });

  it("names indicators in Vietnamese, derived ones after their base", () => {
    expect(only("industrial_output_value", "108.092 tỷ đồng").indicatorName).toBe("Giá trị sản xuất công nghiệp");
    expect(only("industrial_output_value.target_share", "46,19%").indicatorName).toBe(
      "Giá trị sản xuất công nghiệp – tỷ lệ so với chỉ tiêu nhiệm kỳ",
    );
    expect(only("industrial_output_value.growth", "5,27 %/năm").indicatorName).toBe(
      "Giá trị sản xuất công nghiệp – tăng trưởng bình quân",
    );
  });

  it("points each figure at its number in the text and in its sentence", () => {
    for (const f of figures) {
      expect(seed.slice(f.position, f.position + f.raw.length)).toBe(f.raw);
      expect(f.sentence).toContain(f.raw);
    }
    expect(only("industrial_cluster_occupancy_rate", "37,48%").sentence).toBe("Tỷ lệ lấp đầy đạt khoảng 37,48% diện tích đất công nghiệp.");
  });

  it("extracts nothing else but the one extra KCQG scheme", () => {
    const expected = new Set(EXPECTED.map((r) => `${r[0]}|${r[1]}`));
    const extra = figures.filter((f) => !expected.has(`${f.indicator}|${f.raw}`)).map((f) => `${f.indicator}|${f.raw}`);
    expect(extra).toEqual(["national_promotion_schemes|01 đề án"]);
  });

  it("answers a reader asking for the occupancy rate with 37,48 and not 81,3909", () => {
    for (const question of ["tỷ lệ lấp đầy CCN", "ty le lap day ccn", "Tỷ lệ lấp đầy cụm công nghiệp là bao nhiêu?"]) {
      const [top] = matchIndicators(question);
      expect(figures.filter((f) => f.indicator === top.key).map((f) => f.value)).toEqual(["37.48"]);
    }
  });

  it("reads the same figures from NFD text", () => {
    const nfd = seed.normalize("NFD");
    const again = extractFigures(nfd);
    expect(again.map((f) => [f.indicator, f.value, f.periodLabel])).toEqual(figures.map((f) => [f.indicator, f.value, f.periodLabel]));
    for (const f of again) expect(nfd.slice(f.position, f.position + f.raw.length)).toBe(f.raw);
  });
});

describe("what in the sample report is not a figure", () => {
  const notFigures = [
    "3707/KH-UBND", "01-CT/TU", "08-CTr/TU", "1502/KH-SCT", "6600/KH-UBND", "7320/HD-UBND",
    "23/10/2023", "29/01/2021", "01/7/2021", "5/8/2021", "08/11/2021", "ngày 12 tháng 10 năm 2021",
    "03 năm thực hiện", "(1)", "(2)", "(3)",
    "2020-2025", "năm 2030", "2021 - 2030", "đến 2050",
  ];

  it.each(notFigures)("%s", (text) => {
    let at = seed.indexOf(text);
    expect(at, text).toBeGreaterThanOrEqual(0);
    for (; at >= 0; at = seed.indexOf(text, at + 1)) {
      const inside = figures.filter((f) => f.position >= at && f.position < at + text.length);
      expect(inside, `${text} at ${at}`).toEqual([]);
    }
  });
});
