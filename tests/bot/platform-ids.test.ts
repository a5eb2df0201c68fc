// Chat ids must reach the reply exactly as the platform meant them: a JSON number beyond 2^53 has
// already been rounded by JSON.parse, so an update carrying one is refused, never answered.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { platformId } from "../../src/bot/platform-ids.ts";
import { parseOaEvent } from "../../src/bot/zalo-oa/events.ts";
import { createZaloWebhook, type ZaloWebhook } from "../../src/bot/zalo/webhook.ts";
import { parseUpdate } from "../../src/bot/zalo/updates.ts";
import { testInbox } from "../support/inbox.ts";
import { closeServer, createApp, listen } from "../../src/server.ts";
import { createTempDb, type TempDb } from "../support/temp-db.ts";

const BIG = "12345678901234567891";
const SECRET = "webhook-secret-123";

describe("platform ids", () => {
  it("are non-empty strings or safe integers; absent is undefined; anything else is refused", () => {
    expect(platformId("abc")).toBe("abc");
    expect(platformId(BIG)).toBe(BIG);
    expect(platformId(9007199254740991)).toBe("9007199254740991");
    expect(platformId(undefined)).toBeUndefined();
    expect(platformId(null)).toBeUndefined();
    for (const bad of [JSON.parse(BIG), 9007199254740992, 1.5, Number.NaN, "", true, {}, []]) expect(() => platformId(bad), String(bad)).toThrow(/unusable platform id/);
  });

  it("JSON.parse really rounds the big number", () => {
    expect(String(JSON.parse(`{"id":${BIG}}`).id)).not.toBe(BIG);
  });

  it("make both Zalo parsers refuse a rounded id, and keep an exact one", () => {
    const zalo = (chat: string) => JSON.parse(`{"event_name":"message.text.received","message":{"message_id":"m1","chat":{"id":${chat}},"from":{"id":${chat}},"text":"hi"}}`);
    expect(parseUpdate(zalo(BIG))).toBeUndefined();
    expect(parseUpdate(zalo("1234567890"))?.message).toMatchObject({ chatId: "1234567890", userId: "1234567890" });
    const oa = (sender: string, msg = '"m1"') => JSON.parse(`{"event_name":"user_send_text","sender":{"id":${sender}},"message":{"msg_id":${msg},"text":"hi"},"timestamp":"1"}`);
    expect(parseOaEvent(oa(BIG), "1")).toBeUndefined();
    expect(parseOaEvent(oa('"81234"', BIG), "1")).toBeUndefined();
    expect(parseOaEvent(oa("81234"), "1")).toMatchObject({ userId: "81234", messageId: "m1" });
    // A present but unusable sender id is not silently replaced by the chat id.
    const fromBig = JSON.parse(`{"event_name":"message.text.received","message":{"message_id":"m1","chat":{"id":"c1"},"from":{"id":${BIG}},"text":"hi"}}`);
    expect(parseUpdate(fromBig)).toBeUndefined();
  });
});

describe("Zalo webhook with a raw body", () => {
  const lines: string[] = [];
  const logger = pino({ level: "debug", base: undefined }, { write: (line: string) => void lines.push(line) });
  const sent: { chatId: string; text: string }[] = [];
  let temp: TempDb;
  let webhook: ZaloWebhook;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    temp = await createTempDb({ seed: false });
    webhook = createZaloWebhook({
      inbox: testInbox(temp.db, async (r) => ({ intent: "echo", text: `Bạn hỏi: ${r.text}` })),
      client: { sendText: async (chatId, text) => void sent.push({ chatId, text }) },
      secret: SECRET,
      logger,
    });
    server = await listen(createApp({ logger, mounts: [{ path: "/webhooks/zalo", router: webhook }], health: () => ({}) }), 0, "127.0.0.1");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
  });
  afterAll(async () => {
    await webhook.drain();
    await closeServer(server);
    await temp.cleanup();
  });
  beforeEach(() => {
    sent.length = 0;
    lines.length = 0;
  });

  const post = async (chatId: string, messageId: string) => {
    const raw = `{"ok":true,"result":{"event_name":"message.text.received","message":{"message_id":"${messageId}","chat":{"id":${chatId},"chat_type":"PRIVATE"},"from":{"id":${chatId},"is_bot":false},"text":"xin chào"}}}`;
    const res = await fetch(base, { method: "POST", headers: { "content-type": "application/json", "x-bot-api-secret-token": SECRET }, body: raw });
    await res.arrayBuffer();
    await webhook.drain();
    return res.status;
  };

  it("refuses a chat id sent as a number too large to be exact with 400, logged, and answers nobody", async () => {
    expect(await post(BIG, "big-1")).toBe(400);
    expect(lines.some((l) => l.includes("zalo_webhook_bad_body"))).toBe(true);
    expect(sent).toEqual([]);
  });

  it("answers a chat id sent as an exact number, to that chat", async () => {
    expect(await post("1234567890", "small-1")).toBe(200);
    expect(sent).toEqual([{ chatId: "1234567890", text: "Bạn hỏi: xin chào" }]);
  });
});
