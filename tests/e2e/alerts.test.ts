import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createCore, type Core } from "../../src/app/core.ts";
import { startAlerts, type AlertService } from "../../src/app/alerts.ts";
import { createTelegramBot } from "../../src/bot/telegram/bot.ts";
import { runTelegram, type TelegramRunner } from "../../src/bot/telegram/run.ts";
import { createZaloClient } from "../../src/bot/zalo/client.ts";
import { createZaloWebhook, type ZaloWebhook } from "../../src/bot/zalo/webhook.ts";
import { closeServer, createApp, listen } from "../../src/server.ts";
import { startFakeTelegram, type FakeTelegram } from "../support/fake-telegram.ts";
import { startFakeZalo, type FakeZalo } from "../support/fake-zalo.ts";
import { figuresArticle, sampleArticles, startNewsSite, type NewsSite } from "../support/news-site.ts";
import { createTempDb, silentLogger, type TempDb } from "../support/temp-db.ts";
import { testInbox } from "../support/inbox.ts";

// The whole alert path with real parts: subscribers on fake Telegram and fake Zalo, a local news
// site whose feed changes, the crawl cycle, the outbox and the sender, as `npm start` wires them.
const TG_TOKEN = "2001:alerts-e2e";
const ZALO_TOKEN = "3001:alerts-e2e";
const ZALO_SECRET = "zalo-e2e-secret";

let temp: TempDb;
let telegram: FakeTelegram;
let zaloApi: FakeZalo;
let site: NewsSite;
let core: Core;
let alerts: AlertService;
let polling: TelegramRunner;
let zaloHook: ZaloWebhook;
let server: Server;
let zaloUrl: string;

async function zaloSays(chatId: string, text: string, messageId: string) {
  const message = { message_id: messageId, date: Date.now(), from: { id: chatId, display_name: "Chị Lan", is_bot: false }, chat: { id: chatId, chat_type: "PRIVATE" }, text };
  const res = await fetch(zaloUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Bot-Api-Secret-Token": ZALO_SECRET },
    body: JSON.stringify({ ok: true, result: { event_name: "message.text.received", message } }),
  });
  expect(res.status).toBe(200);
  await zaloHook.drain();
}

beforeAll(async () => {
  [temp, telegram, zaloApi, site] = await Promise.all([createTempDb(), startFakeTelegram(), startFakeZalo({ token: ZALO_TOKEN }), startNewsSite(sampleArticles())]);
  site.rss.push(...sampleArticles());
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: TG_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    ZALO_BOT_TOKEN: ZALO_TOKEN,
    ZALO_API_ROOT: zaloApi.apiRoot,
    ZALO_WEBHOOK_SECRET: ZALO_SECRET,
    NEWS_SOURCES: site.url("/rss.xml"),
    FETCH_ALLOW_PRIVATE: "127.0.0.1",
    NEWS_CRON: "0 0 1 1 *",
    ALERT_RATE_TELEGRAM: "1000",
    ALERT_RATE_ZALO: "1000",
  });
  core = await createCore(temp.db, { onQueued: () => alerts?.sender.wake() });
  const inbox = testInbox(temp.db, core.answer);
  const bot = createTelegramBot({ token: TG_TOKEN, apiRoot: telegram.apiRoot, inbox, logger: silentLogger });
  polling = await runTelegram(bot.bot, { logger: silentLogger });
  zaloHook = createZaloWebhook({
    inbox,
    client: createZaloClient({ apiRoot: zaloApi.apiRoot, token: ZALO_TOKEN, logger: silentLogger }),
    secret: ZALO_SECRET,
    logger: silentLogger,
  });
  server = await listen(createApp({ logger: silentLogger, mounts: [{ path: "/webhooks/zalo", router: zaloHook }], health: () => ({}) }), 0, "127.0.0.1");
  zaloUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
  alerts = await startAlerts(temp.db, config, silentLogger);
});

afterAll(async () => {
  await alerts?.stop();
  await polling?.stop();
  if (server) await closeServer(server);
  await Promise.all([telegram?.stop(), zaloApi?.close(), site?.close()]);
  await temp?.cleanup();
});

describe("news alerts end to end", { timeout: 30_000 }, () => {
  const tgUser = () => telegram.user(TG_TOKEN, { userId: 7001 });

  it("delivers a newly published item once to each subscriber, on both channels, and never the back catalogue", async () => {
    await tgUser().say("đăng ký nhận tin");
    expect((await tgUser().waitForReply()).text).toMatch(/Đã đăng ký nhận tin/);
    await zaloSays("zalo-user-1", "dang ky nhan tin", "z-1");
    expect(zaloApi.sent.at(-1)?.text).toMatch(/Đã đăng ký nhận tin/);

    expect(await alerts.schedule!.runNow()).toBe(true); // first sight of the source: a baseline, nothing sent
    expect(await temp.db.delivery.count()).toBe(0);

    const article = figuresArticle();
    site.articles.set(article.slug, article);
    site.rss.push(article);
    await alerts.schedule!.runNow();
    const [alert] = await tgUser().nextReplies(1, 10_000);
    expect(alert.text).toContain("Tình hình sản xuất công nghiệp và xuất khẩu 9 tháng năm 2023");
    expect(alert.text).toMatch(/\/huy/);
    const zaloAlert = await zaloApi.waitForMessages(2, 10_000);
    expect(zaloAlert.at(-1)?.chat_id).toBe("zalo-user-1");
    expect(zaloAlert.at(-1)?.text).toContain("Tình hình sản xuất công nghiệp");

    await alerts.schedule!.runNow();
    expect((await alerts.sender.drainOnce()).sent).toBe(0);
    expect(await tgUser().drain()).toEqual([]);
    expect(await temp.db.delivery.count({ where: { status: "sent" } })).toBe(2);
  });

  it("makes the new article's figures answerable, with the article as source", async () => {
    const reply = await core.answer({ channel: "telegram", userId: "1", chatId: "1", text: "kim ngạch xuất khẩu 9 tháng năm 2023" });
    expect(reply.text).toContain("1.012,3 triệu USD");
    expect(reply.text).toContain("Tình hình sản xuất công nghiệp và xuất khẩu 9 tháng năm 2023");
  });

  it("offers the latest five items on request", async () => {
    const reply = await core.answer({ channel: "telegram", userId: "1", chatId: "1", text: "/tinmoi" });
    expect(reply.text.split("\n")[1]).toContain("Tình hình sản xuất công nghiệp");
  });
});
