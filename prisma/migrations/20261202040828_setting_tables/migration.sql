-- CreateTable
CREATE TABLE "QueueCursor" (
    "sourceId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lastItemId" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "QueueCursor_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "NewsSource" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChannelPause" (
    "channel" TEXT NOT NULL PRIMARY KEY,
    "until" DATETIME NOT NULL,
    "reason" TEXT
);

-- CreateTable
CREATE TABLE "AnnouncementDraft" (
    "channel" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("channel", "userId")
);

-- CreateTable
CREATE TABLE "ZaloOaToken" (
    "appId" TEXT NOT NULL PRIMARY KEY,
    "refreshToken" TEXT,
    "refreshTokenSeed" TEXT,
    "accessToken" TEXT,
    "accessExpiresAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_NewsSource" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "url" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "topic" TEXT,
    "official" BOOLEAN NOT NULL DEFAULT false,
    "configured" BOOLEAN NOT NULL DEFAULT false,
    "itemSelector" TEXT,
    "linkSelector" TEXT,
    "titleSelector" TEXT,
    "dateSelector" TEXT,
    "allowHosts" TEXT NOT NULL DEFAULT '[]',
    "etag" TEXT,
    "lastModified" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "nextFetchAt" DATETIME,
    "lastFetchedAt" DATETIME,
    "lastOkAt" DATETIME,
    "lastError" TEXT,
    "lastItemCount" INTEGER,
    "staffAlertedAt" DATETIME
);
INSERT INTO "new_NewsSource" ("consecutiveFailures", "etag", "id", "kind", "lastError", "lastFetchedAt", "lastItemCount", "lastModified", "lastOkAt", "name", "nextFetchAt", "official", "staffAlertedAt", "topic", "url") SELECT "consecutiveFailures", "etag", "id", "kind", "lastError", "lastFetchedAt", "lastItemCount", "lastModified", "lastOkAt", "name", "nextFetchAt", "official", "staffAlertedAt", "topic", "url" FROM "NewsSource";
DROP TABLE "NewsSource";
ALTER TABLE "new_NewsSource" RENAME TO "NewsSource";
CREATE UNIQUE INDEX "NewsSource_url_key" ON "NewsSource"("url");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Written by hand: the rows of the old key-value Setting table move into the tables above, then
-- Setting goes (the generated DROP TABLE was moved here, after the copies). Setting.updatedAt and
-- every DateTime this writes are text as Prisma's SQLite adapter stores them: UTC,
-- "2026-01-02T03:04:05.678+00:00".

-- "news.queuedThrough.<sourceId>" = the last queued item id. A cursor whose source is gone is dropped.
INSERT INTO "QueueCursor" ("sourceId", "lastItemId", "updatedAt")
SELECT CAST(substr("key", 20) AS INTEGER), CAST("value" AS INTEGER), "updatedAt"
FROM "Setting"
WHERE substr("key", 1, 19) = 'news.queuedThrough.'
  AND CAST(substr("key", 20) AS INTEGER) IN (SELECT "id" FROM "NewsSource");

-- "pause:<channel>" = the ISO time (toISOString, "...Z") the channel resumes. An unreadable time
-- counted as over, so it is not copied.
INSERT INTO "ChannelPause" ("channel", "until")
SELECT substr("key", 7), strftime('%Y-%m-%dT%H:%M:%f+00:00', "value")
FROM "Setting"
WHERE substr("key", 1, 6) = 'pause:' AND strftime('%Y-%m-%dT%H:%M:%f+00:00', "value") IS NOT NULL;

-- "announce:<channel>:<userId>" = the draft's text; channels have no colon, user ids might.
INSERT INTO "AnnouncementDraft" ("channel", "userId", "text", "createdAt")
SELECT substr(rest, 1, instr(rest, ':') - 1), substr(rest, instr(rest, ':') + 1), "value", "updatedAt"
FROM (SELECT substr("key", 10) AS rest, "value", "updatedAt" FROM "Setting" WHERE substr("key", 1, 9) = 'announce:')
WHERE instr(rest, ':') > 1;

-- "news.sources" = the configured definitions as a JSON array; their name, kind, topic and official
-- flag are on the source rows already.
UPDATE "NewsSource"
SET "configured" = true,
    "itemSelector" = def.value ->> '$.selectors.item',
    "linkSelector" = def.value ->> '$.selectors.link',
    "titleSelector" = def.value ->> '$.selectors.title',
    "dateSelector" = def.value ->> '$.selectors.date',
    "allowHosts" = coalesce(def.value -> '$.allowHosts', '[]')
FROM "Setting" AS s, json_each(CASE WHEN json_valid(s."value") THEN s."value" ELSE '[]' END) AS def
WHERE s."key" = 'news.sources' AND def.value ->> '$.url' = "NewsSource"."url";

-- "zalo-oa:refresh-token", "zalo-oa:refresh-token-seed" and "zalo-oa:access-token" (JSON
-- { token, expiresAt: ms since epoch }) become one row. The app they belong to was never stored:
-- the first app that starts claims the "legacy" row (tokens.ts).
INSERT INTO "ZaloOaToken" ("appId", "refreshToken", "refreshTokenSeed", "accessToken", "accessExpiresAt", "updatedAt")
SELECT 'legacy',
  (SELECT "value" FROM "Setting" WHERE "key" = 'zalo-oa:refresh-token'),
  (SELECT "value" FROM "Setting" WHERE "key" = 'zalo-oa:refresh-token-seed'),
  access.token,
  CASE WHEN access.token IS NOT NULL AND access.ms IS NOT NULL
    THEN strftime('%Y-%m-%dT%H:%M:%f+00:00', access.ms / 1000.0, 'unixepoch') END,
  (SELECT max("updatedAt") FROM "Setting" WHERE "key" LIKE 'zalo-oa:%')
FROM (SELECT 1) LEFT JOIN (
  SELECT CASE WHEN json_type("value", '$.token') = 'text' AND "value" ->> '$.token' <> '' THEN "value" ->> '$.token' END AS token,
         CASE WHEN json_type("value", '$.expiresAt') IN ('integer', 'real') THEN "value" ->> '$.expiresAt' END AS ms
  FROM "Setting" WHERE "key" = 'zalo-oa:access-token' AND json_valid("value")
) AS access
WHERE EXISTS (SELECT 1 FROM "Setting" WHERE "key" IN ('zalo-oa:refresh-token', 'zalo-oa:refresh-token-seed', 'zalo-oa:access-token'));

-- Nothing else was ever stored in Setting.
DROP TABLE "Setting";
