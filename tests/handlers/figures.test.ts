import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/app/core.ts";
import { extractFacts } from "../../src/services/figures/extract.ts";
import { fetchPage } from "../../src/services/reports/fetch-page.ts";
import { ingestSource } from "../../src/services/reports/ingest.ts";
import { localFetch } from "../support/local-fetch.ts";
import { createTempDb, type TempDb } from "../support/temp-db.ts";

const SEED_TITLE = "Ngành Công Thương Bến Tre sau 03 năm thực hiện Chỉ thị số 01-CT/TU";
const reports = ["2024-06-sau-thang-dau-nam", "2024-09-chin-thang", "2024-12-ca-nam"];

async function coreWith(extra: string[]): Promise<{ temp: TempDb; core: Core; ask: (q: string) => Promise<string> }> {
  const temp = await createTempDb();
  for (const name of extra) await ingestSource(temp.db, `tests/fixtures/reports/${name}.txt`, { extract: extractFacts, fetchPage });
  const core = await createCore(temp.db, { staffIds: new Set(["telegram:42"]), fetchPage: (url) => fetchPage(url, { safeFetch: localFetch }) });
  const ask = async (text: string) => (await core.answer({ channel: "telegram", userId: "7", chatId: "7", text })).text;
  return { temp, core, ask };
}

describe("figures from the seed report, each with its period and source", () => {
  let ctx: Awaited<ReturnType<typeof coreWith>>;
  beforeAll(async () => (ctx = await coreWith([])));
  afterAll(() => ctx.temp.cleanup());

  const cases: [string, string[]][] = [
    ["giá trị sản xuất công nghiệp lũy kế 2021-2023", ["108.092 tỷ đồng", "46,19%", "5,27%/năm", "giai đoạn 2021–2023"]],
    ["tổng mức bán lẻ hàng hóa và dịch vụ", ["172.839 tỷ đồng", "41,60%", "7,52%/năm"]],
    ["kim ngach xk", ["4.262,7 triệu USD", "42,63%", "3,07%/năm"]],
    ["KIM NGẠCH NHẬP KHẨU", ["1.317,4 triệu USD", "29,84%"]],
    ["điện thương phẩm tăng bình quân", ["6,42%/năm"]],
    ["ty le ho dan su dung dien", ["99,97%"]],
    ["số dự án điện gió", ["19 dự án"]],
    ["tổng công suất điện gió", ["1.007,7 MW"]],
    ["bao nhiêu dự án điện gió đang làm thủ tục", ["10 dự án"]],
    ["số dự án điện gió đã lắp đặt tuabin", ["9 dự án"]],
    ["công suất điện gió đã lắp đặt", ["365,9 MW"]],
    ["cong suat dien gio hoa luoi", ["221,05 MW"]],
    ["có bao nhiêu cụm công nghiệp", ["8 CCN"]],
    ["tổng diện tích các ccn", ["317,9402 ha"]],
    ["bao nhiêu cụm đã quy hoạch chi tiết", ["7 cụm"]],
    ["diện tích quy hoạch chi tiết ccn", ["299,4 ha"]],
    ["diện tích đất công nghiệp trong ccn", ["217,2 ha"]],
    ["diện tích đã cho thuê", ["81,3909 ha"]],
    ["tỷ lệ lấp đầy các CCN", ["37,48%"]],
    ["bao nhiêu ccn đang hoạt động", ["4 CCN"]],
    ["số dự án trong cụm công nghiệp", ["28 dự án"]],
    ["vốn đăng ký đầu tư vào ccn", ["7.839,02 tỷ đồng"]],
    ["số lao động trong cụm công nghiệp", ["9.953 lao động"]],
    ["số dự án hạ tầng ccn được bố trí vốn", ["3 dự án"]],
    ["kinh phí đầu tư hạ tầng ccn", ["50.570 triệu đồng"]],
    ["đề án khuyến công quốc gia điểm", ["2 đề án"]],
    ["bao nhiêu đơn vị được hỗ trợ máy móc thiết bị", ["16 đơn vị"]],
    ["đề án khuyến công tỉnh", ["46 đề án"]],
    ["hỗ trợ chuyển đổi số bao nhiêu doanh nghiệp", ["1.000 doanh nghiệp"]],
    ["kết quả chuyển đổi số", ["1.000 doanh nghiệp"]],
    ["gia tri san xaut cong nghiep", ["108.092 tỷ đồng"]],
    ["kim ngahc xuat khau", ["4.262,7 triệu USD"]],
  ];
  for (const [question, expected] of cases) {
    it(`"${question}" → ${expected.join(", ")}`, async () => {
      const reply = await ctx.ask(question);
      for (const e of expected) expect(reply).toContain(e);
      expect(reply).toContain(SEED_TITLE);
      expect(reply).toContain("23/10/2023");
    });
  }

  it("names the subjects it does have, and no number, when nothing matches the question", async () => {
    const reply = await ctx.ask("số liệu dự án hydro xanh");
    expect(reply).toMatch(/chưa có số liệu khớp/);
    expect(reply).toMatch(/Các chỉ tiêu gần nhất có số liệu: .*dự án/);
    expect(reply).not.toMatch(/\d/);
  });

  it("gives the change, and says so, when only the change is on record", async () => {
    const reply = await ctx.ask("điện thương phẩm");
    expect(reply).toMatch(/^Báo cáo chỉ nêu tốc độ tăng, không nêu giá trị tuyệt đối:/);
    expect(reply).toContain("6,42%/năm");
  });

  it("says plainly when no report holds the figure, and gives no number", async () => {
    for (const q of ["chỉ số sản xuất công nghiệp IIP", "số doanh nghiệp thành lập mới", "kim ngạch xuất khẩu năm 2019", "có bao nhiêu chợ"]) {
      const reply = await ctx.ask(q);
      expect(reply, q).toMatch(/chưa có số liệu/i);
      expect(reply.replace(/\d{4}(–\d{4})?/g, ""), q).not.toMatch(/\d/);
    }
  });
});

describe("figures across several reports", () => {
  let ctx: Awaited<ReturnType<typeof coreWith>>;
  beforeAll(async () => (ctx = await coreWith(reports)));
  afterAll(() => ctx.temp.cleanup());

  it("answers from the newest report when no period is asked, and names the other periods in order", async () => {
    const reply = await ctx.ask("kim ngạch xuất khẩu");
    expect(reply).toMatch(/^📊 Kim ngạch xuất khẩu, năm 2024 \(ước tính\): 1\.620,4 triệu USD/);
    expect(reply).toContain("Báo cáo tổng kết hoạt động ngành Công Thương năm 2024");
    const others = reply.slice(reply.indexOf("Các kỳ khác"));
    expect(others.indexOf("giai đoạn 2021–2023")).toBeLessThan(others.indexOf("6 tháng đầu năm 2024"));
    expect(others.indexOf("6 tháng đầu năm 2024")).toBeLessThan(others.indexOf("9 tháng năm 2024"));
    // Other periods by name only: a neighbouring number is never in the reply.
    for (const n of ["4.262,7", "780,5", "1.185,6"]) expect(others).not.toContain(n);
  });

  it("lets the period in the question pick the figure, whatever the spelling", async () => {
    const cases: [string, string, string[]][] = [
      ["kim ngạch xuất khẩu 6 tháng đầu năm 2024", "780,5 triệu USD", ["1.620,4", "1.185,6"]],
      ["xuat khau 9 thang nam 2024", "1.185,6 triệu USD", ["1.620,4", "780,5"]],
      ["giá trị sản xuất công nghiệp quý III/2024", "12.455 tỷ đồng", ["35.870", "47.512"]],
      ["tong muc ban le thang 9/2024", "6.720 tỷ đồng", ["59.340"]],
      ["gtsx cn nam 2024", "47.512 tỷ đồng", ["35.870"]],
      ["kim ngạch xuất khẩu 2021 – 2023", "4.262,7 triệu USD", ["1.620,4"]],
    ];
    for (const [q, value, never] of cases) {
      const reply = await ctx.ask(q);
      expect(reply, q).toContain(value);
      for (const n of never) expect(reply, q).not.toContain(n);
    }
  });

  it("never gives a neighbouring period's number for a period it does not have", async () => {
    const reply = await ctx.ask("kim ngạch xuất khẩu năm 2022");
    expect(reply).toMatch(/Chưa có số liệu kim ngạch xuất khẩu cho năm 2022/);
    for (const n of ["1.620,4", "4.262,7", "780,5"]) expect(reply).not.toContain(n);
  });

  it("writes a decrease as such", async () => {
    expect(await ctx.ask("nhập khẩu 6 tháng đầu năm 2024 so với cùng kỳ")).toContain("giảm 2,4%");
  });
});

describe("adding a report by link", () => {
  let ctx: Awaited<ReturnType<typeof coreWith>>;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    ctx = await coreWith([]);
    const page = readFileSync("tests/fixtures/pages/sct-bentre-article.html");
    server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tin-tuc/bao-cao.html`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await ctx.temp.cleanup();
  });

  it("refuses people who are not staff and stores nothing", async () => {
    const before = await ctx.temp.db.report.count();
    const reply = await ctx.core.answer({ channel: "telegram", userId: "7", chatId: "7", text: `lưu giúp ${url}` });
    expect(reply.intent).toBe("ingest_denied");
    expect(reply.text).toMatch(/chỉ cán bộ/);
    expect(await ctx.temp.db.report.count()).toBe(before);
  });

  it("stores the page for staff and lists its figures; a second time changes nothing", async () => {
    const first = await ctx.core.answer({ channel: "telegram", userId: "42", chatId: "42", text: url });
    expect(first.intent).toBe("ingest");
    expect(first.text).toMatch(/^Đã lưu: “/);
    const again = await ctx.core.answer({ channel: "telegram", userId: "42", chatId: "42", text: url });
    expect(again.text).toMatch(/^Báo cáo này đã có/);
    expect(await ctx.temp.db.report.count({ where: { url } })).toBe(1);
  });
});
