// The sample report restates, in the project's own words, the figures of a real report of Sở Công
// Thương Bến Tre (2021–2023 results): every key figure in it must come out with the right subject,
// measure, value, unit, period and status.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractFacts, type Fact } from "../../../src/services/figures/extract.ts";
import { parseReportText } from "../../../src/services/reports/parse.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const seed = readFileSync(path.resolve(here, "../../../data/reports/2023-10-ket-qua-3-nam-dong-khoi-moi.txt"), "utf8");
const parsed = parseReportText(seed);
const figures = extractFacts(parsed);

/** [indicator or subject, raw, measure[/base], value, scale, unit, period, status[/approx]] */
type Row = [string, string, string, string, string | null, string | null, string | null, string];

// prettier-ignore
const EXPECTED: Row[] = [
  ["industrial_output_value", "108.092 tỷ đồng", "level", "108092", "tỷ", "đồng", "giai đoạn 2021–2023", "actual"],
  ["industrial_output_value", "46,19%", "target_share", "46.19", null, "%", "giai đoạn 2021–2023", "actual"],
  ["industrial_output_value", "5,27 %/năm", "change/per_year", "5.27", null, "%/năm", "giai đoạn 2021–2023", "actual"],
  ["industrial_cluster_count", "08 CCN", "level", "8", null, "CCN", "tính đến 23/10/2023", "actual"],
  ["industrial_cluster_area", "317,9402 ha", "level", "317.9402", null, "ha", "tính đến 23/10/2023", "actual"],
  ["industrial_cluster_detailed_plan_count", "07 cụm", "level", "7", null, "cụm", "tính đến 23/10/2023", "actual"],
  ["industrial_cluster_detailed_plan_area", "299,4 ha", "level", "299.4", null, "ha", "tính đến 23/10/2023", "actual"],
  ["industrial_cluster_industrial_land_area", "217,2 ha", "level", "217.2", null, "ha", "tính đến 23/10/2023", "actual"],
  ["industrial_cluster_leased_area", "81,3909 ha", "level", "81.3909", null, "ha", "tính đến 23/10/2023", "actual"],
  ["industrial_cluster_occupancy_rate", "37,48%", "level", "37.48", null, "%", "tính đến 23/10/2023", "actual/about"],
  ["industrial_cluster_operating_count", "04 CCN", "level", "4", null, "CCN", "tính đến 23/10/2023", "actual"],
  ["industrial_cluster_projects", "28 dự án", "level", "28", null, "dự án", "tính đến 23/10/2023", "actual"],
  ["industrial_cluster_registered_capital", "7.839,02 tỷ đồng", "level", "7839.02", "tỷ", "đồng", "tính đến 23/10/2023", "actual/about"],
  ["industrial_cluster_workers", "9.953 lao động", "level", "9953", null, "lao động", "tính đến 23/10/2023", "actual/about"],
  ["industrial_cluster_infrastructure_projects", "03 dự án", "level", "3", null, "dự án", "giai đoạn 2021–2023", "actual"],
  ["industrial_cluster_infrastructure_budget", "50.570 triệu đồng", "level", "50570", "triệu", "đồng", "giai đoạn 2021–2023", "actual"],
  ["retail_sales", "172.839 tỷ đồng", "level", "172839", "tỷ", "đồng", "giai đoạn 2021–2023", "actual"],
  ["retail_sales", "41,60%", "target_share", "41.60", null, "%", "giai đoạn 2021–2023", "actual"],
  ["retail_sales", "7,52%/năm", "change/per_year", "7.52", null, "%/năm", "giai đoạn 2021–2023", "estimate"],
  ["digital_transformation_enterprises", "1.000 doanh nghiệp", "level", "1000", null, "doanh nghiệp", "giai đoạn 2021–2022", "actual"],
  ["export_turnover", "4.262,7 triệu USD", "level", "4262.7", "triệu", "USD", "giai đoạn 2021–2023", "actual"],
  ["export_turnover", "42,63%", "target_share", "42.63", null, "%", "giai đoạn 2021–2023", "actual"],
  ["export_turnover", "3,07%/năm", "change/per_year", "3.07", null, "%/năm", "giai đoạn 2021–2023", "actual"],
  ["import_turnover", "1.317,4 triệu USD", "level", "1317.4", "triệu", "USD", "giai đoạn 2021–2023", "actual"],
  ["import_turnover", "29,84%", "target_share", "29.84", null, "%", "giai đoạn 2021–2023", "actual"],
  ["commercial_electricity", "6,42%/năm", "change/per_year", "6.42", null, "%/năm", "tính đến 23/10/2023", "actual"],
  ["household_electrification_rate", "99,97%", "level", "99.97", null, "%", "tính đến 23/10/2023", "actual"],
  ["wind_power_projects", "19 dự án", "level", "19", null, "dự án", "tính đến 23/10/2023", "actual"],
  ["wind_power_capacity", "1.007,7 MW", "level", "1007.7", null, "MW", "tính đến 23/10/2023", "actual"],
  ["wind_power_projects_in_procedure", "10/19 dự án", "level", "10", null, "dự án", "tính đến 23/10/2023", "actual"],
  ["wind_power_projects_installed", "09/19 dự án", "level", "9", null, "dự án", "tính đến 23/10/2023", "actual"],
  ["wind_power_installed_capacity", "365,9 MW", "level", "365.9", null, "MW", "tính đến 23/10/2023", "actual/about"],
  ["wind_power_grid_capacity", "221,05MW", "level", "221.05", null, "MW", "tính đến 23/10/2023", "actual"],
  ["national_promotion_pilot_schemes", "02 đề án", "level", "2", null, "đề án", "giai đoạn 2021–2022", "actual"],
  ["promotion_beneficiaries", "16 đơn vị", "level", "16", null, "đơn vị", "giai đoạn 2021–2022", "actual"],
  ["Số hội thảo", "01 hội thảo", "level", "1", null, "hội thảo", "giai đoạn 2021–2022", "actual"],
  ["national_promotion_schemes", "01 đề án", "increment", "1", null, "đề án", "giai đoạn 2021–2022", "actual"],
  ["provincial_promotion_schemes", "46 đề án", "level", "46", null, "đề án", "giai đoạn 2021–2022", "actual"],
];

function only(key: string, raw: string): Fact {
  const found = figures.filter((f) => (f.indicator ?? f.subject) === key && f.raw === raw);
  expect(found, `${key} ${raw}`).toHaveLength(1);
  return found[0];
}

describe("extractFacts on the sample report", () => {
  it.each(EXPECTED)("%s = %s", (key, raw, measure, value, scale, unit, period, status) => {
    const f = only(key, raw);
    expect([f.measure + (f.base ? `/${f.base}` : ""), f.value, f.scale, f.unit, f.period?.label ?? null, f.status + (f.approx ? `/${f.approx}` : "")]).toEqual([
      measure,
      value,
      scale,
      unit,
      period,
      status,
    ]);
  });

  it("finds these figures and no others", () => {
    expect(figures.map((f) => `${f.indicator ?? f.subject} ${f.raw}`)).toEqual(EXPECTED.map((r) => `${r[0]} ${r[1]}`));
  });

  it("gives ranges their years and kind, and stocks the report's date", () => {
    const f = only("industrial_output_value", "108.092 tỷ đồng");
    expect([f.period?.kind, f.period?.start, f.period?.end]).toEqual(["range", 2021, 2023]);
    expect(only("industrial_cluster_count", "08 CCN").period?.kind).toBe("asof");
  });

  it("names known indicators in Vietnamese", () => {
    expect(only("industrial_output_value", "108.092 tỷ đồng").subject).toBe("Giá trị sản xuất công nghiệp");
  });

  it("points each figure at its sentence", () => {
    for (const f of figures) expect(f.sentence).toContain(f.raw);
    expect(only("industrial_cluster_occupancy_rate", "37,48%").sentence).toBe("Tỷ lệ lấp đầy đạt khoảng 37,48% diện tích đất công nghiệp.");
  });

  it("reads the same figures from NFD text", () => {
    const again = extractFacts(parseReportText(seed.normalize("NFD")));
    expect(again.map((f) => [f.indicator, f.value, f.period?.label])).toEqual(figures.map((f) => [f.indicator, f.value, f.period?.label]));
  });
});

describe("what in the sample report is not a figure", () => {
  const notFigures = [
    "3707/KH-UBND",
    "01-CT/TU",
    "08-CTr/TU",
    "1502/KH-SCT",
    "6600/KH-UBND",
    "7320/HD-UBND",
    "23/10/2023",
    "29/01/2021",
    "01/7/2021",
    "5/8/2021",
    "08/11/2021",
    "ngày 12 tháng 10 năm 2021",
    "03 năm thực hiện",
    "(1)",
    "(2)",
    "(3)",
    "2020-2025",
    "năm 2030",
    "2021 - 2030",
    "đến 2050",
  ];

  it.each(notFigures)("%s", (text) => {
    expect(seed.indexOf(text), text).toBeGreaterThanOrEqual(0);
    expect(
      figures.filter((f) => text.includes(f.raw) || f.raw.includes(text)),
      text,
    ).toEqual([]);
  });
});
