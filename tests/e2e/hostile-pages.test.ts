import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZalo, startFakeZalo } from "../support/fake-zalo.ts";
import { startService, type ServiceProcess } from "../support/service-process.ts";

// A news source turns hostile: an article nested 100,000 elements deep, and a feed whose titles
// are hundreds of thousands of "&lt;". The service crawls them while a user chats: the crawl ends
// (refused or parsed), and the user's answers keep coming as fast as ever.
const TOKEN = "5006:hostile-pages-token";
const SECRET = "hostile-pages-secret";
const dir = mkdtempSync(path.join(tmpdir(), "ct-hostile-"));
let zalo: FakeZalo;
let service: ServiceProcess;
let site: Server;
let siteBase: string;
let base: string;
let hostile = false;
let nestedServedAt: number | undefined;

const rss = (items: { title: string; link: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title>${items
    .map((i) => `<item><title>${i.title}</title><link>${i.link}</link><guid>${i.link}</guid><pubDate>${new Date().toUTCString()}</pubDate></item>`)
    .join("")}</channel></rss>`;

beforeAll(async () => {
  const app = express();
  app.get("/feed.xml", (_req, res) => {
    // The first crawl only marks what is there as seen; what comes after is fetched and read.
    const items = [{ title: "Tin đầu tiên", link: `${siteBase}/plain.html?first` }];
    if (hostile) items.unshift({ title: "Báo cáo lồng sâu", link: `${siteBase}/nested.html` }, { title: "&lt;".repeat(400_000), link: `${siteBase}/plain.html` });
    res.type("application/rss+xml").send(rss(items));
  });
  app.get(
    "/nested.html",
    (_req, res) => (
      (nestedServedAt ??= service.output().length),
      res.type("text/html").send(`<html><body>${"<div>".repeat(100_000)}Kim ngạch xuất khẩu đạt 100 triệu USD.${"</div>".repeat(100_000)}</body></html>`)
    ),
  );
  app.get("/plain.html", (_req, res) => res.type("text/html").send("<html><body><article><h1>Tin</h1><p>Nội dung ngắn.</p></article></body></html>"));
  site = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  siteBase = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  zalo = await startFakeZalo({ token: TOKEN });
  service = startService({
    DATABASE_URL: `file:${path.join(dir, "bot.db")}`,
    ZALO_BOT_TOKEN: TOKEN,
    ZALO_WEBHOOK_SECRET: SECRET,
    ZALO_API_ROOT: zalo.apiRoot,
    NEWS_SOURCES: `${siteBase}/feed.xml`,
    NEWS_CRON: "*/2 * * * * *",
    FETCH_ALLOW_PRIVATE: "127.0.0.1",
  });
  base = `http://127.0.0.1:${(await service.waitForLog("http_started")).port}`;
  await service.waitForLog("crawl_done");
});
afterAll(async () => {
  await service?.kill();
  await zalo?.close();
  site?.closeAllConnections();
  await new Promise((r) => site?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
async function askAndTime(): Promise<number> {
  const chatId = `hostile-${++seq}`;
  const started = performance.now();
  await fetch(`${base}/webhooks/zalo`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-bot-api-secret-token": SECRET },
    body: JSON.stringify({
      event_name: "message.text.received",
      message: { message_id: chatId, date: Date.now(), from: { id: chatId }, chat: { id: chatId, chat_type: "PRIVATE" }, text: "email sở công thương" },
    }),
  });
  while (!zalo.sent.some((m) => m.chat_id === chatId)) await new Promise((r) => setTimeout(r, 10));
  return performance.now() - started;
}

describe("hostile pages and feeds", { timeout: 120_000 }, () => {
  it("crawls them to an end while every chat message is answered promptly", async () => {
    hostile = true;
    const latencies: number[] = [];
    const started = Date.now();
    // Until a crawl that read the nested page has ended.
    const crawledPast = () => nestedServedAt !== undefined && service.output().slice(nestedServedAt).includes('"event":"crawl_done"');
    while (!crawledPast() || latencies.length < 5) {
      if (Date.now() - started > 90_000)
        throw new Error(
          `the hostile crawl did not end; log:\n${service
            .output()
            .split("\n")
            .filter((l) => !l.includes('"answered"'))
            .join("\n")
            .slice(-6000)}`,
        );
      latencies.push(await askAndTime());
    }
    // The freeze this guards against lasted 49 s; an answer normally takes a few milliseconds.
    expect(Math.max(...latencies)).toBeLessThan(2_000);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    console.log(`answers during the hostile crawl: ${latencies.length}, max ${Math.round(Math.max(...latencies))} ms`);
  });
});
