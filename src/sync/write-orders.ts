import type { Db } from '../db/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import { FX_LOOKBACK_DAYS } from '../currency/store-rates.ts';
import type { UnifiedOrderRow } from '../marketplaces/types.ts';

export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface WriteTarget {
  userId: string;
  connectionId: string;
  marketplace: MarketplaceType;
  /** IANA zone whose calendar date picks an order's exchange rate */
  timeZone: string;
}

/**
 * One page of orders in set-based statements (inside the caller's transaction): upsert the
 * orders, then replace the items of the orders that were written. A row older than the one
 * stored (an overlap re-read, a late webhook) does not overwrite it. USD is converted at the
 * rate of the order's date in the store's zone (the last rate on or before it, at most a week older); the rate used
 * is kept and never silently changed, and an order whose rate is missing is converted when
 * the rate arrives (src/currency).
 */
export async function writeOrders(tx: Tx, target: WriteTarget, rows: readonly UnifiedOrderRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const orders = JSON.stringify(rows.map(({ items, ...o }) => ({ ...o, units: items.reduce((n, i) => n + i.quantity, 0) })));
  const written = await tx.$queryRaw<{ id: string; externalOrderId: string }[]>`
    WITH r AS (
      SELECT * FROM json_to_recordset(${orders}::json) AS r(
        "externalOrderId" text, "orderNumber" text, "orderDate" timestamptz, status text, "marketplaceStatus" text,
        "totalAmount" numeric, currency text, "subtotalAmount" numeric, "taxAmount" numeric, "shippingAmount" numeric,
        "discountAmount" numeric, "refundedAmount" numeric, "customerName" text, "customerEmail" text,
        "sourceUpdatedAt" timestamptz, "cancelledAt" timestamptz, units int)
    ), fx AS (
      SELECT r.*,
        CASE WHEN r.currency = 'USD' THEN 1::numeric ELSE e."rateToUSD" END AS rate,
        CASE WHEN r.currency = 'USD' THEN (r."orderDate" AT TIME ZONE ${target.timeZone})::date ELSE e.date END AS rate_date
      FROM r
      LEFT JOIN LATERAL (
        SELECT x."rateToUSD", x.date FROM "ExchangeRate" x
        WHERE x.currency = r.currency AND x.date <= (r."orderDate" AT TIME ZONE ${target.timeZone})::date
          AND x.date > (r."orderDate" AT TIME ZONE ${target.timeZone})::date - ${FX_LOOKBACK_DAYS}::int
        ORDER BY x.date DESC LIMIT 1
      ) e ON r.currency <> 'USD'
    )
    INSERT INTO "UnifiedOrder" AS o (
      id, "userId", "connectionId", marketplace, "externalOrderId", "orderNumber", "orderDate", status,
      "marketplaceStatus", "totalAmount", currency, "totalAmountUSD", "fxRateToUSD", "fxRateDate",
      "subtotalAmount", "taxAmount", "shippingAmount", "discountAmount", "refundedAmount",
      "customerName", "customerEmail", "sourceUpdatedAt", "cancelledAt", units, "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, ${target.userId}, ${target.connectionId}, ${target.marketplace}::"MarketplaceType",
      f."externalOrderId", f."orderNumber", f."orderDate", f.status::"OrderStatus", f."marketplaceStatus",
      f."totalAmount", f.currency, round(f."totalAmount" * f.rate, 4), f.rate, f.rate_date,
      f."subtotalAmount", f."taxAmount", f."shippingAmount", f."discountAmount", f."refundedAmount",
      f."customerName", f."customerEmail", f."sourceUpdatedAt", f."cancelledAt", f.units, now(), now()
    FROM fx f
    ON CONFLICT ("userId", marketplace, "externalOrderId") DO UPDATE SET
      "connectionId" = EXCLUDED."connectionId",
      "orderNumber" = EXCLUDED."orderNumber",
      "orderDate" = EXCLUDED."orderDate",
      status = EXCLUDED.status,
      "marketplaceStatus" = EXCLUDED."marketplaceStatus",
      "totalAmount" = EXCLUDED."totalAmount",
      currency = EXCLUDED.currency,
      "fxRateToUSD" = COALESCE(o."fxRateToUSD", EXCLUDED."fxRateToUSD"),
      "fxRateDate" = COALESCE(o."fxRateDate", EXCLUDED."fxRateDate"),
      "totalAmountUSD" = round(EXCLUDED."totalAmount" * COALESCE(o."fxRateToUSD", EXCLUDED."fxRateToUSD"), 4),
      "subtotalAmount" = EXCLUDED."subtotalAmount",
      "taxAmount" = EXCLUDED."taxAmount",
      "shippingAmount" = EXCLUDED."shippingAmount",
      "discountAmount" = EXCLUDED."discountAmount",
      "refundedAmount" = EXCLUDED."refundedAmount",
      "customerName" = EXCLUDED."customerName",
      "customerEmail" = EXCLUDED."customerEmail",
      "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt",
      "cancelledAt" = EXCLUDED."cancelledAt",
      units = EXCLUDED.units,
      "updatedAt" = now()
    WHERE o."sourceUpdatedAt" IS NULL OR EXCLUDED."sourceUpdatedAt" >= o."sourceUpdatedAt"
    RETURNING o.id, o."externalOrderId"`;
  if (written.length === 0) return 0;

  const idByExternal = new Map(written.map((w) => [w.externalOrderId, w.id]));
  const items = JSON.stringify(
    rows.flatMap((o) => {
      const orderId = idByExternal.get(o.externalOrderId);
      return orderId ? o.items.map((i) => ({ orderId, ...i })) : [];
    }),
  );
  // = ANY(ARRAY(...)) lets the planner use the (orderId, externalItemId) index; IN (SELECT …) scans
  await tx.$executeRaw`DELETE FROM "UnifiedOrderItem" WHERE "orderId" = ANY(ARRAY(SELECT json_array_elements_text(${JSON.stringify([...idByExternal.values()])}::json)))`;
  await tx.$executeRaw`
    INSERT INTO "UnifiedOrderItem" (id, "orderId", "productId", "externalItemId", "externalProductId", "externalVariantId",
      sku, title, quantity, "unitPrice", "totalPrice", "createdAt")
    SELECT gen_random_uuid()::text, i."orderId", p.id, i."externalItemId", i."externalProductId", i."externalVariantId",
      i.sku, i.title, i.quantity, i."unitPrice", i."totalPrice", now()
    FROM json_to_recordset(${items}::json) AS i(
      "orderId" text, "externalItemId" text, "externalProductId" text, "externalVariantId" text,
      sku text, title text, quantity int, "unitPrice" numeric, "totalPrice" numeric)
    LEFT JOIN LATERAL (
      SELECT u.id FROM "UnifiedProduct" u
      WHERE u."userId" = ${target.userId} AND u.marketplace = ${target.marketplace}::"MarketplaceType"
        AND (u."externalProductId" = i."externalVariantId" OR u."externalProductId" = i."externalProductId"
             OR (u."connectionId" = ${target.connectionId} AND u.sku = i.sku))
      ORDER BY (u."externalProductId" = i."externalVariantId") DESC NULLS LAST, (u."externalProductId" = i."externalProductId") DESC NULLS LAST
      LIMIT 1
    ) p ON true
    ON CONFLICT ("orderId", "externalItemId") DO NOTHING`;
  return written.length;
}
