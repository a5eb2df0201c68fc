// Three reports written for these tests in the department's style (tests/fixtures/reports/): the
// same indicators over other periods – six months, nine months (with a quarter and a month inside)
// and the whole of 2024.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractFigures } from "../../src/services/figures/extract.ts";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/reports");
const read = (name: string) => readFileSync(path.join(dir, name), "utf8");

/** [indicator, raw, value, period label, qualifiers] */
type Row = [string, string, string, string | null, string[]];

const H1 = "6 tháng đầu năm 2024";
const M9 = "9 tháng năm 2024";
const Y24 = "năm 2024";

// prettier-ignore
const REPORTS: Record<string, Row[]> = {
  "2024-06-sau-thang-dau-nam.txt": [
    ["industrial_production_index.yoy", "7,85%", "7.85", H1, ["yoy"]],
    ["industrial_output_value", "23.415 tỷ đồng", "23415", H1, ["estimate"]],
    ["industrial_output_value.yoy", "8,12%", "8.12", H1, ["estimate", "yoy"]],
    ["industrial_output_value.plan_share", "47,6%", "47.6", H1, ["estimate", "share_of_target"]],
    ["industrial_cluster_count", "08 CCN", "8", "tháng 6/2024", []],
    ["industrial_cluster_area", "317,9402 ha", "317.9402", "tháng 6/2024", []],
    ["industrial_cluster_leased_area", "84,52 ha", "84.52", "tháng 6/2024", []],
    ["industrial_cluster_occupancy_rate", "38,91%", "38.91", "tháng 6/2024", ["approx"]],
    ["industrial_cluster_projects", "29 dự án", "29", null, []],
    ["industrial_cluster_workers", "9.980 lao động", "9980", null, ["approx"]],
    ["retail_sales", "38.960 tỷ đồng", "38960", H1, ["estimate"]],
    ["retail_sales.yoy", "9,4%", "9.4", H1, ["estimate", "yoy"]],
    ["retail_sales.plan_share", "49,1%", "49.1", H1, ["estimate", "share_of_target"]],
    ["export_turnover", "780,5 triệu USD", "780.5", H1, ["estimate"]],
    ["export_turnover.yoy", "6,1%", "6.1", H1, ["estimate", "yoy"]],
    ["export_turnover.plan_share", "48,2%", "48.2", H1, ["estimate", "share_of_target"]],
    ["import_turnover", "268,3 triệu USD", "268.3", H1, ["estimate"]],
    ["import_turnover.yoy", "2,4%", "-2.4", H1, ["estimate", "yoy"]],
    ["commercial_electricity", "1.051,6 triệu kWh", "1051.6", H1, []],
    ["commercial_electricity.yoy", "7,2%", "7.2", H1, ["yoy"]],
    ["wind_power_grid_capacity", "236,8 MW", "236.8", null, ["cumulative"]],
    ["provincial_promotion_schemes", "12 đề án", "12", H1, []],
    ["promotion_budget", "3.250 triệu đồng", "3250", H1, []],
    ["promotion_beneficiaries", "12 đơn vị", "12", H1, []],
  ],
  "2024-09-chin-thang.txt": [
    ["industrial_production_index.yoy", "8,35%", "8.35", M9, ["yoy"]],
    ["industrial_output_value", "35.870 tỷ đồng", "35870", M9, ["estimate"]],
    ["industrial_output_value.yoy", "8,9%", "8.9", M9, ["estimate", "yoy"]],
    ["industrial_output_value.plan_share", "72,4%", "72.4", M9, ["estimate", "share_of_target"]],
    ["industrial_output_value", "12.455 tỷ đồng", "12455", "quý III/2024", ["estimate"]],
    ["retail_sales", "59.340 tỷ đồng", "59340", M9, ["estimate"]],
    ["retail_sales.yoy", "9,8%", "9.8", M9, ["estimate", "yoy"]],
    ["retail_sales", "6.720 tỷ đồng", "6720", "tháng 9/2024", ["estimate"]],
    ["export_turnover", "1.185,6 triệu USD", "1185.6", M9, ["estimate"]],
    ["export_turnover.yoy", "7,3%", "7.3", M9, ["estimate", "yoy"]],
    ["export_turnover.plan_share", "74,1%", "74.1", M9, ["estimate", "share_of_target"]],
    ["import_turnover", "402,7 triệu USD", "402.7", M9, ["estimate"]],
    ["import_turnover.yoy", "3,5%", "3.5", M9, ["estimate", "yoy"]],
    ["wind_power_projects", "19 dự án", "19", null, []],
    ["wind_power_capacity", "1.007,7 MW", "1007.7", null, []],
    ["wind_power_grid_capacity", "257,35 MW", "257.35", null, ["cumulative"]],
    ["industrial_cluster_projects", "31 dự án", "31", null, []],
    ["industrial_cluster_registered_capital", "8.120,5 tỷ đồng", "8120.5", null, ["approx"]],
    ["industrial_cluster_workers", "10.240 lao động", "10240", null, ["approx"]],
    ["national_promotion_schemes", "02 đề án", "2", "quý III/2024", []],
    ["provincial_promotion_schemes", "15 đề án", "15", "quý III/2024", []],
    ["promotion_beneficiaries", "17 đơn vị", "17", "quý III/2024", []],
    ["digital_transformation_enterprises", "120 doanh nghiệp", "120", M9, []],
    ["fdi_projects", "2 dự án", "2", M9, []],
    ["fdi_capital", "45,3 triệu USD", "45.3", M9, []],
  ],
  "2024-12-ca-nam.txt": [
    ["industrial_output_value", "47.512 tỷ đồng", "47512", Y24, ["estimate"]],
    ["industrial_output_value.yoy", "8,6%", "8.6", Y24, ["estimate", "yoy"]],
    ["industrial_output_value.plan_share", "100,3%", "100.3", Y24, ["estimate", "share_of_target"]],
    ["industrial_production_index.yoy", "9,12%", "9.12", Y24, ["yoy"]],
    ["industrial_output_value", "155.604 tỷ đồng", "155604", "giai đoạn 2021–2024", ["cumulative"]],
    ["industrial_output_value.target_share", "66,5%", "66.5", "giai đoạn 2021–2024", ["share_of_target"]],
    ["industrial_cluster_count", "08 CCN", "8", Y24, []],
    ["industrial_cluster_operating_count", "05 CCN", "5", Y24, []],
    ["industrial_cluster_leased_area", "96,75 ha", "96.75", Y24, []],
    ["industrial_cluster_occupancy_rate", "44,55%", "44.55", Y24, []],
    ["industrial_cluster_infrastructure_budget", "18.600 triệu đồng", "18600", Y24, []],
    ["retail_sales", "80.215 tỷ đồng", "80215", Y24, ["estimate"]],
    ["retail_sales.yoy", "10,2%", "10.2", Y24, ["estimate", "yoy"]],
    ["market_count", "159 chợ", "159", null, []],
    ["supermarket_count", "7 siêu thị", "7", null, []],
    ["shopping_center_count", "2 trung tâm thương mại", "2", null, []],
    ["new_enterprises", "512 doanh nghiệp", "512", Y24, []],
    ["digital_transformation_enterprises", "215 doanh nghiệp", "215", Y24, []],
    ["export_turnover", "1.620,4 triệu USD", "1620.4", Y24, ["estimate"]],
    ["export_turnover.yoy", "8,4%", "8.4", Y24, ["estimate", "yoy"]],
    ["export_turnover.plan_share", "101,3%", "101.3", Y24, ["estimate", "share_of_target"]],
    ["import_turnover", "548,9 triệu USD", "548.9", Y24, []],
    ["commercial_electricity", "2.186,4 triệu kWh", "2186.4", Y24, []],
    ["commercial_electricity.yoy", "8,1%", "8.1", Y24, ["yoy"]],
    ["household_electrification_rate", "99,98%", "99.98", Y24, []],
    ["wind_power_grid_capacity", "287,15 MW", "287.15", Y24, ["cumulative"]],
    ["wind_power_projects_installed", "12/19 dự án", "12", Y24, []],
    ["national_promotion_schemes", "03 đề án", "3", Y24, []],
    ["provincial_promotion_schemes", "41 đề án", "41", Y24, []],
    ["promotion_budget", "9.870 triệu đồng", "9870", Y24, []],
    ["promotion_beneficiaries", "44 cơ sở", "44", Y24, []],
    ["investment_projects", "14 dự án", "14", Y24, []],
    ["investment_capital", "3.450 tỷ đồng", "3450", Y24, []],
    ["fdi_projects", "3 dự án", "3", Y24, []],
    ["fdi_capital", "62,8 triệu USD", "62.8", Y24, []],
  ],
};

describe.each(Object.entries(REPORTS))("extractFigures on %s", (file, rows) => {
  const text = read(file);
  const figures = extractFigures(text);

  it("is a plain-text report: title first, then the update line", () => {
    const [title, updated] = text.split("\n");
    expect(title.length).toBeGreaterThan(20);
    expect(updated).toMatch(/^\(Cập nhật: \d{2}\/\d{2}\/\d{4}\)$/);
    expect(text).toBe(text.normalize("NFC"));
  });

  it.each(rows)("%s = %s", (indicator, raw, value, period, qualifiers) => {
    const found = figures.filter((f) => f.indicator === indicator && f.raw === raw);
    expect(found, `${indicator} ${raw}`).toHaveLength(1);
    expect({ value: found[0].value, period: found[0].periodLabel, qualifiers: found[0].qualifiers }).toEqual({ value, period, qualifiers });
  });

  it("finds these figures and no others", () => {
    expect(figures.map((f) => `${f.indicator} ${f.raw}`)).toEqual(rows.map((r) => `${r[0]} ${r[1]}`));
  });

  it("takes nothing from the title, the update line, document numbers or dates", () => {
    const firstParagraph = text.indexOf("\n\n");
    expect(figures.every((f) => f.position > firstParagraph)).toBe(true);
  });
});

describe("period kinds in the written reports", () => {
  it("tells months, quarters, single months and years apart", () => {
    const nine = extractFigures(read("2024-09-chin-thang.txt"));
    const kinds = new Map(nine.map((f) => [f.periodLabel, [f.periodKind, f.periodStart, f.periodEnd]]));
    expect(kinds.get(M9)).toEqual(["months", 2024, 2024]);
    expect(kinds.get("quý III/2024")).toEqual(["quarter", 2024, 2024]);
    expect(kinds.get("tháng 9/2024")).toEqual(["month", 2024, 2024]);
    const year = extractFigures(read("2024-12-ca-nam.txt"));
    expect(year.find((f) => f.periodLabel === Y24)?.periodKind).toBe("year");
  });
});
