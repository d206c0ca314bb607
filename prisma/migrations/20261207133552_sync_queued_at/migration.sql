-- AlterTable
ALTER TABLE "MarketplaceConnection" ADD COLUMN     "syncQueuedAt" TIMESTAMPTZ(3);
