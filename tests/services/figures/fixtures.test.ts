// Three reports written for these tests in the department's style (tests/fixtures/reports/): the
// same indicators over other periods – six months, nine months (with a quarter and a month inside)
// and the whole of 2024. Each fact: indicator, the number as written, measure (and the base of a
// change), value, period, status (and "about" for "khoảng").
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractFacts } from "../../../src/services/figures/extract.ts";
import { parseReportText } from "../../../src/services/reports/parse.ts";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/reports");
const read = (name: string) => readFileSync(path.join(dir, name), "utf8");
const facts = (name: string) => extractFacts(parseReportText(read(name)));

/** [indicator, raw, measure[/base], value, period label, status[/approx]] */
type Row = [string | null, string, string, string, string | null, string];

// prettier-ignore
const REPORTS: Record<string, Row[]> = {
  "2024-06-sau-thang-dau-nam.txt": [
    ["industrial_production_index", "7,85%", "change/same_period", "7.85", "6 tháng đầu năm 2024", "actual"],
    ["industrial_output_value", "23.415 tỷ đồng", "level", "23415", "6 tháng đầu năm 2024", "estimate"],
    ["industrial_output_value", "8,12%", "change/same_period", "8.12", "6 tháng đầu năm 2024", "estimate"],
    ["industrial_output_value", "47,6%", "plan_share", "47.6", "6 tháng đầu năm 2024", "estimate"],
    ["industrial_cluster_count", "08 CCN", "level", "8", "tháng 6/2024", "actual"],
    ["industrial_cluster_area", "317,9402 ha", "level", "317.9402", "tháng 6/2024", "actual"],
    ["industrial_cluster_leased_area", "84,52 ha", "level", "84.52", "tháng 6/2024", "actual"],
    ["industrial_cluster_occupancy_rate", "38,91%", "level", "38.91", "tháng 6/2024", "actual/about"],
    ["industrial_cluster_projects", "29 dự án", "level", "29", "tháng 6/2024", "actual"],
    ["industrial_cluster_workers", "9.980 lao động", "level", "9980", "tháng 6/2024", "actual/about"],
    ["retail_sales", "38.960 tỷ đồng", "level", "38960", "6 tháng đầu năm 2024", "estimate"],
    ["retail_sales", "9,4%", "change/same_period", "9.4", "6 tháng đầu năm 2024", "estimate"],
    ["retail_sales", "49,1%", "plan_share", "49.1", "6 tháng đầu năm 2024", "estimate"],
    ["export_turnover", "780,5 triệu USD", "level", "780.5", "6 tháng đầu năm 2024", "estimate"],
    ["export_turnover", "6,1%", "change/same_period", "6.1", "6 tháng đầu năm 2024", "estimate"],
    ["export_turnover", "48,2%", "plan_share", "48.2", "6 tháng đầu năm 2024", "estimate"],
    ["import_turnover", "268,3 triệu USD", "level", "268.3", "6 tháng đầu năm 2024", "estimate"],
    ["import_turnover", "2,4%", "change/same_period", "-2.4", "6 tháng đầu năm 2024", "estimate"],
    ["commercial_electricity", "1.051,6 triệu kWh", "level", "1051.6", "6 tháng đầu năm 2024", "actual"],
    ["commercial_electricity", "7,2%", "change/same_period", "7.2", "6 tháng đầu năm 2024", "actual"],
    ["wind_power_grid_capacity", "236,8 MW", "level", "236.8", "tính đến 30/06/2024", "actual"],
    ["provincial_promotion_schemes", "12 đề án", "level", "12", "6 tháng đầu năm 2024", "actual"],
    ["promotion_budget", "3.250 triệu đồng", "level", "3250", "6 tháng đầu năm 2024", "actual"],
    ["promotion_beneficiaries", "12 đơn vị", "level", "12", "6 tháng đầu năm 2024", "actual"],
  ],
  "2024-09-chin-thang.txt": [
    ["industrial_production_index", "8,35%", "change/same_period", "8.35", "9 tháng năm 2024", "actual"],
    ["industrial_output_value", "35.870 tỷ đồng", "level", "35870", "9 tháng năm 2024", "estimate"],
    ["industrial_output_value", "8,9%", "change/same_period", "8.9", "9 tháng năm 2024", "estimate"],
    ["industrial_output_value", "72,4%", "plan_share", "72.4", "9 tháng năm 2024", "estimate"],
    ["industrial_output_value", "12.455 tỷ đồng", "level", "12455", "quý III/2024", "estimate"],
    ["retail_sales", "59.340 tỷ đồng", "level", "59340", "9 tháng năm 2024", "estimate"],
    ["retail_sales", "9,8%", "change/same_period", "9.8", "9 tháng năm 2024", "estimate"],
    ["retail_sales", "6.720 tỷ đồng", "level", "6720", "tháng 9/2024", "estimate"],
    ["export_turnover", "1.185,6 triệu USD", "level", "1185.6", "9 tháng năm 2024", "estimate"],
    ["export_turnover", "7,3%", "change/same_period", "7.3", "9 tháng năm 2024", "estimate"],
    ["export_turnover", "74,1%", "plan_share", "74.1", "9 tháng năm 2024", "estimate"],
    ["import_turnover", "402,7 triệu USD", "level", "402.7", "9 tháng năm 2024", "estimate"],
    ["import_turnover", "3,5%", "change/same_period", "3.5", "9 tháng năm 2024", "estimate"],
    ["wind_power_projects", "19 dự án", "level", "19", "tính đến 07/10/2024", "actual"],
    ["wind_power_capacity", "1.007,7 MW", "level", "1007.7", "tính đến 07/10/2024", "actual"],
    ["wind_power_grid_capacity", "257,35 MW", "level", "257.35", "tính đến 07/10/2024", "actual"],
    ["industrial_cluster_projects", "31 dự án", "level", "31", "tính đến 07/10/2024", "actual"],
    ["industrial_cluster_registered_capital", "8.120,5 tỷ đồng", "level", "8120.5", "tính đến 07/10/2024", "actual/about"],
    ["industrial_cluster_workers", "10.240 lao động", "level", "10240", "tính đến 07/10/2024", "actual/about"],
    ["national_promotion_schemes", "02 đề án", "level", "2", "quý III/2024", "actual"],
    ["provincial_promotion_schemes", "15 đề án", "level", "15", "quý III/2024", "actual"],
    ["promotion_beneficiaries", "17 đơn vị", "level", "17", "quý III/2024", "actual"],
    ["digital_transformation_enterprises", "120 doanh nghiệp", "level", "120", "9 tháng năm 2024", "actual"],
    ["fdi_projects", "2 dự án", "level", "2", "9 tháng năm 2024", "actual"],
    ["fdi_capital", "45,3 triệu USD", "level", "45.3", "9 tháng năm 2024", "actual"],
  ],
  "2024-12-ca-nam.txt": [
    ["industrial_output_value", "47.512 tỷ đồng", "level", "47512", "năm 2024", "estimate"],
    ["industrial_output_value", "8,6%", "change/same_period", "8.6", "năm 2024", "estimate"],
    ["industrial_output_value", "100,3%", "plan_share", "100.3", "năm 2024", "estimate"],
    ["industrial_production_index", "9,12%", "change/same_period", "9.12", "năm 2024", "actual"],
    ["industrial_output_value", "155.604 tỷ đồng", "level", "155604", "giai đoạn 2021–2024", "actual"],
    ["industrial_output_value", "66,5%", "target_share", "66.5", "giai đoạn 2021–2024", "actual"],
    ["industrial_cluster_count", "08 CCN", "level", "8", "năm 2024", "actual"],
    ["industrial_cluster_operating_count", "05 CCN", "level", "5", "năm 2024", "actual"],
    ["industrial_cluster_leased_area", "96,75 ha", "level", "96.75", "năm 2024", "actual"],
    ["industrial_cluster_occupancy_rate", "44,55%", "level", "44.55", "năm 2024", "actual"],
    ["industrial_cluster_infrastructure_budget", "18.600 triệu đồng", "level", "18600", "năm 2024", "actual"],
    ["retail_sales", "80.215 tỷ đồng", "level", "80215", "năm 2024", "estimate"],
    ["retail_sales", "10,2%", "change/same_period", "10.2", "năm 2024", "estimate"],
    ["market_count", "159 chợ", "level", "159", "tính đến 10/01/2025", "actual"],
    ["supermarket_count", "7 siêu thị", "level", "7", "tính đến 10/01/2025", "actual"],
    ["shopping_center_count", "2 trung tâm thương mại", "level", "2", "tính đến 10/01/2025", "actual"],
    ["new_enterprises", "512 doanh nghiệp", "level", "512", "năm 2024", "actual"],
    ["digital_transformation_enterprises", "215 doanh nghiệp", "level", "215", "năm 2024", "actual"],
    ["export_turnover", "1.620,4 triệu USD", "level", "1620.4", "năm 2024", "estimate"],
    ["export_turnover", "8,4%", "change/same_period", "8.4", "năm 2024", "estimate"],
    ["export_turnover", "101,3%", "plan_share", "101.3", "năm 2024", "estimate"],
    ["import_turnover", "548,9 triệu USD", "level", "548.9", "năm 2024", "actual"],
    ["commercial_electricity", "2.186,4 triệu kWh", "level", "2186.4", "năm 2024", "actual"],
    ["commercial_electricity", "8,1%", "change/same_period", "8.1", "năm 2024", "actual"],
    ["household_electrification_rate", "99,98%", "level", "99.98", "năm 2024", "actual"],
    ["wind_power_grid_capacity", "287,15 MW", "level", "287.15", "năm 2024", "actual"],
    ["wind_power_projects_installed", "12/19 dự án", "level", "12", "năm 2024", "actual"],
    ["national_promotion_schemes", "03 đề án", "level", "3", "năm 2024", "actual"],
    ["provincial_promotion_schemes", "41 đề án", "level", "41", "năm 2024", "actual"],
    ["promotion_budget", "9.870 triệu đồng", "level", "9870", "năm 2024", "actual"],
    ["promotion_beneficiaries", "44 cơ sở", "level", "44", "năm 2024", "actual"],
    ["investment_projects", "14 dự án", "level", "14", "năm 2024", "actual"],
    ["investment_capital", "3.450 tỷ đồng", "level", "3450", "năm 2024", "actual"],
    ["fdi_projects", "3 dự án", "level", "3", "năm 2024", "actual"],
    ["fdi_capital", "62,8 triệu USD", "level", "62.8", "năm 2024", "actual"],
  ],
};

describe.each(Object.entries(REPORTS))("extractFacts on %s", (file, rows) => {
  const text = read(file);
  const found = facts(file);

  it("is a plain-text report: title first, then the update line", () => {
    const [title, updated] = text.split("\n");
    expect(title.length).toBeGreaterThan(20);
    expect(updated).toMatch(/^\(Cập nhật: \d{2}\/\d{2}\/\d{4}\)$/);
    expect(text).toBe(text.normalize("NFC"));
  });

  it.each(rows)("%s = %s", (indicator, raw, measure, value, period, status) => {
    const hits = found.filter((f) => f.indicator === indicator && f.raw === raw);
    expect(hits, `${indicator} ${raw}`).toHaveLength(1);
    const f = hits[0];
    expect([f.measure + (f.measure === "change" ? `/${f.base}` : ""), f.value, f.period?.label ?? null, f.status + (f.approx ? `/${f.approx}` : "")]).toEqual([
      measure,
      value,
      period,
      status,
    ]);
  });

  it("finds these figures and no others", () => {
    expect(found.map((f) => `${f.indicator} ${f.raw}`)).toEqual(rows.map((r) => `${r[0]} ${r[1]}`));
  });
});

describe("period kinds in the written reports", () => {
  it("tells months, quarters, single months and years apart", () => {
    const kinds = new Map(facts("2024-09-chin-thang.txt").map((f) => [f.period?.label, [f.period?.kind, f.period?.start, f.period?.end]]));
    expect(kinds.get("9 tháng năm 2024")).toEqual(["months", 2024, 2024]);
    expect(kinds.get("quý III/2024")).toEqual(["quarter", 2024, 2024]);
    expect(kinds.get("tháng 9/2024")).toEqual(["month", 2024, 2024]);
    expect(facts("2024-12-ca-nam.txt").find((f) => f.period?.label === "năm 2024")?.period?.kind).toBe("year");
  });
});
