-- CreateTable
CREATE TABLE "KeywordRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "intent" TEXT NOT NULL,
    "phrase" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "UnansweredQuestion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "text" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,
    "groupKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "askedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME,
    "resolution" TEXT
);

-- CreateIndex
CREATE INDEX "KeywordRule_position_idx" ON "KeywordRule"("position");

-- CreateIndex
CREATE UNIQUE INDEX "KeywordRule_intent_phrase_key" ON "KeywordRule"("intent", "phrase");

-- CreateIndex
CREATE INDEX "UnansweredQuestion_resolvedAt_groupKey_idx" ON "UnansweredQuestion"("resolvedAt", "groupKey");

