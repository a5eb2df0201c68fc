import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/services/db.ts";
import { readPng, storeMonthlyReports } from "../support/chart-data.ts";
import { type FakeZalo, startFakeZalo } from "../support/fake-zalo.ts";
import { startService, type ServiceProcess } from "../support/service-process.ts";

// What a user runs is the build (scripts/run.mjs and the bundles in dist/), not the sources the
// other tests load through tsx: the bundles must find the data files, the migrations and the parse
// worker from where they sit, and answer like the sources do.
const TOKEN = "6006:built-token";
const SECRET = "built-service-secret";
const dir = mkdtempSync(path.join(tmpdir(), "ct-built-"));
const databaseUrl = `file:${path.join(dir, "bot.db")}`;
let zalo: FakeZalo;
let service: ServiceProcess;
let base: string;

beforeAll(async () => {
  zalo = await startFakeZalo({ token: TOKEN });
  service = startService({ DATABASE_URL: databaseUrl, ZALO_BOT_TOKEN: TOKEN, ZALO_WEBHOOK_SECRET: SECRET, ZALO_API_ROOT: zalo.apiRoot }, { built: true });
  const { port } = await service.waitForLog("http_started", { timeoutMs: 120_000 });
  await service.waitForLog("zalo_started");
  base = `http://127.0.0.1:${port}`;
}, 130_000);
afterAll(async () => {
  await service?.kill();
  await zalo?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ask(id: string, text: string): Promise<string> {
  const message = { message_id: id, date: Date.now(), chat: { id: `u-${id}`, chat_type: "PRIVATE" }, from: { id: `u-${id}`, display_name: "A", is_bot: false }, text };
  const res = await fetch(`${base}/webhooks/zalo`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Bot-Api-Secret-Token": SECRET },
    body: JSON.stringify({ ok: true, result: { event_name: "message.text.received", message } }),
  });
  expect(res.status).toBe(200);
  const before = zalo.sent.length;
  await zalo.waitForMessages(before + 1, 15_000);
  return zalo.sent
    .filter((m) => m.chat_id === `u-${id}`)
    .map((m) => m.text)
    .join("\n");
}

describe("the built service (npm start)", { timeout: 60_000 }, () => {
  it("migrates a new database, loads the sample data and answers contacts and figures", async () => {
    expect(await ask("1", "sdt so cong thuong")).toContain("0275 3822 365");
    const figure = await ask("2", "kim ngạch xuất khẩu giai đoạn 2021-2023");
    expect(figure).toContain("4.262,7 triệu USD");
    expect(figure).toContain("Nguồn:");
  });

  it("serves health, readiness and metrics", async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ channels: { zalo: "webhook", telegram: "off" } });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('ctbot_messages_total{channel="zalo",intent="contact_phone"} 1');
  });

  it("loads the staff console on its first request, templates included", async () => {
    const page = await fetch(`${base}/console`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain("/quantri");
  });

  it("loads the web chat and the chart route on their first request, templates and assets included", async () => {
    const page = await fetch(`${base}/chat`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<label for="chat-text">');
    const reply = await fetch(`${base}/chat/api`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "sdt so cong thuong" }) });
    expect((await reply.json()).text).toContain("0275 3822 365");
    expect((await fetch(`${base}/chat/widget.js`)).headers.get("content-type")).toMatch(/^text\/javascript/);
    // The sample report has one period per indicator: nothing to draw, a plain 404.
    expect((await fetch(`${base}/charts/export_turnover.png`)).status).toBe(404);
    // Three monthly reports written into its database: the built service draws them (resvg, the font).
    const db = openDb(databaseUrl);
    await storeMonthlyReports(db);
    await db.$disconnect();
    const chart = await fetch(`${base}/charts/export_turnover.png`);
    expect(chart.status).toBe(200);
    expect(readPng(new Uint8Array(await chart.arrayBuffer()))).toMatchObject({ width: 1280, height: 640 });
  });

  it("reads a PDF in the built parse worker (npm run ingest)", () => {
    const run = spawnSync(process.execPath, ["scripts/run.mjs", "cli/ingest", "tests/fixtures/reports/cong-van-bao-cao.pdf"], {
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "ingest.db")}`, LOG_LEVEL: "warn" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Điện thương phẩm");
  });
});
