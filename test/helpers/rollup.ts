import { query } from './db.ts';

/** The DailySales rollup recomputed from the orders, beside the stored one: the rows that differ (none when it is right). */
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

export const rollupDrift = (url: string) => query(url, DRIFT);
