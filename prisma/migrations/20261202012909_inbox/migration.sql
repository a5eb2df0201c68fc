-- The inbox replaces the handled-ids table; ids already handled stay handled.
CREATE TABLE "InboundMessage" (
    "channel" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "intent" TEXT,
    "reply" TEXT,
    "partsSent" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" DATETIME,

    PRIMARY KEY ("channel", "messageId")
);

INSERT INTO "InboundMessage" ("channel", "messageId", "chatId", "userId", "message", "status", "receivedAt", "answeredAt")
SELECT "channel", "messageId", '', '', '{}', 'answered', "createdAt", "createdAt" FROM "HandledMessage";

DROP TABLE "HandledMessage";

CREATE INDEX "InboundMessage_status_idx" ON "InboundMessage"("status");

CREATE INDEX "InboundMessage_receivedAt_idx" ON "InboundMessage"("receivedAt");
