import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../../src/app/core.ts";
import { createTelegramBot } from "../../../src/bot/telegram/bot.ts";
import { createTelegramWebhook, runTelegram, type TelegramRunner } from "../../../src/bot/telegram/run.ts";
import { closeServer, createApp, listen } from "../../../src/server.ts";
import { startFakeTelegram, type FakeTelegram } from "../../support/fake-telegram.ts";
import { createTempDb, silentLogger, type TempDb } from "../../support/temp-db.ts";
import { testInbox } from "../../support/inbox.ts";

// A user in telegram-test-api talks to the real bot: real core, real SQLite, real HTTP.
let fake: FakeTelegram;
let temp: TempDb;
let core: Core;

beforeAll(async () => {
  fake = await startFakeTelegram();
  temp = await createTempDb();
  core = await createCore(temp.db);
});
afterAll(async () => {
  await fake?.stop();
  await temp?.cleanup();
});

const digits = (s = "") => s.replace(/\D/g, "");

describe("Telegram, long polling", () => {
  const token = "1001:polling-test-token";
  let runner: TelegramRunner;

  beforeAll(async () => {
    const bot = createTelegramBot({ token, apiRoot: fake.apiRoot, inbox: testInbox(temp.db, core.answer), logger: silentLogger });
    runner = await runTelegram(bot.bot, { logger: silentLogger });
  });
  afterAll(() => runner?.stop());

  it("answers a phone question with both full numbers and a contact card for each", async () => {
    const user = fake.user(token, { userId: 501 });
    await user.say("cho xin sdt sở công thương");
    const [text, ...cards] = await user.nextReplies(3);
    expect(text.text).toContain("0275 3822 365");
    expect(text.text).toContain("0275 3822 251");
    expect(digits(text.text)).not.toMatch(/(^|[^5])3822251/);
    expect(cards.map((c) => c.method)).toEqual(["sendContact", "sendContact"]);
    expect(cards.map((c) => c.contact?.phone_number)).toEqual(["+842753822365", "+842753822251"]);
  });

  it("introduces itself on /start as an automated bot, with quick replies that work", async () => {
    const user = fake.user(token, { userId: 502 });
    await user.say("/start");
    const intro = await user.waitForReply();
    expect(intro.text).toMatch(/tự động/);
    const labels = intro.inlineKeyboard!.flat().map((b) => b.text);
    expect(labels).toContain("✉️ Email");
    const email = intro.inlineKeyboard!.flat().find((b) => b.text === "✉️ Email")!;
    await user.tap((email as { callback_data: string }).callback_data);
    expect((await user.waitForReply()).text).toContain("sct@bentre.gov.vn");
  });

  it("gives a sub-unit's numbers when asked about that unit", async () => {
    const user = fake.user(token, { userId: 503 });
    await user.say("trung tâm khuyến công số mấy");
    const [reply] = await user.nextReplies(1);
    expect(digits(reply.text)).toContain("02756281888");
    expect(digits(reply.text)).toContain("02753822403");
  });

  it("says what it can do when the question is out of scope, with no number", async () => {
    const user = fake.user(token, { userId: 504 });
    await user.say("hôm nay ăn gì");
    const reply = await user.waitForReply();
    expect(reply.text).toMatch(/Xin lỗi/);
    expect(digits(reply.text)).toBe("");
  });
});

describe("Telegram, webhook through Express", () => {
  const token = "1002:webhook-test-token";
  const secret = "s3cret-for-tests";
  let server: Server;
  let url: string;
  const blocked: string[] = [];

  beforeAll(async () => {
    const bot = createTelegramBot({
      token,
      apiRoot: fake.apiRoot,
      inbox: testInbox(temp.db, core.answer),
      logger: silentLogger,
      onBlocked: async (chatId) => void blocked.push(chatId),
    });
    const app = createApp({ logger: silentLogger, mounts: [{ path: "/webhooks/telegram", router: createTelegramWebhook(bot, secret, silentLogger) }], health: () => ({}) });
    server = await listen(app, 0, "127.0.0.1");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/telegram`;
    const runner = await runTelegram(bot.bot, { webhookUrl: url, secretToken: secret, logger: silentLogger });
    expect(runner.mode).toBe("webhook");
  });
  afterAll(() => closeServer(server));

  it("registers the webhook with its secret and answers through it", async () => {
    expect(fake.webhookOf(token)).toEqual({ url, secret_token: secret });
    const user = fake.user(token, { userId: 601 });
    await user.say("email so cong thuong");
    expect((await user.waitForReply()).text).toContain("sct@bentre.gov.vn");
  });

  it("refuses a delivery with a wrong or missing secret and sends nothing", async () => {
    const update = { update_id: 900001, message: { message_id: 1, date: 0, chat: { id: 602, type: "private" }, from: { id: 602, is_bot: false, first_name: "A" }, text: "sdt" } };
    for (const headers of [{ "X-Telegram-Bot-Api-Secret-Token": "wrong" }, {}] as Record<string, string>[]) {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(update) });
      expect(res.status).toBe(401);
    }
    expect(await fake.user(token, { userId: 602 }).drain()).toEqual([]);
  });

  it("answers a re-delivered update once", async () => {
    const update = { update_id: 900002, message: { message_id: 2, date: 0, chat: { id: 603, type: "private" }, from: { id: 603, is_bot: false, first_name: "B" }, text: "email" } };
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret }, body: JSON.stringify(update) });
      expect(res.status).toBe(200);
    }
    const sent = fake.calls({ token, method: "sendMessage" }).filter((c) => String(c.params.chat_id) === "603");
    expect(sent).toHaveLength(1);
  });

  it("hears at once when a user blocks the bot", async () => {
    const member = (status: string) => ({ user: { id: 666, is_bot: true, first_name: "Bot" }, status });
    const update = {
      update_id: 900003,
      my_chat_member: {
        chat: { id: 604, type: "private" },
        from: { id: 604, is_bot: false, first_name: "C" },
        date: 0,
        old_chat_member: member("member"),
        new_chat_member: { ...member("kicked"), until_date: 0 },
      },
    };
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret }, body: JSON.stringify(update) });
    expect(res.status).toBe(200);
    expect(blocked).toEqual(["604"]);
  });

  it("rejects malformed JSON with 400", async () => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret }, body: "{not json" });
    expect(res.status).toBe(400);
  });
});
