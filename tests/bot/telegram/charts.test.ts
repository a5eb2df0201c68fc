import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore } from "../../../src/app/core.ts";
import { createTelegramBot } from "../../../src/bot/telegram/bot.ts";
import { createTelegramWebhook, runTelegram } from "../../../src/bot/telegram/run.ts";
import { createChartRenderer } from "../../../src/handlers/chart-render.ts";
import { closeServer, createApp, listen } from "../../../src/server.ts";
import { readPng, storeMonthlyReports } from "../../support/chart-data.ts";
import { FakeApiError, startFakeTelegram, type FakeTelegram } from "../../support/fake-telegram.ts";
import { testInbox } from "../../support/inbox.ts";
import { createTempDb, silentLogger, type TempDb } from "../../support/temp-db.ts";

// A chart asked for on Telegram: the PNG uploaded with sendPhoto (multipart), a short caption, then
// the numbers and their sources as text; a failed photo or text is sent again from where it stopped.
const TOKEN = "1004:charts-test-token";
const SECRET = "charts-secret";
let fake: FakeTelegram;
let temp: TempDb;
let server: Server;

beforeAll(async () => {
  fake = await startFakeTelegram();
  temp = await createTempDb();
  await storeMonthlyReports(temp.db);
  const core = await createCore(temp.db);
  const inbox = testInbox(temp.db, core.answer, { retryBaseMs: 50 });
  const adapter = createTelegramBot({ token: TOKEN, apiRoot: fake.apiRoot, inbox, logger: silentLogger, quickRetries: 0, charts: createChartRenderer(temp.db) });
  const app = createApp({ logger: silentLogger, mounts: [{ path: "/webhooks/telegram", router: createTelegramWebhook(adapter, SECRET, silentLogger) }], health: () => ({}) });
  server = await listen(app, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/telegram`;
  await runTelegram(adapter.bot, { webhookUrl: url, secretToken: SECRET, logger: silentLogger });
});
afterAll(async () => {
  await closeServer(server);
  await fake?.stop();
  await temp?.cleanup();
});

describe("charts on Telegram", () => {
  it("sends the chart as an uploaded photo with a short caption, then the numbers with their sources", async () => {
    const user = fake.user(TOKEN, { userId: 9301 });
    await user.say("biểu đồ kim ngạch xuất khẩu");
    const [photo, text] = await user.nextReplies(2, 10_000);
    expect(photo!.method).toBe("sendPhoto");
    expect(photo!.photo!.caption).toBe("📈 Kim ngạch xuất khẩu: giá trị theo kỳ (triệu USD), tháng 3/2026 – tháng 5/2026");
    expect(photo!.photo!.fileName).toBe("bieu-do.png");
    expect(readPng(photo!.photo!.bytes)).toMatchObject({ width: 1280, height: 640 });
    expect(text!.method).toBe("sendMessage");
    expect(text!.text).toContain("• tháng 5/2026: 142,37 triệu USD (ước tính) [2]");
    expect(text!.text).toContain("“Báo cáo tháng 3/2026”");
  });

  it("a photo refused once is sent again, then the text: each arrives once", async () => {
    let refusals = 0;
    fake.handle("sendPhoto", () => {
      refusals++;
      fake.handle("sendPhoto", null);
      throw new FakeApiError(502, "Bad Gateway");
    });
    const before = fake.photos().length;
    const user = fake.user(TOKEN, { userId: 9302 });
    await user.say("vẽ biểu đồ kim ngạch xuất khẩu");
    const [photo, text] = await user.nextReplies(2, 10_000);
    expect(refusals).toBe(1);
    expect([photo!.method, text!.method]).toEqual(["sendPhoto", "sendMessage"]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await user.drain()).toEqual([]);
    expect(fake.photos().length - before).toBe(1);
  });

  it("a text refused after the photo went out is sent again without sending the photo twice", async () => {
    let refusals = 0;
    fake.handle("sendMessage", () => {
      refusals++;
      fake.handle("sendMessage", null);
      throw new FakeApiError(502, "Bad Gateway");
    });
    const before = fake.photos().length;
    const user = fake.user(TOKEN, { userId: 9303 });
    await user.say("bieu do kim ngach xuat khau");
    const [photo, text] = await user.nextReplies(2, 10_000);
    expect(refusals).toBe(1);
    expect([photo!.method, text!.method]).toEqual(["sendPhoto", "sendMessage"]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await user.drain()).toEqual([]);
    expect(fake.photos().length - before).toBe(1);
    const row = await temp.db.inboundMessage.findFirst({ where: { chatId: "9303" } });
    expect(row).toMatchObject({ status: "answered", intent: "figure_chart" });
    expect(JSON.parse(row!.reply!)[0]).toEqual({ kind: "photo", chart: { indicator: "export_turnover", measure: "level", caption: expect.any(String) } });
  });

  it("one value only: text alone, no photo", async () => {
    const before = fake.photos().length;
    const user = fake.user(TOKEN, { userId: 9304 });
    await user.say("biểu đồ kim ngạch nhập khẩu");
    const reply = await user.waitForReply(10_000);
    expect(reply.method).toBe("sendMessage");
    expect(reply.text).toMatch(/^Chưa đủ số liệu để vẽ biểu đồ/);
    expect(fake.photos().length).toBe(before);
  });
});
