-- AlterTable
ALTER TABLE "DailySales" ADD COLUMN     "discountAmount" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN     "discountAmountUSD" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN     "shippingAmount" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN     "shippingAmountUSD" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN     "taxAmount" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN     "taxAmountUSD" DECIMAL(20,4) NOT NULL DEFAULT 0;

-- DailySales keeps the parts of the totals too (discounts, shipping, taxes, in the orders'
-- currencies and in USD at each order's rate), so gross and net sales come from the rollup.
-- An order whose marketplace does not report a part adds 0 to it.
CREATE OR REPLACE FUNCTION frame_daily_sales_add(plus "UnifiedOrder"[], minus "UnifiedOrder"[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "DailySales" AS d ("userId", day, marketplace, currency, status, orders, units, "totalAmount", "totalAmountUSD",
    "ordersWithoutUSD", "refundedAmount", "refundedAmountUSD", "ordersWithoutRefund",
    "discountAmount", "discountAmountUSD", "shippingAmount", "shippingAmountUSD", "taxAmount", "taxAmountUSD")
  SELECT x."userId", (x."orderedAt" AT TIME ZONE u."timeZone")::date, x.marketplace, x.currency, x.status,
    sum(x.sign)::int,
    sum(x.sign * x."itemCount")::int,
    sum(x.sign * x."totalAmount"),
    COALESCE(sum(x.sign * x."totalAmountUSD"), 0),
    COALESCE(sum(x.sign) FILTER (WHERE x."totalAmountUSD" IS NULL), 0)::int,
    COALESCE(sum(x.sign * x."refundedAmount"), 0),
    COALESCE(sum(x.sign * round(x."refundedAmount" * x."fxRateToUSD", 4)) FILTER (WHERE x."totalAmountUSD" IS NOT NULL), 0),
    COALESCE(sum(x.sign) FILTER (WHERE x."refundedAmount" IS NULL), 0)::int,
    COALESCE(sum(x.sign * x."discountAmount"), 0),
    COALESCE(sum(x.sign * round(x."discountAmount" * x."fxRateToUSD", 4)) FILTER (WHERE x."totalAmountUSD" IS NOT NULL), 0),
    COALESCE(sum(x.sign * x."shippingAmount"), 0),
    COALESCE(sum(x.sign * round(x."shippingAmount" * x."fxRateToUSD", 4)) FILTER (WHERE x."totalAmountUSD" IS NOT NULL), 0),
    COALESCE(sum(x.sign * x."taxAmount"), 0),
    COALESCE(sum(x.sign * round(x."taxAmount" * x."fxRateToUSD", 4)) FILTER (WHERE x."totalAmountUSD" IS NOT NULL), 0)
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
    "ordersWithoutRefund" = d."ordersWithoutRefund" + EXCLUDED."ordersWithoutRefund",
    "discountAmount" = d."discountAmount" + EXCLUDED."discountAmount",
    "discountAmountUSD" = d."discountAmountUSD" + EXCLUDED."discountAmountUSD",
    "shippingAmount" = d."shippingAmount" + EXCLUDED."shippingAmount",
    "shippingAmountUSD" = d."shippingAmountUSD" + EXCLUDED."shippingAmountUSD",
    "taxAmount" = d."taxAmount" + EXCLUDED."taxAmount",
    "taxAmountUSD" = d."taxAmountUSD" + EXCLUDED."taxAmountUSD";
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
  WHERE (n."userId", n."connectionId", n."orderedAt", n.marketplace, n.currency, n.status, n."itemCount", n."totalAmount", n."totalAmountUSD",
         n."refundedAmount", n."fxRateToUSD", n."discountAmount", n."shippingAmount", n."taxAmount")
    IS DISTINCT FROM (o."userId", o."connectionId", o."orderedAt", o.marketplace, o.currency, o.status, o."itemCount", o."totalAmount", o."totalAmountUSD",
         o."refundedAmount", o."fxRateToUSD", o."discountAmount", o."shippingAmount", o."taxAmount");
  IF plus IS NOT NULL THEN
    PERFORM frame_daily_sales_add(plus, minus);
  END IF;
  RETURN NULL;
END $$;

SELECT frame_daily_sales_rebuild_user(id) FROM "User";
