// What a figure question asks besides its subject, read from the words people type: the period,
// the measure (a level, a change and against what, a share of the plan, an increment), whether it
// asks for a target, the unit, and whether it wants the newest figure.
import { describe, expect, it } from "vitest";
import { normalizeWords } from "../../../src/services/nlu/normalize.ts";
import { readQuestion } from "../../../src/services/figures/question.ts";

const read = (text: string) => {
  const q = readQuestion(normalizeWords(text).join(" "), text);
  return { ...q, period: q.period?.label ?? null };
};

describe("what a figure question asks", () => {
  it.each([
    ["Kim ngạch xuất khẩu tháng 4/2025 đạt bao nhiêu?", { measure: "level", period: "tháng 4/2025", target: false }],
    ["xk 4 thang dau nam 2025", { measure: "level", period: "4 tháng đầu năm 2025" }],
    ["nhập khẩu quý 2/2025 tăng hay giảm so với cùng kỳ", { measure: "change", base: "same_period", period: "quý II/2025" }],
    ["gtsx thang 4 2025 so voi thang truoc", { measure: "change", base: "previous_period", period: "tháng 4/2025" }],
    ["tăng trưởng bình quân giá trị sản xuất công nghiệp", { measure: "change", base: "per_year" }],
    ["gtsx năm 2024 tăng bao nhiêu so với năm 2021", { measure: "change", base: "year:2021", period: "năm 2024" }],
    ["bán lẻ 9 tháng 2025 đạt bao nhiêu % kế hoạch", { measure: "plan_share", target: false }],
    ["xk nam 2024 vuot ke hoach bao nhieu phan tram", { measure: "plan_share" }],
    ["xk 11 tháng đạt bao nhiêu % kh", { measure: "plan_share" }],
    ["gtsx đạt bao nhiêu phần trăm chỉ tiêu nhiệm kỳ", { measure: "target_share" }],
    ["Kế hoạch kim ngạch xuất khẩu năm 2026 là bao nhiêu?", { measure: "level", target: true, period: "năm 2026" }],
    ["6 tháng cuối năm 2025 phấn đấu xuất khẩu bao nhiêu", { target: true, period: "6 tháng cuối năm 2025" }],
    ["năm 2025 thu hút thêm bao nhiêu dự án vào ccn", { measure: "increment" }],
    ["giai đoạn 2021-2025 thành lập mới bao nhiêu cụm công nghiệp", { measure: "increment", period: "giai đoạn 2021–2025" }],
    ["khu vực FDI chiếm bao nhiêu phần trăm xuất khẩu", { measure: "total_share" }],
    ["kinh phí đầu tư hạ tầng ccn", { measure: "level" }],
  ])("%j", (text, expected) => {
    expect(read(text)).toMatchObject(expected);
  });

  it("reads the unit asked for after “bao nhiêu”", () => {
    expect(read("thuê bao nhiêu ha đất").unitKind).toBe("area");
    expect(read("phát triển thêm bao nhiêu MW điện mặt trời").unitKind).toBe("power");
    expect(read("xử lý bao nhiêu vụ vi phạm").unitKind).toBe("vu");
    expect(read("thu hút bao nhiêu lượt khách").unitKind).toBe("luot");
    expect(read("xuất khẩu bao nhiêu tỷ USD").unitKind).toBe("money");
  });

  it("wants the newest figure, a month or the months since January when asked so", () => {
    expect(read("kim ngạch xuất khẩu lũy kế mới nhất")).toMatchObject({ latest: true, family: "cumulative", period: null });
    expect(read("điện thương phẩm tháng gần nhất")).toMatchObject({ latest: true, family: "month" });
    expect(read("hien nay ccn co bao nhieu du an")).toMatchObject({ latest: true, period: null });
  });

  it("keeps what names the subject and drops what only asks", () => {
    expect(read("Cho tôi biết kim ngạch xuất khẩu năm 2024 đạt bao nhiêu?").words).toEqual(["kimngach", "xuatkhau"]);
    expect(read("diện tích đất công nghiệp trong ccn").words).toEqual(["dientich", "dat", "congnghiep", "cumcongnghiep"]);
    // A park (KCN) and a cluster (CCN) stay two different words.
    expect(read("tỷ lệ lấp đầy kcn").words).toEqual(["lapday", "khucongnghiep"]);
    expect(read("xk khu vực trong nước").words).toEqual(["xuatkhau", "trongnuoc"]);
  });

  it("keeps names written with capitals, but not the department's own", () => {
    expect(read("Tổng vốn đầu tư hạ tầng CCN Đông Bình là bao nhiêu?").names).toEqual(["đông", "bình"]);
    expect(read("Kim ngạch xuất khẩu của Sở Công Thương Bến Tre").names).toEqual([]);
  });
});
