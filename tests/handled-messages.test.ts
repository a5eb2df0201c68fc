import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HANDLED_RETENTION_DAYS, markHandled, pruneHandled } from "../src/services/handled-messages.ts";
import { markBlocked, subscribe } from "../src/services/subscriptions.ts";
import { createTempDb, type TempDb } from "./support/temp-db.ts";

let temp: TempDb;
beforeAll(async () => (temp = await createTempDb()));
afterAll(() => temp?.cleanup());

describe("handled platform messages", () => {
  it("are claimed once per channel, however often they are delivered", async () => {
    expect(await markHandled(temp.db, "zalo", "m-1")).toBe(true);
    expect(await markHandled(temp.db, "zalo", "m-1")).toBe(false);
    expect(await markHandled(temp.db, "telegram", "m-1")).toBe(true);
  });

  it(`are forgotten after ${HANDLED_RETENTION_DAYS} days, not before`, async () => {
    await temp.db.handledMessage.create({ data: { channel: "zalo", messageId: "old", createdAt: new Date(Date.now() - (HANDLED_RETENTION_DAYS + 1) * 86_400_000) } });
    expect(await pruneHandled(temp.db)).toBe(1);
    expect(await markHandled(temp.db, "zalo", "m-1")).toBe(false);
  });
});

describe("a chat that blocks the bot", () => {
  it("stops receiving alerts but stays on record", async () => {
    await subscribe(temp.db, { channel: "telegram", chatId: "55" });
    expect(await markBlocked(temp.db, { channel: "telegram", chatId: "55" }, "blocked the bot")).toBe(true);
    const row = await temp.db.subscriber.findUnique({ where: { channel_chatId: { channel: "telegram", chatId: "55" } } });
    expect([row?.active, row?.inactiveReason]).toEqual([false, "blocked: blocked the bot"]);
    expect(await markBlocked(temp.db, { channel: "telegram", chatId: "999" }, "x")).toBe(false);
  });
});
