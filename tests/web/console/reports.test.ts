import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, createCore } from "../../../src/app/core.ts";
import { fetchPage } from "../../../src/services/reports/fetch-page.ts";
import { type ConsoleHarness, csrfOf, startConsole } from "../../support/console.ts";
import { type FileServer, startFileServer } from "../../support/file-server.ts";
import { closedPort, localFetch } from "../../support/local-fetch.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// The report pages over HTTP with the core's own ingestion: nothing without a session, the list,
// uploads of a file and of a link (a local page server), every bad upload refused on the form with
// nothing stored, and the bot's answer following a correction, a hide and a review.

// Written for this test: figures a question can ask for.
const REPORT_TEXT = [
  "Tình hình xuất nhập khẩu của tỉnh năm 2025",
  "",
  "Kim ngạch xuất khẩu năm 2025 đạt 1.234,5 triệu USD, tăng 8,2% so với cùng kỳ.",
  "Kim ngạch nhập khẩu năm 2025 đạt 567,8 triệu USD, giảm 3,1% so với năm trước.",
].join("\n");
const PAGE_HTML = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Thương mại nội địa quý III/2025</title></head>
<body><article><h1>Thương mại nội địa quý III/2025</h1>
<p>Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng quý III/2025 ước đạt 12.345,6 tỷ đồng, tăng 9,4% so với cùng kỳ năm trước.</p>
<p>Các chợ truyền thống và siêu thị hoạt động ổn định, hàng hóa dồi dào, giá cả không có biến động lớn trong quý.</p>
</article></body></html>`;

let temp: TempDb;
let core: Core;
let web: ConsoleHarness;
let files: FileServer;
let cookie: string;
let csrf: string;

const ask = async (text: string) => (await core.answer({ channel: "telegram", userId: "77", chatId: "77", text })).text;
const EXPORT_2025 = "kim ngạch xuất khẩu năm 2025 bao nhiêu";

function upload(form: { file?: { name: string; body: string | Buffer; type?: string }; link?: string; csrf?: string }, session = cookie) {
  const body = new FormData();
  if (form.csrf !== undefined) body.append("_csrf", form.csrf);
  const bytes = (b: string | Buffer) => (typeof b === "string" ? b : new Uint8Array(b));
  if (form.file) body.append("file", new Blob([bytes(form.file.body)], { type: form.file.type ?? "" }), form.file.name);
  body.append("link", form.link ?? "");
  return fetch(`${web.url}/console/reports/new`, { method: "POST", body, redirect: "manual", headers: session ? { cookie: session } : {} });
}

const idOf = (res: Response) => Number(/\/console\/reports\/(\d+)\?done=stored$/.exec(res.headers.get("location") ?? "")?.[1]);

beforeAll(async () => {
  [temp, files] = await Promise.all([createTempDb(), startFileServer()]);
  core = await createCore(temp.db, { fetchPage: (url) => fetchPage(url, { safeFetch: localFetch }) });
  web = await startConsole(temp.db, { reports: core.reports, maxUploadBytes: 512 * 1024 });
  cookie = await web.signIn();
  csrf = csrfOf(await (await web.get("/console/reports", cookie)).text());
}, 60_000);
afterAll(async () => {
  await web?.close();
  await files?.close();
  await temp?.cleanup();
});

describe("without a session", () => {
  it("shows nothing and stores nothing (401)", async () => {
    for (const path of ["/console/reports", "/console/reports/1", "/console/reports/new"]) {
      const res = await web.get(path);
      expect(res.status, path).toBe(401);
      expect(await res.text()).toContain("Cần đăng nhập");
    }
    const before = await temp.db.report.count();
    expect((await upload({ file: { name: "a.txt", body: REPORT_TEXT }, csrf: "x" }, "")).status).toBe(401);
    expect((await web.post("/console/reports/1/review", { _csrf: "x" })).status).toBe(401);
    expect(await temp.db.report.count()).toBe(before);
  });
});

describe("the report list", () => {
  it("lists the stored reports with their figures and review state, and links to the upload form", async () => {
    const res = await web.get("/console/reports", cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Báo cáo</h1>");
    expect(html).toContain('href="/console/reports" aria-current="page">Báo cáo</a>');
    expect(html).toContain('<a class="button" href="/console/reports/new">Thêm báo cáo</a>');
    const seed = await temp.db.report.findFirstOrThrow({ include: { _count: { select: { figures: true } } } });
    expect(html).toContain(`<a href="/console/reports/${seed.id}">${seed.title}</a>`);
    expect(html).toContain(`<td class="num">${seed._count.figures}</td>`);
    expect(html).toContain("Chính thức (của Sở)");
    expect(html).toContain("Chưa duyệt");
  });
});

describe("uploading a report", () => {
  let reportId: number;

  it("stores a text file through the core's ingestion and goes to its page with its figures", async () => {
    const res = await upload({ file: { name: "Xuất nhập khẩu 2025.txt", body: REPORT_TEXT, type: "text/plain" }, csrf });
    expect(res.status).toBe(303);
    reportId = idOf(res);
    const report = await temp.db.report.findUniqueOrThrow({ where: { id: reportId } });
    expect(report).toMatchObject({ url: "file:Xuất nhập khẩu 2025.txt", title: "Tình hình xuất nhập khẩu của tỉnh năm 2025", authoritative: true, awaitingReview: false });
    const html = await (await web.get(`/console/reports/${reportId}?done=stored`, cookie)).text();
    expect(html).toContain("<h1>Tình hình xuất nhập khẩu của tỉnh năm 2025</h1>");
    expect(html).toContain('role="status">Đã lưu báo cáo.</p>');
    expect(html).toContain("Không có; đọc từ tệp <code>Xuất nhập khẩu 2025.txt</code>");
    expect(html).toContain('<th scope="row">Kim ngạch xuất khẩu</th>');
    expect(html).toContain("<td>1.234,5 triệu USD</td>");
    expect(html).toContain("<td>tăng 8,2% so với cùng kỳ</td>");
    expect(html).toContain("<td>năm 2025</td>");
    expect(html).toContain("Kim ngạch xuất khẩu năm 2025 đạt 1.234,5 triệu USD, tăng 8,2% so với cùng kỳ.");
    expect(html).toMatch(/<label for="value-\d+">Giá trị số liệu 1<\/label>/);
    expect(await ask(EXPORT_2025)).toContain("1.234,5 triệu USD");
  });

  it("stores a saved HTML page", async () => {
    const res = await upload({ file: { name: "thuong-mai.html", body: PAGE_HTML, type: "text/html" }, csrf });
    expect(res.status).toBe(303);
    const html = await (await web.get(`/console/reports/${idOf(res)}`, cookie)).text();
    expect(html).toContain("<h1>Thương mại nội địa quý III/2025</h1>");
    expect(html).toContain("12.345,6 tỷ đồng");
  });

  it("stores PDF and Word files", async () => {
    const types = { pdf: "application/pdf", docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" };
    for (const [ext, type] of Object.entries(types)) {
      const res = await upload({ file: { name: `cong-van.${ext}`, body: readFileSync(`tests/fixtures/reports/cong-van-bao-cao.${ext}`), type }, csrf });
      expect(res.status, ext).toBe(303);
      const report = await temp.db.report.findUniqueOrThrow({ where: { id: idOf(res) }, include: { _count: { select: { figures: true } } } });
      expect(report.url).toBe(`file:cong-van.${ext}`);
      expect(report._count.figures, ext).toBeGreaterThan(0);
    }
  });

  it("stores the report at a link", async () => {
    const link = files.host("quy-3.html", { body: PAGE_HTML.replace("quý III/2025", "quý III/2025 (bản trên web)"), contentType: "text/html; charset=utf-8" });
    const res = await upload({ link, csrf });
    expect(res.status).toBe(303);
    const report = await temp.db.report.findUniqueOrThrow({ where: { id: idOf(res) }, include: { figures: true } });
    expect(report.url).toBe(link);
    expect(report.figures.map((f) => f.raw)).toContain("12.345,6 tỷ đồng");
    const html = await (await web.get(`/console/reports/${report.id}`, cookie)).text();
    expect(html).toContain(`<a href="${link}" rel="noopener noreferrer" class="url">`);
  });

  it("refuses a bad upload on the form, in Vietnamese, storing nothing", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/bao-cao.html`;
    const cases: [Parameters<typeof upload>[0], number, string][] = [
      [{ csrf }, 400, "Hãy chọn tệp báo cáo, hoặc dán đường link của báo cáo."],
      [{ csrf, file: { name: "rong.txt", body: "", type: "text/plain" } }, 422, "Tệp “rong.txt” trống, không có nội dung."],
      [
        { csrf, file: { name: "so-lieu.xlsx", body: "PK\u0003\u0004", type: "application/vnd.ms-excel" } },
        415,
        "Không nhận tệp “so-lieu.xlsx”: chỉ nhận báo cáo dạng PDF (.pdf), Word (.docx)",
      ],
      [{ csrf, file: { name: "lon.txt", body: "a".repeat(600 * 1024), type: "text/plain" } }, 413, "Tệp vượt giới hạn 0,5 MB, chưa lưu gì."],
      [{ csrf, file: { name: "trang.txt", body: "   \n\n  ", type: "text/plain" } }, 422, "Chưa lưu được báo cáo: Không tìm thấy nội dung bài viết"],
      [{ csrf, file: { name: "gia.pdf", body: "không phải PDF", type: "application/pdf" } }, 422, "không phải tệp PDF hợp lệ"],
      [{ csrf, link: dead }, 422, "Không đọc được liên kết này."],
      [{ csrf, link: "ftp://example.org/a.pdf" }, 400, "Đường link phải là một địa chỉ đầy đủ"],
      [{ csrf, link: "https://example.org/a.html", file: { name: "a.txt", body: REPORT_TEXT } }, 400, "không cả hai"],
    ];
    const before = await temp.db.report.count();
    for (const [form, status, message] of cases) {
      const res = await upload(form);
      expect(res.status, message).toBe(status);
      const html = await res.text();
      expect(html, message).toContain(message);
      expect(html).toContain('role="alert"');
      expect(html).toContain('aria-invalid="true"');
    }
    expect(await temp.db.report.count()).toBe(before);
  });

  it("refuses an upload without the session's CSRF token, storing nothing", async () => {
    const before = await temp.db.report.count();
    for (const token of [undefined, "not-the-token"]) {
      const res = await upload({ file: { name: "csrf.txt", body: REPORT_TEXT }, csrf: token });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("Yêu cầu bị từ chối");
    }
    expect(await temp.db.report.count()).toBe(before);
  });

  describe("reviewing its figures", () => {
    const exportLevel = () => temp.db.figure.findFirstOrThrow({ where: { reportId, indicator: "export_turnover", measure: "level" } });

    it("corrects a value: the extracted one is kept, who and when recorded, and the bot answers the new one", async () => {
      const figure = await exportLevel();
      const bad = await web.post(`/console/reports/${reportId}/figures/${figure.id}/value`, { _csrf: csrf, value: "1.300 triệu" }, cookie);
      expect(bad.status).toBe(422);
      const badHtml = await bad.text();
      expect(badHtml).toContain("Giá trị phải là một số");
      expect(badHtml).toContain(`id="value-${figure.id}" name="value" type="text" inputmode="decimal" size="10" value="1.300 triệu"`);
      expect((await exportLevel()).value).toBe("1234.5");

      const res = await web.post(`/console/reports/${reportId}/figures/${figure.id}/value`, { _csrf: csrf, value: "1.300,25" }, cookie);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/console/reports/${reportId}?done=corrected#figure-${figure.id}`);
      expect(await exportLevel()).toMatchObject({ value: "1300.25", originalValue: "1234.5", correctedBy: "telegram:900", correctedAt: web.clock.now });
      const html = await (await web.get(`/console/reports/${reportId}?done=corrected`, cookie)).text();
      expect(html).toContain('1.300,25 triệu USD<br><span class="detail">Đã sửa (số đọc được: 1.234,5 triệu USD), telegram:900,');
      const answer = await ask(EXPORT_2025);
      expect(answer).toContain("1.300,25 triệu USD");
      expect(answer).not.toContain("1.234,5");
    });

    it("hides a figure: the bot no longer answers it, nor does the figures explorer show it; showing it again brings it back", async () => {
      const figure = await exportLevel();
      const res = await web.post(`/console/reports/${reportId}/figures/${figure.id}/visibility`, { _csrf: csrf, hidden: "true" }, cookie);
      expect(res.status).toBe(303);
      expect((await exportLevel()).hidden).toBe(true);
      expect(await ask(EXPORT_2025)).not.toContain("1.300,25");
      expect(await (await web.get("/console/figures?indicator=export_turnover", cookie)).text()).not.toContain("1.300,25");
      const list = await (await web.get("/console/reports", cookie)).text();
      expect(list).toContain('<span class="detail">ẩn 1</span>');
      // Newest first: a report without a date of its own counts from when it was stored.
      const seed = await temp.db.report.findFirstOrThrow({ orderBy: { id: "asc" } });
      expect(list.indexOf("Tình hình xuất nhập khẩu của tỉnh năm 2025")).toBeLessThan(list.indexOf(seed.title));
      const html = await (await web.get(`/console/reports/${reportId}`, cookie)).text();
      expect(html).toContain(`<tr id="figure-${figure.id}" class="is-hidden">`);
      expect(html).toMatch(/>Hiện lại<span class="visually-hidden"> số liệu 1<\/span>/);

      await web.post(`/console/reports/${reportId}/figures/${figure.id}/visibility`, { _csrf: csrf, hidden: "false" }, cookie);
      expect(await ask(EXPORT_2025)).toContain("1.300,25 triệu USD");
      expect(await (await web.get("/console/figures?indicator=export_turnover", cookie)).text()).toContain("1.300,25 triệu USD");
    });

    it("marks a report awaiting review reviewed: only then are its figures answered", async () => {
      await temp.db.report.update({ where: { id: reportId }, data: { awaitingReview: true } });
      expect(await ask(EXPORT_2025)).not.toContain("1.300,25");
      let html = await (await web.get(`/console/reports/${reportId}`, cookie)).text();
      expect(html).toContain("Báo cáo đang chờ duyệt");
      expect(await (await web.get("/console/reports", cookie)).text()).toContain("Chờ duyệt");

      web.clock.now = new Date("2026-12-01T04:30:00Z");
      const res = await web.post(`/console/reports/${reportId}/review`, { _csrf: csrf }, cookie);
      expect(res.status).toBe(303);
      expect(await temp.db.report.findUniqueOrThrow({ where: { id: reportId } })).toMatchObject({ awaitingReview: false, reviewedBy: "telegram:900", reviewedAt: web.clock.now });
      html = await (await web.get(`/console/reports/${reportId}?done=reviewed`, cookie)).text();
      expect(html).toContain("Đã duyệt: telegram:900, 11:30 01/12/2026");
      expect(html).not.toContain(">Đánh dấu đã duyệt</button>");
      expect(await ask(EXPORT_2025)).toContain("1.300,25 triệu USD");
    });

    it("refuses changes without the CSRF token, and to a figure of another report", async () => {
      const figure = await exportLevel();
      for (const [path, form] of [
        [`/console/reports/${reportId}/figures/${figure.id}/value`, { value: "1" }],
        [`/console/reports/${reportId}/figures/${figure.id}/visibility`, { hidden: "true" }],
        [`/console/reports/${reportId}/review`, {}],
      ] as const) {
        const res = await web.post(path, form, cookie);
        expect(res.status, path).toBe(403);
      }
      const other = await temp.db.report.findFirstOrThrow({ where: { id: { not: reportId } } });
      expect((await web.post(`/console/reports/${other.id}/figures/${figure.id}/visibility`, { _csrf: csrf, hidden: "true" }, cookie)).status).toBe(404);
      expect((await web.get("/console/reports/999999", cookie)).status).toBe(404);
      expect(await exportLevel()).toMatchObject({ hidden: false, value: "1300.25" });
    });

    it("keeps the corrections when the same file is uploaded again, and says which edits a new text lost", async () => {
      const name = "Xuất nhập khẩu 2025.txt";
      const again = await upload({ file: { name, body: `${REPORT_TEXT}\nHoạt động thương mại điện tử tiếp tục phát triển.`, type: "text/plain" }, csrf });
      expect(again.status).toBe(303);
      expect(again.headers.get("location")).toBe(`/console/reports/${reportId}?done=updated`);
      expect(await exportLevel()).toMatchObject({ value: "1300.25", originalValue: "1234.5", hidden: false });

      const imports = await temp.db.figure.findFirstOrThrow({ where: { reportId, indicator: "import_turnover", measure: "level" } });
      await web.post(`/console/reports/${reportId}/figures/${imports.id}/visibility`, { _csrf: csrf, hidden: "true" }, cookie);
      const rewritten = await upload({ file: { name, body: REPORT_TEXT.replace("567,8", "570,1"), type: "text/plain" }, csrf });
      expect(rewritten.headers.get("location")).toBe(`/console/reports/${reportId}?done=updated&dropped=1`);
      const html = await (await web.get(rewritten.headers.get("location")!, cookie)).text();
      expect(html).toContain("Lưu ý: 1 số liệu cán bộ đã sửa hoặc ẩn");
      expect(await exportLevel()).toMatchObject({ value: "1300.25" });
      expect(await temp.db.figure.count({ where: { reportId, hidden: true } })).toBe(0);
    });
  });
});

describe("many reports", () => {
  it("are listed 50 a page, with links to the other pages", async () => {
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1 + i));
    await temp.db.report.createMany({
      data: Array.from({ length: 55 }, (_, i) => ({ url: `file:cu-${i}.txt`, title: `Báo cáo cũ số ${i}`, body: "x", contentHash: "", publishedAt: day(i) })),
    });
    const total = await temp.db.report.count();
    const first = await (await web.get("/console/reports", cookie)).text();
    expect(first.match(/<th scope="row"><a href=/g)).toHaveLength(50);
    expect(first).toContain(`${total} báo cáo, mới nhất trước, trang 1 trên 2`);
    expect(first).toContain('<a href="/console/reports?page=2" rel="next">Trang sau →</a>');
    const second = await (await web.get("/console/reports?page=2", cookie)).text();
    expect(second.match(/<th scope="row"><a href=/g)).toHaveLength(total - 50);
    // The oldest report is the last one listed.
    expect(second.lastIndexOf('<th scope="row">')).toBeLessThan(second.indexOf("Báo cáo cũ số 0<"));
    expect(second).toContain('<a href="/console/reports" rel="prev">← Trang trước</a>');
    expect((await web.get("/console/reports?page=abc", cookie)).status).toBe(200);
  });
});
