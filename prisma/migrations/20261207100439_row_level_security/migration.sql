-- ProductSales.grain and DailySales.status become text: under row-level security a condition
-- bounds an index scan only if its operator is leakproof, and enum equality is not (text
-- equality is). The triggers write the enums into them unchanged (an assignment cast).
ALTER TABLE "ProductSales" ALTER COLUMN "grain" TYPE TEXT USING "grain"::text;
ALTER TABLE "DailySales" ALTER COLUMN "status" TYPE TEXT USING "status"::text;

CREATE OR REPLACE FUNCTION frame_product_sales_add(lines frame_product_line[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(lines) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO "ProductSales" AS s ("userId", grain, bucket, marketplace, currency, "hasSku", "productKey", title,
    lines, units, revenue, "revenueUSD", "linesWithoutUSD", "returnedLines", "returnedOrders", "returnedUnits",
    "returnedRevenueUSD", "returnedLinesWithoutUSD", "refundedUSD", "returnedOrdersRefundUnknown")
  WITH x AS (
    SELECT l.*,
      CASE WHEN l.returned THEN round(l."refundedAmount" * l."fxRateToUSD" * l."totalPrice"
        / NULLIF(sum(l."totalPrice") OVER (PARTITION BY l."orderId", l.sign), 0), 4) END AS refund_share
    FROM unnest(lines) l
  ), d AS MATERIALIZED (
    SELECT x."userId" COLLATE "C" AS "userId", (x."orderedAt" AT TIME ZONE u."timeZone")::date AS bucket, x.marketplace, x.currency,
      NULLIF(x.sku, '') IS NOT NULL AS has_sku,
      left(COALESCE(NULLIF(x.sku, ''), x.title), 250) COLLATE "C" AS product_key,
      left(x.title, 250) COLLATE "C" AS product_title,
      sum(x.sign) AS n_lines,
      sum(x.sign * x.quantity) AS n_units,
      sum(x.sign * x."totalPrice") AS revenue,
      COALESCE(sum(x.sign * round(x."totalPrice" * x."fxRateToUSD", 4)), 0) AS revenue_usd,
      COALESCE(sum(x.sign) FILTER (WHERE x."fxRateToUSD" IS NULL), 0) AS without_usd,
      COALESCE(sum(x.sign) FILTER (WHERE x.returned), 0) AS r_lines,
      count(DISTINCT x."orderId") FILTER (WHERE x.returned AND x.sign > 0) - count(DISTINCT x."orderId") FILTER (WHERE x.returned AND x.sign < 0) AS r_orders,
      COALESCE(sum(x.sign * x.quantity) FILTER (WHERE x.returned), 0) AS r_units,
      COALESCE(sum(x.sign * round(x."totalPrice" * x."fxRateToUSD", 4)) FILTER (WHERE x.returned), 0) AS r_revenue_usd,
      COALESCE(sum(x.sign) FILTER (WHERE x.returned AND x."fxRateToUSD" IS NULL), 0) AS r_without_usd,
      COALESCE(sum(x.sign * x.refund_share), 0) AS r_refunded_usd,
      count(DISTINCT x."orderId") FILTER (WHERE x.returned AND x."refundedAmount" IS NULL AND x.sign > 0)
        - count(DISTINCT x."orderId") FILTER (WHERE x.returned AND x."refundedAmount" IS NULL AND x.sign < 0) AS r_refund_unknown
    FROM x JOIN "User" u ON u.id = x."userId"
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  ), g AS (
    SELECT "userId", 'DAY'::text AS grain, bucket, marketplace, currency, has_sku, product_key, product_title,
      n_lines, n_units, revenue, revenue_usd, without_usd, r_lines, r_orders, r_units, r_revenue_usd, r_without_usd, r_refunded_usd, r_refund_unknown
    FROM d
    UNION ALL
    SELECT "userId", 'MONTH', date_trunc('month', bucket::timestamp)::date, marketplace, currency, has_sku, product_key, product_title,
      sum(n_lines), sum(n_units), sum(revenue), sum(revenue_usd), sum(without_usd), sum(r_lines), sum(r_orders), sum(r_units),
      sum(r_revenue_usd), sum(r_without_usd), sum(r_refunded_usd), sum(r_refund_unknown)
    FROM d GROUP BY 1, 3, 4, 5, 6, 7, 8
  )
  SELECT "userId", grain, bucket, marketplace, currency, has_sku, product_key, product_title,
    n_lines::int, n_units::int, revenue, revenue_usd, without_usd::int, r_lines::int, r_orders::int, r_units::int,
    r_revenue_usd, r_without_usd::int, r_refunded_usd, r_refund_unknown::int
  FROM g
  WHERE n_lines <> 0 OR n_units <> 0 OR revenue <> 0 OR revenue_usd <> 0 OR without_usd <> 0
    OR r_lines <> 0 OR r_orders <> 0 OR r_units <> 0 OR r_revenue_usd <> 0 OR r_without_usd <> 0 OR r_refunded_usd <> 0 OR r_refund_unknown <> 0
  ORDER BY "userId", grain, bucket, marketplace, currency, has_sku, product_key, product_title
  ON CONFLICT ("userId", grain, bucket, marketplace, currency, "hasSku", "productKey", title) DO UPDATE SET
    lines = s.lines + EXCLUDED.lines,
    units = s.units + EXCLUDED.units,
    revenue = s.revenue + EXCLUDED.revenue,
    "revenueUSD" = s."revenueUSD" + EXCLUDED."revenueUSD",
    "linesWithoutUSD" = s."linesWithoutUSD" + EXCLUDED."linesWithoutUSD",
    "returnedLines" = s."returnedLines" + EXCLUDED."returnedLines",
    "returnedOrders" = s."returnedOrders" + EXCLUDED."returnedOrders",
    "returnedUnits" = s."returnedUnits" + EXCLUDED."returnedUnits",
    "returnedRevenueUSD" = s."returnedRevenueUSD" + EXCLUDED."returnedRevenueUSD",
    "returnedLinesWithoutUSD" = s."returnedLinesWithoutUSD" + EXCLUDED."returnedLinesWithoutUSD",
    "refundedUSD" = s."refundedUSD" + EXCLUDED."refundedUSD",
    "returnedOrdersRefundUnknown" = s."returnedOrdersRefundUnknown" + EXCLUDED."returnedOrdersRefundUnknown";
END $$;

DROP TYPE "SalesGrain";

-- Row-level security. Analytics and chat read as frame_reader (no BYPASSRLS, no login: the app's
-- role switches to it per transaction, src/db/tenant-db.ts), which sees only the rows of the
-- seller named by the transaction-local setting app.user_id, and nothing when it is not set.
-- The role that runs the migrations (the app's own, which syncs and writes) keeps every row
-- through a policy of its own; tables are FORCEd so that holds for the owner too.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'frame_reader') THEN
    CREATE ROLE frame_reader NOLOGIN NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another database of the server made it at the same moment
END $$;
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'frame_reader', 'MEMBER') THEN
    GRANT frame_reader TO CURRENT_USER;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO frame_reader', current_schema());
END $$;

GRANT SELECT ON "UnifiedOrder", "UnifiedOrderItem", "UnifiedOrderReturn", "UnifiedProduct", "DailySales", "ProductSales", "ExchangeRate" TO frame_reader;
-- no tokens, cursors or locks
GRANT SELECT (id, "userId", marketplace, status, "storeId", "storeName", "storeCurrency", "storeTimeZone",
  "lastSyncAt", "orderCount", "lastError", "lastErrorAt", "createdAt") ON "MarketplaceConnection" TO frame_reader;
GRANT SELECT (id, "timeZone", "preferredCurrency") ON "User" TO frame_reader;

ALTER TABLE "User" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_reads ON "User" FOR SELECT TO frame_reader USING (id = current_setting('app.user_id', true));
CREATE POLICY app_all ON "User" TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE "MarketplaceConnection" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_reads ON "MarketplaceConnection" FOR SELECT TO frame_reader USING ("userId" = current_setting('app.user_id', true));
CREATE POLICY app_all ON "MarketplaceConnection" TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE "UnifiedOrder" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_reads ON "UnifiedOrder" FOR SELECT TO frame_reader USING ("userId" = current_setting('app.user_id', true));
CREATE POLICY app_all ON "UnifiedOrder" TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE "UnifiedOrderReturn" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_reads ON "UnifiedOrderReturn" FOR SELECT TO frame_reader USING ("userId" = current_setting('app.user_id', true));
CREATE POLICY app_all ON "UnifiedOrderReturn" TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE "UnifiedProduct" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_reads ON "UnifiedProduct" FOR SELECT TO frame_reader USING ("userId" = current_setting('app.user_id', true));
CREATE POLICY app_all ON "UnifiedProduct" TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE "DailySales" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_reads ON "DailySales" FOR SELECT TO frame_reader USING ("userId" = current_setting('app.user_id', true));
CREATE POLICY app_all ON "DailySales" TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE "ProductSales" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_reads ON "ProductSales" FOR SELECT TO frame_reader USING ("userId" = current_setting('app.user_id', true));
CREATE POLICY app_all ON "ProductSales" TO CURRENT_USER USING (true) WITH CHECK (true);

-- an order line is the seller's when its order is (the policy's subquery is itself under the orders' policy)
ALTER TABLE "UnifiedOrderItem" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_reads ON "UnifiedOrderItem" FOR SELECT TO frame_reader
  USING (EXISTS (SELECT FROM "UnifiedOrder" o WHERE o.id = "orderId"));
CREATE POLICY app_all ON "UnifiedOrderItem" TO CURRENT_USER USING (true) WITH CHECK (true);
