// Single sentences in the department's style: how units, qualifiers, derived figures and periods
// are read, and what is never a figure.
import { describe, expect, it } from "vitest";
import { extractFigures } from "../../src/services/figures/extract.ts";

const brief = (text: string) =>
  extractFigures(text).map((f) => ({ indicator: f.indicator, value: f.value, raw: f.raw, period: f.periodLabel, qualifiers: f.qualifiers }));

describe("figures in one sentence", () => {
  it("reads a six-month export sentence: value, change on last year, share of the annual plan", () => {
    expect(brief("6 tháng đầu năm 2024, kim ngạch xuất khẩu ước đạt 780,5 triệu USD, tăng 6,1% so với cùng kỳ, đạt 48,2% kế hoạch năm.")).toEqual([
      { indicator: "export_turnover", value: "780.5", raw: "780,5 triệu USD", period: "6 tháng đầu năm 2024", qualifiers: ["estimate"] },
      { indicator: "export_turnover.yoy", value: "6.1", raw: "6,1%", period: "6 tháng đầu năm 2024", qualifiers: ["estimate", "yoy"] },
      { indicator: "export_turnover.plan_share", value: "48.2", raw: "48,2%", period: "6 tháng đầu năm 2024", qualifiers: ["estimate", "share_of_target"] },
    ]);
  });

  it("reads the IIP as a change on the same period", () => {
    const [f] = extractFigures("Chỉ số sản xuất công nghiệp (IIP) 9 tháng năm 2024 tăng 8,35% so với cùng kỳ.");
    expect(f).toMatchObject({
      indicator: "industrial_production_index.yoy",
      indicatorName: "Chỉ số sản xuất công nghiệp (IIP) – tăng so với cùng kỳ",
      value: "8.35",
      unit: "%",
      periodKind: "months",
      periodStart: 2024,
      periodEnd: 2024,
      periodLabel: "9 tháng năm 2024",
      qualifiers: ["yoy"],
    });
  });

  it("reads a year-end estimate with scale and unit apart", () => {
    const [f] = extractFigures("Năm 2024, giá trị sản xuất công nghiệp ước đạt 47.512 tỷ đồng.");
    expect(f).toMatchObject({ indicator: "industrial_output_value", value: "47512", scale: "tỷ", unit: "đồng", periodLabel: "năm 2024", qualifiers: ["estimate"] });
  });

  it("makes a decrease negative, keeping the raw text", () => {
    const [, f] = extractFigures("Quý I/2024, kim ngạch nhập khẩu đạt 120,4 triệu USD, giảm 2,4% so với cùng kỳ.");
    expect(f).toMatchObject({ indicator: "import_turnover.yoy", value: "-2.4", raw: "2,4%", periodLabel: "quý I/2024" });
  });

  it("keeps the wording's scale: tỉ and ngàn display as tỷ and nghìn", () => {
    const [a] = extractFigures("Năm 2023, giá trị SXCN đạt 44.120 tỉ đồng.");
    expect([a.scale, a.raw]).toEqual(["tỷ", "44.120 tỉ đồng"]);
  });

  it("uses the period of the sentence before when a sentence goes on with “Và”", () => {
    const [, imports] = extractFigures("Năm 2023, kim ngạch xuất khẩu đạt 1.502 triệu USD. Và kim ngạch nhập khẩu đạt 510,2 triệu USD.");
    expect(imports).toMatchObject({ indicator: "import_turnover", periodLabel: "năm 2023" });
  });

  it("does not take a comparison base or a horizon as the figure's period", () => {
    const figures = extractFigures("Giá trị sản xuất công nghiệp tăng 8,6% so với năm 2023, tầm nhìn đến năm 2030.");
    expect(figures.map((f) => [f.indicator, f.periodLabel])).toEqual([["industrial_output_value.yoy", null]]);
  });

  it("reads reports typed without diacritics too", () => {
    expect(brief("Nam 2024, kim ngach xuat khau uoc dat 1.620,4 trieu USD.")).toEqual([
      { indicator: "export_turnover", value: "1620.4", raw: "1.620,4 trieu USD", period: "năm 2024", qualifiers: ["estimate"] },
    ]);
  });

  it.each([
    ["Toàn tỉnh có 385.420 hộ dân sử dụng điện, đạt tỷ lệ 99,98%.", [["households_with_electricity", "385420"], ["household_electrification_rate", "99.98"]]],
    ["Tỷ lệ lấp đầy CCN đạt 37,48%.", [["industrial_cluster_occupancy_rate", "37.48"]]],
    ["Trong năm 2024, thu hút 5 dự án vào CCN với tổng vốn đăng ký 1.200 tỷ đồng.", [["industrial_cluster_projects", "5"], ["industrial_cluster_registered_capital", "1200"]]],
    ["Tổng kim ngạch xuất nhập khẩu năm 2023 đạt 2.012,5 triệu USD.", [["trade_turnover", "2012.5"]]],
    ["IIP năm 2023 đạt 106,8.", [["industrial_production_index", "106.8"]]],
    ["Năm 2023, toàn tỉnh có 3.524 doanh nghiệp đang hoạt động.", [["enterprise_count", "3524"]]],
    ["Có 12 dự án FDI còn hiệu lực, vốn FDI đăng ký đạt 120 triệu USD.", [["fdi_projects", "12"], ["fdi_capital", "120"]]],
  ])("names the indicator from the words around the number: %j", (text, expected) => {
    expect(extractFigures(text).map((f) => [f.indicator, f.value])).toEqual(expected);
  });

  it("counts by unit: markets, supermarkets, clusters", () => {
    expect(brief("Toàn tỉnh có 159 chợ, 7 siêu thị, 2 trung tâm thương mại và 08 cụm công nghiệp.").map((f) => [f.indicator, f.value])).toEqual([
      ["market_count", "159"],
      ["supermarket_count", "7"],
      ["shopping_center_count", "2"],
      ["industrial_cluster_count", "8"],
    ]);
  });
});

describe("what is never a figure", () => {
  it.each([
    "Thực hiện Kế hoạch số 3707/KH-UBND ngày 01/7/2021 về kim ngạch xuất khẩu.",
    "Chỉ thị số 01-CT/TU và Chương trình số 08-CTr/TU ngày 29/01/2021 về giá trị sản xuất công nghiệp.",
    "Kế hoạch số 1502/KH-SCT ngày 5/8/2021 hỗ trợ chuyển đổi số.",
    "Kế hoạch số 6600/KH-UBND ngày 12 tháng 10 năm 2021 về cụm công nghiệp.",
    "(Cập nhật: 23/10/2023)",
    "Kết quả 03 năm thực hiện Chỉ thị số 01-CT/TU giai đoạn 2020-2025, tầm nhìn đến năm 2030.",
    "ĐIỆN THOẠI: 0275.3822 365- 3822 251",
    "Trung tâm Khuyến công & Xúc tiến thương mại 0275.6281888 - 0275.3822403",
    "(1) Về xuất khẩu; (2) Về cụm công nghiệp.",
    "1. Kim ngạch xuất khẩu",
    "Kim ngạch xuất khẩu năm 2024 và giai đoạn 2021–2025.",
    "Ngành hoàn thành 9/11 chỉ tiêu chủ yếu.",
    "Giá vàng hôm nay 8.350.000 đồng một chỉ.",
    "Đại dịch COVID-19 ảnh hưởng đến xuất khẩu.",
  ])("%j", (text) => {
    expect(extractFigures(text)).toEqual([]);
  });

  it("reads an empty text as no figures", () => {
    expect(extractFigures("")).toEqual([]);
  });
});
