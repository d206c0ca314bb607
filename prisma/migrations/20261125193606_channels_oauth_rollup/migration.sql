-- AlterTable
ALTER TABLE "MarketplaceConnection" ADD COLUMN     "orderCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "UnifiedOrder" ADD COLUMN     "units" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ConnectLink" (
    "id" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "marketplace" "MarketplaceType" NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LinkCode" (
    "id" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LinkCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatEventReceipt" (
    "id" TEXT NOT NULL,
    "channel" "ChatChannel" NOT NULL,
    "eventId" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatEventReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatMedia" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatMedia_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailySales" (
    "userId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "marketplace" "MarketplaceType" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "orders" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "totalAmount" DECIMAL(20,4) NOT NULL,
    "totalAmountUSD" DECIMAL(20,4) NOT NULL,
    "ordersWithoutUSD" INTEGER NOT NULL,
    "refundedAmount" DECIMAL(20,4) NOT NULL,
    "refundedAmountUSD" DECIMAL(20,4) NOT NULL,
    "ordersWithoutRefund" INTEGER NOT NULL,

    CONSTRAINT "DailySales_pkey" PRIMARY KEY ("userId","day","marketplace","currency","status")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConnectLink_nonce_key" ON "ConnectLink"("nonce");

-- CreateIndex
CREATE INDEX "ConnectLink_expiresAt_idx" ON "ConnectLink"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "LinkCode_codeHash_key" ON "LinkCode"("codeHash");

-- CreateIndex
CREATE INDEX "LinkCode_userId_idx" ON "LinkCode"("userId");

-- CreateIndex
CREATE INDEX "ChatEventReceipt_receivedAt_idx" ON "ChatEventReceipt"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChatEventReceipt_channel_eventId_key" ON "ChatEventReceipt"("channel", "eventId");

-- CreateIndex
CREATE INDEX "ChatMedia_expiresAt_idx" ON "ChatMedia"("expiresAt");

-- CreateIndex
CREATE INDEX "UnifiedOrder_userId_orderNumber_idx" ON "UnifiedOrder"("userId", "orderNumber");

-- CreateIndex
CREATE INDEX "UnifiedProduct_connectionId_idx" ON "UnifiedProduct"("connectionId");

-- AddForeignKey
ALTER TABLE "ConnectLink" ADD CONSTRAINT "ConnectLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LinkCode" ADD CONSTRAINT "LinkCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatMedia" ADD CONSTRAINT "ChatMedia_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailySales" ADD CONSTRAINT "DailySales_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Units were read from the items until now.
UPDATE "UnifiedOrder" o SET units = s.q
FROM (SELECT "orderId", sum(quantity)::int AS q FROM "UnifiedOrderItem" GROUP BY 1) s
WHERE s."orderId" = o.id;

-- DailySales (and each connection's orderCount) is kept by statement-level triggers over the
-- rows each statement changed (its transition tables): one grouped upsert per statement, keys
-- taken in order so that two writers never lock rollup rows in opposite orders. The local day
-- is in the seller's zone.
-- plpgsql rather than sql: a multi-statement SQL function is planned again on every call
CREATE FUNCTION frame_daily_sales_add(plus "UnifiedOrder"[], minus "UnifiedOrder"[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "DailySales" AS d ("userId", day, marketplace, currency, status, orders, units, "totalAmount", "totalAmountUSD",
    "ordersWithoutUSD", "refundedAmount", "refundedAmountUSD", "ordersWithoutRefund")
  SELECT x."userId", (x."orderDate" AT TIME ZONE u."timeZone")::date, x.marketplace, x.currency, x.status,
    sum(x.sign)::int,
    sum(x.sign * x.units)::int,
    sum(x.sign * x."totalAmount"),
    COALESCE(sum(x.sign * x."totalAmountUSD"), 0),
    COALESCE(sum(x.sign) FILTER (WHERE x."totalAmountUSD" IS NULL), 0)::int,
    COALESCE(sum(x.sign * x."refundedAmount"), 0),
    COALESCE(sum(x.sign * round(x."refundedAmount" * x."fxRateToUSD", 4)) FILTER (WHERE x."totalAmountUSD" IS NOT NULL), 0),
    COALESCE(sum(x.sign) FILTER (WHERE x."refundedAmount" IS NULL), 0)::int
  FROM (SELECT p.*, 1 AS sign FROM unnest(plus) p UNION ALL SELECT m.*, -1 AS sign FROM unnest(minus) m) x
  JOIN "User" u ON u.id = x."userId"
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("userId", day, marketplace, currency, status) DO UPDATE SET
    orders = d.orders + EXCLUDED.orders,
    units = d.units + EXCLUDED.units,
    "totalAmount" = d."totalAmount" + EXCLUDED."totalAmount",
    "totalAmountUSD" = d."totalAmountUSD" + EXCLUDED."totalAmountUSD",
    "ordersWithoutUSD" = d."ordersWithoutUSD" + EXCLUDED."ordersWithoutUSD",
    "refundedAmount" = d."refundedAmount" + EXCLUDED."refundedAmount",
    "refundedAmountUSD" = d."refundedAmountUSD" + EXCLUDED."refundedAmountUSD",
    "ordersWithoutRefund" = d."ordersWithoutRefund" + EXCLUDED."ordersWithoutRefund";
  UPDATE "MarketplaceConnection" AS c SET "orderCount" = c."orderCount" + x.n
  FROM (
    SELECT "connectionId", sum(sign)::int AS n
    FROM (SELECT p."connectionId", 1 AS sign FROM unnest(plus) p UNION ALL SELECT m."connectionId", -1 AS sign FROM unnest(minus) m) s
    WHERE "connectionId" IS NOT NULL GROUP BY 1 HAVING sum(sign) <> 0 ORDER BY 1
  ) x
  WHERE c.id = x."connectionId";
END $$;

CREATE FUNCTION frame_daily_sales_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM frame_daily_sales_add(ARRAY(SELECT n::"UnifiedOrder" FROM new_rows n), '{}');
  RETURN NULL;
END $$;

CREATE FUNCTION frame_daily_sales_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM frame_daily_sales_add('{}', ARRAY(SELECT o::"UnifiedOrder" FROM old_rows o));
  RETURN NULL;
END $$;

-- an update that leaves every summed field alone (an overlap re-read, a name change) touches no rollup row
CREATE FUNCTION frame_daily_sales_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  plus "UnifiedOrder"[];
  minus "UnifiedOrder"[];
BEGIN
  SELECT array_agg(n::"UnifiedOrder"), array_agg(o::"UnifiedOrder") INTO plus, minus
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n."userId", n."connectionId", n."orderDate", n.marketplace, n.currency, n.status, n.units, n."totalAmount", n."totalAmountUSD", n."refundedAmount", n."fxRateToUSD")
    IS DISTINCT FROM (o."userId", o."connectionId", o."orderDate", o.marketplace, o.currency, o.status, o.units, o."totalAmount", o."totalAmountUSD", o."refundedAmount", o."fxRateToUSD");
  IF plus IS NOT NULL THEN
    PERFORM frame_daily_sales_add(plus, minus);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "UnifiedOrder_daily_sales_insert" AFTER INSERT ON "UnifiedOrder"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frame_daily_sales_inserted();
CREATE TRIGGER "UnifiedOrder_daily_sales_update" AFTER UPDATE ON "UnifiedOrder"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION frame_daily_sales_updated();
CREATE TRIGGER "UnifiedOrder_daily_sales_delete" AFTER DELETE ON "UnifiedOrder"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION frame_daily_sales_deleted();

-- A seller's local days move with their time zone: their rows are rebuilt from the orders,
-- a month at a time to keep the arrays small.
CREATE FUNCTION frame_daily_sales_rebuild_user(uid text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz;
BEGIN
  DELETE FROM "DailySales" WHERE "userId" = uid;
  UPDATE "MarketplaceConnection" SET "orderCount" = 0 WHERE "userId" = uid;
  FOR m IN SELECT DISTINCT date_trunc('month', o."orderDate") FROM "UnifiedOrder" o WHERE o."userId" = uid LOOP
    PERFORM frame_daily_sales_add(ARRAY(SELECT o FROM "UnifiedOrder" o WHERE o."userId" = uid
      AND o."orderDate" >= m AND o."orderDate" < m + interval '1 month'), '{}');
  END LOOP;
END $$;

CREATE FUNCTION frame_daily_sales_time_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM frame_daily_sales_rebuild_user(NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER "User_daily_sales_time_zone" AFTER UPDATE OF "timeZone" ON "User"
  FOR EACH ROW WHEN (OLD."timeZone" IS DISTINCT FROM NEW."timeZone") EXECUTE FUNCTION frame_daily_sales_time_zone_changed();

-- the orders already there
SELECT frame_daily_sales_rebuild_user(id) FROM "User";
