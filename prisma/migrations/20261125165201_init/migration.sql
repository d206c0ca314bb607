-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "MarketplaceType" AS ENUM ('SHOPIFY', 'EBAY', 'ETSY', 'FLIPKART', 'BIGCOMMERCE', 'SQUARE', 'SNAPDEAL');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('PENDING', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "SyncFrequency" AS ENUM ('FIFTEEN_MINUTES', 'HOURLY', 'SIX_HOURS', 'DAILY_ON_DEMAND');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('CONNECTED', 'DISCONNECTED', 'NEEDS_REAUTH', 'ERROR');

-- CreateEnum
CREATE TYPE "SyncStream" AS ENUM ('ORDERS', 'PRODUCTS');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('CRON', 'ON_DEMAND', 'WEBHOOK', 'MANUAL');

-- CreateEnum
CREATE TYPE "SyncRunStatus" AS ENUM ('RUNNING', 'SUCCESS', 'PARTIAL', 'FAILED');

-- CreateEnum
CREATE TYPE "ChatChannel" AS ENUM ('SLACK', 'WHATSAPP', 'CONSOLE');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "preferredCurrency" CHAR(3) NOT NULL DEFAULT 'USD',
    "syncFrequency" "SyncFrequency" NOT NULL DEFAULT 'FIFTEEN_MINUTES',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MarketplaceConnection" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "marketplace" "MarketplaceType" NOT NULL,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'CONNECTED',
    "storeId" TEXT NOT NULL,
    "storeName" TEXT,
    "storeCurrency" CHAR(3),
    "storeTimeZone" TEXT,
    "apiBaseUrl" TEXT,
    "accessTokenEnc" TEXT,
    "refreshTokenEnc" TEXT,
    "accessTokenExpiresAt" TIMESTAMPTZ(3),
    "refreshTokenExpiresAt" TIMESTAMPTZ(3),
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lastSyncAt" TIMESTAMPTZ(3),
    "cursors" JSONB NOT NULL DEFAULT '{}',
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "syncLockedUntil" TIMESTAMPTZ(3),
    "syncLockedBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MarketplaceConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnifiedOrder" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "connectionId" TEXT,
    "marketplace" "MarketplaceType" NOT NULL,
    "externalOrderId" TEXT NOT NULL,
    "orderNumber" TEXT,
    "orderDate" TIMESTAMPTZ(3) NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "marketplaceStatus" TEXT,
    "totalAmount" DECIMAL(18,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "totalAmountUSD" DECIMAL(18,4),
    "fxRateToUSD" DECIMAL(20,10),
    "fxRateDate" DATE,
    "subtotalAmount" DECIMAL(18,4),
    "taxAmount" DECIMAL(18,4),
    "shippingAmount" DECIMAL(18,4),
    "discountAmount" DECIMAL(18,4),
    "refundedAmount" DECIMAL(18,4),
    "customerName" TEXT,
    "customerEmail" TEXT,
    "sourceUpdatedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UnifiedOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnifiedOrderItem" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productId" TEXT,
    "externalItemId" TEXT NOT NULL,
    "externalProductId" TEXT,
    "externalVariantId" TEXT,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPrice" DECIMAL(18,4) NOT NULL,
    "totalPrice" DECIMAL(18,4) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnifiedOrderItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnifiedProduct" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "connectionId" TEXT,
    "marketplace" "MarketplaceType" NOT NULL,
    "externalProductId" TEXT NOT NULL,
    "parentListingId" TEXT,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "variantTitle" TEXT,
    "price" DECIMAL(18,4),
    "currency" CHAR(3),
    "inventoryQuantity" INTEGER,
    "status" TEXT,
    "sourceUpdatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UnifiedProduct_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnifiedSyncLog" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "stream" "SyncStream" NOT NULL,
    "trigger" "SyncTrigger" NOT NULL,
    "status" "SyncRunStatus" NOT NULL DEFAULT 'RUNNING',
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "fetchedCount" INTEGER NOT NULL DEFAULT 0,
    "upsertedCount" INTEGER NOT NULL DEFAULT 0,
    "skippedCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "UnifiedSyncLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "marketplace" "MarketplaceType" NOT NULL,
    "eventId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "connectionId" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExchangeRate" (
    "id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "rateToUSD" DECIMAL(20,10) NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExchangeRate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatIdentity" (
    "id" TEXT NOT NULL,
    "channel" "ChatChannel" NOT NULL,
    "teamId" TEXT NOT NULL DEFAULT '',
    "externalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlackInstallation" (
    "id" TEXT NOT NULL,
    "installKey" TEXT NOT NULL,
    "teamId" TEXT,
    "enterpriseId" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "botUserId" TEXT,
    "installationEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SlackInstallation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthState" (
    "id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "codeVerifier" TEXT,
    "userId" TEXT NOT NULL,
    "marketplace" "MarketplaceType" NOT NULL,
    "storeId" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channel" "ChatChannel" NOT NULL,
    "teamId" TEXT NOT NULL DEFAULT '',
    "destination" TEXT NOT NULL,
    "sendHour" INTEGER NOT NULL DEFAULT 9,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastSentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DigestSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channel" "ChatChannel" NOT NULL,
    "threadKey" TEXT NOT NULL,
    "lastIntent" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationMessage" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MarketplaceConnection_status_lastSyncAt_idx" ON "MarketplaceConnection"("status", "lastSyncAt");

-- CreateIndex
CREATE UNIQUE INDEX "MarketplaceConnection_userId_marketplace_storeId_key" ON "MarketplaceConnection"("userId", "marketplace", "storeId");

-- CreateIndex
CREATE INDEX "UnifiedOrder_userId_orderDate_idx" ON "UnifiedOrder"("userId", "orderDate");

-- CreateIndex
CREATE INDEX "UnifiedOrder_userId_marketplace_orderDate_idx" ON "UnifiedOrder"("userId", "marketplace", "orderDate");

-- CreateIndex
CREATE INDEX "UnifiedOrder_connectionId_sourceUpdatedAt_idx" ON "UnifiedOrder"("connectionId", "sourceUpdatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "UnifiedOrder_userId_marketplace_externalOrderId_key" ON "UnifiedOrder"("userId", "marketplace", "externalOrderId");

-- CreateIndex
CREATE INDEX "UnifiedOrderItem_productId_idx" ON "UnifiedOrderItem"("productId");

-- CreateIndex
CREATE INDEX "UnifiedOrderItem_sku_idx" ON "UnifiedOrderItem"("sku");

-- CreateIndex
CREATE UNIQUE INDEX "UnifiedOrderItem_orderId_externalItemId_key" ON "UnifiedOrderItem"("orderId", "externalItemId");

-- CreateIndex
CREATE INDEX "UnifiedProduct_userId_sku_idx" ON "UnifiedProduct"("userId", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "UnifiedProduct_userId_marketplace_externalProductId_key" ON "UnifiedProduct"("userId", "marketplace", "externalProductId");

-- CreateIndex
CREATE INDEX "UnifiedSyncLog_connectionId_startedAt_idx" ON "UnifiedSyncLog"("connectionId", "startedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_receivedAt_idx" ON "WebhookEvent"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_marketplace_eventId_key" ON "WebhookEvent"("marketplace", "eventId");

-- CreateIndex
CREATE INDEX "ExchangeRate_currency_date_idx" ON "ExchangeRate"("currency", "date");

-- CreateIndex
CREATE UNIQUE INDEX "ExchangeRate_date_currency_key" ON "ExchangeRate"("date", "currency");

-- CreateIndex
CREATE INDEX "ChatIdentity_userId_idx" ON "ChatIdentity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_channel_teamId_externalId_key" ON "ChatIdentity"("channel", "teamId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "SlackInstallation_installKey_key" ON "SlackInstallation"("installKey");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthState_state_key" ON "OAuthState"("state");

-- CreateIndex
CREATE INDEX "OAuthState_expiresAt_idx" ON "OAuthState"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "DigestSubscription_userId_channel_teamId_destination_key" ON "DigestSubscription"("userId", "channel", "teamId", "destination");

-- CreateIndex
CREATE INDEX "Conversation_userId_idx" ON "Conversation"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_userId_channel_threadKey_key" ON "Conversation"("userId", "channel", "threadKey");

-- CreateIndex
CREATE INDEX "ConversationMessage_conversationId_createdAt_idx" ON "ConversationMessage"("conversationId", "createdAt");

-- AddForeignKey
ALTER TABLE "MarketplaceConnection" ADD CONSTRAINT "MarketplaceConnection_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnifiedOrder" ADD CONSTRAINT "UnifiedOrder_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnifiedOrder" ADD CONSTRAINT "UnifiedOrder_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "MarketplaceConnection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnifiedOrderItem" ADD CONSTRAINT "UnifiedOrderItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "UnifiedOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnifiedOrderItem" ADD CONSTRAINT "UnifiedOrderItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "UnifiedProduct"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnifiedProduct" ADD CONSTRAINT "UnifiedProduct_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnifiedProduct" ADD CONSTRAINT "UnifiedProduct_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "MarketplaceConnection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnifiedSyncLog" ADD CONSTRAINT "UnifiedSyncLog_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "MarketplaceConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatIdentity" ADD CONSTRAINT "ChatIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthState" ADD CONSTRAINT "OAuthState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestSubscription" ADD CONSTRAINT "DigestSubscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationMessage" ADD CONSTRAINT "ConversationMessage_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
