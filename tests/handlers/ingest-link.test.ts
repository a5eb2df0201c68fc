import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/app/core.ts";
import { UNREADABLE_LINK } from "../../src/handlers/ingest-link.ts";
import type { Logger } from "../../src/services/logger.ts";
import { fetchPage } from "../../src/services/reports/fetch-page.ts";
import { closedPort, localFetch, startInternalHost, type InternalHost } from "../support/local-fetch.ts";
import { createTempDb, type TempDb } from "../support/temp-db.ts";

// Staff add reports by link. A link must not make the bot read an internal address, and the reply
// must not tell a refused address from a closed port or a timeout (that would be a port scanner).
let temp: TempDb;
let server: Server;
let base: string;
let port: number;
let internal: InternalHost;
let core: Core;
let publicOnlyCore: Core;
const hits: string[] = [];
const logged: Record<string, unknown>[] = [];

beforeAll(async () => {
  const page = readFileSync("tests/fixtures/pages/sct-bentre-article.html");
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/bai-viet") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    else if (req.url === "/noi-bo") res.writeHead(302, { location: `${internal.base}/admin` }).end();
    else if (req.url === "/cham")
      return; // never answers: the fetch times out
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  [temp, internal] = await Promise.all([createTempDb(), startInternalHost()]);
  const log = (fields: Record<string, unknown>) => void logged.push(fields);
  const logger = { info: log, warn: log, error: log, debug: log } as unknown as Logger;
  const staffIds = new Set(["telegram:42"]);
  // Only the page that never answers gets a short deadline: every other fetch must not depend on
  // how fast a loaded machine is.
  const timeoutMs = (url: string) => (url.endsWith("/cham") ? 300 : 30_000);
  core = await createCore(temp.db, { staffIds, logger, fetchPage: (url) => fetchPage(url, { safeFetch: localFetch, timeoutMs: timeoutMs(url) }) });
  publicOnlyCore = await createCore(temp.db, { staffIds, logger });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await Promise.all([internal.close(), temp.cleanup()]);
});
beforeEach(() => {
  hits.length = 0;
  logged.length = 0;
  internal.requests.length = 0;
});

const staffSends = async (bot: Core, url: string) => (await bot.answer({ channel: "telegram", userId: "42", chatId: "42", text: `lưu giúp ${url}` })).text;

describe("a staff link to an internal address", () => {
  it("is refused with the plain message, in any notation and after a redirect; nothing is stored", async () => {
    const reports = await temp.db.report.count();
    for (const url of [`${internal.base}/`, `http://0x7f000002:${internal.port}/`, `${base}/noi-bo`]) {
      expect([url, await staffSends(core, url)]).toEqual([url, UNREADABLE_LINK]);
    }
    // Without FETCH_ALLOW_PRIVATE even 127.0.0.1 is internal, however it is written.
    for (const url of [`http://0x7f000001:${port}/bai-viet`, `http://2130706433:${port}/bai-viet`, `${base}/bai-viet`]) {
      expect([url, await staffSends(publicOnlyCore, url)]).toEqual([url, UNREADABLE_LINK]);
    }
    expect(internal.requests).toEqual([]);
    expect(hits).toEqual(["/noi-bo"]);
    expect(await temp.db.report.count()).toBe(reports);
    expect(UNREADABLE_LINK).toMatch(/^Không đọc được liên kết này\./);
  });

  it("gets the same reply as a closed port, a timeout and an HTTP error; only the log tells them apart", async () => {
    const urls = [`${internal.base}/`, `http://127.0.0.1:${await closedPort()}/`, `${base}/cham`, `${base}/khong-co`];
    const replies = [];
    for (const url of urls) replies.push(await staffSends(core, url));
    expect(new Set(replies)).toEqual(new Set([UNREADABLE_LINK]));
    const events = logged.filter((l) => l.event === "ingest_link_unreadable");
    expect(events.map((e) => e.reason)).toEqual(["blocked_address", "ECONNREFUSED", "timeout", "HTTP_404"]);
    expect(events[0]).toMatchObject({ channel: "telegram", detail: expect.stringMatching(/127\.0\.0\.2 thuộc dải loopback/) });
  });

  it("does not stop a page the allow list permits from being stored", async () => {
    expect(await staffSends(core, `${base}/bai-viet`)).toMatch(/^(Đã lưu|Báo cáo này đã có)/);
  });
});
