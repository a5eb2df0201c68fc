import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createZaloOaClient } from "../../../src/bot/zalo-oa/client.ts";
import { createOaTokenStore, type OaTokenStoreOptions, ZaloOaTokenError } from "../../../src/bot/zalo-oa/tokens.ts";
import { type FakeZaloOa, startFakeZaloOa } from "../../support/fake-zalo-oa.ts";
import { APP_ID, APP_SECRET, memoryLogger, SETUP_REFRESH_TOKEN, type TempDb, tempDb, watchTokenWrites } from "../../support/zalo-oa.ts";

const HOUR = 3600_000;
const log = memoryLogger();
const everyToken = new Set<string>();
const order: string[] = [];
let t: TempDb;
let fake: FakeZaloOa;
let clock = 0;

const store = (over: Partial<OaTokenStoreOptions> = {}) =>
  createOaTokenStore({
    db: t.db,
    appId: APP_ID,
    secretKey: APP_SECRET,
    oauthRoot: fake.oauthRoot,
    logger: log.logger,
    now: () => clock,
    initialRefreshToken: SETUP_REFRESH_TOKEN,
    baseDelayMs: 5,
    ...over,
  });
const stored = () => t.db.zaloOaToken.findUnique({ where: { appId: APP_ID } });
const startFake = async (accessToken?: string) => {
  fake = await startFakeZaloOa({ appId: APP_ID, secretKey: APP_SECRET, refreshToken: SETUP_REFRESH_TOKEN, accessToken, trace: (e) => order.push(e) });
};
const settle = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p.then(
      () => "resolved",
      () => "rejected",
    ),
    new Promise((r) => setTimeout(() => r("pending"), ms)),
  ]);

beforeAll(async () => {
  t = await tempDb();
});
afterAll(() => t.cleanup());
beforeEach(async () => {
  await t.db.zaloOaToken.deleteMany();
  clock = Date.UTC(2025, 0, 1);
  order.length = 0;
  await startFake();
});
afterEach(async () => {
  for (const token of fake.allTokens) everyToken.add(token);
  await fake.close();
});

describe("Zalo OA token store", () => {
  it("refreshes with the setup token on first use and stores the new refresh token", async () => {
    const s = store();
    const token = await s.accessToken();
    expect(fake.count("token")).toBe(1);
    const [req] = fake.requests;
    expect(req.body).toEqual({ refresh_token: SETUP_REFRESH_TOKEN, app_id: APP_ID, grant_type: "refresh_token" });
    expect(req.headers.secret_key).toBe(APP_SECRET);
    expect(req.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    // expires_in arrives as the string "90000" (25 h) and is trusted.
    expect(await stored()).toMatchObject({ refreshToken: fake.currentRefreshToken(), accessToken: token, accessExpiresAt: new Date(clock + 25 * HOUR) });
    expect(await s.accessToken()).toBe(token);
    expect(fake.count("token")).toBe(1);
  });

  it("refreshes 5 minutes before expiry and stores the new refresh token before the new access token is used", async () => {
    const db = watchTokenWrites(t.db, { after: (column, value) => void order.push(`write:${column}:${value}`) });
    const tokens = store({ db });
    const client = createZaloOaClient({ tokens, logger: log.logger, apiRoot: fake.apiRoot });
    await client.sendMessage("u1", "một");
    clock += 25 * HOUR - 6 * 60_000;
    await client.sendMessage("u1", "hai");
    expect(fake.count("token")).toBe(1);
    order.length = 0;
    clock += 2 * 60_000;
    await client.sendMessage("u1", "ba");
    expect(fake.count("token")).toBe(2);
    const newRefresh = fake.currentRefreshToken();
    const newAccess = fake.requests.at(-1)!.token;
    const refreshed = order.findIndex((e) => e.startsWith("token:"));
    const refreshStored = order.indexOf(`write:refreshToken:${newRefresh}`);
    const accessStored = order.indexOf(`write:accessToken:${newAccess}`);
    const used = order.indexOf(`message:${newAccess}`);
    expect(refreshed).toBeGreaterThanOrEqual(0);
    expect(refreshStored).toBeGreaterThan(refreshed);
    expect(accessStored).toBeGreaterThan(refreshStored);
    expect(used).toBeGreaterThan(refreshStored);
    expect(fake.sent.map((m) => m.text)).toEqual(["một", "hai", "ba"]);
  });

  it("loses nothing when the process dies right after storing the new refresh token", async () => {
    let died = false;
    const dying = watchTokenWrites(t.db, {
      after: (column, value) => (column === "refreshToken" && value !== SETUP_REFRESH_TOKEN ? ((died = true), "crash") : undefined),
    });
    const first = store({ db: dying }).accessToken();
    expect(await settle(first, 300)).toBe("pending");
    expect(died).toBe(true);
    // The setup token is spent; the only valid refresh token is the one that reached the database.
    const survivor = fake.currentRefreshToken();
    expect(await stored()).toMatchObject({ refreshToken: survivor, accessToken: null });
    expect(fake.count("message")).toBe(0);

    const restarted = store();
    const client = createZaloOaClient({ tokens: restarted, logger: log.logger, apiRoot: fake.apiRoot });
    await client.sendMessage("u1", "sau khi khởi động lại");
    expect(fake.requests.filter((r) => r.kind === "token").map((r) => r.token)).toEqual([SETUP_REFRESH_TOKEN, survivor]);
    expect(fake.sent).toHaveLength(1);
  });

  it("refuses a refresh token used twice (the fake behaves like Zalo)", async () => {
    await store().accessToken();
    await t.db.zaloOaToken.deleteMany();
    await expect(store().accessToken()).rejects.toMatchObject({ name: "ZaloOaTokenError", code: -14014 });
  });

  it("lets concurrent callers share one refresh", async () => {
    const s = store();
    const first = await Promise.all(Array.from({ length: 10 }, () => s.accessToken()));
    expect(new Set(first).size).toBe(1);
    expect(fake.count("token")).toBe(1);
    clock += 25 * HOUR;
    const second = await Promise.all(Array.from({ length: 10 }, () => s.accessToken()));
    expect(new Set(second).size).toBe(1);
    expect(second[0]).not.toBe(first[0]);
    expect(fake.count("token")).toBe(2);
  });

  it("refreshes once when many callers report the same refused token, and not again afterwards", async () => {
    const s = store();
    const refused = await s.accessToken();
    const renewed = await Promise.all(Array.from({ length: 5 }, () => s.forceRefresh(refused)));
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(refused);
    expect(await s.forceRefresh(refused)).toBe(renewed[0]);
    expect(fake.count("token")).toBe(2);
  });

  it("prefers the stored refresh token, unless the configuration holds a new one", async () => {
    await store().accessToken();
    const kept = fake.currentRefreshToken();
    clock += 26 * HOUR;
    await store().accessToken();
    expect(fake.requests.at(-1)!.token).toBe(kept);

    const reauthorised = "RT-reauthorised-fedcba9876543210";
    fake.addRefreshToken(reauthorised);
    await store({ initialRefreshToken: reauthorised }).accessToken();
    expect(fake.requests.at(-1)!.token).toBe(reauthorised);
    expect((await stored())?.refreshToken).toBe(fake.currentRefreshToken());
  });

  it("uses a configured access token until the API refuses it", async () => {
    await fake.close();
    await startFake("AT-setup-00112233445566778899");
    const s = store({ initialAccessToken: "AT-setup-00112233445566778899" });
    expect(await s.accessToken()).toBe("AT-setup-00112233445566778899");
    expect(fake.count("token")).toBe(0);
    const renewed = await s.forceRefresh("AT-setup-00112233445566778899");
    expect(renewed).not.toBe("AT-setup-00112233445566778899");
    expect(fake.count("token")).toBe(1);
  });

  it("reports a refused refresh token without retrying", async () => {
    fake.failNext("token", { body: { error: -14014, error_name: "Invalid refresh token", error_description: "refresh token is invalid or has been used" } });
    const err = await store()
      .accessToken()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloOaTokenError);
    expect(err).toMatchObject({ code: -14014 });
    expect(fake.count("token")).toBe(1);
    expect(log.text()).toContain("zalo_oa_token_refresh_failed");
  });

  it("retries a refresh that failed with a 5xx", async () => {
    fake.failNext("token", { httpStatus: 502, body: "<html>Bad Gateway</html>" });
    await store().accessToken();
    expect(fake.count("token")).toBe(2);
  });

  it("hands out no new access token until the new refresh token is stored", async () => {
    let failing = true;
    const db = watchTokenWrites(t.db, {
      before: (column, value) => {
        // Like Prisma, the error quotes the value it could not write: it must not reach the logs.
        if (failing && column === "refreshToken" && value !== SETUP_REFRESH_TOKEN) throw new Error(`SQLITE_BUSY: database is locked (value: ${value})`);
      },
    });
    const s = store({ db });
    await expect(s.accessToken()).rejects.toBeInstanceOf(ZaloOaTokenError);
    expect((await stored())?.refreshToken).toBe(SETUP_REFRESH_TOKEN);
    await expect(s.accessToken()).rejects.toBeInstanceOf(ZaloOaTokenError);
    failing = false;
    const token = await s.accessToken();
    expect((await stored())?.refreshToken).toBe(fake.currentRefreshToken());
    expect(fake.count("token")).toBe(1);
    expect(token).toBeTruthy();
    expect(log.text()).toContain("zalo_oa_refresh_token_unsaved");
  });

  it("never writes a token or a secret to the logs", () => {
    expect(log.text()).toContain("zalo_oa_token_refreshed");
    expect(everyToken.size).toBeGreaterThan(10);
    for (const token of everyToken) expect(log.text()).not.toContain(token);
    expect(log.text()).not.toContain(APP_SECRET);
  });
});
