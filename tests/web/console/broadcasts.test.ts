import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleHarness, csrfOf, startConsole } from "../../support/console.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// The broadcast pages over HTTP: nothing without a session or without the form's token; a preview
// as Telegram and Zalo will show it with the number it reaches; errors in Vietnamese next to their
// fields; "now" queued at once (and the sender woken), a set time left to the job, cancellable until
// then; and each broadcast's delivery report from its outbox rows.

let temp: TempDb;
let web: ConsoleHarness;
let cookie: string;
let csrf: string;
let woken = 0;

beforeAll(async () => {
  temp = await createTempDb({ seed: false });
  const db = temp.db;
  await db.newsSource.create({ data: { url: "https://sct.example.gov.vn/gia-ca.rss", kind: "feed", topic: "Giá cả", configured: true } });
  await db.newsSource.create({ data: { url: "https://sct.example.gov.vn/cong-nghiep.rss", kind: "feed", topic: "Công nghiệp", configured: true } });
  const before = new Date("2026-11-01T00:00:00Z");
  await db.subscriber.createMany({
    data: [
      { channel: "telegram", chatId: "-1001234567890", topics: JSON.stringify(["Giá cả"]), subscribedAt: before },
      { channel: "telegram", chatId: "555000111", subscribedAt: before },
      { channel: "zalo", chatId: "zalo-user-98765", topics: JSON.stringify(["Công nghiệp"]), subscribedAt: before },
      { channel: "zalo", chatId: "zalo-user-11111", active: false, inactiveReason: "unsubscribed", subscribedAt: before },
    ],
  });
  web = await startConsole(db, { onBroadcastQueued: () => (woken += 1) });
  cookie = await web.signIn();
  csrf = csrfOf(await (await web.get("/console/broadcasts", cookie)).text());
});
afterAll(async () => {
  await web?.close();
  await temp?.cleanup();
});

const form = (fields: Record<string, string>) => ({ _csrf: csrf, text: "", target: "all", when: "now", date: "", time: "", ...fields });
const post = (fields: Record<string, string>) => web.post("/console/broadcasts", form(fields), cookie);
const idFrom = (res: Response) => Number(/\/console\/broadcasts\/(\d+)\?created=1$/.exec(res.headers.get("location") ?? "")?.[1]);

describe("without a session or a token", () => {
  it("shows no page and takes no form without a session (401)", async () => {
    for (const path of ["/console/broadcasts", "/console/broadcasts/1"]) {
      const res = await web.get(path);
      expect(res.status, path).toBe(401);
      expect(await res.text()).toContain("Cần đăng nhập");
    }
    expect((await web.post("/console/broadcasts", form({ text: "Không có phiên", action: "send" }))).status).toBe(401);
    expect(await temp.db.broadcast.count()).toBe(0);
  });

  it("refuses a form without the session's CSRF token (403), and creates nothing", async () => {
    for (const token of [undefined, "wrong-token"]) {
      const fields = form({ text: "Giả mạo", action: "send" }) as Record<string, string>;
      if (token) fields._csrf = token;
      else delete fields._csrf;
      const res = await web.post("/console/broadcasts", fields, cookie);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("Yêu cầu bị từ chối");
    }
    expect(await temp.db.broadcast.count()).toBe(0);
  });
});

describe("composing", () => {
  it("shows the form, labelled, with the topics subscribers can choose and the channels", async () => {
    const html = await (await web.get("/console/broadcasts", cookie)).text();
    expect(html).toContain("<h1>Gửi thông báo</h1>");
    expect(html).toContain('href="/console/broadcasts" aria-current="page"');
    for (const id of ["text", "target", "when-now", "when-later", "date", "time"]) expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('<option value="topic:Công nghiệp">Chủ đề: Công nghiệp</option>');
    expect(html).toContain('<option value="topic:Giá cả">Chủ đề: Giá cả</option>');
    expect(html).toContain('<option value="channel:zalo-oa">Kênh: Zalo OA</option>');
    // An hour from now (10:00 in Vietnam) is offered as the time.
    expect(html).toContain('name="date" type="date" min="2026-12-01" value="2026-12-01"');
    expect(html).toContain('name="time" type="time" value="11:00"');
    expect(html).toContain("Chưa có thông báo nào.");
  });

  it("previews the message as Telegram and Zalo will show it, escaped, with the number it reaches, and creates nothing", async () => {
    const text = "Lịch tiếp doanh nghiệp <script>alert(1)</script> & hội nghị\nSáng thứ Hai, 8 giờ.";
    const res = await post({ text, target: "topic:Giá cả", action: "preview" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h2 id="preview-title">Xem trước</h2>');
    // Telegram: the heading in bold, the text as text.
    expect(html).toContain(
      '<div class="bubble"><b>📢 Thông báo của Sở</b>\n\nLịch tiếp doanh nghiệp &lt;script&gt;alert(1)&lt;/script&gt; &amp; hội nghị\nSáng thứ Hai, 8 giờ.\n\n<i>Gõ /huy để ngừng nhận tin.</i></div>',
    );
    // Zalo: plain text.
    expect(html).toContain(
      '<div class="bubble">📢 Thông báo của Sở\n\nLịch tiếp doanh nghiệp &lt;script&gt;alert(1)&lt;/script&gt; &amp; hội nghị\nSáng thứ Hai, 8 giờ.\n\nGõ /huy để ngừng nhận tin.</div>',
    );
    expect(html).not.toContain("<script>");
    // Those who chose "Giá cả" and those who take every topic; not the stopped one.
    expect(html).toContain("Sẽ gửi tới <strong>2</strong> người đăng ký.");
    expect(html).toMatch(/Trên Telegram \(\d+\/4\.096 ký tự\)/);
    expect(html).toMatch(/Trên Zalo \(\d+\/2\.000 ký tự\)/);
    // What was typed stays in the form.
    expect(html).toContain("Lịch tiếp doanh nghiệp &lt;script&gt;alert(1)&lt;/script&gt; &amp; hội nghị\nSáng thứ Hai, 8 giờ.</textarea>");
    expect(html).toContain('<option value="topic:Giá cả" selected>');
    expect(await temp.db.broadcast.count()).toBe(0);

    const zalo = await (await post({ text: "Chỉ Zalo", target: "channel:zalo", action: "preview" })).text();
    expect(zalo).toContain("Sẽ gửi tới <strong>1</strong> người đăng ký.");
    const oa = await (await post({ text: "Zalo OA", target: "channel:zalo-oa", action: "preview" })).text();
    expect(oa).toContain("Hiện không có người đăng ký nào thuộc đối tượng này");
  });

  it("answers mistakes in Vietnamese next to their fields (422), keeping what was typed", async () => {
    const empty = await post({ text: "   \n ", action: "send" });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('<p class="error-message" id="text-error"><span class="visually-hidden">Lỗi: </span>Hãy nhập nội dung thông báo.</p>');
    expect(emptyHtml).toContain('<li><a href="#text">Hãy nhập nội dung thông báo.</a></li>');
    expect(emptyHtml).toContain('aria-invalid="true"');

    // 09:59 in Vietnam is a minute ago.
    const past = await post({ text: "Họp giao ban", when: "later", date: "2026-12-01", time: "09:59", action: "send" });
    expect(past.status).toBe(422);
    const pastHtml = await past.text();
    expect(pastHtml).toContain("Thời điểm gửi đã qua. Hãy chọn một thời điểm sau bây giờ (giờ Việt Nam), hoặc chọn “Gửi ngay”.");
    expect(pastHtml).toContain("Họp giao ban</textarea>");
    expect(pastHtml).toContain('id="when-later" name="when" value="later" checked');

    const checks: [Record<string, string>, string][] = [
      [{ text: "x".repeat(1501) }, "Nội dung dài 1.501 ký tự, quá giới hạn 1.500 ký tự"],
      [{ text: "Ngày sai", when: "later", date: "2026-02-30", time: "10:00" }, "Ngày hoặc giờ gửi không hợp lệ."],
      [{ text: "Thiếu giờ", when: "later", date: "2026-12-02", time: "" }, "Hãy chọn giờ gửi."],
      [{ text: "Quá xa", when: "later", date: "2028-01-01", time: "10:00" }, "Chỉ hẹn giờ gửi trong vòng 365 ngày tới."],
      [{ text: "Chủ đề lạ", target: "topic:Không có" }, "Hãy chọn người nhận trong danh sách."],
      [{ text: "Kênh lạ", target: "channel:sms" }, "Hãy chọn người nhận trong danh sách."],
    ];
    for (const [fields, message] of checks) {
      const res = await post({ ...fields, action: "send" });
      expect(res.status, message).toBe(422);
      expect(await res.text()).toContain(message);
    }
    // A preview shows the same errors, and still the preview when the text is fine.
    const preview = await post({ text: "Xem trước với giờ đã qua", when: "later", date: "2026-12-01", time: "08:00", action: "preview" });
    expect(preview.status).toBe(422);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("Thời điểm gửi đã qua");
    expect(previewHtml).toContain("Sẽ gửi tới <strong>3</strong> người đăng ký");
    expect(await temp.db.broadcast.count()).toBe(0);
  });
});

describe("sending", () => {
  it("queues a broadcast sent now at once, for its audience, wakes the sender and shows the report", async () => {
    const res = await post({ text: "Thông báo khẩn\nNghỉ làm việc chiều nay.", target: "channel:telegram", action: "send" });
    expect(res.status).toBe(303);
    const id = idFrom(res);
    expect(woken).toBe(1);
    const b = await temp.db.broadcast.findUniqueOrThrow({ where: { id } });
    expect(b).toMatchObject({ createdBy: "telegram:900", channel: "telegram", topic: null, queuedAt: web.clock.now, queuedCount: 2 });
    expect(await temp.db.delivery.count({ where: { itemId: b.itemId! } })).toBe(2);

    const html = await (await web.get(`/console/broadcasts/${id}?created=1`, cookie)).text();
    expect(html).toContain(`<h1>Thông báo số ${id}</h1>`);
    expect(html).toContain('<p class="notice" role="status">Đã xếp hàng gửi tới 2 người đăng ký.</p>');
    expect(html).toContain("Người đăng ký trên Telegram");
    expect(html).toContain('<dd id="count-pending">2</dd>');
    expect(html).not.toContain("Hủy thông báo này");
  });

  it("schedules a broadcast for later without queuing it, lists it, and lets staff cancel it once", async () => {
    const res = await post({ text: "Hội nghị xúc tiến thương mại", target: "topic:Công nghiệp", when: "later", date: "2026-12-02", time: "08:30", action: "send" });
    expect(res.status).toBe(303);
    const id = idFrom(res);
    const b = await temp.db.broadcast.findUniqueOrThrow({ where: { id } });
    // 08:30 in Vietnam is 01:30 UTC.
    expect(b).toMatchObject({ scheduledAt: new Date("2026-12-02T01:30:00Z"), topic: "Công nghiệp", queuedAt: null, itemId: null });
    expect(woken).toBe(1);

    const report = await (await web.get(`/console/broadcasts/${id}?created=1`, cookie)).text();
    expect(report).toContain("Đã hẹn gửi lúc 08:30 02/12/2026.");
    expect(report).toContain("Chưa đến giờ gửi");
    const list = await (await web.get("/console/broadcasts", cookie)).text();
    expect(list).toContain(`<a href="/console/broadcasts/${id}">Hội nghị xúc tiến thương mại</a>`);
    expect(list).toContain("Người nhận chủ đề “Công nghiệp”");
    expect(list).toContain("Đã hẹn giờ");
    // Newest first.
    expect(list.indexOf("Hội nghị xúc tiến")).toBeLessThan(list.indexOf("Thông báo khẩn"));

    expect((await web.post(`/console/broadcasts/${id}/cancel`, {}, cookie)).status).toBe(403);
    const cancel = await web.post(`/console/broadcasts/${id}/cancel`, { _csrf: csrf }, cookie);
    expect(cancel.status).toBe(303);
    expect(cancel.headers.get("location")).toBe(`/console/broadcasts/${id}?cancelled=1`);
    const cancelled = await (await web.get(`/console/broadcasts/${id}?cancelled=1`, cookie)).text();
    expect(cancelled).toContain("Đã hủy thông báo hẹn giờ này.");
    expect(cancelled).toContain("Hủy lúc");
    const again = await web.post(`/console/broadcasts/${id}/cancel`, { _csrf: csrf }, cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Không hủy được");
    expect((await temp.db.broadcast.findUniqueOrThrow({ where: { id } })).cancelledBy).toBe("telegram:900");
  });

  it("reports each broadcast's deliveries by state, with every failure's reason and a masked chat id", async () => {
    const id = idFrom(await post({ text: "Đếm kết quả gửi", action: "send" }));
    const b = await temp.db.broadcast.findUniqueOrThrow({ where: { id } });
    const rows = await temp.db.delivery.findMany({ where: { itemId: b.itemId! }, include: { subscriber: true }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(3);
    await temp.db.delivery.update({ where: { id: rows[0]!.id }, data: { status: "failed", attempts: 5, lastError: "403 Forbidden: bot was blocked <by the user>" } });
    await temp.db.delivery.update({ where: { id: rows[1]!.id }, data: { status: "sent", sentAt: web.clock.now } });
    await temp.db.delivery.update({ where: { id: rows[2]!.id }, data: { status: "sending" } });

    const html = await (await web.get(`/console/broadcasts/${id}`, cookie)).text();
    expect(html).toContain('<dd id="count-sent">1</dd>');
    expect(html).toContain('<dd id="count-failed">1</dd>');
    expect(html).toContain('<dd id="count-pending">1</dd>');
    expect(html).toContain('<dd id="count-skipped">0</dd>');
    expect(html).toContain("403 Forbidden: bot was blocked &lt;by the user&gt;");
    expect(html).toContain("<code>***7890</code>");
    expect(html).not.toContain("1001234567890");
    expect(html).not.toContain("zalo-user");

    const list = await (await web.get("/console/broadcasts", cookie)).text();
    expect(list).toMatch(/Đếm kết quả gửi<\/a>[\s\S]*?<td class="num">1<\/td>\s*<td class="num">1<\/td>\s*<td class="num">1<\/td>\s*<td class="num">0<\/td>/);
  });

  it("answers an unknown or malformed broadcast with the console's not-found page", async () => {
    for (const path of ["/console/broadcasts/999", "/console/broadcasts/abc", "/console/broadcasts/0"]) {
      const res = await web.get(path, cookie);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain("Không tìm thấy trang");
    }
  });
});
