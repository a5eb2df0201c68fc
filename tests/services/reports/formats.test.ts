// Every format of the same invented official letter (HTML, PDF printed by Chromium, DOCX) must give
// the same title, date, paragraphs and table. Fixtures: tests/fixtures/reports/cong-van-bao-cao.*,
// made by scripts/make-fixtures.mjs.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Block, TableBlock } from "../../../src/services/reports/document.ts";
import { parseReportHtml, type ParsedReport } from "../../../src/services/reports/parse.ts";
import { parseReportDocx } from "../../../src/services/reports/parse-docx.ts";
import { parseReportPdf } from "../../../src/services/reports/parse-pdf.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/reports/${name}`, import.meta.url));
const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.type === "table");
const paragraphs = (blocks: Block[]) => blocks.flatMap((b) => (b.type === "paragraph" ? [b.text] : []));

const parsers: [string, () => Promise<ParsedReport>][] = [
  ["HTML", async () => parseReportHtml(fixture("cong-van-bao-cao.html").toString("utf8"))],
  ["PDF", () => parseReportPdf(fixture("cong-van-bao-cao.pdf"), "cong-van-bao-cao.pdf")],
  ["DOCX", () => parseReportDocx(fixture("cong-van-bao-cao.docx"), "cong-van-bao-cao.docx")],
];

describe.each(parsers)("an official letter as %s", (_format, parse) => {
  let report: ParsedReport;
  it("parses", async () => {
    report = await parse();
  });

  it("takes the title from 'BÁO CÁO' and the line after it", () => {
    expect(report.title).toBe("Báo cáo kết quả hoạt động ngành Công Thương tháng 2 năm 2025");
  });

  it("dates it from 'Bến Tre, ngày 14 tháng 3 năm 2025', not from 'Số: 245/BC-SCT'", () => {
    expect(report.publishedAt?.toISOString()).toBe("2025-03-13T17:00:00.000Z");
    expect(report.body).toContain("Số: 245/BC-SCT");
  });

  it("leaves out the issuer, the national motto and the 'Nơi nhận' tail with the signature", () => {
    for (const line of ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI", "Độc lập - Tự do", "Nơi nhận", "Lưu: VT", "GIÁM ĐỐC", "Mộng Cầm", "BÁO CÁO"]) {
      expect(report.body).not.toContain(line);
    }
    expect(report.body).toMatch(/của Sở Công Thương\.\/\.$/);
  });

  it("keeps each paragraph whole, however the lines wrapped", () => {
    const paras = paragraphs(report.blocks);
    expect(paras).toContain(
      "Lũy kế hai tháng đầu năm, giá trị sản xuất công nghiệp ước đạt 7.904,2 tỷ đồng, bằng 15,82% kế hoạch năm và tăng 5,07% so với cùng kỳ; trong đó khu vực có vốn đầu tư nước ngoài đạt 3.356,9 tỷ đồng, chiếm gần bốn phần mười tổng giá trị toàn ngành.",
    );
    // A wrapped line that happens to end with ";" or "." does not end the paragraph.
    expect(paras.some((p) => p.startsWith("Sức mua trên thị trường") && p.endsWith("khan hiếm hàng hóa."))).toBe(true);
    expect(paras.filter((p) => p.startsWith("- "))).toHaveLength(2);
    expect(report.blocks.filter((b) => b.type === "heading").map((b) => (b.type === "heading" ? b.text : ""))).toEqual(
      expect.arrayContaining(["I. SẢN XUẤT CÔNG NGHIỆP", "II. THƯƠNG MẠI VÀ XUẤT NHẬP KHẨU"]),
    );
  });

  it("reads the table as rows of cells, the merged header spread over the columns it covers", () => {
    const [table] = tables(report.blocks);
    expect(tables(report.blocks)).toHaveLength(1);
    const body = table.rows.slice(table.headerRows);
    expect(body).toEqual([
      ["Giá trị sản xuất công nghiệp", "Tỷ đồng", "3.790,0", "3.871,6", "104,35"],
      ["Tổng mức bán lẻ hàng hóa", "Tỷ đồng", "6.950,0", "7.118,4", "108,72"],
      ["Kim ngạch xuất khẩu", "Triệu USD", "121,5", "117,38", "97,64"],
      ["Điện thương phẩm", "Triệu kWh", "162,0", "158,93", "103,11"],
    ]);
    const header = table.rows.slice(0, table.headerRows);
    expect(table.headerRows).toBeGreaterThanOrEqual(1);
    // "Tháng 2 năm 2025" spans the plan and actual columns; "Chỉ tiêu" spans both header rows.
    expect(header.every((row) => row[0] === "Chỉ tiêu")).toBe(true);
    expect(header.some((row) => row[2].includes("Tháng 2 năm 2025") && row[3].includes("Tháng 2 năm 2025"))).toBe(true);
    expect(header.map((row) => row[2]).join(" ")).toContain("Kế hoạch");
    expect(header.map((row) => row[3]).join(" ")).toContain("Thực hiện");
  });

  it("stores the blocks' text as the body", async () => {
    const { blocksToText } = await import("../../../src/services/reports/document.ts");
    expect(report.body).toBe(blocksToText(report.blocks));
    expect(report.body).toContain("Giá trị sản xuất công nghiệp | Tỷ đồng | 3.790,0 | 3.871,6 | 104,35");
  });
});

describe("the HTML and DOCX letter: both header rows of the merged header", () => {
  it.each(parsers.filter(([f]) => f !== "PDF"))("%s", async (_f, parse) => {
    const [table] = tables((await parse()).blocks);
    expect(table.headerRows).toBe(2);
    expect(table.rows.slice(0, 2)).toEqual([
      ["Chỉ tiêu", "Đơn vị tính", "Tháng 2 năm 2025", "Tháng 2 năm 2025", "So cùng kỳ (%)"],
      ["Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "So cùng kỳ (%)"],
    ]);
  });
});

describe("the PDF letter: page furniture", () => {
  it("drops Chromium's page header and footer, repeated on both pages, and the page numbers", async () => {
    const report = await parseReportPdf(fixture("cong-van-bao-cao.pdf"));
    expect(report.body).not.toMatch(/file:|bao-cao\.html|\b[12]\/2\b|PM|AM/);
    expect(report.body).not.toContain("Báo cáo tháng 2 năm 2025");
  });

  it("refuses bytes that are not a PDF with a Vietnamese message", async () => {
    await expect(parseReportPdf(new TextEncoder().encode("%PDF-1.4 hỏng"), "hong.pdf")).rejects.toThrow(/Không đọc được tệp PDF hong\.pdf/);
  });
});
