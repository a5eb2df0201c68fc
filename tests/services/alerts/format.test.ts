import { describe, expect, it } from "vitest";
import { escapeHtml, formatAlert, formatDate, formatDigest, summarize, TEXT_LIMITS, UNSUBSCRIBE_HINT } from "../../../src/services/alerts/format.ts";

const ITEM = {
  title: "Giá xăng <RON95> & dầu > 20.000đ từ 15h chiều nay",
  url: "https://sct.example.gov.vn/tin?id=5&lang=vi",
  publishedAt: new Date("2025-03-04T20:00:00Z"), // 05/03 03:00 in Vietnam
  summary: "Liên Bộ Công Thương – Tài chính điều chỉnh giá xăng dầu. Giá xăng RON95 tăng 300 đồng/lít. Giá dầu diesel giữ nguyên. Kỳ điều hành tới dự kiến vào ngày 13/3.",
  sourceName: "Sở Công Thương <Bến Tre>",
};

/** What Telegram would show: tags removed, entities decoded. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

describe("formatAlert", () => {
  it("escapes <, > and & everywhere in Telegram HTML and keeps tags balanced", () => {
    const { html, text } = formatAlert(ITEM, "telegram");
    expect(html).toBeDefined();
    expect(html).toContain("<b>Giá xăng &lt;RON95&gt; &amp; dầu &gt; 20.000đ từ 15h chiều nay</b>");
    expect(html).toContain("Sở Công Thương &lt;Bến Tre&gt;");
    expect(html).toContain('<a href="https://sct.example.gov.vn/tin?id=5&amp;lang=vi">Xem chi tiết</a>');
    // Only our own tags survive: every "<" starts b, i or a.
    expect(html!.match(/<(?!\/?(b|i|a)[ >])/g)).toBeNull();
    expect(html!.match(/&(?!(amp|lt|gt|quot);)/g)).toBeNull();
    expect(text).toContain("Giá xăng <RON95> & dầu > 20.000đ");
  });

  it("has the title, the date as dd/mm/yyyy in Vietnam, the link, one or two sentences and the reminder", () => {
    const { text } = formatAlert(ITEM, "zalo");
    const lines = text.split("\n");
    expect(lines[0]).toBe(ITEM.title);
    expect(text).toContain("Ngày đăng: 05/03/2025");
    expect(text).toContain("Xem chi tiết: https://sct.example.gov.vn/tin?id=5&lang=vi");
    expect(text).toContain("Liên Bộ Công Thương – Tài chính điều chỉnh giá xăng dầu. Giá xăng RON95 tăng 300 đồng/lít.");
    expect(text).not.toContain("diesel");
    expect(lines.at(-1)).toBe(UNSUBSCRIBE_HINT);
    expect(formatAlert(ITEM, "zalo").html).toBeUndefined();
  });

  it("cuts summaries at a sentence boundary around 300 characters", () => {
    const long = `${"Sản lượng công nghiệp tăng mạnh trong quý đầu năm ".repeat(4).trim()}. ${"Câu thứ hai rất dài ".repeat(20).trim()}.`;
    const s = summarize(long);
    expect(s.length).toBeLessThanOrEqual(300);
    expect(s.endsWith(".")).toBe(true);
    expect(s).not.toContain("Câu thứ hai");
    const oneHuge = "Một câu duy nhất rất dài không có dấu chấm ".repeat(20);
    const cut = summarize(oneHuge);
    expect(cut.length).toBeLessThanOrEqual(300);
    expect(cut.endsWith("…")).toBe(true);
    expect(summarize("Câu một? Câu hai! Câu ba.")).toBe("Câu một? Câu hai!");
    expect(summarize(undefined)).toBe("");
  });

  it("stays within 4096 (Telegram) and 2000 (Zalo) for absurd titles, summaries and links", () => {
    const absurd = {
      title: "&<>".repeat(3000),
      summary: "Không dấu chấm & <b> ".repeat(500),
      url: `https://x.example/${"a&b".repeat(1500)}`,
      sourceName: "&".repeat(500),
      publishedAt: new Date(),
    };
    for (const channel of ["telegram", "zalo"] as const) {
      const m = formatAlert(absurd, channel);
      expect(m.text.length).toBeLessThanOrEqual(TEXT_LIMITS[channel]);
      if (m.html) expect(m.html.length).toBeLessThanOrEqual(TEXT_LIMITS[channel]);
      expect(m.text).toContain(UNSUBSCRIBE_HINT);
    }
    const tg = formatAlert(absurd, "telegram");
    expect(visible(tg.html!).startsWith("&<>&<>")).toBe(true);
  });

  it("ignores links that are not http(s) and items without a date", () => {
    const m = formatAlert({ title: "Thông báo", url: "javascript:alert(1)" }, "telegram");
    expect(m.html).not.toContain("javascript");
    expect(m.text).not.toContain("Ngày đăng");
  });

  it("formats dates in Asia/Ho_Chi_Minh", () => {
    expect(formatDate(new Date("2025-12-31T17:00:00Z"))).toBe("01/01/2026");
    expect(formatDate(new Date("2025-12-31T16:59:59Z"))).toBe("31/12/2025");
    expect(escapeHtml("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });
});

describe("formatDigest", () => {
  const items = Array.from({ length: 5 }, (_, i) => ({
    title: `Tin số ${i + 1} <mới> & nóng`,
    url: `https://sct.example.gov.vn/tin/${i + 1}`,
    publishedAt: new Date("2025-03-04T20:00:00Z"),
  }));

  it("lists every item with its title and link in one message", () => {
    const z = formatDigest(items, "zalo");
    expect(z.count).toBe(5);
    for (let i = 1; i <= 5; i++) {
      expect(z.text).toContain(`${i}. Tin số ${i} <mới> & nóng (05/03/2025)`);
      expect(z.text).toContain(`https://sct.example.gov.vn/tin/${i}`);
    }
    expect(z.text).toContain(UNSUBSCRIBE_HINT);
    const t = formatDigest(items, "telegram");
    expect(t.html).toContain('1. <a href="https://sct.example.gov.vn/tin/1">Tin số 1 &lt;mới&gt; &amp; nóng</a> (05/03/2025)');
    expect(t.html).not.toContain("…");
  });

  it("cuts with '… và N tin khác' when too long, within the channel limit", () => {
    const many = Array.from({ length: 80 }, (_, i) => ({
      title: `Tin dài số ${i + 1}: ${"thông tin thị trường ".repeat(8)}`,
      url: `https://sct.example.gov.vn/tin-tuc/chi-tiet/${i + 1}?a=1&b=2`,
    }));
    for (const channel of ["telegram", "zalo"] as const) {
      const m = formatDigest(many, channel);
      expect(m.count).toBeGreaterThan(1);
      expect(m.count).toBeLessThan(80);
      expect(m.text).toContain(`… và ${80 - m.count} tin khác`);
      expect(m.text.length).toBeLessThanOrEqual(TEXT_LIMITS[channel]);
      if (m.html) expect(m.html.length).toBeLessThanOrEqual(TEXT_LIMITS[channel]);
      expect(m.text).toContain(`${m.count}. Tin dài số ${m.count}:`);
      expect(m.text).not.toContain(`${m.count + 1}. Tin dài số`);
    }
  });
});
