// The send window: up to K messages in flight, never more, never two to one chat, one chat's
// messages in order and a gap apart, and every channel under its rate in any one-second window.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createOutboxSender, type OutboxSenderOptions } from "../../../src/services/alerts/sender.ts";
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

const chats = (channel: "telegram" | "zalo", n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ channel, chatId: `${prefix}${i + 1}` }));
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Tin số ${i + 1}` }));
const count = (status: string) => db.delivery.count({ where: { status } });
const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

function sender(over: Partial<OutboxSenderOptions>) {
  return createOutboxSender({ db, transports: {}, logger: silentLogger, ...over });
}

/** The most starts within any span shorter than a second. */
function mostInOneSecond(starts: number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[i] - starts[j] >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("send window", () => {
  it("keeps K sends in flight, never more, and never more than K rows 'sending'", async () => {
    await seedOutbox(db, chats("zalo", 10, "w"), items(1));
    const clock = fakeClock();
    const gate = createGate("zalo", clock);
    const s = sender({ transports: { zalo: gate.transport }, ratePerSecond: { zalo: null }, window: 3, now: clock.now, sleep: clock.sleep });
    const drained = s.drainOnce();
    for (let answered = 0; answered < 10; answered++) {
      // The window refills as far as the jobs left allow, and not one send further.
      const expected = Math.min(3, 10 - answered);
      await vi.waitFor(() => expect(gate.open()).toHaveLength(expected));
      await turns();
      expect(gate.open()).toHaveLength(expected);
      expect(await count("sending")).toBe(expected);
      gate.open()[answered % expected].answer(); // not always the oldest
    }
    expect(await drained).toMatchObject({ messages: 10, sent: 10 });
    expect(gate.maxInFlight).toBe(3);
    expect(gate.calls).toHaveLength(10);
    expect(await count("sent")).toBe(10);
  });

  it("never has two in flight to one chat, keeps each chat's order and gap, and each channel's rate", async () => {
    await seedOutbox(db, [...chats("zalo", 12, "z"), ...chats("telegram", 6, "t")], items(3));
    const clock = fakeClock();
    const zalo = createGate("zalo", clock);
    const telegram = createGate("telegram", clock);
    zalo.auto();
    telegram.auto();
    const s = sender({
      transports: { zalo: zalo.transport, telegram: telegram.transport },
      ratePerSecond: { zalo: 10, telegram: 5 },
      perChatIntervalMs: 1000,
      window: 4,
      now: clock.now,
      sleep: clock.sleep,
    });
    let total = 0;
    for (let r = await s.drainOnce(); r.messages > 0; r = await s.drainOnce()) total += r.messages;
    expect(total).toBe(54);
    expect(await count("sent")).toBe(54);
    for (const [gate, rate] of [
      [zalo, 10],
      [telegram, 5],
    ] as const) {
      expect(gate.overlapped).toEqual([]);
      expect(gate.maxInFlight).toBeLessThanOrEqual(4);
      const starts = gate.calls.map((c) => c.startedAt);
      expect(mostInOneSecond(starts)).toBe(rate); // reached, never exceeded
      for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(900 / rate);
      for (const chatId of new Set(gate.calls.map((c) => c.chatId))) {
        const calls = gate.calls.filter((c) => c.chatId === chatId);
        expect(calls.map((c) => /Tin số (\d)/.exec(c.text)?.[1])).toEqual(["1", "2", "3"]);
        for (let i = 1; i < calls.length; i++) expect(calls[i].startedAt).toBeGreaterThanOrEqual(calls[i - 1].answeredAt! + 1000);
      }
    }
  });

  it("counts the window across both channels", async () => {
    await seedOutbox(db, [...chats("zalo", 4, "cz"), ...chats("telegram", 4, "ct")], items(1));
    const clock = fakeClock();
    const zalo = createGate("zalo", clock);
    const telegram = createGate("telegram", clock);
    const s = sender({
      transports: { zalo: zalo.transport, telegram: telegram.transport },
      ratePerSecond: { zalo: null, telegram: null },
      window: 5,
      now: clock.now,
      sleep: clock.sleep,
    });
    const drained = s.drainOnce();
    await vi.waitFor(() => expect(zalo.inFlight + telegram.inFlight).toBe(5));
    await turns();
    expect(zalo.inFlight + telegram.inFlight).toBe(5);
    zalo.auto();
    telegram.auto();
    expect(await drained).toMatchObject({ messages: 8 });
  });

  it("stop() waits for every send in flight and starts no new one", async () => {
    await seedOutbox(db, chats("zalo", 6, "st"), items(1));
    const gate = createGate("zalo", { ms: 0 });
    const s = sender({ transports: { zalo: gate.transport }, ratePerSecond: { zalo: null }, window: 3 });
    s.start({ intervalMs: 20 });
    await vi.waitFor(() => expect(gate.open()).toHaveLength(3));
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    gate.calls[0].answer();
    gate.calls[1].answer();
    await vi.waitFor(async () => expect(await count("sent")).toBe(2));
    await turns(20);
    expect(stopped).toBe(false);
    expect(gate.calls).toHaveLength(3); // the freed slots stay empty
    gate.calls[2].answer();
    await stopping;
    expect({ sent: await count("sent"), sending: await count("sending"), pending: await count("pending") }).toEqual({ sent: 3, sending: 0, pending: 3 });
  });

  it("refuses a window that is not a whole number of at least 1", () => {
    expect(() => sender({ window: 0 })).toThrow(/window must be a whole number/);
    expect(() => sender({ window: 2.5 })).toThrow(/window must be a whole number/);
  });
});
