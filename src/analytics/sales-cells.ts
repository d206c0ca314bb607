import { FX_LOOKBACK_DAYS } from '../currency/store-rates.ts';
import type { TenantDb } from '../db/tenant-db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ResolvedPeriod } from './period.ts';
import { rollupFits } from './rollup-zone.ts';
import { byStore, marketplaceFilter, ordersInScope, type Scope } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

/**
 * The seller's orders of a period summed per local day, marketplace, currency and status, as a
 * derived table `c` (day, marketplace, currency, status, orders, units, total, "totalUSD",
 * "withoutUSD", refunded, "refundedUSD", "withoutRefund", discounts, "discountsUSD", shipping,
 * "shippingUSD", taxes, "taxesUSD", "toDisplay"). It reads the DailySales rollup when the
 * rollup's days are the tenant's (the seller's stored time zone), else the orders themselves
 * (rollup-zone.ts), as it does for some stores of a marketplace (the rollup is per
 * marketplace); periods are always whole local days, so both give the same sums.
 * `toDisplay` turns the day's USD into the display currency asked for at that day's rate (the
 * last one on or before it, at most a week older; null without one); 1 when none was asked.
 */
export async function salesCells(
  db: TenantDb,
  tenant: TenantContext,
  period: ResolvedPeriod,
  scope: Scope,
  display?: string,
): Promise<Prisma.Sql> {
  const cells =
    !byStore(scope) && (await rollupFits(db, tenant))
      ? Prisma.sql`
      SELECT d.day, d.marketplace, d.currency, d.status, d.orders, d.units, d."totalAmount" AS total, d."totalAmountUSD" AS "totalUSD",
        d."ordersWithoutUSD" AS "withoutUSD", d."refundedAmount" AS refunded, d."refundedAmountUSD" AS "refundedUSD", d."ordersWithoutRefund" AS "withoutRefund",
        d."discountAmount" AS discounts, d."discountAmountUSD" AS "discountsUSD", d."shippingAmount" AS shipping, d."shippingAmountUSD" AS "shippingUSD",
        d."taxAmount" AS taxes, d."taxAmountUSD" AS "taxesUSD"
      FROM "DailySales" d
      WHERE d."userId" = ${tenant.userId} AND d.day >= ${period.firstDay}::date AND d.day <= ${period.lastDay}::date
        ${marketplaceFilter(Prisma.sql`d.marketplace`, scope.marketplaces)}`
      : Prisma.sql`
      SELECT (o."orderedAt" AT TIME ZONE ${tenant.timeZone})::date AS day, o.marketplace, o.currency, o.status::text AS status, count(*)::int AS orders, sum(o."itemCount")::int AS units,
        sum(o."totalAmount") AS total, COALESCE(sum(o."totalAmountUSD"), 0) AS "totalUSD", (count(*) FILTER (WHERE o."totalAmountUSD" IS NULL))::int AS "withoutUSD",
        COALESCE(sum(o."refundedAmount"), 0) AS refunded, ${usdOf('refundedAmount')} AS "refundedUSD",
        (count(*) FILTER (WHERE o."refundedAmount" IS NULL))::int AS "withoutRefund",
        COALESCE(sum(o."discountAmount"), 0) AS discounts, ${usdOf('discountAmount')} AS "discountsUSD",
        COALESCE(sum(o."shippingAmount"), 0) AS shipping, ${usdOf('shippingAmount')} AS "shippingUSD",
        COALESCE(sum(o."taxAmount"), 0) AS taxes, ${usdOf('taxAmount')} AS "taxesUSD"
      FROM "UnifiedOrder" o
      WHERE ${ordersInScope(tenant, period, scope)}
      GROUP BY 1, 2, 3, 4`;
  if (!display || display === 'USD') return Prisma.sql`(SELECT c0.*, 1::numeric AS "toDisplay" FROM (${cells}) c0) c`;
  return Prisma.sql`(
    WITH rates AS (
      SELECT d::date AS day, (
        SELECT 1 / e."rateToUSD" FROM "ExchangeRate" e
        WHERE e.currency = ${display} AND e.date <= d::date AND e.date > d::date - ${FX_LOOKBACK_DAYS}::int
        ORDER BY e.date DESC LIMIT 1) AS "toDisplay"
      FROM generate_series(${period.firstDay}::date, ${period.lastDay}::date, interval '1 day') d
    )
    SELECT c0.*, r."toDisplay" FROM (${cells}) c0 LEFT JOIN rates r ON r.day = c0.day
  ) c`;
}

/** Σ of an order amount in USD at each order's own rate, over the orders that have one. */
const usdOf = (column: string): Prisma.Sql =>
  Prisma.sql`COALESCE(sum(round(o.${Prisma.raw(`"${column}"`)} * o."fxRateToUSD", 4)) FILTER (WHERE o."totalAmountUSD" IS NOT NULL), 0)`;

export type Bucket = 'day' | 'week' | 'month';

/** The first local day of a cell's day/week (Monday)/month, as 'YYYY-MM-DD'. */
export function cellBucket(bucket: Bucket): Prisma.Sql {
  if (bucket === 'day') return Prisma.sql`to_char(c.day, 'YYYY-MM-DD')`;
  return Prisma.sql`to_char(date_trunc(${bucket}, c.day), 'YYYY-MM-DD')`;
}
