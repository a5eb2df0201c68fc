// A correctly signed OA event is still refused when its timestamp is far from now (a replay), and
// one whose user id arrived as a rounded JSON number is refused as an unknown shape.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isFreshTimestamp } from "../../../src/bot/zalo-oa/signature.ts";
import { createZaloOaWebhook, type ZaloOaWebhook } from "../../../src/bot/zalo-oa/webhook.ts";
import type { BotReply, BotRequest } from "../../../src/handlers/types.ts";
import { testInbox } from "../../support/inbox.ts";
import { closeServer, createApp, listen } from "../../../src/server.ts";
import { APP_ID, memoryLogger, OA_SECRET, sign, type TempDb, tempDb } from "../../support/zalo-oa.ts";

const NOW = Date.UTC(2026, 10, 28, 3, 0, 0);
const MINUTE = 60_000;
const log = memoryLogger();
const asked: BotRequest[] = [];
const sent: { userId: string; text: string }[] = [];

let t: TempDb;
let webhook: ZaloOaWebhook;
let server: Server;
let base: string;
let seq = 0;

beforeAll(async () => {
  t = await tempDb();
  webhook = createZaloOaWebhook({
    inbox: testInbox(t.db, async (request: BotRequest): Promise<BotReply> => (asked.push(request), { intent: "echo", text: `Bạn hỏi: ${request.text}` })),
    client: { sendText: async (userId, text) => void sent.push({ userId, text }) },
    appId: APP_ID,
    secretKey: OA_SECRET,
    logger: log.logger,
    now: () => NOW,
  });
  server = await listen(createApp({ logger: log.logger, mounts: [{ path: "/webhooks/zalo-oa", router: webhook }], health: () => ({}) }), 0, "127.0.0.1");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo-oa`;
});
afterAll(async () => {
  await webhook.drain();
  await closeServer(server);
  await t.cleanup();
});
beforeEach(() => {
  asked.length = 0;
  sent.length = 0;
  log.lines.length = 0;
});

/** Posts `raw`, correctly signed over its own timestamp. */
async function deliver(raw: string, timestamp: string): Promise<number> {
  const res = await fetch(base, { method: "POST", headers: { "content-type": "application/json", "X-ZEvent-Signature": sign(raw, timestamp) }, body: raw });
  await res.arrayBuffer();
  await webhook.drain();
  return res.status;
}
const textEvent = (timestamp: string, sender = '"8123456789012345678"') =>
  `{"app_id":"${APP_ID}","event_name":"user_send_text","sender":{"id":${sender}},"recipient":{"id":"388613280878808645"},"message":{"msg_id":"m-${++seq}","text":"xin chào"},"timestamp":"${timestamp}"}`;

describe("Zalo OA event timestamps", () => {
  it.each([
    ["2020", String(Date.UTC(2020, 0, 1))],
    ["11 minutes old", String(NOW - 11 * MINUTE)],
    ["11 minutes ahead", String(NOW + 11 * MINUTE)],
    ["in seconds, not milliseconds", String(Math.floor(NOW / 1000))],
  ])("refuses a correctly signed event stamped %s with 403", async (_label, timestamp) => {
    expect(await deliver(textEvent(timestamp), timestamp)).toBe(403);
    expect(asked).toEqual([]);
    expect(sent).toEqual([]);
    const line = JSON.parse(log.lines.find((l) => l.includes("zalo_oa_webhook_forbidden"))!);
    expect(line.reason).toBe("stale timestamp");
  });

  it.each([
    ["now", NOW],
    ["9 minutes old", NOW - 9 * MINUTE],
    ["9 minutes ahead", NOW + 9 * MINUTE],
  ])("answers an event stamped %s", async (_label, at) => {
    expect(await deliver(textEvent(String(at)), String(at))).toBe(200);
    expect(sent).toEqual([{ userId: "8123456789012345678", text: "Bạn hỏi: xin chào" }]);
  });

  it("reads only digits, within ten minutes either side", () => {
    expect(isFreshTimestamp(String(NOW + 10 * MINUTE), NOW)).toBe(true);
    expect(isFreshTimestamp(String(NOW - 10 * MINUTE - 1), NOW)).toBe(false);
    for (const bad of ["", "abc", "1.7e12", "-1", " 1764298800000"]) expect(isFreshTimestamp(bad, NOW), bad).toBe(false);
  });
});

describe("Zalo OA user ids", () => {
  it("refuses a user id sent as a number too large to be exact (400), and logs it", async () => {
    // JSON.parse reads 12345678901234567891 as 12345678901234567000: replying would reach another user.
    expect(await deliver(textEvent(String(NOW), "12345678901234567891"), String(NOW))).toBe(400);
    expect(log.lines.some((l) => l.includes("zalo_oa_webhook_bad_body"))).toBe(true);
    expect(asked).toEqual([]);
    expect(sent).toEqual([]);
  });

  it("accepts a user id sent as an exact number", async () => {
    expect(await deliver(textEvent(String(NOW), "8123456789012"), String(NOW))).toBe(200);
    expect(sent).toEqual([{ userId: "8123456789012", text: "Bạn hỏi: xin chào" }]);
  });
});
