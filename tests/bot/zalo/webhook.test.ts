import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createZaloClient, splitText, ZaloApiError, type ZaloClient } from "../../../src/bot/zalo/client.ts";
import { createChoiceMemory, renderForZalo, resolveNumberedChoice } from "../../../src/bot/zalo/render.ts";
import { createZaloWebhook, type ZaloWebhook } from "../../../src/bot/zalo/webhook.ts";
import { NON_TEXT_REPLY } from "../../../src/handlers/help.ts";
import type { BotReply, BotRequest } from "../../../src/handlers/types.ts";
import { closeServer, createApp, listen } from "../../../src/server.ts";
import { type Db, migrate, openDb } from "../../../src/services/db.ts";
import { type FakeZalo, startFakeZalo } from "../../support/fake-zalo.ts";
import { testInbox } from "../../support/inbox.ts";
import type { Inbox } from "../../../src/services/inbox/inbox.ts";

const TOKEN = "1234567890:zaloTestSecretTokenXYZ";
const SECRET = "webhook-secret-123";
const LONG_REPLY = Array.from({ length: 60 }, (_, i) => `Câu số ${i + 1} nói về kim ngạch xuất khẩu của tỉnh Bến Tre.`).join(" ") + "\n\n" + "Đoạn cuối. ".repeat(120);
const MENU: BotReply = {
  intent: "menu",
  text: "Bạn cần gì?",
  buttons: [
    { label: "Số điện thoại", text: "số điện thoại sở công thương" },
    { label: "Số liệu", text: "kim ngạch xuất khẩu" },
    { label: "Tin mới", text: "tin tức mới nhất" },
  ],
};

// Logs go to memory and are written without any scrubbing: the adapter itself must keep the token out.
const logLines: string[] = [];
const logger = pino({ level: "debug", base: undefined }, { write: (line: string) => void logLines.push(line) });
const logs = () => logLines.join("");

const asked: BotRequest[] = [];
async function answer(request: BotRequest): Promise<BotReply> {
  asked.push(request);
  if (request.text === "dài") return { intent: "long", text: LONG_REPLY };
  if (request.text === "menu") return MENU;
  return { intent: "echo", text: `Bạn hỏi: ${request.text}` };
}

let dir: string;
let dbUrl: string;
let fake: FakeZalo;
let client: ZaloClient;
let db: Db;
let webhook: ZaloWebhook;
let inbox: Inbox;
let server: Server;
let base: string;
let seq = 0;

async function start(database: Db): Promise<void> {
  db = database;
  inbox = testInbox(db, answer, { logger });
  webhook = createZaloWebhook({ inbox, client, secret: SECRET, logger });
  const app = createApp({ logger, mounts: [{ path: "/webhooks/zalo", router: webhook }], health: () => ({}) });
  server = await listen(app, 0, "127.0.0.1");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
}

async function stop(): Promise<void> {
  await inbox.stop();
  await closeServer(server);
  await db.$disconnect();
}

function textUpdate(text: string, over: { messageId?: string; chatId?: string; fromBot?: boolean } = {}) {
  const chatId = over.chatId ?? "chat-1";
  return {
    ok: true,
    result: {
      event_name: "message.text.received",
      message: {
        message_id: over.messageId ?? `msg-${++seq}`,
        date: Date.now(),
        from: { id: chatId, display_name: "Người dùng", is_bot: over.fromBot ?? false },
        chat: { id: chatId, chat_type: "PRIVATE" },
        text,
      },
    },
  };
}

/** Posts a delivery and waits until the work it started is finished. */
async function deliver(body: unknown, { secret = SECRET, raw }: { secret?: string | null; raw?: string } = {}): Promise<number> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== null) headers["x-bot-api-secret-token"] = secret;
  const res = await fetch(base, { method: "POST", headers, body: raw ?? JSON.stringify(body) });
  await res.arrayBuffer();
  await webhook.drain();
  return res.status;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "zalo-test-"));
  dbUrl = `file:${path.join(dir, "bot.db")}`;
  const database = openDb(dbUrl);
  await migrate(database, dbUrl);
  fake = await startFakeZalo({ token: TOKEN });
  client = createZaloClient({ apiRoot: fake.apiRoot, token: TOKEN, logger, baseDelayMs: 5, maxDelayMs: 20, maxRetries: 3 });
  await start(database);
});

afterAll(async () => {
  await stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.reset();
  asked.length = 0;
  logLines.length = 0;
});

describe("Zalo webhook", () => {
  it("answers a text message with the right reply", async () => {
    expect(await deliver(textUpdate("xin chào"))).toBe(200);
    expect(fake.sent).toEqual([{ chat_id: "chat-1", text: "Bạn hỏi: xin chào" }]);
    expect(asked).toEqual([{ channel: "zalo", userId: "chat-1", chatId: "chat-1", text: "xin chào", chatType: "private" }]);
    expect(fake.requests.every((r) => r.token === TOKEN)).toBe(true);
  });

  it("rejects a wrong or missing secret with 403 and sends nothing", async () => {
    expect(await deliver(textUpdate("hi"), { secret: "wrong-secret-000" })).toBe(403);
    expect(await deliver(textUpdate("hi"), { secret: null })).toBe(403);
    expect(await deliver(textUpdate("hi"), { secret: SECRET + "x" })).toBe(403);
    expect(fake.requests).toEqual([]);
    expect(asked).toEqual([]);
    expect(logs()).toContain("zalo_webhook_forbidden");
    expect(logs()).not.toContain("wrong-secret-000");
  });

  it("answers 400 to malformed JSON and to an unknown shape", async () => {
    expect(await deliver(null, { raw: '{"ok": true, "result": {' })).toBe(400);
    expect(logs()).toContain("zalo_webhook_bad_body");
    expect(await deliver({ hello: "world" })).toBe(400);
    expect(await deliver({ event_name: "message.text.received", message: { text: "no ids" } })).toBe(400);
    expect(fake.requests).toEqual([]);
  });

  it("answers 413 to a body over 256 KB, which no Zalo update needs", async () => {
    expect(await deliver(textUpdate("x".repeat(300_000)))).toBe(413);
    expect(fake.requests).toEqual([]);
  });

  it("accepts the flat body shape", async () => {
    expect(await deliver(textUpdate("phẳng").result)).toBe(200);
    expect(fake.sent.map((m) => m.text)).toEqual(["Bạn hỏi: phẳng"]);
  });

  it("answers the same message_id once, also after a restart", async () => {
    const update = textUpdate("một lần", { messageId: "dup-1" });
    await deliver(update);
    await deliver(update);
    expect(fake.sent).toHaveLength(1);
    await stop();
    await start(openDb(dbUrl));
    await deliver(update);
    expect(fake.sent).toHaveLength(1);
    expect(asked).toHaveLength(1);
    await deliver(textUpdate("mới"));
    expect(fake.sent).toHaveLength(2);
  });

  it("sends a long reply in ordered parts of at most 2000 characters", async () => {
    await deliver(textUpdate("dài"));
    expect(fake.sent.length).toBeGreaterThan(1);
    for (const m of fake.sent) expect(m.text.length).toBeLessThanOrEqual(2000);
    expect(
      fake.sent
        .map((m) => m.text)
        .join("")
        .replace(/\s+/g, ""),
    ).toBe(LONG_REPLY.replace(/\s+/g, ""));
    expect(
      fake.sent
        .map((m) => m.text)
        .join(" ")
        .replace(/\s+/g, " "),
    ).toBe(LONG_REPLY.replace(/\s+/g, " ").trim());
  });

  it("retries a 429 error_code and a 500 status, delivering exactly once", async () => {
    fake.failNext("sendMessage", { body: { ok: false, error_code: 429, description: "Quota exceeded" } });
    await deliver(textUpdate("quota"));
    expect(fake.sent.map((m) => m.text)).toEqual(["Bạn hỏi: quota"]);
    expect(fake.requests.filter((r) => r.method === "sendMessage")).toHaveLength(2);

    fake.reset();
    fake.failNext("sendMessage", { httpStatus: 500, body: "<html>Internal Server Error</html>" });
    await deliver(textUpdate("lỗi máy chủ"));
    expect(fake.sent.map((m) => m.text)).toEqual(["Bạn hỏi: lỗi máy chủ"]);
    expect(fake.requests.filter((r) => r.method === "sendMessage")).toHaveLength(2);
    expect(logs()).not.toContain(TOKEN);
  });

  it("does not retry a 400 and logs it with the ids but without the token", async () => {
    fake.failNext("sendMessage", { body: { ok: false, error_code: 400, description: "Bad Request" } });
    await deliver(textUpdate("hỏng", { messageId: "m-400", chatId: "c-400" }));
    expect(fake.requests.filter((r) => r.method === "sendMessage")).toHaveLength(1);
    expect(fake.sent).toEqual([]);
    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.event === "reply_failed");
    expect(line).toMatchObject({ chatId: "c-400", messageId: "m-400" });
    expect(logs()).toContain("Bad Request");
    expect(logs()).not.toContain(TOKEN);
    expect(logs()).not.toMatch(/bot\d+:/);
  });

  it("answers an image, a sticker and unsupported content with the text-only notice", async () => {
    for (const [event_name, extra] of [
      ["message.image.received", { photo_url: "https://example.org/a.jpg", caption: "ảnh" }],
      ["message.sticker.received", { sticker: "abc" }],
      ["message.unsupported.received", {}],
      ["message.voice.received", {}],
    ] as const) {
      await deliver({ event_name, message: { message_id: `media-${++seq}`, from: { id: "u-9" }, chat: { id: "u-9" }, ...extra } });
    }
    expect(fake.sent.map((m) => m.text)).toEqual(Array(4).fill(NON_TEXT_REPLY));
    expect(asked).toEqual([]);
  });

  it("ignores messages from bots", async () => {
    expect(await deliver(textUpdate("bot nói", { fromBot: true }))).toBe(200);
    expect(fake.requests).toEqual([]);
    expect(asked).toEqual([]);
  });

  it("keeps ids beyond 2^53 unchanged", async () => {
    const big = "8765432109876543210";
    const raw = `{"event_name":"message.text.received","message":{"message_id":"9007199254740993123","from":{"id":"${big}","is_bot":false},"chat":{"id":"${big}","chat_type":"PRIVATE"},"text":"id lớn"}}`;
    expect(await deliver(null, { raw })).toBe(200);
    expect(fake.sent).toEqual([{ chat_id: big, text: "Bạn hỏi: id lớn" }]);
    expect(asked[0]).toMatchObject({ userId: big, chatId: big });
  });

  it("turns a typed number into the matching choice after a menu", async () => {
    await deliver(textUpdate("menu", { chatId: "c-menu" }));
    expect(fake.sent[0].text).toContain("Bạn có thể gõ số:\n1. Số điện thoại\n2. Số liệu\n3. Tin mới");
    await deliver(textUpdate("2", { chatId: "c-menu" }));
    expect(asked.at(-1)?.text).toBe("kim ngạch xuất khẩu");
    // The choices were for that reply only; another chat's "2" is plain text.
    await deliver(textUpdate("2", { chatId: "c-menu" }));
    await deliver(textUpdate("2", { chatId: "c-other" }));
    expect(asked.slice(-2).map((r) => r.text)).toEqual(["2", "2"]);
  });

  it("passes blank and very long text to the core, which owns the answer to both", async () => {
    await deliver(textUpdate("   "));
    await deliver(textUpdate("a".repeat(5000)));
    expect(asked.map((r) => r.text.length)).toEqual([3, 5000]);
  });
});

describe("splitText", () => {
  it("keeps short text whole and drops nothing", () => {
    expect(splitText("Xin chào")).toEqual(["Xin chào"]);
    expect(splitText("   ")).toEqual([]);
  });

  it("prefers paragraphs, then lines, then sentences, then spaces", () => {
    expect(splitText("aaaa bbbb\n\ncccc dddd", 12)).toEqual(["aaaa bbbb", "cccc dddd"]);
    expect(splitText("aaaa bbbb\ncccc dddd", 12)).toEqual(["aaaa bbbb", "cccc dddd"]);
    expect(splitText("Một hai. Ba bốn năm sáu", 14)).toEqual(["Một hai.", "Ba bốn năm sáu"]);
    expect(splitText("một hai ba bốn", 9)).toEqual(["một hai", "ba bốn"]);
  });

  it("cuts a word only when it is longer than the limit, never inside a surrogate pair", () => {
    expect(splitText("ab " + "x".repeat(25), 10)).toEqual(["ab", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]);
    const emoji = "😀".repeat(6);
    const parts = splitText(emoji, 5);
    expect(parts.join("")).toBe(emoji);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(5), expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it("never exceeds 2000 units on real-sized text", () => {
    const text = "Kim ngạch xuất khẩu tăng 12,5% so với cùng kỳ năm trước. ".repeat(200);
    const parts = splitText(text);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000), expect(p.endsWith(".")).toBe(true);
    expect(parts.join(" ")).toBe(text.trim());
  });
});

describe("render", () => {
  it("numbers the buttons and adds missing contacts", () => {
    const text = renderForZalo({
      intent: "contact",
      text: "Văn phòng Sở: 0275 3822 365",
      contacts: [
        { name: "Văn phòng Sở", phoneNumber: "02753822365" },
        { name: "Phòng Quản lý thương mại", phoneNumber: "02753829142" },
      ],
      buttons: [{ label: "Email", text: "email sở" }],
    });
    expect(text).toBe("Văn phòng Sở: 0275 3822 365\n\nPhòng Quản lý thương mại: 0275 3829 142\n\nBạn có thể gõ số:\n1. Email");
  });

  it("resolves only numbers within the offered choices", () => {
    expect(resolveNumberedChoice("2", MENU.buttons)).toBe("kim ngạch xuất khẩu");
    expect(resolveNumberedChoice(" 1. ", MENU.buttons)).toBe("số điện thoại sở công thương");
    expect(resolveNumberedChoice("4", MENU.buttons)).toBe("4");
    expect(resolveNumberedChoice("2 năm", MENU.buttons)).toBe("2 năm");
    expect(resolveNumberedChoice("2", undefined)).toBe("2");
  });

  it("bounds the choice memory and forgets old entries", () => {
    let now = 0;
    const memory = createChoiceMemory({ max: 2, ttlMs: 1000, now: () => now });
    memory.set("a", MENU.buttons!);
    memory.set("b", MENU.buttons!);
    memory.get("a");
    memory.set("c", MENU.buttons!);
    expect([memory.get("a"), memory.get("b"), memory.size]).toEqual([MENU.buttons, undefined, 2]);
    now = 2000;
    expect(memory.get("c")).toBeUndefined();
  });
});

describe("Zalo client", () => {
  it("gives up after the retries on network errors without leaking the token", async () => {
    const probe = await listen(createApp({ logger, mounts: [], health: () => ({}) }), 0, "127.0.0.1");
    const port = (probe.address() as AddressInfo).port;
    await closeServer(probe);
    const dead = createZaloClient({ apiRoot: `http://127.0.0.1:${port}`, token: TOKEN, logger, baseDelayMs: 1, maxDelayMs: 5, maxRetries: 2 });
    const err = await dead.sendMessage("c-net", "hi").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloApiError);
    expect((err as ZaloApiError).code).toBe(0);
    expect(String(err) + JSON.stringify(err) + ((err as Error).stack ?? "")).not.toContain(TOKEN);
    expect(logLines.filter((l) => l.includes("zalo_retry"))).toHaveLength(2);
    expect(logs()).toContain("c-net");
    expect(logs()).not.toContain(TOKEN);
  });

  it("sets the webhook and reads it back", async () => {
    await client.setWebhook("https://bot.example.org/webhooks/zalo", SECRET);
    expect(await client.getWebhookInfo()).toMatchObject({ url: "https://bot.example.org/webhooks/zalo" });
    expect(await client.getMe()).toMatchObject({ account_name: "bot.test" });
    const err = await client.setWebhook("https://x.example.org", "short").catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "ZaloApiError", code: 400 });
  });
});
