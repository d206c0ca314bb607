-- AlterTable
ALTER TABLE "MarketplaceConnection" ADD COLUMN     "historyFrom" TIMESTAMPTZ(3);

-- answers read it (as frame_reader) to say a period's data is still loading
GRANT SELECT ("historyFrom") ON "MarketplaceConnection" TO frame_reader;
