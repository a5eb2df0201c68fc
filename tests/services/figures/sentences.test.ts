// Single sentences in the department's style: what each number measures, for which period, how
// sure it is, and what is never a figure. The sentences and numbers are our own.
import { describe, expect, it } from "vitest";
import { extractFacts } from "../../../src/services/figures/extract.ts";
import type { Fact } from "../../../src/services/figures/fact.ts";

/** Each line a paragraph of a report with this title and date. */
const read = (text: string, title = "", publishedAt: Date | null = null) =>
  extractFacts({
    title,
    publishedAt,
    blocks: text
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => ({ type: "paragraph" as const, text: l })),
  });
const brief = (f: Fact) => ({
  subject: f.indicator ?? f.subject,
  part: f.part,
  measure: f.measure,
  base: f.base,
  value: f.value,
  period: f.period?.label ?? null,
  status: f.status,
});

describe("figures in one sentence", () => {
  it("reads a six-month export sentence: value, change on last year, share of the annual plan", () => {
    expect(read("6 tháng đầu năm 2024, kim ngạch xuất khẩu ước đạt 780,5 triệu USD, tăng 6,1% so với cùng kỳ, đạt 48,2% kế hoạch năm.").map(brief)).toEqual([
      { subject: "export_turnover", part: null, measure: "level", base: null, value: "780.5", period: "6 tháng đầu năm 2024", status: "estimate" },
      { subject: "export_turnover", part: null, measure: "change", base: "same_period", value: "6.1", period: "6 tháng đầu năm 2024", status: "estimate" },
      { subject: "export_turnover", part: null, measure: "plan_share", base: null, value: "48.2", period: "6 tháng đầu năm 2024", status: "estimate" },
    ]);
  });

  it("tells a month from the months since January in one sentence, and the previous month from last year", () => {
    const facts = read(
      "Giá trị sản xuất công nghiệp tháng 7 ước đạt 2.940 tỷ đồng, tăng 4,6% so với tháng trước; lũy kế 7 tháng ước đạt 19.415 tỷ đồng, tăng 7,3% so với cùng kỳ, đạt 55,1% kế hoạch năm.",
      "Báo cáo tình hình hoạt động ngành Công Thương tháng 7 năm 2025",
    );
    expect(facts.map((f) => [f.indicator, f.measure, f.base, f.value, f.period?.label])).toEqual([
      ["industrial_output_value", "level", null, "2940", "tháng 7/2025"],
      ["industrial_output_value", "change", "previous_period", "4.6", "tháng 7/2025"],
      ["industrial_output_value", "level", null, "19415", "7 tháng năm 2025"],
      ["industrial_output_value", "change", "same_period", "7.3", "7 tháng năm 2025"],
      ["industrial_output_value", "plan_share", null, "55.1", "7 tháng năm 2025"],
    ]);
  });

  it("reads the IIP as a change, and a fall as a negative change", () => {
    const [iip, fall] = read("Chỉ số sản xuất công nghiệp (IIP) 9 tháng năm 2024 tăng 8,35% so với cùng kỳ. Chỉ số IIP tháng 9/2024 giảm 1,28% so với tháng trước.");
    expect(brief(iip)).toMatchObject({ subject: "industrial_production_index", measure: "change", value: "8.35", period: "9 tháng năm 2024" });
    expect(brief(fall)).toMatchObject({ measure: "change", base: "previous_period", value: "-1.28", period: "tháng 9/2024" });
  });

  it("keeps scale and unit apart, and the wording's scale: tỉ and ngàn display as tỷ and nghìn", () => {
    const [a] = read("Năm 2023, giá trị SXCN đạt 44.120 tỉ đồng.");
    expect([a.value, a.scale, a.unit, a.raw]).toEqual(["44120", "tỷ", "đồng", "44.120 tỉ đồng"]);
    const [b] = read("Năm 2024, kim ngạch xuất khẩu đạt 1,62 tỷ USD.");
    expect([b.value, b.scale, b.unit]).toEqual(["1.62", "tỷ", "USD"]);
  });

  it("reads “vượt x% kế hoạch” as 100 + x, and “bằng”, “hoàn thành” as the share itself", () => {
    const facts = read("Năm 2024, kim ngạch xuất khẩu vượt 1,5% kế hoạch; kim ngạch nhập khẩu bằng 96,2% kế hoạch; tổng mức bán lẻ hoàn thành 102,05% kế hoạch năm.");
    expect(facts.map((f) => [f.indicator, f.measure, f.value])).toEqual([
      ["export_turnover", "plan_share", "101.5"],
      ["import_turnover", "plan_share", "96.2"],
      ["retail_sales", "plan_share", "102.05"],
    ]);
  });

  it("reads a target as a target, never as the actual figure", () => {
    const facts = read("Năm 2025, ngành phấn đấu giá trị sản xuất công nghiệp đạt 60.500 tỷ đồng và kim ngạch xuất khẩu đạt 1,9 tỷ USD.");
    expect(facts.map((f) => [f.indicator, f.status, f.period?.label])).toEqual([
      ["industrial_output_value", "target", "năm 2025"],
      ["export_turnover", "target", "năm 2025"],
    ]);
    const [actual, plan] = read("Năm 2024, giá trị sản xuất công nghiệp đạt 51.230 tỷ đồng (kế hoạch 52.000 tỷ đồng).");
    expect([actual.status, actual.value, plan.status, plan.value, plan.indicator]).toEqual(["actual", "51230", "target", "52000", "industrial_output_value"]);
  });

  it("tells an increment from the total it brings", () => {
    const facts = read("Trong năm 2024, các cụm công nghiệp thu hút thêm 05 dự án, nâng tổng số dự án trong các CCN lên 42 dự án.");
    expect(facts.map((f) => [f.indicator, f.measure, f.value])).toEqual([
      ["industrial_cluster_projects", "increment", "5"],
      ["industrial_cluster_projects", "level", "42"],
    ]);
  });

  it("reads “theo giá so sánh 2010” as the price basis, not as the year", () => {
    const [f] = read("Giá trị sản xuất công nghiệp (theo giá so sánh 2010) năm 2024 ước đạt 49.870 tỷ đồng.");
    expect([f.period?.label, f.basis]).toEqual(["năm 2024", "giá so sánh 2010"]);
  });

  it("keeps “trong đó” breakdowns as parts of the subject", () => {
    const facts = read(
      "Năm 2024, kim ngạch xuất khẩu đạt 1.620 triệu USD. Trong đó, doanh nghiệp trong nước đạt 702,4 triệu USD, chiếm 43,4%; thị trường Hoa Kỳ đạt 391,8 triệu USD.",
    );
    expect(facts.map((f) => [f.indicator, f.part, f.measure, f.value, f.period?.label])).toEqual([
      ["export_turnover", null, "level", "1620", "năm 2024"],
      ["export_turnover", "doanh nghiệp trong nước", "level", "702.4", "năm 2024"],
      ["export_turnover", "doanh nghiệp trong nước", "total_share", "43.4", "năm 2024"],
      ["export_turnover", "thị trường Hoa Kỳ", "level", "391.8", "năm 2024"],
    ]);
  });

  it("keeps “hơn”, “gần” and “khoảng”", () => {
    const facts = read("Năm 2024, kim ngạch nhập khẩu đạt hơn 520 triệu USD; điện thương phẩm đạt gần 2.210 triệu kWh; tổng mức bán lẻ đạt khoảng 91.400 tỷ đồng.");
    expect(facts.map((f) => f.approx)).toEqual(["over", "under", "about"]);
  });

  it("says which figures are estimates and which are official", () => {
    const [estimate] = read("Năm 2024, tổng mức bán lẻ ước đạt 91.400 tỷ đồng.");
    const [official] = read("Theo số liệu chính thức, năm 2024 tổng mức bán lẻ đạt 91.862 tỷ đồng.");
    expect([estimate.status, official.status]).toEqual(["estimate", "official"]);
  });

  it("takes the period from the title when the text names none, and “trong tháng” as the title's month", () => {
    const facts = read(
      "Lực lượng quản lý thị trường kiểm tra 64 vụ, xử lý 23 vụ vi phạm, thu nộp ngân sách 215,6 triệu đồng.",
      "Kết quả công tác quản lý thị trường quý II năm 2025",
    );
    expect(facts.map((f) => [f.subject, f.value, f.period?.label])).toEqual([
      ["Số vụ", "64", "quý II/2025"],
      ["Số vụ vi phạm", "23", "quý II/2025"],
      ["Thu nộp ngân sách", "215.6", "quý II/2025"],
    ]);
    const [month] = read("Trong tháng, toàn tỉnh tổ chức 9 phiên chợ hàng Việt.", "Hoạt động ngành Công Thương tháng 8 và 8 tháng năm 2025");
    expect([month.subject, month.period?.label]).toEqual(["Số phiên chợ hàng Việt", "tháng 8/2025"]);
  });

  it("keeps a subject that no known indicator names", () => {
    const [f] = read("Năm 2024, sản lượng thuốc lá bao đạt 12,5 triệu bao, tăng 3,2%.");
    expect([f.indicator, f.subject, f.value, f.scale, f.unit]).toEqual([null, "Sản lượng thuốc lá bao", "12.5", "triệu", "bao"]);
  });

  it("reads a stock “đến nay” as of the report's date", () => {
    const [f] = read("Đến nay, toàn tỉnh có 1.412 hệ thống điện mặt trời mái nhà.", "Tình hình phát triển năng lượng", new Date(Date.UTC(2025, 4, 20)));
    expect([f.period?.kind, f.period?.label]).toEqual(["asof", "tính đến 20/05/2025"]);
  });

  it("uses the period of the sentence before when a sentence names none", () => {
    const [, imports] = read("Năm 2023, kim ngạch xuất khẩu đạt 1.502 triệu USD. Và kim ngạch nhập khẩu đạt 510,2 triệu USD.");
    expect(imports).toMatchObject({ indicator: "import_turnover", period: { label: "năm 2023" } });
  });

  it("does not take a comparison base or a horizon as the figure's period", () => {
    const facts = read("Giá trị sản xuất công nghiệp tăng 8,6% so với năm 2023, tầm nhìn đến năm 2030.");
    expect(facts.map((f) => [f.indicator, f.period?.label ?? null])).toEqual([["industrial_output_value", null]]);
  });

  it("reads reports typed without diacritics too", () => {
    expect(read("Nam 2024, kim ngach xuat khau uoc dat 1.620,4 trieu USD.").map(brief)).toEqual([
      { subject: "export_turnover", part: null, measure: "level", base: null, value: "1620.4", period: "năm 2024", status: "estimate" },
    ]);
  });

  it.each([
    [
      "Toàn tỉnh có 385.420 hộ dân sử dụng điện, đạt tỷ lệ 99,98%.",
      [
        ["households_with_electricity", "385420"],
        ["household_electrification_rate", "99.98"],
      ],
    ],
    ["Tỷ lệ lấp đầy CCN đạt 37,48%.", [["industrial_cluster_occupancy_rate", "37.48"]]],
    [
      "Trong năm 2024, thu hút 5 dự án vào CCN với tổng vốn đăng ký 1.200 tỷ đồng.",
      [
        ["industrial_cluster_projects", "5"],
        ["industrial_cluster_registered_capital", "1200"],
      ],
    ],
    ["Tổng kim ngạch xuất nhập khẩu năm 2023 đạt 2.012,5 triệu USD.", [["trade_turnover", "2012.5"]]],
    ["IIP năm 2023 đạt 106,8.", [["industrial_production_index", "106.8"]]],
    ["Năm 2023, toàn tỉnh có 3.524 doanh nghiệp đang hoạt động.", [["enterprise_count", "3524"]]],
    [
      "Có 12 dự án FDI còn hiệu lực, vốn FDI đăng ký đạt 120 triệu USD.",
      [
        ["fdi_projects", "12"],
        ["fdi_capital", "120"],
      ],
    ],
  ])("names the indicator from the words around the number: %j", (text, expected) => {
    expect(read(text).map((f) => [f.indicator, f.value])).toEqual(expected);
  });

  it("counts by unit: markets, supermarkets, clusters", () => {
    expect(read("Toàn tỉnh có 159 chợ, 7 siêu thị, 2 trung tâm thương mại và 08 cụm công nghiệp.").map((f) => [f.indicator, f.value])).toEqual([
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
    "Số: 1187/BC-SCT",
    "Bến Tre, ngày 06 tháng 5 năm 2025",
    "(Cập nhật: 23/10/2023)",
    "Kết quả 03 năm thực hiện Chỉ thị số 01-CT/TU giai đoạn 2020-2025, tầm nhìn đến năm 2030.",
    "ĐIỆN THOẠI: 0275.3822 365- 3822 251",
    "Trung tâm Khuyến công & Xúc tiến thương mại 0275.6281888 - 0275.3822403",
    "Đang online: 35 Tổng lượt truy cập: 2.502.684",
    "Thời gian: 08 giờ 00 phút, ngày 15/9/2025.",
    "(1) Về xuất khẩu; (2) Về cụm công nghiệp.",
    "1. Kim ngạch xuất khẩu",
    "Kim ngạch xuất khẩu năm 2024 và giai đoạn 2021–2025.",
    "Ngành hoàn thành 9/11 chỉ tiêu chủ yếu.",
    "Đại dịch COVID-19 ảnh hưởng đến xuất khẩu.",
  ])("%j", (text) => {
    expect(read(text)).toEqual([]);
  });

  it("reads an empty text as no figures", () => {
    expect(read("")).toEqual([]);
  });
});
