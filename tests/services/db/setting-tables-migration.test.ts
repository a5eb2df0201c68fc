// The setting_tables migration: a database as the previous release left it, with state of every
// kind in the old key-value Setting table, is brought up to date by the real migrate(), and the code
// finds each piece in its own table.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOaTokenStore } from "../../../src/bot/zalo-oa/tokens.ts";
import { createChannelGate } from "../../../src/services/alerts/channels.ts";
import type { AlertChannel } from "../../../src/services/alerts/format.ts";
import { outboxStats } from "../../../src/services/alerts/outbox-stats.ts";
import { confirmAnnouncement, dropAnnouncement } from "../../../src/services/announcements.ts";
import { type Db, migrate, openDb } from "../../../src/services/db.ts";
import { crawlOnce } from "../../../src/services/news/crawl.ts";
import { configuredSources, sourceDef } from "../../../src/services/news/sources.ts";
import { databaseBefore, migrationNamed, prismaTime, type Sqlite } from "../../support/migration-state.ts";
import { silentLogger } from "../../support/temp-db.ts";

const FEED = "https://sct.example/rss.xml";
const LISTING = "https://sct.example/tin-tuc";
const DROPPED = "https://sct.example/cu.xml";
const selectors = { item: ".news-item", link: "a", title: "h3", date: ".date" };
const SETUP_REFRESH = "RT-setup-0123456789";
const ACCESS_EXPIRES = Date.UTC(2031, 0, 2, 3, 4, 5, 678);
const PAUSE_UNTIL = "2999-01-02T03:04:05.123Z";
const written = prismaTime(new Date("2026-11-30T08:00:00.250Z"));

/** The previous release's data: sources, items, one subscriber with one delivery, and Setting rows. */
function seedOldRelease(old: Sqlite): void {
  const insert = (sql: string, ...params: unknown[]) => old.prepare(sql).run(...params);
  insert(`INSERT INTO NewsSource (id, url, kind) VALUES (1, ?, 'feed'), (2, ?, 'html'), (3, ?, 'feed')`, FEED, LISTING, DROPPED);
  for (const id of [1, 2, 3]) insert(`INSERT INTO NewsItem (id, sourceId, key, title, firstSeenAt) VALUES (?, 1, ?, ?, ?)`, id, `k${id}`, `Tin ${id}`, written);
  const subscribed = prismaTime(new Date("2026-11-01T00:00:00Z"));
  insert(`INSERT INTO Subscriber (id, channel, chatId, subscribedAt, updatedAt) VALUES (1, 'telegram', '100', ?, ?)`, subscribed, subscribed);
  insert(`INSERT INTO Delivery (subscriberId, itemId, status) VALUES (1, 1, 'sent')`);
  const settings: [string, string][] = [
    // Items 1 and 2 were queued; 3 was stored but not yet. Source 99 no longer exists.
    ["news.queuedThrough.1", "2"],
    ["news.queuedThrough.99", "7"],
    ["pause:telegram", PAUSE_UNTIL],
    ["pause:zalo", "2020-01-01T00:00:00.000Z"],
    ["announce:telegram:42", "Lịch tiếp doanh nghiệp\nThứ Hai tuần sau."],
    ["announce:zalo:u:7", "Bản nháp khác"],
    [
      "news.sources",
      JSON.stringify([
        { url: FEED, kind: "feed" },
        { url: LISTING, kind: "html", name: "Tin tức", selectors, allowHosts: ["baocongthuong.vn"] },
      ]),
    ],
    ["zalo-oa:refresh-token", "RT-stored"],
    ["zalo-oa:refresh-token-seed", createHash("sha256").update(SETUP_REFRESH).digest("hex")],
    ["zalo-oa:access-token", JSON.stringify({ token: "AT-stored", expiresAt: ACCESS_EXPIRES })],
  ];
  for (const [key, value] of settings) insert(`INSERT INTO Setting (key, value, updatedAt) VALUES (?, ?, ?)`, key, value, written);
}

let dir: string;
let db: Db;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "ct-migrate-"));
  const file = path.join(dir, "bot.db");
  const old = databaseBefore(file, migrationNamed("setting_tables"));
  seedOldRelease(old);
  old.close();
  db = openDb(`file:${file}`);
  await migrate(db, `file:${file}`);
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("the setting_tables migration", () => {
  it("drops Setting and keeps the rows of the rebuilt NewsSource table's dependants", async () => {
    expect(await db.$queryRaw`SELECT name FROM sqlite_master WHERE name = 'Setting'`).toEqual([]);
    expect(await db.newsItem.count()).toBe(3);
    expect(await db.delivery.count()).toBe(1);
  });

  it("moves the queue cursor, which the crawl then honours", async () => {
    expect(await db.queueCursor.findMany({ select: { sourceId: true, lastItemId: true, updatedAt: true } })).toEqual([
      { sourceId: 1, lastItemId: 2, updatedAt: new Date("2026-11-30T08:00:00.250Z") },
    ]);
    const now = new Date();
    const summary = await crawlOnce(db, {
      fetchSource: async () => ({ status: 304 }),
      fetchArticle: async () => {
        throw new Error("no article is fetched: the items have no link");
      },
      logger: silentLogger,
      now: () => now,
      notifyStaff: async () => undefined,
    });
    // Only the configured sources are polled, and only item 3 is queued.
    expect(summary.sources.map((s) => [s.url, s.queued])).toEqual([
      [FEED, 1],
      [LISTING, 0],
    ]);
    expect((await db.queueCursor.findUniqueOrThrow({ where: { sourceId: 1 } })).lastItemId).toBe(3);
  });

  it("moves the source definitions onto their NewsSource rows", async () => {
    const defs = (await configuredSources(db)).map(sourceDef);
    expect(defs).toEqual([
      { url: FEED, kind: "feed", official: false, allowHosts: [] },
      { url: LISTING, kind: "html", official: false, selectors, allowHosts: ["baocongthuong.vn"] },
    ]);
  });

  it("moves the channel pauses: one still holds, the one that is over is cleared", async () => {
    expect(await db.channelPause.findMany({ orderBy: { channel: "asc" } })).toEqual([
      { channel: "telegram", until: new Date(PAUSE_UNTIL), reason: null },
      { channel: "zalo", until: new Date("2020-01-01T00:00:00.000Z"), reason: null },
    ]);
    const transport = (channel: AlertChannel) => ({ channel, send: async () => undefined });
    const gate = createChannelGate(db, { telegram: transport("telegram"), zalo: transport("zalo") }, silentLogger);
    const paused = new Set<AlertChannel>();
    expect(await gate(Date.now(), paused)).toEqual(["zalo"]);
    expect([...paused]).toEqual(["telegram"]);
    expect((await db.channelPause.findMany()).map((p) => p.channel)).toEqual(["telegram"]);
    expect((await outboxStats(db)).paused).toEqual({ telegram: PAUSE_UNTIL });
  });

  it("moves the announcement drafts, found by channel and user", async () => {
    expect(await db.announcementDraft.findUniqueOrThrow({ where: { channel_userId: { channel: "zalo", userId: "u:7" } } })).toMatchObject({
      text: "Bản nháp khác",
      createdAt: new Date("2026-11-30T08:00:00.250Z"),
    });
    expect(await confirmAnnouncement(db, "telegram", "42")).toBe(1);
    expect(await db.newsItem.findFirst({ where: { title: "Lịch tiếp doanh nghiệp" } })).toMatchObject({ summary: "Thứ Hai tuần sau." });
    expect(await dropAnnouncement(db, "zalo", "u:7")).toBe(true);
    expect(await db.announcementDraft.count()).toBe(0);
  });

  it("moves the Zalo OA tokens, which the first app to start claims", async () => {
    expect(await db.zaloOaToken.findMany({ select: { appId: true, accessExpiresAt: true } })).toEqual([{ appId: "legacy", accessExpiresAt: new Date(ACCESS_EXPIRES) }]);
    const fetchImpl = async () => {
      throw new Error("the stored access token is still valid: no refresh");
    };
    const store = createOaTokenStore({
      db,
      appId: "4291763606161179100",
      secretKey: "secret",
      logger: silentLogger,
      fetchImpl,
      now: () => ACCESS_EXPIRES - 3600_000,
      // The same setup token as the one adopted before: the stored refresh token wins.
      initialRefreshToken: SETUP_REFRESH,
    });
    expect(await store.accessToken()).toBe("AT-stored");
    expect(await db.zaloOaToken.findMany({ select: { appId: true, refreshToken: true, accessToken: true } })).toEqual([
      { appId: "4291763606161179100", refreshToken: "RT-stored", accessToken: "AT-stored" },
    ]);
  });
});
