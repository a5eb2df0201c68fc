import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createZaloOaClient, ZaloOaApiError, type ZaloOaClient } from "../../../src/bot/zalo-oa/client.ts";
import { createOaTokenStore } from "../../../src/bot/zalo-oa/tokens.ts";
import { type FakeZaloOa, startFakeZaloOa } from "../../support/fake-zalo-oa.ts";
import { APP_ID, APP_SECRET, memoryLogger, SETUP_REFRESH_TOKEN, type TempDb, tempDb } from "../../support/zalo-oa.ts";

const USER = "8123456789012345678";
const LONG = Array.from({ length: 70 }, (_, i) => `Câu số ${i + 1} nói về kim ngạch xuất khẩu của tỉnh trong quý vừa qua.`).join(" ") + "\n\n" + "Đoạn cuối. ".repeat(150);
const log = memoryLogger();
const everyToken = new Set<string>();
let t: TempDb;
let fake: FakeZaloOa;
let client: ZaloOaClient;
let clock = 0;

const kinds = () => fake.requests.map((r) => r.kind);

beforeAll(async () => {
  t = await tempDb();
});
afterAll(() => t.cleanup());
beforeEach(async () => {
  await t.db.zaloOaToken.deleteMany();
  clock = Date.UTC(2025, 0, 1);
  fake = await startFakeZaloOa({ appId: APP_ID, secretKey: APP_SECRET, refreshToken: SETUP_REFRESH_TOKEN });
  const tokens = createOaTokenStore({
    db: t.db,
    appId: APP_ID,
    secretKey: APP_SECRET,
    oauthRoot: fake.oauthRoot,
    logger: log.logger,
    now: () => clock,
    initialRefreshToken: SETUP_REFRESH_TOKEN,
  });
  client = createZaloOaClient({ tokens, logger: log.logger, apiRoot: fake.apiRoot, baseDelayMs: 5, maxDelayMs: 20, maxRetries: 3 });
  // Every test starts with a valid access token, so only what the test does shows up in `requests`.
  await client.sendMessage(USER, "khởi động");
  fake.reset();
});
afterEach(async () => {
  for (const token of fake.allTokens) everyToken.add(token);
  await fake.close();
});

describe("Zalo OA client", () => {
  it("sends a customer-service text with the access token header and the documented body", async () => {
    const data = await client.sendMessage(USER, "Xin chào");
    expect(data).toMatchObject({ message_id: expect.any(String) });
    const [req] = fake.requests;
    expect(req.headers.access_token).toBeTruthy();
    expect(req.headers["content-type"]).toContain("application/json");
    expect(req.body).toEqual({ recipient: { user_id: USER }, message: { text: "Xin chào" } });
  });

  it("answers an expired-token error with one refresh and a successful retry", async () => {
    fake.expireAccessTokens();
    await client.sendMessage(USER, "sau khi hết hạn");
    expect(kinds()).toEqual(["message", "token", "message"]);
    expect(fake.requests[2].token).not.toBe(fake.requests[0].token);
    expect(fake.sent).toEqual([{ user_id: USER, text: "sau khi hết hạn" }]);
  });

  it("does not loop when the new token is refused too", async () => {
    fake.failNext("message", { body: { error: -216, message: "Access token is invalid" } }, 5);
    const err = await client.sendMessage(USER, "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloOaApiError);
    expect(err).toMatchObject({ code: -216 });
    expect(kinds()).toEqual(["message", "token", "message"]);
  });

  it("lets concurrent sends refused for an expired token share one refresh", async () => {
    fake.expireAccessTokens();
    const users = Array.from({ length: 6 }, (_, i) => `70000000000000000${i}`);
    await Promise.all(users.map((u) => client.sendMessage(u, `tin cho ${u}`)));
    expect(fake.count("token")).toBe(1);
    expect(fake.sent.map((m) => m.user_id).sort()).toEqual(users);
  });

  it("lets concurrent sends at the local expiry share one refresh, without a refused call", async () => {
    clock += 25 * 3600_000;
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.sendMessage(USER, `tin ${i}`)));
    expect(fake.count("token")).toBe(1);
    expect(fake.count("message")).toBe(6);
    expect(fake.sent).toHaveLength(6);
  });

  it("retries transient errors (5xx, non-JSON) and then succeeds", async () => {
    fake.failNext("message", { httpStatus: 503, body: "<html>Service Unavailable</html>" }, 2);
    await client.sendMessage(USER, "thử lại");
    expect(kinds()).toEqual(["message", "message", "message"]);
    expect(fake.sent).toHaveLength(1);
  });

  it("gives up after the retry limit", async () => {
    fake.failNext("message", { httpStatus: 502, body: "<html>Bad Gateway</html>" }, 10);
    await expect(client.sendMessage(USER, "x")).rejects.toMatchObject({ name: "ZaloOaApiError", code: 502 });
    expect(fake.count("message")).toBe(4);
  });

  it("does not retry a permanent error", async () => {
    fake.failNext("message", { body: { error: -230, message: "User has not interacted with the OA in the last 7 days" } });
    await expect(client.sendMessage(USER, "x")).rejects.toMatchObject({ code: -230, description: expect.stringContaining("7 days") });
    expect(kinds()).toEqual(["message"]);
  });

  it("splits a long text into messages of at most 2000 characters, in order", async () => {
    await client.sendText(USER, LONG);
    expect(fake.sent.length).toBeGreaterThan(2);
    for (const m of fake.sent) {
      expect(m.user_id).toBe(USER);
      expect(m.text.length).toBeLessThanOrEqual(2000);
    }
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    expect(words(fake.sent.map((m) => m.text).join(" "))).toEqual(words(LONG));
  });

  it("never writes a token or a secret to the logs", () => {
    expect(log.text()).toContain("zalo_oa_retry");
    expect(everyToken.size).toBeGreaterThan(5);
    for (const token of everyToken) expect(log.text()).not.toContain(token);
    expect(log.text()).not.toContain(APP_SECRET);
  });
});
