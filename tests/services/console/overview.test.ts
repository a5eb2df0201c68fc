import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOverview } from "../../../src/services/console/overview.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// The overview's numbers from a real SQLite file: rows inside the 7-day window count, older ones do not.

const NOW = new Date("2026-12-01T03:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 24 * 3600_000);
let temp: TempDb;

beforeAll(async () => {
  temp = await createTempDb({ seed: false });
  const db = temp.db;
  const [tg1, tg2, tgOff, zalo] = await Promise.all([
    db.subscriber.create({ data: { channel: "telegram", chatId: "1" } }),
    db.subscriber.create({ data: { channel: "telegram", chatId: "2" } }),
    db.subscriber.create({ data: { channel: "telegram", chatId: "3", active: false, inactiveReason: "blocked the bot" } }),
    db.subscriber.create({ data: { channel: "zalo", chatId: "z1" } }),
  ]);
  const ok = await db.newsSource.create({ data: { url: "https://sct.example.gov.vn/rss", kind: "feed", name: "Sở Công Thương", lastOkAt: daysAgo(0.01), lastItemCount: 12 } });
  const failing = await db.newsSource.create({
    data: { url: "https://down.example.vn/", kind: "html", consecutiveFailures: 3, lastError: "HTTP 503", nextFetchAt: new Date(NOW.getTime() + 3600_000), lastOkAt: daysAgo(2) },
  });
  await db.newsSource.create({ data: { url: "https://new.example.vn/feed", kind: "feed" } });
  // Staff announcements live in the same table, but are not a source to watch.
  await db.newsSource.create({ data: { url: "announcement:staff", kind: "announcement" } });
  const item = (sourceId: number, key: string) => db.newsItem.create({ data: { sourceId, key, title: key } });
  const [a, b, c, old] = await Promise.all([item(ok.id, "a"), item(ok.id, "b"), item(failing.id, "c"), item(ok.id, "old")]);
  const delivery = (subscriberId: number, itemId: number, status: string, createdAt = daysAgo(1)) => db.delivery.create({ data: { subscriberId, itemId, status, createdAt } });
  await Promise.all([
    delivery(tg1.id, a.id, "sent"),
    delivery(tg2.id, a.id, "sent"),
    delivery(tgOff.id, a.id, "failed"),
    delivery(tg1.id, b.id, "pending"),
    delivery(tg2.id, b.id, "sending"),
    delivery(zalo.id, a.id, "sent"),
    delivery(zalo.id, b.id, "skipped"),
    delivery(zalo.id, c.id, "failed"),
    // Older than the window: not counted.
    delivery(tg1.id, old.id, "sent", daysAgo(8)),
    delivery(zalo.id, old.id, "failed", daysAgo(30)),
  ]);
  let n = 0;
  const message = (intent: string | null, receivedAt = daysAgo(1), channel = "telegram") =>
    db.inboundMessage.create({ data: { channel, messageId: String(++n), chatId: "1", userId: "1", message: "{}", status: intent ? "answered" : "received", intent, receivedAt } });
  for (const intent of ["contact_phone", "contact_phone", "contact_phone", "figure", "figure_none", "figure_none", "out_of_scope"]) await message(intent);
  await message("contact_email", daysAgo(0.5), "zalo");
  await message(null); // not answered yet: no intent to count
  await message("out_of_scope", daysAgo(9)); // outside the window
});
afterAll(() => temp?.cleanup());

describe("the console overview", () => {
  it("counts subscribers by channel and status", async () => {
    const o = await readOverview(temp.db, NOW);
    expect(o.subscribers).toEqual([
      { channel: "telegram", active: 2, inactive: 1 },
      { channel: "zalo", active: 1, inactive: 0 },
    ]);
  });

  it("counts the alerts queued in the last 7 days by channel and state, pending including those being sent", async () => {
    const o = await readOverview(temp.db, NOW);
    expect(o.since).toEqual(daysAgo(7));
    expect(o.alerts).toEqual([
      { channel: "telegram", sent: 2, failed: 1, pending: 2, skipped: 0 },
      { channel: "zalo", sent: 1, failed: 1, pending: 0, skipped: 1 },
    ]);
  });

  it("shows each news source's health, with its backoff while it is failing, and leaves announcements out", async () => {
    const o = await readOverview(temp.db, NOW);
    expect(o.sources.map((s) => s.name)).toEqual(["Sở Công Thương", "https://down.example.vn/", "https://new.example.vn/feed"]);
    const [ok, failing, fresh] = o.sources;
    expect(ok).toMatchObject({ consecutiveFailures: 0, lastItemCount: 12, backoffUntil: null });
    expect(failing).toMatchObject({ consecutiveFailures: 3, lastError: "HTTP 503", backoffUntil: new Date(NOW.getTime() + 3600_000), lastOkAt: daysAgo(2) });
    expect(fresh).toMatchObject({ lastOkAt: null, backoffUntil: null });
  });

  it("counts the last 7 days' questions by intent, and those answered out of scope or without a figure", async () => {
    const o = await readOverview(temp.db, NOW);
    expect(o.questions).toEqual([
      { intent: "contact_phone", count: 3 },
      { intent: "figure_none", count: 2 },
      { intent: "contact_email", count: 1 },
      { intent: "figure", count: 1 },
      { intent: "out_of_scope", count: 1 },
    ]);
    expect(o.questionTotal).toBe(8);
    expect(o.unanswered).toEqual({ outOfScope: 1, noFigure: 2 });
  });

  it("is empty, not broken, on an empty database", async () => {
    const empty = await createTempDb({ seed: false });
    try {
      expect(await readOverview(empty.db, NOW)).toEqual({
        since: daysAgo(7),
        subscribers: [],
        alerts: [],
        sources: [],
        questions: [],
        questionTotal: 0,
        unanswered: { outOfScope: 0, noFigure: 0 },
      });
    } finally {
      await empty.cleanup();
    }
  });
});
