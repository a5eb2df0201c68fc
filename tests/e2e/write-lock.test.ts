import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZalo, startFakeZalo } from "../support/fake-zalo.ts";
import { startService, type ServiceProcess } from "../support/service-process.ts";

// Another process (an `npm run ingest`, say) holds the database's write lock for 8 s while
// messages arrive: none is lost, none is answered twice, and the service keeps answering /healthz.
const TOKEN = "5005:write-lock-token";
const SECRET = "write-lock-secret";
const dir = mkdtempSync(path.join(tmpdir(), "ct-write-lock-"));
const dbFile = path.join(dir, "bot.db");
let zalo: FakeZalo;
let service: ServiceProcess;
let base: string;

beforeAll(async () => {
  zalo = await startFakeZalo({ token: TOKEN });
  service = startService({ DATABASE_URL: `file:${dbFile}`, ZALO_BOT_TOKEN: TOKEN, ZALO_WEBHOOK_SECRET: SECRET, ZALO_API_ROOT: zalo.apiRoot });
  const { port } = await service.waitForLog("http_started");
  await service.waitForLog("zalo_started");
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await service?.kill();
  await zalo?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A child process that takes the write lock, says so, holds it for `ms`, then commits. */
function holdWriteLock(ms: number): Promise<{ released: Promise<void> }> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.exec("BEGIN IMMEDIATE");
    db.prepare("INSERT INTO AnnouncementDraft (channel, userId, text) VALUES ('test', 'lock-test', 'x') ON CONFLICT DO UPDATE SET text = 'y'").run();
    console.log("locked");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
    db.exec("COMMIT");
  `;
  const child = spawn(process.execPath, ["-e", script, dbFile, String(ms)], { stdio: ["ignore", "pipe", "inherit"] });
  const released = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve) => child.stdout.once("data", () => resolve({ released })));
}

const deliver = (i: number) =>
  fetch(`${base}/webhooks/zalo`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-bot-api-secret-token": SECRET },
    body: JSON.stringify({
      ok: true,
      result: {
        event_name: "message.text.received",
        message: { message_id: `lock-${i}`, date: Date.now(), from: { id: `u-${i}`, is_bot: false }, chat: { id: `c-${i}`, chat_type: "PRIVATE" }, text: "email sở công thương" },
      },
    }),
  }).then((r) => r.status);

describe("a write lock held by another process", { timeout: 90_000 }, () => {
  it("delays answers but loses none, answers none twice, and leaves the service responsive", async () => {
    const { released } = await holdWriteLock(8_000);
    const deliveries = Promise.all(Array.from({ length: 10 }, (_, i) => deliver(i)));
    const healthStarted = performance.now();
    const health = await fetch(`${base}/healthz`);
    const healthMs = performance.now() - healthStarted;
    expect(health.status).toBe(200);
    // A driver that waits synchronously for the lock would hold /healthz for seconds.
    expect(healthMs).toBeLessThan(2_000);
    await released;
    expect(await deliveries).toEqual(Array(10).fill(200));
    const sent = await zalo.waitForMessages(10, 30_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(zalo.sent).toHaveLength(10);
    expect(new Set(sent.map((m) => m.chat_id)).size).toBe(10);
    for (const m of sent) expect(m.text).toContain("sct@bentre.gov.vn");
  });
});
