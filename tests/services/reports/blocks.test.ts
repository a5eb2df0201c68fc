import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Block, TableBlock } from "../../../src/services/reports/document.ts";
import { parseReportHtml, parseReportText } from "../../../src/services/reports/parse.ts";

const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.type === "table");

describe("parseReportHtml: a table with merged rows and columns and no <thead>", () => {
  const report = parseReportHtml(readFileSync(new URL("../../fixtures/reports/bang-gop-o.html", import.meta.url), "utf8"));

  it("spreads rowspan and colspan so every row has every column", () => {
    const [table] = tables(report.blocks);
    expect(table.rows).toEqual([
      ["Huyện", "Cụm công nghiệp", "Diện tích (ha)", "Diện tích (ha)", "Tỷ lệ lấp đầy (%)"],
      ["Huyện", "Cụm công nghiệp", "Quy hoạch", "Đã cho thuê", "Tỷ lệ lấp đầy (%)"],
      ["Châu Thành", "An Phước", "48,5", "31,2", "64,3"],
      ["Châu Thành", "Tân Thạch", "36,0", "12,7", "35,3"],
      ["Giồng Trôm", "Phong Nẫm", "52,0", "40,9", "78,7"],
      ["Cộng", "Cộng", "136,5", "84,8", "62,1"],
    ]);
  });

  it("counts the leading rows without numbers as headers when none are marked", () => {
    expect(tables(report.blocks)[0]).toMatchObject({ headerRows: 2, caption: null });
  });

  it("keeps the text around the table in order, and cleans the page as before", () => {
    expect(report.blocks.map((b) => b.type)).toEqual(["paragraph", "table", "paragraph"]);
    expect(report.publishedAt?.toISOString()).toBe("2025-04-07T17:00:00.000Z");
    expect(report.source).toBe("Phòng Quản lý Công nghiệp");
    expect(report.body).not.toMatch(/Tin cùng loại|Hội nghị tổng kết|Cập nhật/);
  });

  it("reads headings from h1–h6 and from short bold-only paragraphs, and list items as paragraphs", () => {
    const r = parseReportHtml(`<html><body><article><h1>Tình hình xuất khẩu</h1>
      <p>Kim ngạch xuất khẩu của tỉnh tiếp tục tăng khá so với cùng kỳ năm trước nhờ đơn hàng thủy sản và hàng dừa chế biến tăng mạnh.</p>
      <p><strong>1. Thị trường chính</strong></p>
      <ul><li>Hoa Kỳ chiếm tỷ trọng lớn nhất.</li><li>Liên minh châu Âu đứng thứ hai.</li></ul>
      <p>Doanh nghiệp <b>cần</b> chủ động tìm thêm thị trường mới, đặc biệt là các thị trường có hiệp định thương mại tự do.</p>
      </article></body></html>`);
    expect(r.blocks).toEqual([
      { type: "paragraph", text: expect.stringMatching(/^Kim ngạch xuất khẩu/) },
      { type: "heading", text: "1. Thị trường chính" },
      { type: "paragraph", text: "Hoa Kỳ chiếm tỷ trọng lớn nhất." },
      { type: "paragraph", text: "Liên minh châu Âu đứng thứ hai." },
      { type: "paragraph", text: expect.stringMatching(/^Doanh nghiệp cần chủ động/) },
    ]);
  });
});

describe("parseReportText: blocks", () => {
  it("makes a short unpunctuated line before a longer one a heading, and ' | ' lines a table", () => {
    const r = parseReportText(
      [
        "Tình hình thương mại tháng 4",
        "Ngày đăng: 05/05/2025",
        "Bán lẻ",
        "Tổng mức bán lẻ hàng hóa trong tháng tăng 7,4% so với cùng kỳ năm trước.",
        "",
        "Mặt hàng | Tháng 4 | So cùng kỳ (%)",
        "Gạo | 1.250 | 104,1",
        "Thủy sản | 980 | 97,6",
      ].join("\n"),
    );
    expect(r.blocks).toEqual([
      { type: "heading", text: "Bán lẻ" },
      { type: "paragraph", text: "Tổng mức bán lẻ hàng hóa trong tháng tăng 7,4% so với cùng kỳ năm trước." },
      {
        type: "table",
        rows: [
          ["Mặt hàng", "Tháng 4", "So cùng kỳ (%)"],
          ["Gạo", "1.250", "104,1"],
          ["Thủy sản", "980", "97,6"],
        ],
        headerRows: 1,
        caption: null,
      },
    ]);
  });

  it("reads a text copy of an official letter: its title, its date, not its number", () => {
    const r = parseReportText(
      [
        "UBND TỈNH BẾN TRE",
        "SỞ CÔNG THƯƠNG",
        "Số: 31/KH-SCT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bến Tre, ngày 09 tháng 1 năm 2025",
        "",
        "KẾ HOẠCH",
        "Tổ chức phiên chợ hàng Việt năm 2025",
        "",
        "Năm 2025, Sở Công Thương dự kiến tổ chức 06 phiên chợ hàng Việt tại các xã vùng sâu.",
        "Nơi nhận:",
        "- Như trên;",
      ].join("\n"),
      "ke-hoach.txt",
    );
    expect(r.title).toBe("Kế hoạch tổ chức phiên chợ hàng Việt năm 2025");
    expect(r.publishedAt?.toISOString()).toBe("2025-01-08T17:00:00.000Z");
    expect(r.body).toContain("Số: 31/KH-SCT");
    expect(r.body).toMatch(/Năm 2025, Sở Công Thương dự kiến tổ chức 06 phiên chợ hàng Việt tại các xã vùng sâu\.$/);
    expect(r.body).not.toMatch(/UBND|SỞ CÔNG THƯƠNG|CỘNG HÒA|Độc lập|KẾ HOẠCH|Tổ chức phiên chợ|Nơi nhận|Như trên/);
  });
});

// The practice pages live outside the project; this only runs where they are present.
const practice = path.resolve(import.meta.dirname, "../../../../shared/devset/reports/pages");
describe.runIf(existsSync(practice))("practice pages (only where ../shared exists)", () => {
  const pages = existsSync(practice) ? readdirSync(practice).filter((f) => f.endsWith(".html")) : [];
  it.each(pages)("%s has a date and whole table rows", (file) => {
    const r = parseReportHtml(readFileSync(path.join(practice, file), "utf8"));
    expect(r.publishedAt).not.toBeNull();
    for (const t of tables(r.blocks)) {
      expect(t.headerRows).toBe(1);
      expect(new Set(t.rows.map((row) => row.length)).size).toBe(1);
      expect(t.rows.length).toBeGreaterThan(2);
    }
  });
});
