import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore } from "../../../src/app/core.ts";
import { createTelegramBot } from "../../../src/bot/telegram/bot.ts";
import { createTelegramWebhook, runTelegram } from "../../../src/bot/telegram/run.ts";
import { closeServer, createApp, listen } from "../../../src/server.ts";
import { FakeApiError, startFakeTelegram, type FakeTelegram } from "../../support/fake-telegram.ts";
import { testInbox } from "../../support/inbox.ts";
import { createTempDb, silentLogger, type TempDb } from "../../support/temp-db.ts";

// Telegram through the webhook, when Telegram itself misbehaves, and in groups.
const TOKEN = "1003:reliability-test-token";
const SECRET = "reliability-secret";
const STAFF = 7001;
let fake: FakeTelegram;
let temp: TempDb;
let server: Server;
let url: string;

beforeAll(async () => {
  fake = await startFakeTelegram();
  temp = await createTempDb();
  const core = await createCore(temp.db, { staffIds: new Set([`telegram:${STAFF}`]) });
  const adapter = createTelegramBot({ token: TOKEN, apiRoot: fake.apiRoot, inbox: testInbox(temp.db, core.answer, { retryBaseMs: 50 }), logger: silentLogger, quickRetries: 0 });
  const app = createApp({ logger: silentLogger, mounts: [{ path: "/webhooks/telegram", router: createTelegramWebhook(adapter, SECRET, silentLogger) }], health: () => ({}) });
  server = await listen(app, 0, "127.0.0.1");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/telegram`;
  await runTelegram(adapter.bot, { webhookUrl: url, secretToken: SECRET, logger: silentLogger });
});
afterAll(async () => {
  await closeServer(server);
  await fake?.stop();
  await temp?.cleanup();
});

const post = (body: string, secret?: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(secret && { "x-telegram-bot-api-secret-token": secret }) }, body });

describe("Telegram webhook under failure", () => {
  it("acknowledges with 200 while Telegram refuses the reply, and delivers the reply once Telegram recovers", async () => {
    let refusals = 0;
    fake.handle("sendMessage", () => {
      refusals++;
      throw new FakeApiError(502, "Bad Gateway");
    });
    const user = fake.user(TOKEN, { userId: 9101 });
    await user.say("email sở công thương");
    expect(fake.webhookDeliveries(TOKEN).at(-1)?.status).toBe(200);
    await expect.poll(() => refusals, { timeout: 5_000 }).toBeGreaterThan(1);
    fake.handle("sendMessage", null);
    const [reply] = await user.nextReplies(1, 5_000);
    expect(reply.text).toContain("sct@bentre.gov.vn");
    await new Promise((r) => setTimeout(r, 300));
    expect(await user.drain()).toEqual([]);
  });

  it("refuses a request without the secret before reading its body, and a body too large for an update", async () => {
    const big = JSON.stringify({ update_id: 1, message: { text: "x".repeat(300_000) } });
    expect((await post(big)).status).toBe(401);
    expect((await post(big, "wrong")).status).toBe(401);
    expect((await post(big, SECRET)).status).toBe(413);
    expect((await post("{not json", SECRET)).status).toBe(400);
    expect((await post(JSON.stringify({ hello: "world" }), SECRET)).status).toBe(400);
  });
});

describe("Telegram groups", () => {
  const GROUP = -100555;
  it("lets only the group's admins subscribe the group", async () => {
    fake.handle("getChatMember", (params) => ({
      status: Number(params.user_id) === 9202 ? "administrator" : "member",
      user: { id: params.user_id, is_bot: false, first_name: "A" },
    }));
    const member = fake.user(TOKEN, { userId: 9201, chatId: GROUP, chatType: "group" });
    await member.say("/dangky");
    expect((await member.waitForReply()).text).toMatch(/chỉ quản trị viên/);
    expect(await temp.db.subscriber.count({ where: { chatId: String(GROUP) } })).toBe(0);
    const admin = fake.user(TOKEN, { userId: 9202, chatId: GROUP, chatType: "group" });
    await admin.say("/dangky");
    expect((await admin.waitForReply()).text).toMatch(/Đã đăng ký/);
    await member.say("/huy");
    expect((await member.waitForReply()).text).toMatch(/chỉ quản trị viên/);
    expect(await temp.db.subscriber.count({ where: { chatId: String(GROUP), active: true } })).toBe(1);
  });

  it("answers staff commands only in a private chat with a staff member", async () => {
    const inGroup = fake.user(TOKEN, { userId: STAFF, chatId: -100777, chatType: "group" });
    await inGroup.say("/thongke");
    const refused = await inGroup.waitForReply();
    expect(refused.text).toMatch(/chỉ dành cho cán bộ/);
    expect(refused.text).not.toMatch(/Người đăng ký/);
    const alone = fake.user(TOKEN, { userId: STAFF });
    await alone.say("/thongke");
    expect((await alone.waitForReply()).text).toMatch(/Thống kê/);
  });
});
