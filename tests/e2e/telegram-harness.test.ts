import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { Api, Bot, GrammyError, InlineKeyboard, InputFile, webhookCallback } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeApiError, startFakeTelegram, startPolling, type FakeTelegram } from "../support/fake-telegram.ts";

/** A trivial bot, only here to prove the harness. */
function makeBot(token: string, apiRoot: string): Bot {
  const bot = new Bot(token, { client: { apiRoot } });
  bot.command("contact", (ctx) => ctx.replyWithContact("+84 236 3822 123", "Phòng Quản lý", { last_name: "Thương mại" }));
  bot.command("buttons", (ctx) =>
    ctx.reply("Chọn một", {
      reply_markup: new InlineKeyboard().text("Có", "yes").text("Không", "no"),
    }),
  );
  bot.callbackQuery(/.+/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(`tapped: ${ctx.callbackQuery.data} on #${ctx.callbackQuery.message?.message_id}`);
  });
  bot.on("message:text", (ctx) => ctx.reply(`pong: ${ctx.message.text}`));
  bot.catch((err) => {
    throw err.error;
  });
  return bot;
}

async function listen(app: express.Express): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, "127.0.0.1", (err?: Error) => {
      if (err) reject(err);
      else resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

async function close(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  server.closeAllConnections();
  await closed;
}

describe("fake Telegram harness", { timeout: 20_000 }, () => {
  let fake: FakeTelegram;

  beforeAll(async () => {
    fake = await startFakeTelegram();
  });

  afterAll(async () => {
    await fake?.stop();
  });

  it("sendPhoto: a multipart upload (grammY's InputFile) and a file_id, with captions; an empty upload is refused", async () => {
    const token = "1009:photo-token";
    const api = new Api(token, { apiRoot: fake.apiRoot });
    const user = fake.user(token, { userId: 509 });
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 13, 10, 45, 45]);
    const sent = await api.sendPhoto(509, new InputFile(bytes, "bieu do.png"), { caption: "Biểu đồ: ặ ỹ" });
    expect(sent.photo.at(-1)!.file_size).toBe(bytes.byteLength);
    await api.sendPhoto(509, "AgACAgIAAxkBAAI", { caption: "lại" });
    const [upload, byId] = await user.nextReplies(2);
    expect(upload).toMatchObject({ method: "sendPhoto", chatId: 509, photo: { caption: "Biểu đồ: ặ ỹ", fileName: "bieu do.png", chatId: "509" } });
    expect([...upload!.photo!.bytes]).toEqual([...bytes]);
    expect(byId!.photo).toMatchObject({ ref: "AgACAgIAAxkBAAI", caption: "lại" });
    expect(fake.photos()).toHaveLength(2);
    await expect(api.sendPhoto(509, new InputFile(new Uint8Array(), "empty.png"))).rejects.toThrow(/non-empty/);
  });

  it("polling: bot.start() against the emulator, text, command, contact, inline keyboard", async () => {
    const token = "1001:polling-token";
    const bot = makeBot(token, fake.apiRoot);
    let onStart!: () => void;
    const started = new Promise<void>((resolve) => (onStart = resolve));
    const running = bot.start({ onStart });
    try {
      await started;
      const user = fake.user(token, { userId: 501, firstName: "Lan" });

      await user.say("ping");
      const pong = await user.waitForReply();
      expect(pong).toMatchObject({ method: "sendMessage", chatId: 501, text: "pong: ping" });

      await user.say("/contact");
      const contact = await user.waitForReply();
      expect(contact.method).toBe("sendContact");
      expect(contact.contact).toEqual({
        phone_number: "+84 236 3822 123",
        first_name: "Phòng Quản lý",
        last_name: "Thương mại",
      });

      await user.say("/buttons");
      const buttons = await user.waitForReply();
      expect(buttons.text).toBe("Chọn một");
      expect(buttons.inlineKeyboard).toEqual([
        [
          { text: "Có", callback_data: "yes" },
          { text: "Không", callback_data: "no" },
        ],
      ]);

      await user.tap("no");
      expect((await user.waitForReply()).text).toBe(`tapped: no on #${buttons.messageId}`);
      expect(fake.calls({ token, method: "answerCallbackQuery" })).toHaveLength(1);

      // Two messages in a row arrive in order.
      await user.say("a");
      await user.say("b");
      expect((await user.nextReplies(2)).map((r) => r.text)).toEqual(["pong: a", "pong: b"]);
      expect(await user.drain()).toEqual([]);
    } finally {
      const t0 = Date.now();
      await bot.stop();
      await running;
      expect(Date.now() - t0).toBeLessThan(1_000);
    }

    const methods = fake.calls({ token }).map((c) => c.method);
    expect(methods.slice(0, 2).sort()).toEqual(["deleteWebhook", "getMe"]);
    expect(methods).toContain("getUpdates");
    // Long polling: a handful of getUpdates calls, not a busy loop.
    expect(methods.filter((m) => m === "getUpdates").length).toBeLessThan(40);
  });

  it("webhook: Express 5 + webhookCallback with secret token; wrong secret is refused", async () => {
    const token = "1002:webhook-token";
    const secretToken = "s3cret_-Token";
    const bot = makeBot(token, fake.apiRoot);
    const app = express();
    app.use(express.json());
    app.post("/webhooks/telegram", webhookCallback(bot, "express", { secretToken }));
    const { server, port } = await listen(app);
    try {
      const url = `http://127.0.0.1:${port}/webhooks/telegram`;
      await bot.api.setWebhook(url, { secret_token: secretToken });
      expect(fake.webhookOf(token)).toEqual({ url, secret_token: secretToken });
      expect((await bot.api.getWebhookInfo()).url).toBe(url);

      const user = fake.user(token, { userId: 502 });
      await user.say("ping");
      expect((await user.waitForReply()).text).toBe("pong: ping");
      expect(fake.webhookDeliveries(token)).toMatchObject([{ ok: true, status: 200, withSecret: true }]);

      await user.say("/buttons");
      await user.waitForReply();
      await user.tap("yes");
      expect((await user.waitForReply()).text).toMatch(/^tapped: yes on #\d+$/);

      // A forged delivery: wrong secret, then no secret at all.
      const update = {
        update_id: 999_999,
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: 502, type: "private", first_name: "Mallory" },
          from: { id: 502, is_bot: false, first_name: "Mallory" },
          text: "forged",
        },
      };
      const forgedHeaders: Array<Record<string, string>> = [
        { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "wrong" },
        { "content-type": "application/json" },
      ];
      for (const headers of forgedHeaders) {
        const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(update) });
        expect([401, 403]).toContain(res.status);
        await res.arrayBuffer();
      }
      // A refused request never reaches the bot's handlers, so nothing can be on the way.
      expect(await user.drain()).toEqual([]);
      expect(fake.calls({ token, method: "sendMessage" })).toHaveLength(3);

      // getUpdates is refused while the webhook is set, as on Telegram.
      await expect(bot.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
      await bot.api.deleteWebhook();
      expect(fake.webhookOf(token)).toBeUndefined();
    } finally {
      await close(server);
    }
  });

  it("gaps and failures surface clearly", async () => {
    const token = "1003:gaps-token";
    const bot = makeBot(token, fake.apiRoot);
    const user = fake.user(token);

    // Unknown methods are a 404 GrammyError naming the method, not a 500 without a code.
    const err = await bot.api.sendDice(user.chatId, "🎲").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(404);
    expect((err as GrammyError).description).toContain("sendDice");

    // Telegram-style validation and simulated errors.
    await expect(bot.api.sendMessage(user.chatId, "")).rejects.toMatchObject({ error_code: 400 });
    fake.handle("sendMessage", () => {
      throw new FakeApiError(403, "Forbidden: bot was blocked by the user");
    });
    try {
      await expect(bot.api.sendMessage(user.chatId, "hi")).rejects.toMatchObject({ error_code: 403 });
    } finally {
      fake.handle("sendMessage", null);
    }
    await bot.api.sendChatAction(user.chatId, "typing");

    // Waiting for a reply that never comes fails fast and says what happened.
    await expect(user.nextReplies(1, 100)).rejects.toThrow(/Timed out after 100 ms .*got 0.*sendChatAction 200/);

    // A tap on a button that does not exist.
    await expect(user.tap("nope")).rejects.toThrow(/No bot message .* callback_data "nope"/);

    // A polling bot that is stopped right after start-up is quick to stop.
    const polling = await startPolling(makeBot(token, fake.apiRoot));
    await user.say("late");
    expect((await user.waitForReply()).text).toBe("pong: late");
    await polling.stop();
  });
});
