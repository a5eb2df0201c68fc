import { Api } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createZaloClient } from "../../../src/bot/zalo/client.ts";
import { createOutboxSender, type OutboxSenderOptions, outboxStats } from "../../../src/services/alerts/sender.ts";
import type { Transport } from "../../../src/services/alerts/transports.ts";
import { telegramTransport } from "../../../src/bot/telegram/alert-transport.ts";
import { zaloTransport } from "../../../src/bot/zalo/alert-transport.ts";
import type { Db } from "../../../src/services/db.ts";
import { type FakeTelegram, FakeApiError, startFakeTelegram } from "../../support/fake-telegram.ts";
import { type FakeZalo, startFakeZalo } from "../../support/fake-zalo.ts";
import { createTempDb, silentLogger, type TempDb } from "../../support/temp-db.ts";
import { clearOutbox, fakeClock, type SeedSubscriber, seedOutbox } from "../../support/outbox.ts";

const TG_TOKEN = "123456789:AAEsenderTestTokenXYZ";
const ITEM = { title: "Giá xăng <RON95> & dầu tăng", summary: "Giá xăng tăng 300 đồng/lít. Áp dụng từ 15h." };

let temp: TempDb;
let db: Db;
let tg: FakeTelegram;
let zalo: FakeZalo;
/** Telegram sendMessage calls the bot made, with the chat, the fake's arrival time and the answer. */
let tgSends: { chatId: string; text: string; at: number; failed: boolean }[];
const tgFailures = new Map<string, FakeApiError[]>();

beforeAll(async () => {
  temp = await createTempDb();
  db = temp.db;
  tg = await startFakeTelegram();
  zalo = await startFakeZalo();
});
afterAll(async () => {
  await tg.stop();
  await zalo.close();
  await temp.cleanup();
});
beforeEach(async () => {
  await clearOutbox(db);
  zalo.reset();
  tgSends = [];
  tgFailures.clear();
  let id = 1;
  tg.handle("sendMessage", (params) => {
    const chatId = String(params.chat_id);
    const failure = tgFailures.get(chatId)?.shift();
    tgSends.push({ chatId, text: String(params.text), at: Date.now(), failed: failure !== undefined });
    if (failure) throw failure;
    return { message_id: id++, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: "private" }, text: params.text };
  });
});

const transports = () => ({
  telegram: telegramTransport(new Api(TG_TOKEN, { apiRoot: tg.apiRoot })),
  zalo: zaloTransport(createZaloClient({ apiRoot: zalo.apiRoot, token: "42:zalo", logger: silentLogger, maxRetries: 0 })),
});

function sender(clock: ReturnType<typeof fakeClock> | undefined, over: Partial<OutboxSenderOptions> = {}) {
  return createOutboxSender({ db, transports: transports(), logger: silentLogger, ...(clock && { now: clock.now, sleep: clock.sleep }), ...over });
}

const sentTo = (chatId: string) => tgSends.filter((s) => s.chatId === chatId && !s.failed);
const rowsOf = (chatId: string) => db.delivery.findMany({ where: { subscriber: { chatId } }, orderBy: { id: "asc" } });

describe("outbox sender", () => {
  it("sends one item once to every subscriber, and a second drain sends nothing", async () => {
    await seedOutbox(
      db,
      [
        { channel: "telegram", chatId: "1001" },
        { channel: "telegram", chatId: "1002" },
        { channel: "zalo", chatId: "z1" },
        { channel: "zalo", chatId: "z2" },
      ],
      [ITEM],
    );
    const s = sender(fakeClock());
    expect(await s.drainOnce()).toMatchObject({ messages: 4, sent: 4, retried: 0, failed: 0, skipped: 0 });
    expect(sentTo("1001")).toHaveLength(1);
    expect(sentTo("1002")).toHaveLength(1);
    expect(sentTo("1001")[0].text).toContain("<b>Giá xăng &lt;RON95&gt; &amp; dầu tăng</b>");
    expect(zalo.sent.map((m) => m.chat_id)).toEqual(["z1", "z2"]);
    expect(zalo.sent[0].text).toContain("Giá xăng <RON95> & dầu tăng");
    expect(await s.drainOnce()).toMatchObject({ messages: 0 });
    expect(tgSends).toHaveLength(2);
    expect(zalo.sent).toHaveLength(2);
    expect(await s.stats()).toMatchObject({ sent: 4, pending: 0, sending: 0, failed: 0, resumed: 0, total: 4 });
    expect((await db.delivery.findMany()).every((d) => d.sentAt && d.attempts === 1)).toBe(true);
  });

  it("honours a 429 with retry_after=2: resent after two seconds, exactly once", async () => {
    await seedOutbox(
      db,
      [
        { channel: "telegram", chatId: "2001" },
        { channel: "zalo", chatId: "z1" },
      ],
      [ITEM],
    );
    tgFailures.set("2001", [new FakeApiError(429, "Too Many Requests: retry after 2", 2)]);
    const clock = fakeClock();
    const t0 = clock.ms;
    const s = sender(clock);
    expect(await s.drainOnce()).toMatchObject({ messages: 1, retried: 1 });
    expect(zalo.sent).toHaveLength(1); // the other channel is not held up
    const [row] = await rowsOf("2001");
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    expect(row.notBefore.getTime()).toBe(t0 + 2000);
    expect(row.lastError).toContain("429");
    expect(await s.drainOnce()).toMatchObject({ messages: 0 });
    clock.advance(1999);
    expect(await s.drainOnce()).toMatchObject({ messages: 0 });
    clock.advance(1);
    expect(await s.drainOnce()).toMatchObject({ messages: 1, sent: 1 });
    expect(await s.drainOnce()).toMatchObject({ messages: 0 });
    expect(tgSends.map((x) => x.failed)).toEqual([true, false]);
    expect(sentTo("2001")).toHaveLength(1);
  });

  it("pauses the channel in the database on a 429 with retry_after=3600, and sends nothing else on it", async () => {
    const subs: SeedSubscriber[] = ["3001", "3002", "3003"].map((chatId) => ({ channel: "telegram", chatId }));
    await seedOutbox(db, [...subs, { channel: "zalo", chatId: "z1" }], [ITEM]);
    tgFailures.set("3001", [new FakeApiError(429, "Too Many Requests: retry after 3600", 3600)]);
    const clock = fakeClock();
    // One in flight, so the 429 is answered before anything else starts (with a window, the sends
    // already in flight finish and nothing new starts: window-429.test.ts).
    const s = sender(clock, { window: 1 });
    const first = await s.drainOnce();
    expect(first).toMatchObject({ messages: 1, retried: 1, paused: ["telegram"] });
    expect(tgSends).toHaveLength(1);
    expect(zalo.sent).toHaveLength(1);
    const pause = await db.channelPause.findUnique({ where: { channel: "telegram" } });
    expect(pause).toMatchObject({ until: new Date(clock.ms + 3600_000), reason: expect.stringContaining("retry after 3600") });
    expect((await outboxStats(db)).paused.telegram).toBe(pause!.until.toISOString());
    // A new sender (a restart) respects the pause too.
    const restarted = sender(clock);
    clock.advance(600_000);
    expect(await restarted.drainOnce()).toMatchObject({ messages: 0 });
    expect(tgSends).toHaveLength(1);
    clock.advance(3000_000);
    expect(await restarted.drainOnce()).toMatchObject({ messages: 3, sent: 3 });
    expect(await db.channelPause.findUnique({ where: { channel: "telegram" } })).toBeNull();
    expect(["3001", "3002", "3003"].map((c) => sentTo(c).length)).toEqual([1, 1, 1]);
  });

  it("marks a subscriber who blocked the bot inactive and skips their rows, without touching others", async () => {
    await seedOutbox(
      db,
      [
        { channel: "zalo", chatId: "z-blocked" },
        { channel: "zalo", chatId: "z-ok" },
      ],
      [ITEM, { title: "Tin thứ hai" }],
    );
    zalo.failNext("sendMessage", { body: { ok: false, error_code: 403, description: "Forbidden: user blocked the bot" } });
    const s = sender(fakeClock());
    expect(await s.drainOnce()).toMatchObject({ messages: 2, skipped: 2 });
    const blocked = await db.subscriber.findFirst({ where: { chatId: "z-blocked" } });
    expect(blocked).toMatchObject({ active: false });
    expect(blocked!.inactiveReason).toContain("403");
    const rows = await rowsOf("z-blocked");
    expect(rows.map((r) => r.status)).toEqual(["skipped", "skipped"]);
    expect(rows.every((r) => r.lastError?.includes("403"))).toBe(true);
    expect(zalo.sent.map((m) => m.chat_id)).toEqual(["z-ok", "z-ok"]);
    expect((await rowsOf("z-ok")).map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("retries a 5xx with exponential backoff, then sends once", async () => {
    await seedOutbox(db, [{ channel: "zalo", chatId: "z5" }], [ITEM]);
    zalo.failNext("sendMessage", { body: { ok: false, error_code: 500, description: "Internal Server Error" } }, 2);
    const clock = fakeClock();
    const t0 = clock.ms;
    const s = sender(clock);
    expect(await s.drainOnce()).toMatchObject({ retried: 1 });
    expect((await rowsOf("z5"))[0].notBefore.getTime()).toBe(t0 + 2000);
    clock.advance(1999);
    expect(await s.drainOnce()).toMatchObject({ messages: 0, retried: 0 });
    clock.advance(1);
    expect(await s.drainOnce()).toMatchObject({ retried: 1 });
    expect((await rowsOf("z5"))[0].notBefore.getTime()).toBe(t0 + 2000 + 4000);
    clock.advance(4000);
    expect(await s.drainOnce()).toMatchObject({ messages: 1 });
    expect((await rowsOf("z5"))[0]).toMatchObject({ status: "sent", attempts: 3 });
    expect(zalo.sent).toHaveLength(1);
    expect(zalo.requests).toHaveLength(3);
  });

  it("fails a row after maxAttempts transient errors, or at once on a permanent one, with the reason", async () => {
    await seedOutbox(
      db,
      [
        { channel: "telegram", chatId: "6001" },
        { channel: "telegram", chatId: "6002" },
      ],
      [ITEM],
    );
    tgFailures.set(
      "6001",
      Array.from({ length: 3 }, () => new FakeApiError(502, "Bad Gateway")),
    );
    tgFailures.set("6002", [new FakeApiError(400, "Bad Request: message text is empty")]);
    const clock = fakeClock();
    const s = sender(clock, { maxAttempts: 3 });
    for (let i = 0; i < 5; i++) {
      await s.drainOnce();
      clock.advance(10 * 60_000);
    }
    expect((await rowsOf("6001"))[0]).toMatchObject({ status: "failed", attempts: 3, lastError: "502 Bad Gateway" });
    expect((await rowsOf("6002"))[0]).toMatchObject({ status: "failed", attempts: 1, lastError: "400 Bad Request: message text is empty" });
    expect(tgSends.filter((x) => x.chatId === "6001")).toHaveLength(3);
    expect(await s.stats()).toMatchObject({ failed: 2, sent: 0, pending: 0 });
  });

  it("keeps at most one message per chat per interval while other chats go on (real time)", async () => {
    await seedOutbox(db, [{ channel: "telegram", chatId: "7001" }], [ITEM, { title: "Tin 2" }, { title: "Tin 3" }]);
    await seedOutbox(
      db,
      [
        { channel: "telegram", chatId: "7002" },
        { channel: "telegram", chatId: "7003" },
      ],
      [{ title: "Tin khác" }],
    );
    const s = sender(undefined, { perChatIntervalMs: 250, ratePerSecond: { telegram: null } });
    expect(await s.drainOnce()).toMatchObject({ messages: 5 });
    const busy = sentTo("7001").map((x) => x.at);
    expect(busy).toHaveLength(3);
    // The sender spaces from the previous answer, so arrival times at the fake are spaced too.
    for (let i = 1; i < busy.length; i++) expect(busy[i] - busy[i - 1]).toBeGreaterThanOrEqual(250);
    // The others did not wait behind the busy chat.
    expect(Math.max(sentTo("7002")[0].at, sentTo("7003")[0].at)).toBeLessThan(busy[1]);
  });

  it("paces a channel at the configured rate: never more in any second, never closer than 0.9/rate", async () => {
    await seedOutbox(
      db,
      Array.from({ length: 6 }, (_, i) => ({ channel: "zalo" as const, chatId: `r${i}` })),
      [ITEM],
    );
    const clock = fakeClock();
    const times: number[] = [];
    const inner = transports().zalo;
    const recording: Transport = { channel: "zalo", send: (chatId, m) => (times.push(clock.ms), inner.send(chatId, m)) };
    const s = createOutboxSender({ db, transports: { zalo: recording }, ratePerSecond: { zalo: 4 }, logger: silentLogger, now: clock.now, sleep: clock.sleep });
    await s.drainOnce();
    // Four starts 225 ms apart, then the fifth waits until a second (plus 2 %) after the first.
    expect(times.map((t) => t - times[0])).toEqual([0, 225, 450, 675, 1020, 1245]);
  });

  it("sends a digest subscriber's due items as one message and marks them all", async () => {
    const items = [{ title: "Tin một" }, { title: "Tin hai" }, { title: "Tin ba" }];
    await seedOutbox(
      db,
      [
        { channel: "zalo", chatId: "zd", mode: "digest" },
        { channel: "telegram", chatId: "8001", mode: "digest" },
        { channel: "zalo", chatId: "zi" },
      ],
      items,
    );
    const s = sender(fakeClock());
    expect(await s.drainOnce()).toMatchObject({ sent: 9, messages: 5 });
    const digest = zalo.sent.filter((m) => m.chat_id === "zd");
    expect(digest).toHaveLength(1);
    for (const [i, it] of items.entries()) expect(digest[0].text).toContain(`${i + 1}. ${it.title}`);
    expect(sentTo("8001")).toHaveLength(1);
    expect(sentTo("8001")[0].text).toContain("<b>Bản tin: 3 tin mới</b>");
    expect(zalo.sent.filter((m) => m.chat_id === "zi")).toHaveLength(3);
    const rows = await rowsOf("zd");
    expect(rows.every((r) => r.status === "sent" && r.sentAt?.getTime() === rows[0].sentAt?.getTime())).toBe(true);
  });

  it("continues a digest that did not fit in one message in the next one", async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ title: `Tin ${i + 1}: ${"thị trường hàng hóa ".repeat(6)}` }));
    await seedOutbox(db, [{ channel: "zalo", chatId: "zbig", mode: "digest" }], many);
    const s = sender(fakeClock());
    while ((await s.drainOnce()).messages > 0);
    expect(zalo.sent.length).toBeGreaterThan(1);
    expect(zalo.sent[0].text).toMatch(/… và \d+ tin khác/);
    expect(zalo.sent.every((m) => m.text.length <= 2000)).toBe(true);
    expect(await s.stats()).toMatchObject({ sent: 40, pending: 0 });
  });

  it("skips, with a reason, rows of subscribers who became inactive after queuing", async () => {
    await seedOutbox(db, [{ channel: "zalo", chatId: "zgone" }], [ITEM]);
    await db.subscriber.updateMany({ where: { chatId: "zgone" }, data: { active: false, inactiveReason: "gõ /huy" } });
    expect(await sender(fakeClock()).drainOnce()).toMatchObject({ skipped: 1, messages: 0 });
    expect((await rowsOf("zgone"))[0]).toMatchObject({ status: "skipped", lastError: "subscriber inactive: gõ /huy" });
  });

  it("recovers rows left in 'sending' by a crash as resumed, and sends them", async () => {
    await seedOutbox(
      db,
      [
        { channel: "zalo", chatId: "zr1" },
        { channel: "zalo", chatId: "zr2" },
        { channel: "zalo", chatId: "zr3" },
      ],
      [ITEM],
    );
    await db.delivery.updateMany({ where: { subscriber: { chatId: { in: ["zr1", "zr2"] } } }, data: { status: "sending", attempts: 1 } });
    const s = sender(fakeClock());
    expect(await s.recoverInterrupted()).toBe(2);
    expect(await s.recoverInterrupted()).toBe(0);
    expect(await s.drainOnce()).toMatchObject({ sent: 3 });
    expect(await outboxStats(db)).toMatchObject({ sent: 3, resumed: 2 });
  });

  it("runs a loop that wakes on demand, and stop() waits for the send in flight", async () => {
    const s1 = sender(undefined, { ratePerSecond: { zalo: null } });
    s1.start({ intervalMs: 60_000 });
    await seedOutbox(
      db,
      [
        { channel: "zalo", chatId: "zw1" },
        { channel: "zalo", chatId: "zw2" },
      ],
      [ITEM],
    );
    s1.wake();
    await vi.waitFor(() => expect(zalo.sent).toHaveLength(2), { timeout: 5000 });
    await s1.stop();

    let release!: () => void;
    let entered = false;
    const gate: Transport = { channel: "zalo", send: () => ((entered = true), new Promise<void>((r) => (release = r))) };
    const s2 = createOutboxSender({ db, transports: { zalo: gate }, logger: silentLogger });
    await seedOutbox(db, [{ channel: "zalo", chatId: "zw3" }], [ITEM]);
    s2.start({ intervalMs: 20 });
    await vi.waitFor(() => expect(entered).toBe(true), { timeout: 5000 });
    let stopped = false;
    const stopping = s2.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect((await rowsOf("zw3"))[0].status).toBe("sent");
  });
});
