import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createZaloOaClient } from "../../../src/bot/zalo-oa/client.ts";
import { createOaTokenStore } from "../../../src/bot/zalo-oa/tokens.ts";
import { createZaloOaWebhook, type ZaloOaWebhook } from "../../../src/bot/zalo-oa/webhook.ts";
import { testInbox } from "../../support/inbox.ts";
import { NON_TEXT_REPLY } from "../../../src/handlers/help.ts";
import type { BotReply, BotRequest } from "../../../src/handlers/types.ts";
import { closeServer, createApp, listen } from "../../../src/server.ts";
import { type FakeZaloOa, startFakeZaloOa } from "../../support/fake-zalo-oa.ts";
import { APP_ID, APP_SECRET, memoryLogger, OA_SECRET, SETUP_REFRESH_TOKEN, sign, type TempDb, tempDb } from "../../support/zalo-oa.ts";

const USER = "8123456789012345678";
const OA = "388613280878808645";
const INTRO = "Xin chào! Tôi là trợ lý của Sở Công Thương.";
const LONG = Array.from({ length: 60 }, (_, i) => `Câu số ${i + 1} nói về kim ngạch xuất khẩu của tỉnh.`).join(" ") + "\n\n" + "Đoạn cuối. ".repeat(150);
const MENU: BotReply = {
  intent: "menu",
  text: "Bạn cần gì?",
  buttons: [
    { label: "Số điện thoại", text: "số điện thoại sở công thương" },
    { label: "Tin mới", text: "tin tức mới nhất" },
  ],
};

const log = memoryLogger();
const asked: BotRequest[] = [];
async function answer(request: BotRequest): Promise<BotReply> {
  asked.push(request);
  if (request.text === "/start") return { intent: "start", text: INTRO };
  if (request.text === "dài") return { intent: "long", text: LONG };
  if (request.text === "menu") return MENU;
  if (request.text === "hỏng") throw new Error("core exploded");
  return { intent: "echo", text: `Bạn hỏi: ${request.text}` };
}

let t: TempDb;
let fake: FakeZaloOa;
let webhook: ZaloOaWebhook;
let server: Server;
let base: string;
let seq = 0;
let clock = Date.now();

const event = (name: string, over: Record<string, unknown> = {}) => ({
  app_id: APP_ID,
  user_id_by_app: "552177279717587730",
  event_name: name,
  timestamp: String(++clock),
  sender: { id: USER },
  recipient: { id: OA },
  ...over,
});
const text = (s: string, msgId = `msg-${++seq}`, userId = USER) => event("user_send_text", { sender: { id: userId }, message: { msg_id: msgId, text: s } });

/** Posts a delivery (signed over exactly the bytes sent, unless told otherwise) and waits for the work it started. */
async function deliver(body: unknown, opts: { raw?: string; signature?: string | null; signedRaw?: string } = {}): Promise<number> {
  const raw = opts.raw ?? JSON.stringify(body);
  let ts = "";
  try {
    ts = String((JSON.parse(opts.signedRaw ?? raw) as { timestamp?: unknown }).timestamp ?? "");
  } catch {
    // Not JSON: only sent with an explicit signature.
  }
  const headers: Record<string, string> = { "content-type": "application/json" };
  const signature = opts.signature === undefined ? sign(opts.signedRaw ?? raw, ts) : opts.signature;
  if (signature !== null) headers["X-ZEvent-Signature"] = signature;
  const res = await fetch(base, { method: "POST", headers, body: raw });
  await res.arrayBuffer();
  await webhook.drain();
  return res.status;
}

beforeAll(async () => {
  t = await tempDb();
  fake = await startFakeZaloOa({ appId: APP_ID, secretKey: APP_SECRET, refreshToken: SETUP_REFRESH_TOKEN });
  const tokens = createOaTokenStore({ db: t.db, appId: APP_ID, secretKey: APP_SECRET, oauthRoot: fake.oauthRoot, logger: log.logger, initialRefreshToken: SETUP_REFRESH_TOKEN });
  const client = createZaloOaClient({ tokens, logger: log.logger, apiRoot: fake.apiRoot, baseDelayMs: 5, maxDelayMs: 20 });
  webhook = createZaloOaWebhook({ inbox: testInbox(t.db, answer, { logger: log.logger }), client, appId: APP_ID, secretKey: OA_SECRET, logger: log.logger });
  const app = createApp({ logger: log.logger, mounts: [{ path: "/webhooks/zalo-oa", router: webhook }], health: () => ({}) });
  server = await listen(app, 0, "127.0.0.1");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo-oa`;
});
afterAll(async () => {
  await webhook.drain();
  await closeServer(server);
  await fake.close();
  await t.cleanup();
});
beforeEach(() => {
  fake.reset();
  asked.length = 0;
});

describe("Zalo OA webhook", () => {
  it("answers a signed text message, replying to the sender", async () => {
    expect(await deliver(text("xin chào"))).toBe(200);
    expect(fake.sent).toEqual([{ user_id: USER, text: "Bạn hỏi: xin chào" }]);
    expect(asked).toEqual([{ channel: "zalo-oa", userId: USER, chatId: USER, text: "xin chào", chatType: "private" }]);
  });

  it("checks the signature over the raw bytes, not over re-serialised JSON", async () => {
    const raw = `{ "event_name" : "user_send_text", "app_id": "${APP_ID}", "sender": {"id": "${USER}"}, "recipient": {"id": "${OA}"},\n  "message": {"msg_id": "raw-1", "text": "gi\\u00e1 \\u0111i\\u1ec7n"}, "timestamp": "${++clock}" }`;
    expect(JSON.stringify(JSON.parse(raw))).not.toBe(raw);
    expect(await deliver(undefined, { raw })).toBe(200);
    expect(fake.sent).toEqual([{ user_id: USER, text: "Bạn hỏi: giá điện" }]);
  });

  it.each([
    ["without a signature", null],
    ["with an empty signature", ""],
    ["with a wrong signature", `mac=${"ab".repeat(32)}`],
    ["signed with another key", "other"],
  ])("refuses a request %s with 403 and does nothing", async (_label, signature) => {
    const body = text("xin chào");
    const sig = signature === "other" ? sign(JSON.stringify(body), body.timestamp, { secret: "not-the-oa-secret-key" }) : signature;
    expect(await deliver(body, { signature: sig })).toBe(403);
    expect(asked).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it("refuses a body altered after signing", async () => {
    const body = text("số điện thoại sở");
    const signedRaw = JSON.stringify(body);
    const raw = signedRaw.replace("số điện thoại sở", "chuyển tiền ngay");
    expect(await deliver(undefined, { raw, signedRaw })).toBe(403);
    expect(asked).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it("refuses an unsigned non-JSON body with 403, and a signed body of unknown shape with 400", async () => {
    expect(await deliver(undefined, { raw: "not json", signature: "mac=00" })).toBe(403);
    expect(await deliver({ app_id: APP_ID, timestamp: String(++clock) })).toBe(400);
    expect(await deliver(event("user_send_text", { sender: undefined, message: { msg_id: "x", text: "hi" } }))).toBe(400);
    expect(asked).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it("refuses a malformed signature before reading the body, and a body over 256 KB", async () => {
    const big = JSON.stringify(text("x".repeat(300_000)));
    expect(await deliver(undefined, { raw: big, signature: "mac=not-hex" })).toBe(403);
    expect(await deliver(undefined, { raw: big, signature: "" })).toBe(403);
    expect(await deliver(undefined, { raw: big })).toBe(413);
  });

  it("ignores echoes of the OA's own messages", async () => {
    const echo = event("oa_send_text", { sender: { id: OA }, recipient: { id: USER }, message: { msg_id: "echo-1", text: "Bạn hỏi: xin chào" } });
    expect(await deliver(echo)).toBe(200);
    expect(await deliver(event("user_seen_message", { message: { msg_ids: ["echo-1"] } }))).toBe(200);
    expect(asked).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it("answers the same msg_id only once", async () => {
    const body = text("xin chào", "dup-1");
    expect(await deliver(body)).toBe(200);
    expect(await deliver({ ...body, timestamp: String(++clock) })).toBe(200);
    expect(fake.sent).toHaveLength(1);
    expect(asked).toHaveLength(1);
  });

  it("splits a long reply into messages of at most 2000 characters", async () => {
    await deliver(text("dài"));
    expect(fake.sent.length).toBeGreaterThan(1);
    for (const m of fake.sent) {
      expect(m.user_id).toBe(USER);
      expect(m.text.length).toBeLessThanOrEqual(2000);
    }
  });

  it("introduces the bot to a new follower", async () => {
    const follower = "7000000000000000001";
    expect(await deliver(event("follow", { sender: undefined, follower: { id: follower }, source: "oa_profile" }))).toBe(200);
    expect(asked).toEqual([{ channel: "zalo-oa", userId: follower, chatId: follower, text: "/start", chatType: "private" }]);
    expect(fake.sent).toEqual([{ user_id: follower, text: INTRO }]);
  });

  it("answers images, stickers and other non-text messages politely", async () => {
    await deliver(event("user_send_image", { message: { msg_id: `img-${++seq}`, attachments: [{ type: "image", payload: { url: "https://example.org/a.jpg" } }] } }));
    await deliver(event("user_send_sticker", { message: { msg_id: `stk-${++seq}`, attachments: [{ type: "sticker" }] } }));
    expect(fake.sent).toEqual([
      { user_id: USER, text: NON_TEXT_REPLY },
      { user_id: USER, text: NON_TEXT_REPLY },
    ]);
    expect(asked).toEqual([]);
  });

  it("numbers the choices and reads a typed number as that choice", async () => {
    await deliver(text("menu"));
    expect(fake.sent[0].text).toContain("1. Số điện thoại");
    await deliver(text("2"));
    expect(asked.at(-1)!.text).toBe("tin tức mới nhất");
  });

  it("sends an apology when the core fails", async () => {
    await deliver(text("hỏng"));
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0].text).toMatch(/^Xin lỗi, hệ thống đang gặp sự cố/);
  });

  it("never writes a token or a secret to the logs", () => {
    expect(log.text()).toContain("zalo_oa_webhook_forbidden");
    for (const token of fake.allTokens) expect(log.text()).not.toContain(token);
    expect(log.text()).not.toContain(OA_SECRET);
    expect(log.text()).not.toContain(APP_SECRET);
  });
});
