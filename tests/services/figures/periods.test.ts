import { describe, expect, it } from "vitest";
import { findPeriods, parsePeriod } from "../../../src/services/figures/periods.ts";

describe("parsePeriod: the reporting period a text is about", () => {
  it.each([
    ["2021-2023", { kind: "range", start: 2021, end: 2023, label: "giai đoạn 2021–2023" }],
    ["2021 – 2023", { kind: "range", start: 2021, end: 2023, label: "giai đoạn 2021–2023" }],
    ["kim ngach xk 2021 2023", { kind: "range", start: 2021, end: 2023, label: "giai đoạn 2021–2023" }],
    ["giai đoạn 2021–2025", { kind: "range", start: 2021, end: 2025, label: "giai đoạn 2021–2025" }],
    ["từ năm 2021 đến năm 2023", { kind: "range", start: 2021, end: 2023, label: "giai đoạn 2021–2023" }],
    ["2021 đến 2023", { kind: "range", start: 2021, end: 2023, label: "giai đoạn 2021–2023" }],
    ["thời kỳ 2021 - 2030", { kind: "range", start: 2021, end: 2030, label: "giai đoạn 2021–2030" }],
    ["6 tháng đầu năm 2024", { kind: "months", start: 2024, end: 2024, months: 6, label: "6 tháng đầu năm 2024" }],
    ["Sáu tháng đầu năm 2024", { kind: "months", start: 2024, end: 2024, months: 6, label: "6 tháng đầu năm 2024" }],
    ["9 tháng năm 2024", { kind: "months", start: 2024, end: 2024, months: 9, label: "9 tháng năm 2024" }],
    ["quý III/2024", { kind: "quarter", start: 2024, end: 2024, quarter: 3, label: "quý III/2024" }],
    ["quý 3 năm 2024", { kind: "quarter", start: 2024, end: 2024, quarter: 3, label: "quý III/2024" }],
    ["quý I năm 2025", { kind: "quarter", start: 2025, end: 2025, quarter: 1, label: "quý I/2025" }],
    ["tháng 9/2024", { kind: "month", start: 2024, end: 2024, month: 9, label: "tháng 9/2024" }],
    ["tháng 10 năm 2023", { kind: "month", start: 2023, end: 2023, month: 10, label: "tháng 10/2023" }],
    ["năm 2024", { kind: "year", start: 2024, end: 2024, label: "năm 2024" }],
    ["12 tháng năm 2024", { kind: "year", start: 2024, end: 2024, label: "năm 2024" }],
  ])("%s", (text, expected) => {
    expect(parsePeriod(text)).toMatchObject(expected);
  });

  it.each([
    ["nam 2022", "năm 2022"],
    ["6 thang dau nam 2024", "6 tháng đầu năm 2024"],
    ["9 thang nam 2024", "9 tháng năm 2024"],
    ["quy 3/2024", "quý III/2024"],
    ["quy iii nam 2024", "quý III/2024"],
    ["thang 9/2024", "tháng 9/2024"],
    ["tu nam 2021 den nam 2023", "giai đoạn 2021–2023"],
    ["giai doan 2021-2025", "giai đoạn 2021–2025"],
    ["QUÝ III/2024", "quý III/2024"],
    ["6 THÁNG ĐẦU NĂM 2024", "6 tháng đầu năm 2024"],
    ["NĂM 2023", "năm 2023"],
    ["6 tha\u0301ng đâ\u0300u năm 2024", "6 tháng đầu năm 2024"],
  ])("reads %j without diacritics, in upper case or in NFD as %s", (text, label) => {
    expect(parsePeriod(text)?.label).toBe(label);
  });

  it("finds the period inside a question", () => {
    expect(parsePeriod("kim ngạch xuất khẩu 6 tháng đầu năm 2024 là bao nhiêu?")?.label).toBe("6 tháng đầu năm 2024");
    expect(parsePeriod("gtsx cong nghiep nam 2022")?.label).toBe("năm 2022");
  });

  it("skips a comparison base for the period asked about", () => {
    expect(parsePeriod("so với cùng kỳ năm 2023, 6 tháng đầu năm 2024 tăng bao nhiêu")?.label).toBe("6 tháng đầu năm 2024");
  });

  it.each([
    "23/10/2023",
    "29/01/2021",
    "ngày 5/8/2021",
    "ngày 12 tháng 10 năm 2021",
    "ngày 12/10",
    "0275.3822 365",
    "1850",
    "năm 2101",
    "quý 5/2024",
    "tháng 13/2024",
    "03 năm thực hiện",
    "108.092 tỷ đồng",
  ])("%j is not a period", (text) => {
    expect(parsePeriod(text)).toBeNull();
  });

  it("does not make a range backwards or out of a document number", () => {
    expect(parsePeriod("2025-2021")?.kind).not.toBe("range");
    expect(parsePeriod("Kế hoạch số 3707/KH-UBND")).toBeNull();
  });
});

describe("periods as ranges of months, and periods written without a year", () => {
  it("makes quý I and the first 3 months one period, and 12 months the year", () => {
    const q1 = parsePeriod("quý I/2026")!;
    const m3 = parsePeriod("3 tháng đầu năm 2026")!;
    expect([q1.from, q1.to]).toEqual([m3.from, m3.to]);
    expect([parsePeriod("6 tháng đầu năm 2026")!.from, parsePeriod("6 tháng đầu năm 2026")!.to]).toEqual([2026 * 12, 2026 * 12 + 5]);
    expect(parsePeriod("12 tháng năm 2025")).toEqual(parsePeriod("năm 2025"));
  });

  it("takes the context's year for a month, a number of months, a quarter or the second half written without one", () => {
    expect(parsePeriod("tháng 4 ước đạt", 2025)?.label).toBe("tháng 4/2025");
    expect(parsePeriod("lũy kế 4 tháng đạt", 2025)?.label).toBe("4 tháng đầu năm 2025");
    expect(parsePeriod("riêng quý II tăng", 2025)?.label).toBe("quý II/2025");
    expect(parsePeriod("nhiệm vụ 6 tháng cuối năm", 2025)).toMatchObject({ kind: "half", label: "6 tháng cuối năm 2025", from: 2025 * 12 + 6, to: 2025 * 12 + 11 });
    expect(parsePeriod("tháng 4 ước đạt")).toBeNull();
  });

  it("is not fooled by words that look like periods", () => {
    // "tháng trước", "tháng cùng kỳ" are comparison bases; "giá so sánh 2010" is a price basis.
    expect(parsePeriod("tăng 2% so với tháng trước", 2025)).toBeNull();
    expect(parsePeriod("giá trị sản xuất (theo giá so sánh 2010)")).toBeNull();
    expect(parsePeriod("theo giá so sánh năm 2010 đạt")).toBeNull();
    expect(findPeriods("giảm 3% so với năm 2022").every((p) => p.reference)).toBe(true);
  });
});

describe("findPeriods: every period, with offsets into the text", () => {
  const text =
    "Lũy kế Giá trị SXCN từ năm 2021 đến năm 2023 đạt 108.092 tỷ đồng, giai đoạn 2021 – 2023 tăng bình quân 5,27 %/năm " +
    "(Chương trình số 08-CTr/TU ngày 29/01/2021, quý III/2024, tầm nhìn đến năm 2030).";

  it("returns them in order, dates left out", () => {
    const found = findPeriods(text);
    expect(found.map((p) => text.slice(p.index, p.index + p.length))).toEqual(["từ năm 2021 đến năm 2023", "giai đoạn 2021 – 2023", "quý III/2024", "năm 2030"]);
  });

  it("marks horizons and comparison bases as references", () => {
    const found = findPeriods(text + " Tăng 6,1% so với cùng kỳ năm 2023.");
    expect(found.map((p) => p.reference)).toEqual([false, false, false, true, true]);
  });

  it("gives offsets into the original text, also when it is NFD", () => {
    const nfd = "Giá trị 6 tháng đầu năm 2024 đạt".normalize("NFD");
    const [p] = findPeriods(nfd);
    expect(nfd.slice(p.index, p.index + p.length).normalize("NFC")).toBe("6 tháng đầu năm 2024");
  });
});
