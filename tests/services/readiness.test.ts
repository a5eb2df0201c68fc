import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReadiness } from "../../src/services/readiness.ts";
import { createTempDb, type TempDb } from "../support/temp-db.ts";

// /readyz: ready while the database answers and no alert has waited past the bound.
let temp: TempDb;
beforeAll(async () => {
  temp = await createTempDb({ seed: false });
});
afterAll(() => temp.cleanup());

describe("readiness", () => {
  it("is ready with an empty outbox, and with alerts that are due but recent", async () => {
    expect(await checkReadiness(temp.db)).toEqual({ ready: true, database: "ok", oldestDueAlertSeconds: null });
    const source = await temp.db.newsSource.create({ data: { url: "https://sct.example/rss.xml", kind: "feed" } });
    const item = await temp.db.newsItem.create({ data: { sourceId: source.id, key: "k1", title: "Tin", url: "https://sct.example/1" } });
    const subscriber = await temp.db.subscriber.create({ data: { channel: "telegram", chatId: "1" } });
    const now = new Date();
    await temp.db.delivery.create({ data: { subscriberId: subscriber.id, itemId: item.id, notBefore: new Date(now.getTime() - 60_000) } });
    expect(await checkReadiness(temp.db, { now })).toEqual({ ready: true, database: "ok", oldestDueAlertSeconds: 60 });
  });

  it("is not ready when the oldest due alert waited longer than the bound (a stuck sender)", async () => {
    const later = new Date(Date.now() + 20 * 60_000);
    const state = await checkReadiness(temp.db, { now: later });
    expect(state.ready).toBe(false);
    expect(state.oldestDueAlertSeconds).toBeGreaterThan(15 * 60);
  });
});
