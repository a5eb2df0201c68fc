import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "../support/fake-telegram.ts";
import { startService, type ServiceProcess } from "../support/service-process.ts";
import { openDb } from "../../src/services/db.ts";

// kill -9 while twenty messages are acknowledged but not answered: the next start answers each once.
const TOKEN = "4002:crash-replies-token-abcdef";
const dir = mkdtempSync(path.join(tmpdir(), "ct-crash-replies-"));
const dbFile = path.join(dir, "bot.db");
let fake: FakeTelegram;
let service: ServiceProcess | undefined;
const env = () => ({ DATABASE_URL: `file:${dbFile}`, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot });

beforeAll(async () => {
  fake = await startFakeTelegram();
});
afterAll(async () => {
  await service?.kill();
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// A second connection, as an operator's sqlite3 shell would be.
const unanswered = async () => {
  const db = openDb(`file:${dbFile}`);
  try {
    return await db.inboundMessage.count({ where: { status: "received" } });
  } finally {
    await db.$disconnect();
  }
};

describe("replies survive a crash", { timeout: 120_000 }, () => {
  it("answers every acknowledged message once after kill -9 and a restart", async () => {
    service = startService(env());
    await service.waitForLog("telegram_started");
    // Telegram accepts nothing: every reply hangs, as in an outage.
    fake.handle("sendMessage", () => new Promise(() => undefined));
    const users = Array.from({ length: 20 }, (_, i) => fake.user(TOKEN, { userId: 9300 + i }));
    for (const user of users) await user.say("email sở công thương");
    await expect.poll(unanswered, { timeout: 20_000, interval: 100 }).toBe(20);
    expect(await service.kill("SIGKILL")).toBe(null);

    fake.handle("sendMessage", null);
    service = startService(env());
    await service.waitForLog("telegram_started");
    for (const user of users) {
      const [reply] = await user.nextReplies(1, 20_000);
      expect(reply.text).toContain("sct@bentre.gov.vn");
    }
    await new Promise((r) => setTimeout(r, 1_000));
    for (const user of users) expect(await user.drain()).toEqual([]);
    expect(await unanswered()).toBe(0);
  });
});
