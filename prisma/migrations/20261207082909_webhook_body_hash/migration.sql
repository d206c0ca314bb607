-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "bodyHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_marketplace_bodyHash_key" ON "WebhookEvent"("marketplace", "bodyHash");
