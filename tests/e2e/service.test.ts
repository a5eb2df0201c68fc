import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "../support/fake-telegram.ts";
import { startService, type ServiceProcess } from "../support/service-process.ts";

// The service as `npm start` runs it: a separate process, configured only through the environment.
const TOKEN = "4001:service-test-token-abcdef";
const dir = mkdtempSync(path.join(tmpdir(), "ct-service-"));
let fake: FakeTelegram;
let service: ServiceProcess;
const waitForLog = (event: string) => service.waitForLog(event);

beforeAll(async () => {
  fake = await startFakeTelegram();
  service = startService({ DATABASE_URL: `file:${path.join(dir, "bot.db")}`, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot });
  await waitForLog("telegram_started");
});

afterAll(async () => {
  await service?.kill();
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the service (npm start)", { timeout: 60_000 }, () => {
  it("answers a Telegram user with the sample data and no other setting", async () => {
    const user = fake.user(TOKEN, { userId: 8001 });
    await user.say("sdt so cong thuong");
    const [reply] = await user.nextReplies(1, 10_000);
    expect(reply.text).toContain("0275 3822 365");
  });

  it("reports its channels on /healthz", async () => {
    const { port } = await waitForLog("http_started");
    // The news status is set once the alert sender has started, after the channels: read until it is.
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).json(), { timeout: 20_000 })
      .toMatchObject({ ok: true, channels: { telegram: "polling", zalo: "off", news: "off" } });
  });

  it("is ready on /readyz and counts what it answered on /metrics", async () => {
    const { port } = await waitForLog("http_started");
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, database: "ok", oldestDueAlertSeconds: null });
    const user = fake.user(TOKEN, { userId: 8002 });
    await user.say("hôm nay trời đẹp không");
    await user.nextReplies(1, 10_000);
    // A reply is counted just after the platform accepted it, so the count may trail the message.
    const scrape = () => fetch(`http://127.0.0.1:${port}/metrics`);
    await expect.poll(async () => (await (await scrape()).text()).match(/^ctbot_reply_seconds_count\{channel="telegram"\} (\d+)$/m)?.[1]).toBe("2");
    const res = await scrape();
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^ctbot_messages_total\{channel="telegram",intent="contact_phone"\} 1$/m);
    expect(text).toMatch(/^ctbot_unanswered_total\{channel="telegram",reason="out_of_scope"\} 1$/m);
    expect(text).toMatch(/^ctbot_reply_seconds_count\{channel="telegram"\} 2$/m);
    expect(text).toMatch(/^ctbot_inbox_waiting 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).not.toContain(TOKEN);
  });

  it("never writes the bot token into its logs", () => {
    expect(service.output()).not.toContain(TOKEN);
    expect(service.output()).not.toContain("service-test-token");
  });

  it("stops cleanly on SIGTERM", async () => {
    expect(await service.kill("SIGTERM")).toBe(0);
    expect(service.output()).toContain('"event":"stopped"');
  });

  it("refuses to start with a wrong setting, naming it", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/index.ts"], {
      env: { ...process.env, PORT: "abc", DATABASE_URL: `file:${path.join(dir, "x.db")}` },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("PORT must be a port number (0–65535)");
  });
});
