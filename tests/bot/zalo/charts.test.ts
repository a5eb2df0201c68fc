import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Core, createCore } from "../../../src/app/core.ts";
import { createZaloClient } from "../../../src/bot/zalo/client.ts";
import type { ZaloCharts } from "../../../src/bot/zalo/port.ts";
import { createZaloWebhook, type ZaloWebhook } from "../../../src/bot/zalo/webhook.ts";
import { chartPath } from "../../../src/handlers/figure-chart.ts";
import { closeServer, createApp, listen } from "../../../src/server.ts";
import { storeMonthlyReports } from "../../support/chart-data.ts";
import { type FakeZalo, startFakeZalo } from "../../support/fake-zalo.ts";
import { testInbox } from "../../support/inbox.ts";
import { createTempDb, silentLogger, type TempDb } from "../../support/temp-db.ts";

// A chart on Zalo: sendPhoto with the chart's public https address, then the numbers as text; with
// no https address (or a photo Zalo refuses for good) the address goes into the text as a link.
const TOKEN = "1234567890:zaloChartsTokenXYZ";
const SECRET = "webhook-secret-charts";
let temp: TempDb;
let core: Core;
let cleanup: (() => Promise<void>) | undefined;
beforeAll(async () => {
  temp = await createTempDb();
  await storeMonthlyReports(temp.db);
  core = await createCore(temp.db);
});
afterAll(() => temp?.cleanup());
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** A Zalo bot whose charts are served under `publicUrl`; each test gets its own, on one database. */
async function setup(publicUrl: string): Promise<{ fake: FakeZalo; say(text: string): Promise<void> }> {
  const fake = await startFakeZalo({ token: TOKEN });
  const client = createZaloClient({ apiRoot: fake.apiRoot, token: TOKEN, logger: silentLogger, baseDelayMs: 5, maxDelayMs: 20, maxRetries: 1 });
  const inbox = testInbox(temp.db, core.answer);
  const charts: ZaloCharts = { url: (spec) => `${publicUrl}${chartPath(spec)}`, asPhoto: publicUrl.startsWith("https://") };
  const webhook: ZaloWebhook = createZaloWebhook({ inbox, client, secret: SECRET, logger: silentLogger, charts });
  const server: Server = await listen(createApp({ logger: silentLogger, mounts: [{ path: "/webhooks/zalo", router: webhook }], health: () => ({}) }), 0, "127.0.0.1");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
  let seq = Date.now();
  cleanup = async () => {
    await inbox.stop();
    await closeServer(server);
    await fake.close();
  };
  return {
    fake,
    async say(text) {
      const message = {
        message_id: `chart-${publicUrl}-${++seq}`,
        date: Date.now(),
        from: { id: "u1", display_name: "A", is_bot: false },
        chat: { id: "u1", chat_type: "PRIVATE" },
        text,
      };
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-bot-api-secret-token": SECRET },
        body: JSON.stringify({ ok: true, result: { event_name: "message.text.received", message } }),
      });
      expect(res.status).toBe(200);
      await webhook.drain();
    },
  };
}

describe("charts on Zalo", () => {
  it("with an https PUBLIC_URL: sendPhoto with the chart's address, then the numbers as text", async () => {
    const { fake, say } = await setup("https://bot.sct.example.gov.vn");
    await say("biểu đồ kim ngạch xuất khẩu");
    expect(fake.photos).toEqual([
      {
        chat_id: "u1",
        photo: "https://bot.sct.example.gov.vn/charts/export_turnover.png?measure=level",
        caption: "📈 Kim ngạch xuất khẩu: giá trị theo kỳ (triệu USD), tháng 3/2026 – tháng 5/2026",
      },
    ]);
    expect(fake.requests.map((r) => r.method)).toEqual(["sendPhoto", "sendMessage"]);
    expect(fake.sent[0]!.text).toContain("• tháng 3/2026: 140,5 triệu USD (ước tính) [1]");
    expect(fake.sent[0]!.text).toContain("“Báo cáo tháng 5/2026”");
    expect(fake.sent[0]!.text).not.toContain("/charts/");
  });

  it("a photo Zalo refuses for good becomes a link, and the numbers still follow", async () => {
    const { fake, say } = await setup("https://bot.sct.example.gov.vn");
    fake.failNext("sendPhoto", { body: { ok: false, error_code: 400, description: "Bad Request: cannot fetch photo" } });
    await say("bieu do kim ngach xuat khau");
    expect(fake.photos).toEqual([]);
    expect(fake.sent.map((m) => m.text)).toEqual([
      "📈 Kim ngạch xuất khẩu: giá trị theo kỳ (triệu USD), tháng 3/2026 – tháng 5/2026\nhttps://bot.sct.example.gov.vn/charts/export_turnover.png?measure=level",
      expect.stringContaining("142,37 triệu USD"),
    ]);
  });

  it("without an https PUBLIC_URL: one text with the numbers and the chart's link, no sendPhoto", async () => {
    const { fake, say } = await setup("http://localhost:3000");
    await say("vẽ biểu đồ kim ngạch xuất khẩu");
    expect(fake.photos).toEqual([]);
    expect(fake.requests.map((r) => r.method)).toEqual(["sendMessage"]);
    expect(fake.sent[0]!.text).toContain("150,9 triệu USD");
    expect(fake.sent[0]!.text.endsWith("Xem biểu đồ: http://localhost:3000/charts/export_turnover.png?measure=level")).toBe(true);
  });

  it("one value only: the text alone, no photo and no link", async () => {
    const { fake, say } = await setup("https://bot.sct.example.gov.vn");
    await say("biểu đồ kim ngạch nhập khẩu");
    expect(fake.photos).toEqual([]);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]!.text).toMatch(/^Chưa đủ số liệu để vẽ biểu đồ/);
    expect(fake.sent[0]!.text).not.toContain("/charts/");
  });
});
