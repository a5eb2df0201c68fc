-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Report" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "url" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "publishedAt" DATETIME,
    "source" TEXT,
    "body" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "authoritative" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Report" ("body", "contentHash", "createdAt", "id", "publishedAt", "source", "title", "updatedAt", "url") SELECT "body", '', "createdAt", "id", "publishedAt", "source", "title", "updatedAt", "url" FROM "Report";
DROP TABLE "Report";
ALTER TABLE "new_Report" RENAME TO "Report";
CREATE UNIQUE INDEX "Report_url_key" ON "Report"("url");
CREATE TABLE "new_Figure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reportId" INTEGER NOT NULL,
    "indicator" TEXT,
    "subject" TEXT NOT NULL,
    "part" TEXT,
    "measure" TEXT NOT NULL,
    "base" TEXT,
    "value" TEXT NOT NULL,
    "scale" TEXT,
    "unit" TEXT,
    "approx" TEXT,
    "periodKind" TEXT,
    "periodLabel" TEXT,
    "periodFrom" INTEGER,
    "periodTo" INTEGER,
    "status" TEXT NOT NULL,
    "basis" TEXT,
    "raw" TEXT NOT NULL,
    "sentence" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "context" TEXT NOT NULL,
    CONSTRAINT "Figure_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Figures of the old shape carry no meaning to copy: the reports are read again at the next start
-- (their content hash is cleared below; see rereadStale in src/services/reports/store.ts).
DROP TABLE "Figure";
ALTER TABLE "new_Figure" RENAME TO "Figure";
CREATE INDEX "Figure_indicator_idx" ON "Figure"("indicator");
CREATE INDEX "Figure_reportId_idx" ON "Figure"("reportId");
CREATE TABLE "new_NewsSource" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "url" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "topic" TEXT,
    "official" BOOLEAN NOT NULL DEFAULT false,
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
INSERT INTO "new_NewsSource" ("consecutiveFailures", "etag", "id", "kind", "lastError", "lastFetchedAt", "lastItemCount", "lastModified", "lastOkAt", "name", "nextFetchAt", "staffAlertedAt", "topic", "url") SELECT "consecutiveFailures", "etag", "id", "kind", "lastError", "lastFetchedAt", "lastItemCount", "lastModified", "lastOkAt", "name", "nextFetchAt", "staffAlertedAt", "topic", "url" FROM "NewsSource";
DROP TABLE "NewsSource";
ALTER TABLE "new_NewsSource" RENAME TO "NewsSource";
CREATE UNIQUE INDEX "NewsSource_url_key" ON "NewsSource"("url");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

