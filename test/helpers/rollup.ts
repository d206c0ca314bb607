import { query } from './db.ts';

/** The DailySales rollup and the connections' order counts recomputed from the orders, beside the stored ones: the rows that differ (none when they are right). */
const DRIFT = `
  WITH fresh AS (
    SELECT o."userId", (o."orderDate" AT TIME ZONE u."timeZone")::date AS day, o.marketplace, o.currency, o.status,
      count(*)::int AS orders, sum(o.units)::int AS units, sum(o."totalAmount") AS "totalAmount",
      COALESCE(sum(o."totalAmountUSD"), 0) AS "totalAmountUSD", (count(*) FILTER (WHERE o."totalAmountUSD" IS NULL))::int AS "ordersWithoutUSD",
      COALESCE(sum(o."refundedAmount"), 0) AS "refundedAmount",
      COALESCE(sum(round(o."refundedAmount" * o."fxRateToUSD", 4)) FILTER (WHERE o."totalAmountUSD" IS NOT NULL), 0) AS "refundedAmountUSD",
      (count(*) FILTER (WHERE o."refundedAmount" IS NULL))::int AS "ordersWithoutRefund"
    FROM "UnifiedOrder" o JOIN "User" u ON u.id = o."userId" GROUP BY 1, 2, 3, 4, 5
  ), kept AS (SELECT * FROM "DailySales" WHERE orders <> 0)
  (SELECT 'missing' AS side, * FROM fresh EXCEPT SELECT 'missing', * FROM kept)
  UNION ALL
  (SELECT 'extra', * FROM kept EXCEPT SELECT 'extra', * FROM fresh)`;

// each connection's orderCount against its orders
const COUNTS = `
  SELECT c.id, c."orderCount", (SELECT count(*)::int FROM "UnifiedOrder" o WHERE o."connectionId" = c.id) AS actual
  FROM "MarketplaceConnection" c WHERE c."orderCount" <> (SELECT count(*) FROM "UnifiedOrder" o WHERE o."connectionId" = c.id)`;

export const rollupDrift = async (url: string) => [...(await query(url, DRIFT)), ...(await query(url, COUNTS))];
