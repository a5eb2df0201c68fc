import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseReportHtml } from "../../../src/services/reports/parse.ts";

const page = readFileSync(new URL("../../fixtures/pages/sct-bentre-article.html", import.meta.url), "utf8");

describe("parseReportHtml: an article page from the department's website", () => {
  const report = parseReportHtml(page, "https://sct.bentre.gov.vn/tin-tuc/san-xuat-6-thang-2024");

  it("takes the article's heading as the title, not the site name from <title>", () => {
    expect(report.title).toBe("Sản xuất công nghiệp và thương mại 6 tháng đầu năm 2024 tiếp tục tăng trưởng");
  });

  it("reads the date from '(Cập nhật: 12/07/2024)' as midnight in Vietnam", () => {
    expect(report.publishedAt?.toISOString()).toBe("2024-07-11T17:00:00.000Z");
  });

  it("takes the source from the 'Tác giả:' line and keeps the given URL", () => {
    expect(report.source).toBe("Phòng Quản lý Thương mại");
    expect(report.url).toBe("https://sct.bentre.gov.vn/tin-tuc/san-xuat-6-thang-2024");
  });

  it("keeps the article's paragraphs, separated by blank lines, with tidy whitespace", () => {
    const paragraphs = report.body.split("\n\n");
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]).toMatch(/^Trong 6 tháng đầu năm 2024, dù còn nhiều khó khăn/);
    expect(paragraphs[1]).toContain("ước đạt 42.518 tỷ đồng, đạt 49,2% kế hoạch năm");
    expect(report.body).not.toMatch(/ {2}|\t/);
  });

  it("leaves out the menu, contact block, sidebar, date line, author line, related news and footer", () => {
    for (const chrome of ["Trang chủ", "Thủ tục hành chính", "sct@bentre.gov.vn", "Thống kê truy cập", "Cập nhật", "Tác giả", "Tin cùng loại", "Hội chợ thương mại", "Bản quyền"]) {
      expect(report.body).not.toContain(chrome);
    }
  });

  it("stores text in NFC even when the page is written in NFD", () => {
    const nfd = parseReportHtml(page.normalize("NFD"));
    expect(nfd.title).toBe(report.title);
    expect(nfd.body).toBe(report.body);
    expect(nfd.publishedAt?.toISOString()).toBe("2024-07-11T17:00:00.000Z");
  });
});

describe("parseReportHtml: other page shapes", () => {
  const article = (head: string, top: string, tail = "") => `<!doctype html><html><head>${head}</head><body>
    <nav><a href="/">Trang chủ</a> <a href="/lien-he">Liên hệ</a></nav>
    <article>${top}
      <p>Năm 2023, giá trị sản xuất công nghiệp của tỉnh ước đạt 38.100 tỷ đồng, tăng 7,9% so với năm trước, vượt kế hoạch đề ra.</p>
      <p>Tổng kim ngạch xuất khẩu cả năm đạt 1.420 triệu USD; các mặt hàng chủ lực là sản phẩm từ dừa, thủy sản và hàng may mặc.</p>
      <p>Ngành Công Thương tiếp tục hỗ trợ doanh nghiệp mở rộng thị trường, tham gia hội chợ trong và ngoài tỉnh.</p>
      ${tail}
    </article></body></html>`;

  it("uses the h1 when the page title is 'article | site name'", () => {
    const r = parseReportHtml(
      article(
        `<title>Tổng kết ngành Công Thương năm 2023 | Sở Công Thương tỉnh Bến Tre</title><meta property="og:site_name" content="Sở Công Thương tỉnh Bến Tre">`,
        "<h1>Tổng kết ngành Công Thương năm 2023</h1>",
      ),
    );
    expect(r.title).toBe("Tổng kết ngành Công Thương năm 2023");
  });

  it("uses the h1 when og:title carries the site name", () => {
    const r = parseReportHtml(
      article(
        `<meta property="og:title" content="Tổng kết ngành Công Thương năm 2023 - Sở Công Thương tỉnh Bến Tre"><meta property="og:site_name" content="Sở Công Thương tỉnh Bến Tre">`,
        "<h1>Tổng kết ngành Công Thương năm 2023</h1>",
      ),
    );
    expect(r.title).toBe("Tổng kết ngành Công Thương năm 2023");
  });

  it("uses the h1 when <title> is only the site name shown in the page header", () => {
    const r = parseReportHtml(
      article("<title>Sở Công Thương tỉnh Bến Tre</title>", "<h1>Tổng kết ngành Công Thương năm 2023</h1>").replace(
        "<nav>",
        '<header><div class="logo">SỞ CÔNG THƯƠNG TỈNH BẾN TRE</div></header><nav>',
      ),
    );
    expect(r.title).toBe("Tổng kết ngành Công Thương năm 2023");
  });

  it("falls back to article:published_time, as the day it falls on in Vietnam", () => {
    const r = parseReportHtml(article(`<title>Tổng kết năm 2023</title><meta property="article:published_time" content="2024-01-05T20:30:00Z">`, "<h1>Tổng kết năm 2023</h1>"));
    expect(r.publishedAt?.toISOString()).toBe("2024-01-05T17:00:00.000Z");
  });

  it("falls back to <time datetime>", () => {
    const r = parseReportHtml(article("<title>Tổng kết năm 2023</title>", '<h1>Tổng kết năm 2023</h1><time datetime="2024-01-06">06/01/2024</time>'));
    expect(r.publishedAt?.toISOString()).toBe("2024-01-05T17:00:00.000Z");
  });

  it("reads 'Ngày đăng:' with a time, a '(Nguồn: ...)' line, and stops at 'Tin liên quan'", () => {
    const r = parseReportHtml(
      article(
        "<title>Tổng kết năm 2023</title>",
        "<h1>Tổng kết năm 2023</h1><p>Ngày đăng: 09/01/2024 08:15</p>",
        "<p>(Nguồn: Trung tâm Khuyến công &amp; Xúc tiến thương mại)</p><h3>Tin liên quan</h3><p>Hội nghị triển khai nhiệm vụ năm 2024 của ngành Công Thương tỉnh</p>",
      ),
    );
    expect(r.publishedAt?.toISOString()).toBe("2024-01-08T17:00:00.000Z");
    expect(r.source).toBe("Trung tâm Khuyến công & Xúc tiến thương mại");
    expect(r.body).not.toMatch(/Nguồn|Ngày đăng|Tin liên quan|Hội nghị triển khai/);
    expect(r.body.split("\n\n")).toHaveLength(3);
  });

  it("has no date or source when the page gives none, and no URL unless one is given or declared", () => {
    const r = parseReportHtml(article("<title>Tổng kết năm 2023</title>", "<h1>Tổng kết năm 2023</h1>"));
    expect(r).toMatchObject({ publishedAt: null, source: null, url: null });
    const canonical = parseReportHtml(
      article('<title>Tổng kết năm 2023</title><link rel="canonical" href="https://sct.bentre.gov.vn/tong-ket-2023">', "<h1>Tổng kết năm 2023</h1>"),
    );
    expect(canonical.url).toBe("https://sct.bentre.gov.vn/tong-ket-2023");
  });
});
