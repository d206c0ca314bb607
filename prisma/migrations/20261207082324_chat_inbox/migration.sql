-- CreateEnum
CREATE TYPE "ChatInboxStatus" AS ENUM ('PENDING', 'ANSWERED', 'FAILED');

-- CreateTable
CREATE TABLE "ChatInboxMessage" (
    "id" TEXT NOT NULL,
    "channel" "ChatChannel" NOT NULL,
    "externalId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "conversationKey" TEXT NOT NULL,
    "payload" JSONB,
    "progress" JSONB,
    "status" "ChatInboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMPTZ(3),

    CONSTRAINT "ChatInboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChatInboxMessage_status_conversationKey_sentAt_id_idx" ON "ChatInboxMessage"("status", "conversationKey", "sentAt", "id");

-- CreateIndex
CREATE INDEX "ChatInboxMessage_receivedAt_idx" ON "ChatInboxMessage"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChatInboxMessage_channel_externalId_key" ON "ChatInboxMessage"("channel", "externalId");
