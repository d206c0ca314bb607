-- The product spec's data model (../shared/spec/SPEC.md): its field names, its six order statuses,
-- its three product statuses, identity per store (connection), the order line's currency, and
-- returns that are documents of their own. Every row is kept: columns are renamed and backfilled,
-- never dropped and re-created; both rollups are rebuilt from the orders at the end.

-- The rollup triggers stay off while the rows are reshaped (they are rebuilt below).
ALTER TABLE "UnifiedOrder" DISABLE TRIGGER USER;
ALTER TABLE "UnifiedOrderItem" DISABLE TRIGGER USER;

-- Identity is per connection. Rows whose connection was deleted before this version (their
-- connectionId was set to NULL) get a DISCONNECTED connection of their own per seller and
-- marketplace, so they keep an identity and stay answerable.
INSERT INTO "MarketplaceConnection" (id, "userId", marketplace, status, "storeId", "storeName", "updatedAt")
SELECT gen_random_uuid()::text, x."userId", x.marketplace, 'DISCONNECTED', '(unknown store)', 'a store removed before stores had their own rows', now()
FROM (SELECT "userId", marketplace FROM "UnifiedOrder" WHERE "connectionId" IS NULL
      UNION SELECT "userId", marketplace FROM "UnifiedProduct" WHERE "connectionId" IS NULL) x
ON CONFLICT ("userId", marketplace, "storeId") DO NOTHING;

UPDATE "UnifiedOrder" o SET "connectionId" = c.id
FROM "MarketplaceConnection" c
WHERE o."connectionId" IS NULL AND c."userId" = o."userId" AND c.marketplace = o.marketplace AND c."storeId" = '(unknown store)';

UPDATE "UnifiedProduct" p SET "connectionId" = c.id
FROM "MarketplaceConnection" c
WHERE p."connectionId" IS NULL AND c."userId" = p."userId" AND c.marketplace = p.marketplace AND c."storeId" = '(unknown store)';

ALTER TABLE "UnifiedOrder" DROP CONSTRAINT "UnifiedOrder_connectionId_fkey";
ALTER TABLE "UnifiedProduct" DROP CONSTRAINT "UnifiedProduct_connectionId_fkey";
ALTER TABLE "UnifiedOrder" ALTER COLUMN "connectionId" SET NOT NULL;
ALTER TABLE "UnifiedProduct" ALTER COLUMN "connectionId" SET NOT NULL;
ALTER TABLE "UnifiedOrder" ADD CONSTRAINT "UnifiedOrder_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "MarketplaceConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "UnifiedProduct" ADD CONSTRAINT "UnifiedProduct_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "MarketplaceConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- UnifiedOrder: the spec's names.
ALTER TABLE "UnifiedOrder" RENAME COLUMN "orderDate" TO "orderedAt";
ALTER TABLE "UnifiedOrder" RENAME COLUMN "units" TO "itemCount";
ALTER INDEX "UnifiedOrder_userId_orderDate_idx" RENAME TO "UnifiedOrder_userId_orderedAt_idx";
ALTER INDEX "UnifiedOrder_userId_marketplace_orderDate_idx" RENAME TO "UnifiedOrder_userId_marketplace_orderedAt_idx";
ALTER TABLE "UnifiedOrder" ADD COLUMN "fulfilledAt" TIMESTAMPTZ(3),
  ADD COLUMN "syncedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "UnifiedOrder" SET "syncedAt" = "updatedAt";

DROP INDEX "UnifiedOrder_userId_marketplace_externalOrderId_key";
CREATE UNIQUE INDEX "UnifiedOrder_connectionId_externalOrderId_key" ON "UnifiedOrder"("connectionId", "externalOrderId");
CREATE INDEX "UnifiedOrder_userId_marketplace_idx" ON "UnifiedOrder"("userId", "marketplace");

-- The spec's six statuses, by each marketplace's new table (its to-unified.ts) read from the raw
-- words the previous version kept: the order's status as the next sync would write it, for
-- orders the re-read below will not reach (older than a year, or of a store gone). The previous
-- version's words: Shopify "<financial>/<fulfillment>[/<return>][/DELIVERED][/CANCELLED]",
-- eBay "<fulfillment>/<payment>" or "CANCELED", Square "<state>[/<fulfillment>][+RETURN|+REFUND]",
-- the others their status as sent. A refund follows the rule: after shipping RETURNED; before,
-- the whole total CANCELLED, a part leaves the order as it was.
CREATE FUNCTION frame_spec_status(m "MarketplaceType", raw text, old text, total numeric, refunded numeric) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN old = 'CANCELLED' THEN 'CANCELLED'
    WHEN m = 'SHOPIFY' THEN CASE
      WHEN raw ~ '/(RETURNED|INSPECTION_COMPLETE)(/|$)' THEN 'RETURNED'
      WHEN split_part(raw, '/', 2) = 'RESTOCKED' THEN 'CANCELLED'
      WHEN split_part(raw, '/', 1) IN ('REFUNDED', 'PARTIALLY_REFUNDED') AND split_part(raw, '/', 2) IN ('FULFILLED', 'PARTIALLY_FULFILLED') THEN 'RETURNED'
      WHEN split_part(raw, '/', 1) = 'REFUNDED' THEN 'CANCELLED'
      WHEN split_part(raw, '/', 2) IN ('FULFILLED', 'FULFILLMENT_NOT_REQUIRED') THEN 'DELIVERED'
      WHEN split_part(raw, '/', 2) = 'PARTIALLY_FULFILLED' THEN 'SHIPPED'
      ELSE 'PENDING' END
    WHEN m = 'EBAY' THEN CASE
      WHEN split_part(raw, '/', 1) IN ('IN_PROGRESS', 'FULFILLED') AND split_part(raw, '/', 2) IN ('FULLY_REFUNDED', 'PARTIALLY_REFUNDED') THEN 'RETURNED'
      WHEN split_part(raw, '/', 2) = 'FULLY_REFUNDED' THEN 'CANCELLED'
      WHEN split_part(raw, '/', 1) = 'IN_PROGRESS' THEN 'SHIPPED'
      WHEN split_part(raw, '/', 1) = 'FULFILLED' THEN 'DELIVERED'
      ELSE 'PENDING' END
    WHEN m = 'ETSY' THEN CASE lower(raw)
      WHEN 'open' THEN 'PENDING'
      WHEN 'payment processing' THEN 'PENDING'
      WHEN 'paid' THEN 'CONFIRMED'
      WHEN 'completed' THEN 'DELIVERED'
      -- the previous version told a refund after delivery (RETURNED) from one before it only
      ELSE CASE old WHEN 'RETURNED' THEN 'RETURNED' WHEN 'DELIVERED' THEN 'DELIVERED' WHEN 'SHIPPED' THEN 'DELIVERED' WHEN 'PENDING' THEN 'PENDING'
        ELSE CASE WHEN lower(raw) = 'partially refunded' THEN 'CONFIRMED' WHEN lower(raw) = 'fully refunded' THEN 'CANCELLED' ELSE 'CONFIRMED' END END END
    WHEN m = 'FLIPKART' THEN CASE raw
      WHEN 'PICKUP_COMPLETE' THEN 'SHIPPED' WHEN 'SHIPPED' THEN 'SHIPPED'
      WHEN 'DELIVERED' THEN 'DELIVERED' WHEN 'COMPLETED' THEN 'DELIVERED'
      WHEN 'RETURN_REQUESTED' THEN 'RETURNED' WHEN 'RETURNED' THEN 'RETURNED'
      ELSE 'CONFIRMED' END
    WHEN m = 'SNAPDEAL' THEN CASE raw
      WHEN 'PFF' THEN 'PENDING' WHEN 'PRNT' THEN 'PENDING'
      WHEN 'SHIPPED' THEN 'SHIPPED' WHEN 'IN_TRANSIT' THEN 'SHIPPED' WHEN 'SHP' THEN 'SHIPPED'
      WHEN 'DELIVERED' THEN 'DELIVERED' WHEN 'VENDOR_MARKED_DELIVERED' THEN 'DELIVERED'
      WHEN 'OOS' THEN 'CANCELLED' WHEN 'RETURNED' THEN 'RETURNED'
      ELSE 'CONFIRMED' END
    WHEN m = 'BIGCOMMERCE' THEN CASE
      WHEN raw IN ('Incomplete', 'Pending', 'Awaiting Payment', 'Manual Verification Required') THEN 'PENDING'
      WHEN raw IN ('Awaiting Pickup', 'Awaiting Shipment', 'Awaiting Fulfillment') THEN 'CONFIRMED'
      WHEN raw IN ('Shipped', 'Partially Shipped') THEN 'SHIPPED'
      WHEN raw = 'Completed' THEN 'DELIVERED'
      WHEN raw = 'Declined' THEN 'CANCELLED'
      WHEN raw = 'Refunded' THEN 'RETURNED'
      -- 13 and 14: the previous version made them RETURNED when goods had shipped
      WHEN old = 'RETURNED' THEN 'RETURNED'
      WHEN raw = 'Partially Refunded' AND COALESCE(refunded, 0) < total THEN 'CONFIRMED'
      WHEN raw IN ('Disputed', 'Partially Refunded') THEN 'CANCELLED'
      ELSE CASE old WHEN 'PROCESSING' THEN 'CONFIRMED' WHEN 'REFUNDED' THEN 'CANCELLED' ELSE old END END
    WHEN m = 'SQUARE' THEN CASE
      WHEN raw LIKE '%+RETURN' THEN 'RETURNED'
      WHEN raw LIKE '%+REFUND' AND split_part(raw, '/', 1) = 'COMPLETED' AND raw NOT LIKE '%/CANCELED%' THEN 'RETURNED'
      WHEN raw LIKE '%+REFUND' AND COALESCE(refunded, 0) >= total THEN 'CANCELLED'
      WHEN split_part(split_part(raw, '+', 1), '/', 1) = 'COMPLETED' THEN 'DELIVERED'
      WHEN split_part(split_part(raw, '+', 1), '/', 1) = 'CANCELED' THEN 'CANCELLED'
      ELSE 'PENDING' END
  END
$$;
CREATE TYPE "OrderStatus_new" AS ENUM ('PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED');
ALTER TABLE "UnifiedOrder" ALTER COLUMN "status" TYPE "OrderStatus_new"
  USING frame_spec_status(marketplace, COALESCE("marketplaceStatus", ''), "status"::text, "totalAmount", "refundedAmount")::"OrderStatus_new";
DROP FUNCTION frame_spec_status("MarketplaceType", text, text, numeric, numeric);
TRUNCATE "DailySales";
ALTER TABLE "DailySales" ALTER COLUMN "status" TYPE "OrderStatus_new" USING ("status"::text::"OrderStatus_new");
ALTER TYPE "OrderStatus" RENAME TO "OrderStatus_old";
ALTER TYPE "OrderStatus_new" RENAME TO "OrderStatus";
DROP TYPE "OrderStatus_old";

-- UnifiedOrderItem: the order's currency.
ALTER TABLE "UnifiedOrderItem" ADD COLUMN "currency" CHAR(3);
UPDATE "UnifiedOrderItem" i SET currency = o.currency FROM "UnifiedOrder" o WHERE o.id = i."orderId";
ALTER TABLE "UnifiedOrderItem" ALTER COLUMN "currency" SET NOT NULL;

-- UnifiedProduct: the spec's names; the free-text status stays as the marketplace's words and
-- the spec's three statuses are derived from it (sold out where the stock says so).
CREATE TYPE "ProductStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'OUT_OF_STOCK');
ALTER TABLE "UnifiedProduct" RENAME COLUMN "externalProductId" TO "externalId";
ALTER TABLE "UnifiedProduct" RENAME COLUMN "inventoryQuantity" TO "inventory";
ALTER TABLE "UnifiedProduct" RENAME COLUMN "status" TO "marketplaceStatus";
ALTER TABLE "UnifiedProduct" ADD COLUMN "status" "ProductStatus",
  ADD COLUMN "category" TEXT,
  ADD COLUMN "imageUrl" TEXT,
  ADD COLUMN "syncedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "UnifiedProduct" SET "syncedAt" = "updatedAt", status = (CASE
  WHEN lower("marketplaceStatus") IN ('out_of_stock', 'sold_out') THEN 'OUT_OF_STOCK'
  WHEN "marketplaceStatus" IS NOT NULL AND lower("marketplaceStatus") NOT IN ('active', 'published') THEN 'INACTIVE'
  WHEN inventory <= 0 THEN 'OUT_OF_STOCK'
  ELSE 'ACTIVE' END)::"ProductStatus";
ALTER TABLE "UnifiedProduct" ALTER COLUMN "status" SET NOT NULL;
DROP INDEX "UnifiedProduct_userId_marketplace_externalProductId_key";
DROP INDEX "UnifiedProduct_connectionId_idx";
CREATE UNIQUE INDEX "UnifiedProduct_connectionId_externalId_key" ON "UnifiedProduct"("connectionId", "externalId");
CREATE INDEX "UnifiedProduct_userId_marketplace_idx" ON "UnifiedProduct"("userId", "marketplace");

-- Returns recorded as documents of their own (Square return orders).
CREATE TABLE "UnifiedOrderReturn" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "externalReturnId" TEXT NOT NULL,
    "saleExternalOrderId" TEXT NOT NULL,
    "refundedAmount" DECIMAL(18,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "returnedAt" TIMESTAMPTZ(3) NOT NULL,
    "sourceUpdatedAt" TIMESTAMPTZ(3) NOT NULL,
    "syncedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnifiedOrderReturn_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "UnifiedOrderReturn_connectionId_saleExternalOrderId_idx" ON "UnifiedOrderReturn"("connectionId", "saleExternalOrderId");
CREATE UNIQUE INDEX "UnifiedOrderReturn_connectionId_externalReturnId_saleExtern_key" ON "UnifiedOrderReturn"("connectionId", "externalReturnId", "saleExternalOrderId");
ALTER TABLE "UnifiedOrderReturn" ADD CONSTRAINT "UnifiedOrderReturn_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "UnifiedOrderReturn" ADD CONSTRAINT "UnifiedOrderReturn_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "MarketplaceConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The rollup functions again, under the new column names (their bodies are text: a rename does
-- not reach them). Otherwise as in the migrations that made them.
ALTER TYPE frame_product_line RENAME ATTRIBUTE "orderDate" TO "orderedAt";

CREATE OR REPLACE FUNCTION frame_daily_sales_add(plus "UnifiedOrder"[], minus "UnifiedOrder"[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "DailySales" AS d ("userId", day, marketplace, currency, status, orders, units, "totalAmount", "totalAmountUSD",
    "ordersWithoutUSD", "refundedAmount", "refundedAmountUSD", "ordersWithoutRefund")
  SELECT x."userId", (x."orderedAt" AT TIME ZONE u."timeZone")::date, x.marketplace, x.currency, x.status,
    sum(x.sign)::int,
    sum(x.sign * x."itemCount")::int,
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
    GROUP BY 1 HAVING sum(sign) <> 0 ORDER BY 1
  ) x
  WHERE c.id = x."connectionId";
END $$;

CREATE OR REPLACE FUNCTION frame_daily_sales_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  plus "UnifiedOrder"[];
  minus "UnifiedOrder"[];
BEGIN
  SELECT array_agg(n::"UnifiedOrder"), array_agg(o::"UnifiedOrder") INTO plus, minus
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n."userId", n."connectionId", n."orderedAt", n.marketplace, n.currency, n.status, n."itemCount", n."totalAmount", n."totalAmountUSD", n."refundedAmount", n."fxRateToUSD")
    IS DISTINCT FROM (o."userId", o."connectionId", o."orderedAt", o.marketplace, o.currency, o.status, o."itemCount", o."totalAmount", o."totalAmountUSD", o."refundedAmount", o."fxRateToUSD");
  IF plus IS NOT NULL THEN
    PERFORM frame_daily_sales_add(plus, minus);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION frame_daily_sales_rebuild_user(uid text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz;
BEGIN
  DELETE FROM "DailySales" WHERE "userId" = uid;
  UPDATE "MarketplaceConnection" SET "orderCount" = 0 WHERE "userId" = uid;
  FOR m IN SELECT DISTINCT date_trunc('month', o."orderedAt") FROM "UnifiedOrder" o WHERE o."userId" = uid LOOP
    PERFORM frame_daily_sales_add(ARRAY(SELECT o FROM "UnifiedOrder" o WHERE o."userId" = uid
      AND o."orderedAt" >= m AND o."orderedAt" < m + interval '1 month'), '{}');
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_items_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$SELECT frame_product_sales_add(ARRAY(
    SELECT ROW(o."userId", o."orderedAt", o.marketplace, o.currency, o."fxRateToUSD", n.sku, n.title, n.quantity, n."totalPrice", 1)::frame_product_line
    FROM new_rows n JOIN "UnifiedOrder" o ON o.id = n."orderId"
    WHERE o.id = ANY(ARRAY(SELECT DISTINCT "orderId" FROM new_rows)) AND o.status <> 'CANCELLED'))$q$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_items_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$SELECT frame_product_sales_add(ARRAY(
    SELECT ROW(o."userId", o."orderedAt", o.marketplace, o.currency, o."fxRateToUSD", d.sku, d.title, d.quantity, d."totalPrice", -1)::frame_product_line
    FROM old_rows d JOIN "UnifiedOrder" o ON o.id = d."orderId"
    WHERE o.id = ANY(ARRAY(SELECT DISTINCT "orderId" FROM old_rows)) AND o.status <> 'CANCELLED'))$q$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_items_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$WITH x AS MATERIALIZED (
      SELECT side.*
      FROM new_rows n JOIN old_rows p ON p.id = n.id
      CROSS JOIN LATERAL (VALUES (n."orderId", n.sku, n.title, n.quantity, n."totalPrice", 1),
                                 (p."orderId", p.sku, p.title, p.quantity, p."totalPrice", -1)) side("orderId", sku, title, quantity, "totalPrice", sign)
      WHERE (n."orderId", n.sku, n.title, n.quantity, n."totalPrice") IS DISTINCT FROM (p."orderId", p.sku, p.title, p.quantity, p."totalPrice")
    )
    SELECT frame_product_sales_add(ARRAY(
      SELECT ROW(o."userId", o."orderedAt", o.marketplace, o.currency, o."fxRateToUSD", x.sku, x.title, x.quantity, x."totalPrice", x.sign)::frame_product_line
      FROM x JOIN "UnifiedOrder" o ON o.id = x."orderId"
      WHERE o.id = ANY(ARRAY(SELECT DISTINCT "orderId" FROM x)) AND o.status <> 'CANCELLED'))$q$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_orders_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$WITH x AS MATERIALIZED (
      SELECT side.*
      FROM new_rows n JOIN old_rows p ON p.id = n.id
      CROSS JOIN LATERAL (VALUES (n.id, n."userId", n."orderedAt", n.marketplace, n.currency, n."fxRateToUSD", n.status, 1),
                                 (p.id, p."userId", p."orderedAt", p.marketplace, p.currency, p."fxRateToUSD", p.status, -1))
        side(id, "userId", "orderedAt", marketplace, currency, "fxRateToUSD", status, sign)
      WHERE (n."userId", n."orderedAt", n.marketplace, n.currency, n."fxRateToUSD", n.status = 'CANCELLED')
        IS DISTINCT FROM (p."userId", p."orderedAt", p.marketplace, p.currency, p."fxRateToUSD", p.status = 'CANCELLED')
    )
    SELECT frame_product_sales_add(ARRAY(
      SELECT ROW(x."userId", x."orderedAt", x.marketplace, x.currency, x."fxRateToUSD", i.sku, i.title, i.quantity, i."totalPrice", x.sign)::frame_product_line
      FROM x JOIN "UnifiedOrderItem" i ON i."orderId" = x.id
      WHERE i."orderId" = ANY(ARRAY(SELECT DISTINCT id FROM x)) AND x.status <> 'CANCELLED'))$q$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_order_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'CANCELLED' THEN
    PERFORM frame_product_sales_add(ARRAY(
      SELECT ROW(OLD."userId", OLD."orderedAt", OLD.marketplace, OLD.currency, OLD."fxRateToUSD", i.sku, i.title, i.quantity, i."totalPrice", -1)::frame_product_line
      FROM "UnifiedOrderItem" i WHERE i."orderId" = OLD.id));
  END IF;
  RETURN OLD;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_rebuild_user(uid text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz;
BEGIN
  DELETE FROM "ProductSales" WHERE "userId" = uid;
  FOR m IN SELECT DISTINCT date_trunc('month', o."orderedAt") FROM "UnifiedOrder" o WHERE o."userId" = uid LOOP
    PERFORM frame_product_sales_add(ARRAY(
      SELECT ROW(o."userId", o."orderedAt", o.marketplace, o.currency, o."fxRateToUSD", i.sku, i.title, i.quantity, i."totalPrice", 1)::frame_product_line
      FROM "UnifiedOrder" o JOIN "UnifiedOrderItem" i ON i."orderId" = o.id
      WHERE o."userId" = uid AND o."orderedAt" >= m AND o."orderedAt" < m + interval '1 month' AND o.status <> 'CANCELLED'));
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_add(lines frame_product_line[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(lines) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO "ProductSales" AS s ("userId", grain, bucket, marketplace, currency, "hasSku", "productKey", title,
    lines, units, revenue, "revenueUSD", "linesWithoutUSD")
  WITH d AS MATERIALIZED (
    SELECT x."userId" COLLATE "C" AS "userId", (x."orderedAt" AT TIME ZONE u."timeZone")::date AS bucket, x.marketplace, x.currency,
      NULLIF(x.sku, '') IS NOT NULL AS has_sku,
      left(COALESCE(NULLIF(x.sku, ''), x.title), 250) COLLATE "C" AS product_key,
      left(x.title, 250) COLLATE "C" AS product_title,
      sum(x.sign) AS n_lines,
      sum(x.sign * x.quantity) AS n_units,
      sum(x.sign * x."totalPrice") AS revenue,
      COALESCE(sum(x.sign * round(x."totalPrice" * x."fxRateToUSD", 4)), 0) AS revenue_usd,
      COALESCE(sum(x.sign) FILTER (WHERE x."fxRateToUSD" IS NULL), 0) AS without_usd
    FROM unnest(lines) x JOIN "User" u ON u.id = x."userId"
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  ), g AS (
    SELECT "userId", 'DAY'::"SalesGrain" AS grain, bucket, marketplace, currency, has_sku, product_key, product_title,
      n_lines, n_units, revenue, revenue_usd, without_usd
    FROM d
    UNION ALL
    SELECT "userId", 'MONTH', date_trunc('month', bucket::timestamp)::date, marketplace, currency, has_sku, product_key, product_title,
      sum(n_lines), sum(n_units), sum(revenue), sum(revenue_usd), sum(without_usd)
    FROM d GROUP BY 1, 3, 4, 5, 6, 7, 8
  )
  SELECT "userId", grain, bucket, marketplace, currency, has_sku, product_key, product_title,
    n_lines::int, n_units::int, revenue, revenue_usd, without_usd::int
  FROM g
  WHERE n_lines <> 0 OR n_units <> 0 OR revenue <> 0 OR revenue_usd <> 0 OR without_usd <> 0
  ORDER BY "userId", grain, bucket, marketplace, currency, has_sku, product_key, product_title
  ON CONFLICT ("userId", grain, bucket, marketplace, currency, "hasSku", "productKey", title) DO UPDATE SET
    lines = s.lines + EXCLUDED.lines,
    units = s.units + EXCLUDED.units,
    revenue = s.revenue + EXCLUDED.revenue,
    "revenueUSD" = s."revenueUSD" + EXCLUDED."revenueUSD",
    "linesWithoutUSD" = s."linesWithoutUSD" + EXCLUDED."linesWithoutUSD";
END $$;

ALTER TABLE "UnifiedOrder" ENABLE TRIGGER USER;
ALTER TABLE "UnifiedOrderItem" ENABLE TRIGGER USER;

-- Both rollups again, from the orders as they now are.
TRUNCATE "ProductSales";
SELECT frame_daily_sales_rebuild_user(id), frame_product_sales_rebuild_user(id) FROM "User";

-- The next sync of each store re-reads its last year (SYNC_BACKFILL_DAYS) with the new mapping:
-- statuses, fulfilment times, product categories and images come from the marketplace again.
UPDATE "MarketplaceConnection" SET cursors = '{}';
