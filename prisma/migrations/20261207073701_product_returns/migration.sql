-- AlterTable
ALTER TABLE "ProductSales" ADD COLUMN     "refundedUSD" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN     "returnedLines" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "returnedLinesWithoutUSD" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "returnedOrders" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "returnedOrdersRefundUnknown" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "returnedRevenueUSD" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN     "returnedUnits" INTEGER NOT NULL DEFAULT 0;

-- ProductSales keeps the lines of RETURNED orders apart too (units, orders, value, the refund),
-- so "which products get returned most" reads the rollup. A returned order's refund is shared
-- among all its lines by line total: a change to one of its lines moves the others' shares, so
-- whenever a returned order's lines change, all of them are taken out as they were and put back
-- as they are (frame_product_returned_lines); lines of other orders move one by one as before.
ALTER TYPE frame_product_line ADD ATTRIBUTE "orderId" text, ADD ATTRIBUTE returned boolean, ADD ATTRIBUTE "refundedAmount" numeric;

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
    SELECT "userId", 'DAY'::"SalesGrain" AS grain, bucket, marketplace, currency, has_sku, product_key, product_title,
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

-- All the lines of the RETURNED orders among `orders`, as they were before a statement on
-- order lines (-1) and as they are after it (+1): before = the lines now but those the
-- statement wrote (`written`), with those it replaced or deleted (`replaced`).
CREATE FUNCTION frame_product_returned_lines(orders text[], written text[], replaced "UnifiedOrderItem"[]) RETURNS frame_product_line[] LANGUAGE plpgsql AS $$
DECLARE
  result frame_product_line[];
BEGIN
  EXECUTE $q$WITH r AS MATERIALIZED (
      SELECT o.id, o."userId", o."orderedAt", o.marketplace, o.currency, o."fxRateToUSD", o."refundedAmount"
      FROM "UnifiedOrder" o WHERE o.id = ANY($1) AND o.status = 'RETURNED'
    ), now AS MATERIALIZED (
      SELECT i.id, i."orderId", i.sku, i.title, i.quantity, i."totalPrice" FROM "UnifiedOrderItem" i WHERE i."orderId" IN (SELECT id FROM r)
    ), l AS (
      SELECT n."orderId", n.sku, n.title, n.quantity, n."totalPrice", 1 AS sign FROM now n
      UNION ALL
      SELECT n."orderId", n.sku, n.title, n.quantity, n."totalPrice", -1 FROM now n WHERE n.id NOT IN (SELECT unnest($2))
      UNION ALL
      SELECT x."orderId", x.sku, x.title, x.quantity, x."totalPrice", -1 FROM unnest($3) x WHERE x."orderId" IN (SELECT id FROM r)
    )
    SELECT ARRAY(
      SELECT ROW(r."userId", r."orderedAt", r.marketplace, r.currency, r."fxRateToUSD", l.sku, l.title, l.quantity, l."totalPrice", l.sign,
        r.id, true, r."refundedAmount")::frame_product_line
      FROM l JOIN r ON r.id = l."orderId")$q$
    INTO result USING orders, written, replaced;
  RETURN result;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_items_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$SELECT frame_product_sales_add(ARRAY(
    SELECT ROW(o."userId", o."orderedAt", o.marketplace, o.currency, o."fxRateToUSD", n.sku, n.title, n.quantity, n."totalPrice", 1, o.id, false, NULL)::frame_product_line
    FROM new_rows n JOIN "UnifiedOrder" o ON o.id = n."orderId"
    WHERE o.id = ANY(ARRAY(SELECT DISTINCT "orderId" FROM new_rows)) AND o.status NOT IN ('CANCELLED', 'RETURNED'))
    || frame_product_returned_lines(ARRAY(SELECT DISTINCT "orderId" FROM new_rows), ARRAY(SELECT id FROM new_rows), '{}'::"UnifiedOrderItem"[]))$q$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_items_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$SELECT frame_product_sales_add(ARRAY(
    SELECT ROW(o."userId", o."orderedAt", o.marketplace, o.currency, o."fxRateToUSD", d.sku, d.title, d.quantity, d."totalPrice", -1, o.id, false, NULL)::frame_product_line
    FROM old_rows d JOIN "UnifiedOrder" o ON o.id = d."orderId"
    WHERE o.id = ANY(ARRAY(SELECT DISTINCT "orderId" FROM old_rows)) AND o.status NOT IN ('CANCELLED', 'RETURNED'))
    || frame_product_returned_lines(ARRAY(SELECT DISTINCT "orderId" FROM old_rows), '{}'::text[], ARRAY(SELECT d::"UnifiedOrderItem" FROM old_rows d)))$q$;
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
      SELECT ROW(o."userId", o."orderedAt", o.marketplace, o.currency, o."fxRateToUSD", x.sku, x.title, x.quantity, x."totalPrice", x.sign, o.id, false, NULL)::frame_product_line
      FROM x JOIN "UnifiedOrder" o ON o.id = x."orderId"
      WHERE o.id = ANY(ARRAY(SELECT DISTINCT "orderId" FROM x)) AND o.status NOT IN ('CANCELLED', 'RETURNED'))
      || frame_product_returned_lines(ARRAY(SELECT DISTINCT "orderId" FROM x), ARRAY(SELECT id FROM new_rows), ARRAY(SELECT p::"UnifiedOrderItem" FROM old_rows p)))$q$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_orders_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$WITH x AS MATERIALIZED (
      SELECT side.*
      FROM new_rows n JOIN old_rows p ON p.id = n.id
      CROSS JOIN LATERAL (VALUES (n.id, n."userId", n."orderedAt", n.marketplace, n.currency, n."fxRateToUSD", n.status, n."refundedAmount", 1),
                                 (p.id, p."userId", p."orderedAt", p.marketplace, p.currency, p."fxRateToUSD", p.status, p."refundedAmount", -1))
        side(id, "userId", "orderedAt", marketplace, currency, "fxRateToUSD", status, "refundedAmount", sign)
      WHERE (n."userId", n."orderedAt", n.marketplace, n.currency, n."fxRateToUSD", n.status = 'CANCELLED', n.status = 'RETURNED',
             CASE WHEN n.status = 'RETURNED' THEN n."refundedAmount" END)
        IS DISTINCT FROM (p."userId", p."orderedAt", p.marketplace, p.currency, p."fxRateToUSD", p.status = 'CANCELLED', p.status = 'RETURNED',
             CASE WHEN p.status = 'RETURNED' THEN p."refundedAmount" END)
    )
    SELECT frame_product_sales_add(ARRAY(
      SELECT ROW(x."userId", x."orderedAt", x.marketplace, x.currency, x."fxRateToUSD", i.sku, i.title, i.quantity, i."totalPrice", x.sign,
        x.id, x.status = 'RETURNED', x."refundedAmount")::frame_product_line
      FROM x JOIN "UnifiedOrderItem" i ON i."orderId" = x.id
      WHERE i."orderId" = ANY(ARRAY(SELECT DISTINCT id FROM x)) AND x.status <> 'CANCELLED'))$q$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION frame_product_sales_order_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'CANCELLED' THEN
    PERFORM frame_product_sales_add(ARRAY(
      SELECT ROW(OLD."userId", OLD."orderedAt", OLD.marketplace, OLD.currency, OLD."fxRateToUSD", i.sku, i.title, i.quantity, i."totalPrice", -1,
        OLD.id, OLD.status = 'RETURNED', OLD."refundedAmount")::frame_product_line
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
      SELECT ROW(o."userId", o."orderedAt", o.marketplace, o.currency, o."fxRateToUSD", i.sku, i.title, i.quantity, i."totalPrice", 1,
        o.id, o.status = 'RETURNED', o."refundedAmount")::frame_product_line
      FROM "UnifiedOrder" o JOIN "UnifiedOrderItem" i ON i."orderId" = o.id
      WHERE o."userId" = uid AND o."orderedAt" >= m AND o."orderedAt" < m + interval '1 month' AND o.status <> 'CANCELLED'));
  END LOOP;
END $$;

-- the returned lines already there
SELECT frame_product_sales_rebuild_user(id) FROM "User";
