import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";
import { startWebChat, type WebChatHarness } from "../../support/web-chat.ts";

// The public web chat's routes with the real core on the sample data: the page without
// JavaScript, the JSON endpoint, what it refuses, and that nothing typed there acts as staff or
// subscribes anyone.

let temp: TempDb;
let chat: WebChatHarness;
const CHAT_ID = "abcdefghijklmnop0123";

beforeAll(async () => {
  temp = await createTempDb();
  // Even an id listed as staff is not staff on the web: the browser chooses its ids.
  chat = await startWebChat(temp.db, { staffIds: new Set([`web:${CHAT_ID}`]) });
});
afterAll(async () => {
  await chat?.close();
  await temp?.cleanup();
});

describe("the page", () => {
  it("renders a labelled form that posts to /chat, with a fresh conversation id and suggested questions", async () => {
    const res = await chat.get("/chat");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<label for="chat-text">Câu hỏi của bạn</label>');
    expect(html).toMatch(/<input id="chat-text" name="text" type="text" maxlength="1000"/);
    expect(html).toContain('<form id="chat-form" class="ask" method="post" action="/chat#latest" data-api="/chat/api">');
    expect(html).toMatch(/name="chatId" value="[A-Za-z0-9_-]{22}"/);
    expect(html).toContain('role="log" aria-live="polite"');
    expect(html).toContain('<button type="submit" name="text" value="Số điện thoại Sở Công Thương">Số điện thoại của Sở</button>');
    expect(html).toContain('<script src="/chat/assets/chat.js" defer></script>');
    expect(html).toContain('class="site-header"');
  });

  it("has a compact layout for the widget's frame, whose forms stay in it", async () => {
    const html = await (await chat.get("/chat?embed=1")).text();
    expect(html).toContain('<body class="embed">');
    expect(html).not.toContain('class="site-header"');
    expect(html).toContain('action="/chat?embed=1#latest"');
  });

  it("serves its script and style", async () => {
    const js = await chat.get("/chat/assets/chat.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect((await chat.get("/chat/assets/chat.css")).headers.get("content-type")).toMatch(/^text\/css/);
  });
});

describe("asking without JavaScript (form POST)", () => {
  it("answers the department's phone number with tel: links and contact cards, and keeps the conversation id", async () => {
    const res = await chat.postForm("/chat", { text: "số điện thoại sở công thương", chatId: CHAT_ID });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<p class="text">số điện thoại sở công thương</p>');
    expect(html).toContain('<a href="tel:+842753822365">0275 3822 365</a>');
    expect(html).toContain('<a href="tel:+842753822251">0275 3822 251</a>');
    expect(html).toMatch(/<a class="call" href="tel:\+842753822365">Gọi [^<]+: 0275 3822 365<\/a>/);
    expect(html).toContain('id="latest" tabindex="-1"');
    expect(html).toContain(`name="chatId" value="${CHAT_ID}"`);
    // The quick replies are buttons of a form that posts back here.
    expect(html).toMatch(/<form class="choices" method="post" action="\/chat#latest">[\s\S]*<button type="submit" name="text" value="[^"]+">/);
  });

  it("answers without diacritics too, and links e-mail addresses", async () => {
    const html = await (await chat.postForm("/chat", { text: "email so cong thuong" })).text();
    expect(html).toContain('<a href="mailto:sct@bentre.gov.vn">sct@bentre.gov.vn</a>');
    // A missing or malformed conversation id is replaced by a new one.
    expect(html).toMatch(/name="chatId" value="[A-Za-z0-9_-]{22}"/);
  });

  it("escapes what was typed", async () => {
    const html = await (await chat.postForm("/chat", { text: '<img src=x onerror="alert(1)">', chatId: CHAT_ID })).text();
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("answers an empty question with a hint instead of an error", async () => {
    const res = await chat.postForm("/chat", { text: "   " });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div class="msg bot" id="latest"');
  });
});

describe("the JSON endpoint", () => {
  it("answers {text} with {text, parts, buttons, contacts}", async () => {
    const res = await chat.postJson("/chat/api", { text: "sdt so cong thuong", chatId: CHAT_ID });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const reply = await res.json();
    expect(reply.text).toContain("0275 3822 365");
    expect(reply.parts).toContainEqual({ text: "0275 3822 365", href: "tel:+842753822365" });
    expect(reply.parts.map((p: { text: string }) => p.text).join("")).toBe(reply.text);
    expect(reply.contacts).toContainEqual(expect.objectContaining({ number: "0275 3822 365", href: "tel:+842753822365" }));
    expect(reply.buttons.length).toBeGreaterThan(0);
    expect(reply.buttons[0]).toEqual({ label: expect.any(String), text: expect.any(String) });
  });

  it("answers figure questions from the stored reports", async () => {
    const reply = await (await chat.postJson("/chat/api", { text: "kim ngach xuat khau" })).json();
    expect(reply.text).toContain("Kim ngạch xuất khẩu");
    expect(reply.text).toContain("Nguồn:");
  });

  it("handles empty and over-long questions through the core's replies", async () => {
    const empty = await chat.postJson("/chat/api", { text: "" });
    expect(empty.status).toBe(200);
    expect((await empty.json()).text.length).toBeGreaterThan(0);
    const long = await (await chat.postJson("/chat/api", { text: "kim ngạch ".repeat(101) })).json();
    expect(long.text).toContain("Tin nhắn dài quá (hơn 1000 ký tự)");
  });

  it("refuses a body that is not JSON, a JSON without text, malformed JSON and a huge body", async () => {
    const plain = await fetch(`${chat.url}/chat/api`, { method: "POST", headers: { "content-type": "text/plain" }, body: "sdt" });
    expect(plain.status).toBe(415);
    expect((await plain.json()).error).toContain("JSON");
    expect((await chat.postForm("/chat/api", { text: "sdt" })).status).toBe(415);
    expect((await chat.postJson("/chat/api", { question: "sdt" })).status).toBe(400);
    expect((await chat.postJson("/chat/api", { text: 42 })).status).toBe(400);
    const malformed = await fetch(`${chat.url}/chat/api`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"text": ' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toBe("Yêu cầu không hợp lệ.");
    const huge = await chat.postJson("/chat/api", { text: "a".repeat(100_000) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toBe("Câu hỏi quá dài.");
    expect((await chat.postForm("/chat", { text: "a".repeat(100_000) })).status).toBe(413);
  });

  it("never treats a web user as staff, and points subscriptions to Telegram and Zalo without storing anyone", async () => {
    for (const command of ["/thongke", "/guitin Thông báo thử", "/quantri"]) {
      const reply = await (await chat.postJson("/chat/api", { text: command, chatId: CHAT_ID })).json();
      expect(reply.text, command).toBe("Xin lỗi, lệnh này chỉ dành cho cán bộ của Sở.");
    }
    const link = await (await chat.postJson("/chat/api", { text: "https://example.org/bao-cao.html", chatId: CHAT_ID })).json();
    expect(link.text).toContain("chỉ cán bộ của Sở mới thêm được báo cáo");
    for (const command of ["/dangky", "/huy", "/caidat tucthi"]) {
      const reply = await (await chat.postJson("/chat/api", { text: command, chatId: CHAT_ID })).json();
      expect(reply.text, command).toContain("trên Telegram hoặc Zalo");
    }
    expect(await temp.db.subscriber.count()).toBe(0);
    expect(await temp.db.inboundMessage.count()).toBe(0);
  });

  it("offers no news alerts in its help and greeting: they go to chat platforms only", async () => {
    for (const text of ["/help", "xin chào", "thời tiết hôm nay"]) {
      const reply = await (await chat.postJson("/chat/api", { text, chatId: CHAT_ID })).json();
      expect(reply.text, text).not.toContain("/dangky");
      expect(JSON.stringify(reply.buttons ?? []), text).not.toContain("/dangky");
    }
  });
});

describe("questions the bot could not answer", () => {
  it("are kept for staff like every channel's, as web questions and without an id", async () => {
    const reply = await (await chat.postJson("/chat/api", { text: "dự báo thời tiết ngày mai", chatId: CHAT_ID })).json();
    expect(reply.text.length).toBeGreaterThan(0);
    await expect
      .poll(() => temp.db.unansweredQuestion.findMany({ where: { text: "dự báo thời tiết ngày mai" } }))
      .toEqual([expect.objectContaining({ channel: "web", reason: "out_of_scope" })]);
    expect(JSON.stringify(await temp.db.unansweredQuestion.findMany())).not.toContain(CHAT_ID);
  });
});

describe("logs", () => {
  it("writes one line per message with the intent and length, never the text or the client address", async () => {
    const before = chat.logs.length;
    await chat.postJson("/chat/api", { text: "số điện thoại sở công thương", chatId: CHAT_ID });
    const lines = chat.logs.slice(before);
    expect(lines).toEqual([
      expect.objectContaining({
        event: "web_answered",
        channel: "web",
        chatId: CHAT_ID,
        via: "api",
        intent: "contact_phone",
        chars: 28,
        client: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/),
      }),
    ]);
    const line = JSON.stringify(lines);
    expect(line).not.toContain("127.0.0.1");
    expect(line).not.toContain("điện thoại");
  });
});
