import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractFacts } from "../../../src/services/figures/extract.ts";
import { storeReport } from "../../../src/services/reports/store.ts";
import { type ConsoleHarness, startConsole } from "../../support/console.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// The figures explorer over HTTP: nothing without a session, the indicator picker, one indicator's
// table and chart, and a plain Vietnamese message for an indicator that has no figures.

let temp: TempDb;
let web: ConsoleHarness;
let cookie: string;

beforeAll(async () => {
  temp = await createTempDb();
  const reports = [
    ["Báo cáo tháng 3/2026", "2026-03-28", "https://sct.example.gov.vn/thang-3", "Kim ngạch xuất khẩu tháng 3/2026 ước đạt 140,5 triệu USD, tăng 6,1% so với cùng kỳ."],
    ['Báo cáo <script>alert("x")</script> tháng 4', "2026-04-28", "file:thang-4.txt", "Kim ngạch xuất khẩu tháng 4/2026 đạt 1.151,2 triệu USD, tăng 7,3% so với cùng kỳ."],
  ] as const;
  for (const [title, day, url, body] of reports) {
    await storeReport(temp.db, { title, body, publishedAt: new Date(`${day}T03:00:00Z`), source: "Sở Công Thương", url }, { extract: extractFacts });
  }
  web = await startConsole(temp.db);
  cookie = await web.signIn();
});
afterAll(async () => {
  await web?.close();
  await temp?.cleanup();
});

describe("without a session", () => {
  it("shows no figures (401)", async () => {
    for (const path of ["/console/figures", "/console/figures?indicator=export_turnover"]) {
      const res = await web.get(path);
      expect(res.status, path).toBe(401);
      const body = await res.text();
      expect(body).toContain("Cần đăng nhập");
      expect(body).not.toContain("140,5");
      expect(body).not.toContain("<svg");
    }
  });
});

describe("the figures page", () => {
  it("is in the navigation and lists the indicators that have figures, labelled", async () => {
    const res = await web.get("/console/figures", cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Số liệu</h1>");
    expect(html).toContain('href="/console/figures" aria-current="page">Số liệu</a>');
    expect(html).toContain('<label for="indicator">Chỉ tiêu</label>');
    expect(html).toMatch(/<option value="export_turnover">Kim ngạch xuất khẩu[^<]*\(\d+\)<\/option>/);
    expect(html).not.toContain("<svg");
    // Every console page links to it.
    expect(await (await web.get("/console", cookie)).text()).toContain('href="/console/figures">Số liệu</a>');
  });

  it("shows a chosen indicator's figures as a table by period and as a chart", async () => {
    const res = await web.get("/console/figures?indicator=export_turnover", cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Số liệu: Kim ngạch xuất khẩu");
    expect(html).toContain('<option value="export_turnover" selected>');
    expect(html).toContain('<label for="measure">Loại số liệu</label>');
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="figures-chart-title figures-chart-desc"');
    expect(svg.match(/class="bar"/g)).toHaveLength(2);
    expect(svg).toContain("tháng 4/2026: 1.151,2 triệu USD");
    // The table: period, value with unit, status, report (linked only when it has a web address), date.
    const table = html.slice(html.indexOf("<table>"));
    expect(table).toContain("<td>tháng 3/2026</td>");
    expect(table).toContain("<td>140,5 triệu USD</td>");
    expect(table).toContain("<td>ước tính</td>");
    expect(table).toContain('<a href="https://sct.example.gov.vn/thang-3" rel="noopener noreferrer">Báo cáo tháng 3/2026</a>');
    expect(table).toContain("<td>28/03/2026</td>");
    expect(table.indexOf("140,5 triệu USD")).toBeLessThan(table.indexOf("1.151,2 triệu USD"));
    // A title from a report is text, never markup; a file report has no link.
    expect(html).not.toContain("<script>");
    expect(table).toContain("Báo cáo &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; tháng 4");
    expect(table).not.toContain('href="file:');
  });

  it("shows another measure when asked", async () => {
    const html = await (await web.get("/console/figures?indicator=export_turnover&measure=change", cookie)).text();
    expect(html).toContain('<option value="change" selected>');
    expect(html).toContain("<td>tăng 6,1% so với cùng kỳ</td>");
    expect(/<svg[\s\S]*?<\/svg>/.exec(html)?.[0]).toContain("tháng 3/2026: tăng 6,1% so với cùng kỳ");
  });

  it("answers an unknown indicator with a clear message, not an error", async () => {
    for (const key of ["no_such_indicator", "<b>x</b>"]) {
      const res = await web.get(`/console/figures?indicator=${encodeURIComponent(key)}`, cookie);
      expect(res.status, key).toBe(404);
      const html = await res.text();
      expect(html).toContain("Không có số liệu nào của chỉ tiêu");
      expect(html).toContain('<label for="indicator">Chỉ tiêu</label>');
      expect(html).not.toContain("<b>x</b>");
      expect(html).not.toContain("<svg");
    }
  });
});
