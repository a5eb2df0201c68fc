import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseReportText } from "../../../src/services/reports/parse.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const sampleName = "2023-10-ket-qua-3-nam-dong-khoi-moi.txt";
const sample = readFileSync(path.resolve(here, "../../../data/reports", sampleName), "utf8");
// The department's pages, saved as text, start with the site's contact block; this is its shape.
const contactBlock = [
  " • EMAIL:",
  "  sct@bentre.gov.vn",
  " • ĐIỆN THOẠI:",
  "  0275.3822 365- 3822 251",
  " • ĐƠN VỊ TRỰC THUỘC:",
  "  Trung tâm Khuyến công & Xúc tiến thương mại",
  "  0275.6281888 - 0275.3822403",
].join("\n");

describe("parseReportText: the project's sample report", () => {
  const report = parseReportText(sample, sampleName);

  it("takes the line just above '(Cập nhật: ...)' as the title", () => {
    expect(report.title).toBe("Ngành Công Thương Bến Tre sau 03 năm thực hiện Chỉ thị số 01-CT/TU về phong trào thi đua “Đồng Khởi mới”");
  });

  it("dates the report 23/10/2023, midnight in Vietnam", () => {
    expect(report.publishedAt?.toISOString()).toBe("2023-10-22T17:00:00.000Z");
  });

  it("starts the body with the article and ends it before the author line", () => {
    expect(report.body.startsWith("Chỉ thị số 01-CT/TU của Ban Thường vụ Tỉnh ủy")).toBe(true);
    expect(report.body.endsWith("tinh thần phê bình, tự phê bình chuyển biến tích cực.")).toBe(true);
    for (const chrome of ["Cập nhật:", "Tác giả"]) expect(report.body).not.toContain(chrome);
  });

  it("takes the source from 'Tác giả:'", () => {
    expect(report.source).toBe("VP Sở CT");
    expect(report.url).toBeNull();
  });

  it("keeps paragraph breaks", () => {
    expect(report.body.split("\n\n").length).toBeGreaterThan(3);
    expect(report.body).not.toMatch(/\n{3,}/);
  });
});

describe("parseReportText: a page saved from the department's website", () => {
  // The sample wrapped as the site saves it: contact block, a sidebar caption with "(Nguồn: ...)",
  // the title twice, and the "Tin cùng loại" list after the author line.
  const title = sample.split("\n")[0];
  const page = [
    contactBlock,
    title,
    "Sở Công Thương làm việc với đoàn kiểm tra (Nguồn: Văn phòng Sở CT)",
    "",
    sample.trimEnd(),
    "",
    "Tin cùng loại",
    "Bài viết khác của Sở Công Thương",
  ].join("\n");
  const report = parseReportText(page, sampleName);
  const plain = parseReportText(sample, sampleName);

  it("takes the line just above '(Cập nhật: ...)' as the title, not the contact block at the top", () => {
    expect(report.title).toBe(plain.title);
  });

  it("keeps the same body, without the contact block, the author line or 'Tin cùng loại'", () => {
    expect(report.body).toBe(plain.body);
    for (const chrome of ["EMAIL", "sct@bentre.gov.vn", "0275.6281888", "Cập nhật:", "Tác giả", "Tin cùng loại"]) {
      expect(report.body).not.toContain(chrome);
    }
  });

  it("takes the source from 'Tác giả:', not from the sidebar's '(Nguồn: ...)' above the title", () => {
    expect(report.source).toBe("VP Sở CT");
    expect(report.publishedAt?.toISOString()).toBe("2023-10-22T17:00:00.000Z");
  });
});

describe("parseReportText: plain text without an update line", () => {
  it("takes the first non-empty line as the title and the rest as the body", () => {
    const r = parseReportText("\n\n  Báo cáo   tình hình  tháng 5/2024 \n\nGiá trị sản xuất  tăng 5,1%.\r\nXuất khẩu tăng 3%.\n\nTin khác\nBài không liên quan");
    expect(r.title).toBe("Báo cáo tình hình tháng 5/2024");
    expect(r.body).toBe("Giá trị sản xuất tăng 5,1%.\nXuất khẩu tăng 3%.");
    expect(r.publishedAt).toBeNull();
  });

  it("still finds a labelled date and normalises NFD text to NFC", () => {
    const r = parseReportText("Tình hình thương mại quý I\nNgày đăng: 02/04/2024\nTổng mức bán lẻ tăng 9%.".normalize("NFD"));
    expect(r.title).toBe("Tình hình thương mại quý I".normalize("NFC"));
    expect(r.publishedAt?.toISOString()).toBe("2024-04-01T17:00:00.000Z");
    expect(r.body).toBe("Tổng mức bán lẻ tăng 9%.".normalize("NFC"));
  });

  it("reads a date written after the time, and drops that line from the body", () => {
    const r = parseReportText("Giá xăng dầu kỳ này\nCập nhật lúc 08:15 ngày 23/10/2023\nXăng RON95 giảm 300 đồng/lít.");
    expect(r.publishedAt?.toISOString()).toBe("2023-10-22T17:00:00.000Z");
    expect(r.body).toBe("Xăng RON95 giảm 300 đồng/lít.");
  });

  it("ignores impossible dates", () => {
    expect(parseReportText("Tiêu đề\n(Cập nhật: 31/02/2024)\nNội dung.").publishedAt).toBeNull();
  });
});
