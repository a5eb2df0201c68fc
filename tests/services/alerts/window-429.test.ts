// Rate limits and row writes with K sends in flight: a 429 holds or pauses the channel for every
// send not yet started, even one claimed while the 429 came back, and answers arriving together
// share their "sent" write.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig, type ConfigError } from "../../../src/config.ts";
import { createOutboxSender, type OutboxSenderOptions } from "../../../src/services/alerts/sender.ts";
import { DeliveryError } from "../../../src/services/alerts/transports.ts";
import type { Db } from "../../../src/services/db.ts";
import { createTempDb, silentLogger, type TempDb } from "../../support/temp-db.ts";
import { createGate } from "../../support/transport-gate.ts";
import { clearOutbox, fakeClock, seedOutbox } from "../../support/outbox.ts";

let temp: TempDb;
let db: Db;
beforeAll(async () => {
  temp = await createTempDb();
  db = temp.db;
});
afterAll(async () => temp.cleanup());
beforeEach(async () => clearOutbox(db));

const chats = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ channel: "zalo" as const, chatId: `${prefix}${i + 1}` }));
const ITEM = { title: "Thông báo lịch cắt điện" };
const rowOf = async (chatId: string) => (await db.delivery.findMany({ where: { subscriber: { chatId } } }))[0];
const tooMany = (sec: number) => new DeliveryError("rate_limited", "429 Too Many Requests", sec);

/** `db`, with a hook run before each claim (pending → sending) reaches the database. */
function withClaimHook(hook: () => Promise<void>): Db {
  const delivery = new Proxy(db.delivery, {
    get(target, prop) {
      const real = Reflect.get(target, prop) as (...a: unknown[]) => unknown;
      if (prop !== "updateMany") return typeof real === "function" ? real.bind(target) : real;
      return (args: { data: { status?: string } }) => (args.data.status === "sending" ? hook().then(() => real.call(target, args)) : real.call(target, args));
    },
  });
  return new Proxy(db, { get: (target, prop) => (prop === "delivery" ? delivery : Reflect.get(target, prop)) });
}

function sender(over: Partial<OutboxSenderOptions>) {
  return createOutboxSender({ db, transports: {}, logger: silentLogger, ratePerSecond: { zalo: null }, window: 4, ...over });
}

describe("rate limits with a window", () => {
  it("a 429 with retry_after=2 while four are in flight: nothing new starts for two seconds", async () => {
    await seedOutbox(db, chats(8, "h"), [ITEM]);
    const clock = fakeClock();
    const gate = createGate("zalo", clock);
    const drained = sender({ transports: { zalo: gate.transport }, now: clock.now, sleep: clock.sleep }).drainOnce();
    await vi.waitFor(() => expect(gate.open()).toHaveLength(4));
    const t429 = clock.ms;
    gate.calls[0].answer(tooMany(2));
    await vi.waitFor(() => expect(gate.calls).toHaveLength(5));
    gate.auto();
    const result = await drained;
    expect(result).toMatchObject({ messages: 7, retried: 1, paused: [] });
    expect(gate.calls.slice(1, 4).every((c) => c.startedAt === t429)).toBe(true); // already in flight
    expect(gate.calls.slice(4).every((c) => c.startedAt >= t429 + 2000)).toBe(true);
    expect(await rowOf("h1")).toMatchObject({ status: "pending", attempts: 0, notBefore: new Date(t429 + 2000) });
  });

  it("a 429 with retry_after=3600 while four are in flight: those finish, the channel pauses, nothing new starts", async () => {
    await seedOutbox(db, chats(8, "p"), [ITEM]);
    const clock = fakeClock();
    const gate = createGate("zalo", clock);
    const drained = sender({ transports: { zalo: gate.transport }, now: clock.now, sleep: clock.sleep }).drainOnce();
    await vi.waitFor(() => expect(gate.open()).toHaveLength(4));
    gate.calls[2].answer(tooMany(3600));
    gate.auto();
    expect(await drained).toMatchObject({ messages: 3, retried: 1, paused: ["zalo"] });
    expect(gate.calls).toHaveLength(4);
    expect(await db.channelPause.findUnique({ where: { channel: "zalo" } })).not.toBeNull();
    const statuses = await db.delivery.groupBy({ by: ["status"], _count: { _all: true } });
    expect(Object.fromEntries(statuses.map((g) => [g.status, g._count._all]))).toEqual({ sent: 3, pending: 5 });
  });

  it("a row claimed while a 429 came back is given back untouched and sent after the wait", async () => {
    await seedOutbox(db, chats(3, "c"), [ITEM]);
    const clock = fakeClock();
    const gate = createGate("zalo", clock);
    let claims = 0;
    let t429 = 0;
    // The second claim is written only after the first send's 429 has been handled.
    const hooked = withClaimHook(async () => {
      if (++claims !== 2) return;
      t429 = clock.ms;
      gate.calls[0].answer(tooMany(2));
      await vi.waitFor(async () => expect((await rowOf("c1")).status).toBe("pending"));
      await new Promise((r) => setImmediate(r));
    });
    gate.auto();
    const result = await sender({ db: hooked, transports: { zalo: gate.transport }, now: clock.now, sleep: clock.sleep }).drainOnce();
    expect(result).toMatchObject({ messages: 2, retried: 1 });
    expect(gate.calls.map((c) => c.chatId)).toEqual(["c1", "c2", "c3"]);
    expect(gate.calls[1].startedAt).toBeGreaterThanOrEqual(t429 + 2000);
    expect(await rowOf("c2")).toMatchObject({ status: "sent", attempts: 1 }); // the given-back claim cost no attempt
  });
});

describe("row writes with a window", () => {
  it("answers arriving together share one 'sent' write", async () => {
    await seedOutbox(db, chats(8, "b"), [ITEM]);
    const clock = fakeClock();
    const gate = createGate("zalo", clock);
    let sentWrites = 0;
    const counting = new Proxy(db, {
      get(target, prop) {
        if (prop !== "delivery") return Reflect.get(target, prop);
        const real = target.delivery;
        return {
          ...real,
          findMany: real.findMany.bind(real),
          updateMany: (args: Parameters<typeof real.updateMany>[0]) => ((sentWrites += args.data.status === "sent" ? 1 : 0), real.updateMany(args)),
        };
      },
    });
    const drained = sender({ db: counting, transports: { zalo: gate.transport }, window: 8, now: clock.now, sleep: clock.sleep }).drainOnce();
    await vi.waitFor(() => expect(gate.open()).toHaveLength(8));
    for (const call of gate.calls) call.answer();
    expect(await drained).toMatchObject({ messages: 8, sent: 8 });
    expect(sentWrites).toBeLessThanOrEqual(2); // the first answer's write, then the seven that came during it
    expect(await db.delivery.count({ where: { status: "sent" } })).toBe(8);
  });
});

describe("ALERT_WINDOW", () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  };
  it("defaults to 8 and takes a whole number from 1 to 100", () => {
    expect(loadConfig({}).alertWindow).toBe(8);
    expect(loadConfig({ ALERT_WINDOW: "20" }).alertWindow).toBe(20);
    expect(problems({ ALERT_WINDOW: "0" })).toEqual(["ALERT_WINDOW must be at least 1"]);
    expect(problems({ ALERT_WINDOW: "2.5" })).toEqual(["ALERT_WINDOW must be a whole number of alerts in flight (1–100)"]);
    expect(problems({ ALERT_WINDOW: "many" })).toEqual(["ALERT_WINDOW must be a whole number of alerts in flight (1–100)"]);
    expect(problems({ ALERT_WINDOW: "500" })).toEqual(["ALERT_WINDOW must be at most 100"]);
  });
});
