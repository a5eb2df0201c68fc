import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleHarness, startConsole } from "../../support/console.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// The console's subscriber list and its CSV export over HTTP: nothing without a session, filters
// from the query string, paging, masked chat ids, and a CSV Excel opens in Vietnamese.

let temp: TempDb;
let web: ConsoleHarness;
let cookie: string;

beforeAll(async () => {
  temp = await createTempDb({ seed: false });
  await temp.db.subscriber.create({ data: { channel: "telegram", chatId: "-1001234567890", topics: JSON.stringify(["Giá cả"]), mode: "digest", digestHour: 7 } });
  await temp.db.subscriber.create({ data: { channel: "zalo", chatId: "zalo-user-98765", topics: JSON.stringify(['=HYPERLINK("x")', "Công nghiệp, thương mại"]) } });
  await temp.db.subscriber.create({ data: { channel: "zalo", chatId: "zalo-user-11111", active: false, inactiveReason: "unsubscribed" } });
  // Enough for a second page.
  await temp.db.subscriber.createMany({ data: Array.from({ length: 55 }, (_, i) => ({ channel: "telegram", chatId: `70000${String(i).padStart(2, "0")}` })) });
  web = await startConsole(temp.db);
  cookie = await web.signIn();
});
afterAll(async () => {
  await web?.close();
  await temp?.cleanup();
});

describe("without a session", () => {
  it("shows neither the list nor the export (401)", async () => {
    for (const path of ["/console/subscribers", "/console/subscribers.csv", "/console/subscribers.csv?channel=zalo"]) {
      const res = await web.get(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      const body = await res.text();
      expect(body).toContain("Cần đăng nhập");
      expect(body).not.toContain("7890");
      expect(body).not.toContain("Kênh,");
    }
  });
});

describe("the list", () => {
  it("shows 50 a page, masked, with the filter form and a link to the next page", async () => {
    const res = await web.get("/console/subscribers", cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Người đăng ký nhận tin</h1>");
    expect(html).toContain('href="/console/subscribers" aria-current="page"');
    expect(html).toContain("58 người đăng ký, trang 1 trên 2");
    expect(html.match(/<tr>\s*<td>/g)).toHaveLength(50);
    for (const id of ["channel", "status", "topic"]) expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('href="/console/subscribers?page=2" rel="next"');
    expect(html).not.toContain("1001234567890");
    expect(html).not.toContain("zalo-user");
  });

  it("filters by channel, status and topic from the query string, and keeps the filter in the export link", async () => {
    const html = await (await web.get("/console/subscribers?channel=zalo&status=active", cookie)).text();
    expect(html).toContain("1 người đăng ký khớp bộ lọc, trang 1 trên 1");
    expect(html).toContain("<code>***8765</code>");
    expect(html).toContain("=HYPERLINK(&quot;x&quot;); Công nghiệp, thương mại");
    expect(html).toContain('<option value="zalo" selected>');
    expect(html).toContain('<option value="active" selected>');
    expect(html).toContain('href="/console/subscribers.csv?channel=zalo&amp;status=active"');
    const priced = await (await web.get(`/console/subscribers?topic=${encodeURIComponent("Giá cả")}&page=1`, cookie)).text();
    // Those who take every topic count too: 55 + 1 (chose it) + the inactive one.
    expect(priced).toContain("57 người đăng ký khớp bộ lọc");
    const last = await (await web.get(`/console/subscribers?topic=${encodeURIComponent("Giá cả")}&page=2`, cookie)).text();
    expect(last).toContain("Bản tin hằng ngày lúc 7 giờ");
    expect(last).toContain('href="/console/subscribers?topic=Gi%C3%A1+c%E1%BA%A3" rel="prev"');
    const stopped = await (await web.get("/console/subscribers?status=inactive", cookie)).text();
    expect(stopped).toContain("Đã ngừng (tự hủy đăng ký)");
    // Nonsense in the query is ignored, not an error.
    expect((await web.get("/console/subscribers?status=drop&channel=%3Cscript%3E&page=abc", cookie)).status).toBe(200);
  });
});

describe("the CSV export", () => {
  it("sends UTF-8 with a BOM, a header row, CRLF lines, quoted and formula-safe fields, masked ids", async () => {
    const res = await web.get("/console/subscribers.csv?channel=zalo", cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="nguoi-dang-ky-2026-12-01.csv"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("Kênh,Mã cuộc trò chuyện (che bớt),Chủ đề,Cách nhận,Trạng thái,Ngày đăng ký,Cập nhật lần cuối");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
    expect(lines[2]).toMatch(/^Zalo,\*\*\*8765,"'=HYPERLINK\(""x""\); Công nghiệp, thương mại",Ngay khi có tin,Đang nhận,\d{4}-\d\d-\d\d \d\d:\d\d,\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(lines[1]).toMatch(/^Zalo,\*\*\*1111,Mọi chủ đề,Ngay khi có tin,Đã ngừng \(tự hủy đăng ký\),/);
    expect(text).not.toContain("zalo-user");
  });

  it("exports every row the filter matches, not one page", async () => {
    const text = await (await web.get("/console/subscribers.csv", cookie)).text();
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(1 + 58);
    expect(text).not.toContain("1001234567890");
    expect(text).toContain("Telegram,***7890,Giá cả,Bản tin hằng ngày lúc 7 giờ,Đang nhận,");
  });
});
