import { query } from './db.ts';

/** The DailySales and ProductSales rollups and the connections' order counts recomputed from the orders, beside the stored ones: the rows that differ (none when they are right). */
const DRIFT = `
  WITH fresh AS (
    SELECT o."userId", (o."orderedAt" AT TIME ZONE u."timeZone")::date AS day, o.marketplace, o.currency, o.status::text AS status,
      count(*)::int AS orders, sum(o."itemCount")::int AS units, sum(o."totalAmount") AS "totalAmount",
      COALESCE(sum(o."totalAmountUSD"), 0) AS "totalAmountUSD", (count(*) FILTER (WHERE o."totalAmountUSD" IS NULL))::int AS "ordersWithoutUSD",
      COALESCE(sum(o."refundedAmount"), 0) AS "refundedAmount",
      COALESCE(sum(round(o."refundedAmount" * o."fxRateToUSD", 4)) FILTER (WHERE o."totalAmountUSD" IS NOT NULL), 0) AS "refundedAmountUSD",
      (count(*) FILTER (WHERE o."refundedAmount" IS NULL))::int AS "ordersWithoutRefund",
      COALESCE(sum(o."discountAmount"), 0) AS "discountAmount",
      COALESCE(sum(round(o."discountAmount" * o."fxRateToUSD", 4)) FILTER (WHERE o."totalAmountUSD" IS NOT NULL), 0) AS "discountAmountUSD",
      COALESCE(sum(o."shippingAmount"), 0) AS "shippingAmount",
      COALESCE(sum(round(o."shippingAmount" * o."fxRateToUSD", 4)) FILTER (WHERE o."totalAmountUSD" IS NOT NULL), 0) AS "shippingAmountUSD",
      COALESCE(sum(o."taxAmount"), 0) AS "taxAmount",
      COALESCE(sum(round(o."taxAmount" * o."fxRateToUSD", 4)) FILTER (WHERE o."totalAmountUSD" IS NOT NULL), 0) AS "taxAmountUSD"
    FROM "UnifiedOrder" o JOIN "User" u ON u.id = o."userId" GROUP BY 1, 2, 3, 4, 5
  ), kept AS (SELECT * FROM "DailySales" WHERE orders <> 0)
  (SELECT 'missing' AS side, * FROM fresh EXCEPT SELECT 'missing', * FROM kept)
  UNION ALL
  (SELECT 'extra', * FROM kept EXCEPT SELECT 'extra', * FROM fresh)`;

// lines of orders not CANCELLED per seller, local day and local month, marketplace, currency, product and title; apart, the
// lines of RETURNED orders, the orders, and each order's refund shared among its lines by line total
const PRODUCT_DRIFT = `
  WITH line AS (
    SELECT o."userId", (o."orderedAt" AT TIME ZONE u."timeZone")::date AS day, o.marketplace, o.currency, o."fxRateToUSD",
      NULLIF(i.sku, '') IS NOT NULL AS "hasSku", left(COALESCE(NULLIF(i.sku, ''), i.title), 250) AS "productKey", left(i.title, 250) AS title,
      i.quantity, i."totalPrice", o.id AS "orderId", o.status = 'RETURNED' AS returned, o."refundedAmount",
      sum(i."totalPrice") OVER (PARTITION BY o.id) AS "orderLines"
    FROM "UnifiedOrderItem" i JOIN "UnifiedOrder" o ON o.id = i."orderId" JOIN "User" u ON u.id = o."userId"
    WHERE o.status <> 'CANCELLED'
  ), fresh AS (
    SELECT "userId", g.grain::text, g.bucket, marketplace, currency, "hasSku", "productKey", title,
      count(*)::int AS lines, sum(quantity)::int AS units, sum("totalPrice") AS revenue,
      COALESCE(sum(round("totalPrice" * "fxRateToUSD", 4)), 0) AS "revenueUSD", (count(*) FILTER (WHERE "fxRateToUSD" IS NULL))::int AS "linesWithoutUSD",
      (count(*) FILTER (WHERE returned))::int AS "returnedLines", (count(DISTINCT "orderId") FILTER (WHERE returned))::int AS "returnedOrders",
      COALESCE(sum(quantity) FILTER (WHERE returned), 0)::int AS "returnedUnits",
      COALESCE(sum(round("totalPrice" * "fxRateToUSD", 4)) FILTER (WHERE returned), 0) AS "returnedRevenueUSD",
      (count(*) FILTER (WHERE returned AND "fxRateToUSD" IS NULL))::int AS "returnedLinesWithoutUSD",
      COALESCE(sum(round("refundedAmount" * "fxRateToUSD" * "totalPrice" / NULLIF("orderLines", 0), 4)) FILTER (WHERE returned), 0) AS "refundedUSD",
      (count(DISTINCT "orderId") FILTER (WHERE returned AND "refundedAmount" IS NULL))::int AS "returnedOrdersRefundUnknown"
    FROM line, LATERAL (VALUES ('DAY', day), ('MONTH', date_trunc('month', day)::date)) g(grain, bucket)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ), kept AS (
    SELECT "userId", grain::text, bucket, marketplace, currency, "hasSku", "productKey", title, lines, units, revenue, "revenueUSD", "linesWithoutUSD",
      "returnedLines", "returnedOrders", "returnedUnits", "returnedRevenueUSD", "returnedLinesWithoutUSD", "refundedUSD", "returnedOrdersRefundUnknown"
    FROM "ProductSales" WHERE lines <> 0 OR units <> 0 OR revenue <> 0 OR "revenueUSD" <> 0 OR "linesWithoutUSD" <> 0
  )
  (SELECT 'product missing' AS side, * FROM fresh EXCEPT SELECT 'product missing', * FROM kept)
  UNION ALL
  (SELECT 'product extra', * FROM kept EXCEPT SELECT 'product extra', * FROM fresh)`;

// each connection's orderCount against its orders
const COUNTS = `
  SELECT c.id, c."orderCount", (SELECT count(*)::int FROM "UnifiedOrder" o WHERE o."connectionId" = c.id) AS actual
  FROM "MarketplaceConnection" c WHERE c."orderCount" <> (SELECT count(*) FROM "UnifiedOrder" o WHERE o."connectionId" = c.id)`;

export const rollupDrift = async (url: string) => [
  ...(await query(url, DRIFT)),
  ...(await query(url, PRODUCT_DRIFT)),
  ...(await query(url, COUNTS)),
];
