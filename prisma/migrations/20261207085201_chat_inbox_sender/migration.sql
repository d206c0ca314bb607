-- AlterTable
ALTER TABLE "ChatInboxMessage" ADD COLUMN     "senderKey" TEXT NOT NULL DEFAULT '';
