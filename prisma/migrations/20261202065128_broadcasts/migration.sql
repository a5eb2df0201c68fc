-- CreateTable
CREATE TABLE "Broadcast" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "text" TEXT NOT NULL,
    "topic" TEXT,
    "channel" TEXT,
    "scheduledAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queuedAt" DATETIME,
    "cancelledAt" DATETIME,
    "cancelledBy" TEXT,
    "itemId" INTEGER,
    "queuedCount" INTEGER
);

-- CreateIndex
CREATE UNIQUE INDEX "Broadcast_itemId_key" ON "Broadcast"("itemId");

-- CreateIndex
CREATE INDEX "Broadcast_queuedAt_scheduledAt_idx" ON "Broadcast"("queuedAt", "scheduledAt");

