import { FX_LOOKBACK_DAYS } from '../currency/store-rates.ts';
import { type PgClient, query } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { UnifiedOrderRow } from '../marketplaces/types.ts';
import { column, isoColumn } from './columns.ts';
import { productOfLine } from './write-products.ts';
import type { WriteTarget } from './write-target.ts';

/** An order read twice in one batch (updated between two pages) is written once: its latest version. */
function latestOfEach(rows: readonly UnifiedOrderRow[]): UnifiedOrderRow[] {
  const latest = new Map<string, UnifiedOrderRow>();
  for (const r of rows) {
    const seen = latest.get(r.externalOrderId);
    if (!seen || r.sourceUpdatedAt >= seen.sourceUpdatedAt) latest.set(r.externalOrderId, r);
  }
  return [...latest.values()];
}

/**
 * One batch of orders (one or more pages) in set-based statements, inside the caller's
 * transaction on a pg client (see pgTransaction): upsert the orders, then insert the lines of
 * the new ones (a new id: nothing to conflict with, so no upsert's speculative insertion),
 * upsert the lines of the updated ones and delete the lines an order no longer has. Unchanged
 * lines are left alone, so a re-read touches neither them nor the rollups. A row older than the
 * one stored (an overlap re-read, a late webhook) does not overwrite it. USD is converted at the
 * rate of the order's date in the store's zone (the last rate on or before it, at most a week
 * older); the rate used is kept and never silently changed, and an order whose rate is missing
 * is converted when the rate arrives (src/currency). An order that returns of its own name
 * (Square return orders, written first by writeReturns) is RETURNED with at least their sum as
 * its refunded amount, so a re-read of the sale (still COMPLETED at the marketplace) changes
 * nothing.
 */
export async function writeOrders(
  client: PgClient,
  target: WriteTarget,
  page: readonly UnifiedOrderRow[],
): Promise<number> {
  const rows = latestOfEach(page);
  if (rows.length === 0) return 0;
  const col = <K extends keyof UnifiedOrderRow>(k: K) => column(rows, k);
  const iso = (k: 'orderedAt' | 'fulfilledAt' | 'sourceUpdatedAt' | 'cancelledAt') => isoColumn(rows, (r) => r[k]);
  // xmax = 0 tells a row this statement inserted from one it updated: only an updated order can have lines to delete
  const { rows: written } = await query<{ id: string; externalOrderId: string; inserted: boolean }>(
    client,
    Prisma.sql`
    WITH r AS (
      SELECT * FROM unnest(${col('externalOrderId')}::text[], ${col('orderNumber')}::text[], ${iso('orderedAt')}::timestamptz[],
        ${iso('fulfilledAt')}::timestamptz[],
        ${col('status')}::text[], ${col('marketplaceStatus')}::text[], ${col('totalAmount')}::numeric[], ${col('currency')}::text[],
        ${col('subtotalAmount')}::numeric[], ${col('taxAmount')}::numeric[], ${col('shippingAmount')}::numeric[],
        ${col('discountAmount')}::numeric[], ${col('refundedAmount')}::numeric[], ${col('customerName')}::text[],
        ${col('customerEmail')}::text[], ${iso('sourceUpdatedAt')}::timestamptz[], ${iso('cancelledAt')}::timestamptz[],
        ${rows.map((r) => r.items.reduce((n, i) => n + i.quantity, 0))}::int[]) AS r(
        "externalOrderId", "orderNumber", "orderedAt", "fulfilledAt", status, "marketplaceStatus", "totalAmount", currency, "subtotalAmount",
        "taxAmount", "shippingAmount", "discountAmount", "refundedAmount", "customerName", "customerEmail",
        "sourceUpdatedAt", "cancelledAt", "itemCount")
    ), fx AS (
      SELECT r.*,
        CASE WHEN r.currency = 'USD' THEN 1::numeric ELSE e."rateToUSD" END AS rate,
        CASE WHEN r.currency = 'USD' THEN (r."orderedAt" AT TIME ZONE ${target.timeZone})::date ELSE e.date END AS rate_date,
        ret.returned > 0 AND r.status <> 'CANCELLED' AS returned, ret.returned AS "returnedAmount"
      FROM r
      LEFT JOIN LATERAL (
        SELECT x."rateToUSD", x.date FROM "ExchangeRate" x
        WHERE r.currency <> 'USD' AND x.currency = r.currency AND x.date <= (r."orderedAt" AT TIME ZONE ${target.timeZone})::date
          AND x.date > (r."orderedAt" AT TIME ZONE ${target.timeZone})::date - ${FX_LOOKBACK_DAYS}::int
        ORDER BY x.date DESC LIMIT 1
      ) e ON true
      -- the EXISTS is a one-time filter: a store without returns costs one probe, not one per order
      LEFT JOIN LATERAL (
        SELECT sum(x."refundedAmount") AS returned FROM "UnifiedOrderReturn" x
        WHERE EXISTS (SELECT 1 FROM "UnifiedOrderReturn" WHERE "connectionId" = ${target.connectionId})
          AND x."connectionId" = ${target.connectionId} AND x."saleExternalOrderId" = r."externalOrderId"
      ) ret ON true
    )
    INSERT INTO "UnifiedOrder" AS o (
      id, "userId", "connectionId", marketplace, "externalOrderId", "orderNumber", "orderedAt", "fulfilledAt", status,
      "marketplaceStatus", "totalAmount", currency, "totalAmountUSD", "fxRateToUSD", "fxRateDate",
      "subtotalAmount", "taxAmount", "shippingAmount", "discountAmount", "refundedAmount",
      "customerName", "customerEmail", "sourceUpdatedAt", "cancelledAt", "itemCount", "syncedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, ${target.userId}, ${target.connectionId}, ${target.marketplace}::"MarketplaceType",
      f."externalOrderId", f."orderNumber", f."orderedAt", f."fulfilledAt",
      (CASE WHEN f.returned THEN 'RETURNED' ELSE f.status END)::"OrderStatus",
      CASE WHEN f.returned THEN concat_ws('/', f."marketplaceStatus", 'RETURN') ELSE f."marketplaceStatus" END,
      f."totalAmount", f.currency, round(f."totalAmount" * f.rate, 4), f.rate, f.rate_date,
      f."subtotalAmount", f."taxAmount", f."shippingAmount", f."discountAmount",
      CASE WHEN f."returnedAmount" > 0 THEN GREATEST(COALESCE(f."refundedAmount", 0), f."returnedAmount") ELSE f."refundedAmount" END,
      f."customerName", f."customerEmail", f."sourceUpdatedAt", f."cancelledAt", f."itemCount", now(), now(), now()
    FROM fx f
    ON CONFLICT ("connectionId", "externalOrderId") DO UPDATE SET
      "orderNumber" = EXCLUDED."orderNumber",
      "orderedAt" = EXCLUDED."orderedAt",
      "fulfilledAt" = EXCLUDED."fulfilledAt",
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
      "itemCount" = EXCLUDED."itemCount",
      "syncedAt" = now(),
      "updatedAt" = now()
    WHERE o."sourceUpdatedAt" IS NULL OR EXCLUDED."sourceUpdatedAt" >= o."sourceUpdatedAt"
    RETURNING o.id, o."externalOrderId", o.xmax = 0 AS inserted`,
  );
  if (written.length === 0) return 0;

  const idByExternal = new Map(written.map((w) => [w.externalOrderId, w.id]));
  const lines = rows.flatMap((o) => {
    const orderId = idByExternal.get(o.externalOrderId);
    // a line id given twice in one order is the first one (one statement cannot upsert a row twice)
    const items = [...new Map(o.items.map((i) => [i.externalItemId, i] as const).reverse()).values()];
    return orderId ? items.map((i) => ({ orderId, currency: o.currency, ...i })) : [];
  });
  const stale = new Set(written.filter((w) => !w.inserted).map((w) => w.id));
  const kept = lines.filter((l) => stale.has(l.orderId));
  if (stale.size > 0) {
    await query(
      client,
      Prisma.sql`
      DELETE FROM "UnifiedOrderItem" t
      WHERE t."orderId" = ANY(${[...stale]}::text[])
        AND NOT EXISTS (SELECT 1 FROM unnest(${kept.map((l) => l.orderId)}::text[], ${kept.map((l) => l.externalItemId)}::text[]) k(o, i)
                        WHERE k.o = t."orderId" AND k.i = t."externalItemId")`,
    );
  }
  const fresh = lines.filter((l) => !stale.has(l.orderId));
  if (fresh.length > 0) await query(client, insertLines(target, fresh, Prisma.empty));
  if (kept.length > 0) {
    await query(
      client,
      insertLines(
        target,
        kept,
        Prisma.sql`
      ON CONFLICT ("orderId", "externalItemId") DO UPDATE SET
        "productId" = EXCLUDED."productId",
        "externalProductId" = EXCLUDED."externalProductId",
        "externalVariantId" = EXCLUDED."externalVariantId",
        sku = EXCLUDED.sku,
        title = EXCLUDED.title,
        quantity = EXCLUDED.quantity,
        "unitPrice" = EXCLUDED."unitPrice",
        "totalPrice" = EXCLUDED."totalPrice",
        currency = EXCLUDED.currency
      WHERE (t."productId", t."externalProductId", t."externalVariantId", t.sku, t.title, t.quantity, t."unitPrice", t."totalPrice", t.currency)
        IS DISTINCT FROM (EXCLUDED."productId", EXCLUDED."externalProductId", EXCLUDED."externalVariantId", EXCLUDED.sku, EXCLUDED.title, EXCLUDED.quantity, EXCLUDED."unitPrice", EXCLUDED."totalPrice", EXCLUDED.currency)`,
      ),
    );
  }
  return written.length;
}

type Line = { orderId: string; currency: string } & UnifiedOrderRow['items'][number];

/**
 * Lines as column arrays. Their products are looked up once per distinct (product, variant,
 * SKU) of the batch, not once per line: a batch of a thousand orders names a few dozen products.
 * A line without a SKU takes its product's (Square lines name only the catalogue variation), so
 * it counts as that SKU across marketplaces.
 */
function insertLines(target: WriteTarget, lines: readonly Line[], onConflict: Prisma.Sql): Prisma.Sql {
  const keys = new Map<string, number>();
  const distinct: Line[] = [];
  const keyOf = lines.map((l) => {
    const key = JSON.stringify([l.externalProductId, l.externalVariantId, l.sku]);
    let k = keys.get(key);
    if (k === undefined) keys.set(key, (k = distinct.push(l)));
    return k;
  });
  const col = <K extends keyof Line>(k: K) => column(lines, k);
  return Prisma.sql`
    WITH i AS (
      SELECT * FROM unnest(${col('orderId')}::text[], ${col('externalItemId')}::text[], ${col('externalProductId')}::text[],
        ${col('externalVariantId')}::text[], ${col('sku')}::text[], ${col('title')}::text[], ${col('quantity')}::int[],
        ${col('unitPrice')}::numeric[], ${col('totalPrice')}::numeric[], ${col('currency')}::text[], ${keyOf}::int[]) AS i(
        "orderId", "externalItemId", "externalProductId", "externalVariantId", sku, title, quantity, "unitPrice", "totalPrice", currency, k)
    ), p AS MATERIALIZED (
      SELECT m.k, m."productId", u.sku
      FROM (
        SELECT i.k, ${productOfLine(target)} AS "productId"
        FROM unnest(${column(distinct, 'externalProductId')}::text[], ${column(distinct, 'externalVariantId')}::text[], ${column(distinct, 'sku')}::text[])
          WITH ORDINALITY AS i("externalProductId", "externalVariantId", sku, k)
      ) m LEFT JOIN "UnifiedProduct" u ON u.id = m."productId"
    )
    INSERT INTO "UnifiedOrderItem" AS t (id, "orderId", "productId", "externalItemId", "externalProductId", "externalVariantId",
      sku, title, quantity, "unitPrice", "totalPrice", currency, "createdAt")
    SELECT gen_random_uuid()::text, i."orderId", p."productId", i."externalItemId", i."externalProductId", i."externalVariantId",
      COALESCE(NULLIF(i.sku, ''), p.sku), i.title, i.quantity, i."unitPrice", i."totalPrice", i.currency, now()
    FROM i JOIN p ON p.k = i.k
    ${onConflict}`;
}
