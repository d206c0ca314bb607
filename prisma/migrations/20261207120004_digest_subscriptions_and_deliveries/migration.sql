-- CreateEnum
CREATE TYPE "DigestDeliveryStatus" AS ENUM ('SENDING', 'RETRY', 'SENT', 'FAILED');

-- AlterTable
ALTER TABLE "ChatIdentity" ADD COLUMN     "lastInboundAt" TIMESTAMPTZ(3);

-- AlterTable: the hour becomes minutes, "off" becomes paused, and the last send a delivery row (below)
ALTER TABLE "DigestSubscription"
ADD COLUMN     "activeFrom" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "createdBy" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "pauseReason" TEXT,
ADD COLUMN     "pausedAt" TIMESTAMPTZ(3),
ADD COLUMN     "sendMinute" INTEGER NOT NULL DEFAULT 540,
ADD COLUMN     "timeZone" TEXT;

UPDATE "DigestSubscription" SET "sendMinute" = "sendHour" * 60, "activeFrom" = "createdAt";
UPDATE "DigestSubscription" SET "pausedAt" = "updatedAt", "pauseReason" = 'BY_USER' WHERE NOT "enabled";

-- CreateTable
CREATE TABLE "DigestDelivery" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "localDate" DATE NOT NULL,
    "status" "DigestDeliveryStatus" NOT NULL DEFAULT 'SENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "nextAttemptAt" TIMESTAMPTZ(3),
    "progress" JSONB,
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DigestDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DigestDelivery_status_nextAttemptAt_idx" ON "DigestDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "DigestDelivery_subscriptionId_localDate_key" ON "DigestDelivery"("subscriptionId", "localDate");

-- a digest already sent today (in the seller's zone) is not sent again after the upgrade
INSERT INTO "DigestDelivery" ("id", "subscriptionId", "localDate", "status", "attempts", "sentAt", "updatedAt")
SELECT 'migrated-' || s."id", s."id", (s."lastSentAt" AT TIME ZONE u."timeZone")::date, 'SENT', 1, s."lastSentAt", s."lastSentAt"
FROM "DigestSubscription" s JOIN "User" u ON u."id" = s."userId"
WHERE s."lastSentAt" IS NOT NULL;

ALTER TABLE "DigestSubscription" DROP COLUMN "enabled",
DROP COLUMN "lastSentAt",
DROP COLUMN "sendHour";

-- AddForeignKey
ALTER TABLE "DigestDelivery" ADD CONSTRAINT "DigestDelivery_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "DigestSubscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;
