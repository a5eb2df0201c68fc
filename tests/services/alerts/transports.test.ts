import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Api, GrammyError } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createZaloClient } from "../../../src/bot/zalo/client.ts";
import { DeliveryError } from "../../../src/services/alerts/transports.ts";
import { classifyTelegramError, telegramTransport } from "../../../src/bot/telegram/alert-transport.ts";
import { zaloTransport } from "../../../src/bot/zalo/alert-transport.ts";
import { type FakeTelegram, FakeApiError, startFakeTelegram } from "../../support/fake-telegram.ts";
import { type FakeZalo, startFakeZalo } from "../../support/fake-zalo.ts";
import { silentLogger } from "../../support/temp-db.ts";

const TG_TOKEN = "123456789:AAEtransportTestTokenXYZ";
const ZALO_TOKEN = "987654321:zaloTransportTestSecret";
const MSG = { text: "A < B & C", html: "<b>A &lt; B &amp; C</b>" };

let tg: FakeTelegram;
let zalo: FakeZalo;
let closedPort: string;

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  const e = err as DeliveryError;
  expect(e.reason).not.toContain(TG_TOKEN);
  expect(e.reason).not.toContain(ZALO_TOKEN);
  expect(e.reason).not.toMatch(/https?:\/\//);
  return e;
}

beforeAll(async () => {
  tg = await startFakeTelegram();
  zalo = await startFakeZalo();
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  closedPort = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  await new Promise<void>((r) => s.close(() => r()));
});
afterAll(async () => {
  await tg.stop();
  await zalo.close();
});
beforeEach(() => {
  tg.handle("sendMessage", null);
  zalo.reset();
});

describe("telegramTransport", () => {
  const transport = () => telegramTransport(new Api(TG_TOKEN, { apiRoot: tg.apiRoot }), { timeoutMs: 1000 });

  it("sends HTML with link previews off, or plain text when there is no HTML", async () => {
    await transport().send("5001", MSG);
    await transport().send("5001", { text: "chỉ chữ" });
    const [rich, plain] = (await tg.user(TG_TOKEN, { chatId: 5001 }).history()).map((r) => r.params);
    expect(rich).toMatchObject({ text: MSG.html, parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    expect(plain.parse_mode).toBeUndefined();
    expect(plain.text).toBe("chỉ chữ");
  });

  it("maps Telegram errors to what the outbox needs", async () => {
    const cases: [FakeApiError, string, number?][] = [
      [new FakeApiError(429, "Too Many Requests: retry after 7", 7), "rate_limited", 7],
      [new FakeApiError(403, "Forbidden: bot was blocked by the user"), "blocked"],
      [new FakeApiError(400, "Bad Request: chat not found"), "blocked"],
      [new FakeApiError(500, "Internal Server Error"), "transient"],
      [new FakeApiError(502, "Bad Gateway"), "transient"],
      [new FakeApiError(400, "Bad Request: message text is empty"), "permanent"],
      [new FakeApiError(401, `Unauthorized https://api.telegram.org/bot${TG_TOKEN}/sendMessage`), "permanent"],
    ];
    for (const [error, kind, retryAfter] of cases) {
      tg.handle("sendMessage", () => {
        throw error;
      });
      const e = await failure(transport().send("5002", MSG));
      expect([e.kind, e.retryAfterSec]).toEqual([kind, retryAfter]);
      expect(e.reason).toContain(String(error.code));
    }
  });

  it("reports a group that became a supergroup as permanent, with the new chat id", () => {
    // The harness's FakeApiError cannot carry migrate_to_chat_id, so classify a GrammyError directly.
    const err = new GrammyError(
      "x",
      { ok: false, error_code: 400, description: "Bad Request: group chat was upgraded to a supergroup chat", parameters: { migrate_to_chat_id: -1001234567890 } },
      "sendMessage",
      {},
    );
    const e = classifyTelegramError(err);
    expect(e.kind).toBe("permanent");
    expect(e.reason).toContain("-1001234567890");
  });

  it("treats network failures and timeouts as transient without leaking the URL", async () => {
    const offline = telegramTransport(new Api(TG_TOKEN, { apiRoot: closedPort }));
    expect((await failure(offline.send("5003", MSG))).kind).toBe("transient");
    let release!: () => void;
    tg.handle("sendMessage", () => new Promise((r) => (release = () => r({ message_id: 1 }))));
    const slow = telegramTransport(new Api(TG_TOKEN, { apiRoot: tg.apiRoot }), { timeoutMs: 200 });
    expect((await failure(slow.send("5003", MSG))).kind).toBe("transient");
    release();
  });

  it("falls back to plain text when Telegram cannot parse the HTML", async () => {
    const seen: Record<string, unknown>[] = [];
    tg.handle("sendMessage", (params) => {
      seen.push(params);
      if (params.parse_mode) throw new FakeApiError(400, "Bad Request: can't parse entities: unexpected end tag");
      return { message_id: 9, date: 0, chat: { id: 5004, type: "private" }, text: params.text };
    });
    await transport().send("5004", MSG);
    expect(seen.map((p) => [p.parse_mode, p.text])).toEqual([
      ["HTML", MSG.html],
      [undefined, MSG.text],
    ]);
  });
});

describe("zaloTransport", () => {
  const transport = (apiRoot = zalo.apiRoot) => zaloTransport(createZaloClient({ apiRoot, token: ZALO_TOKEN, logger: silentLogger, maxRetries: 0, timeoutMs: 1000 }));

  it("sends plain text", async () => {
    await transport().send("z-1", MSG);
    expect(zalo.sent).toEqual([{ chat_id: "z-1", text: MSG.text }]);
  });

  it("maps Zalo errors to what the outbox needs", async () => {
    const cases: [number, string, number?][] = [
      [429, "rate_limited", 60],
      [403, "blocked"],
      [500, "transient"],
      [408, "transient"],
      [400, "permanent"],
      [404, "permanent"],
    ];
    for (const [code, kind, retryAfter] of cases) {
      zalo.failNext("sendMessage", { body: { ok: false, error_code: code, description: `failure ${code} see https://bot-api.zaloplatforms.com/bot${ZALO_TOKEN}/sendMessage` } });
      const e = await failure(transport().send("z-2", MSG));
      expect([e.kind, e.retryAfterSec]).toEqual([kind, retryAfter]);
    }
    zalo.failNext("sendMessage", { httpStatus: 502, body: "<html>Bad Gateway</html>" });
    expect((await failure(transport().send("z-2", MSG))).kind).toBe("transient");
    zalo.failNext("sendMessage", { body: { ok: false, error_code: 429, description: "Too many requests, retry after 5" } });
    expect((await failure(transport().send("z-2", MSG))).retryAfterSec).toBe(5);
    expect(zalo.sent).toEqual([]);
  });

  it("treats a network failure as transient", async () => {
    expect((await failure(transport(closedPort).send("z-3", MSG))).kind).toBe("transient");
  });
});
