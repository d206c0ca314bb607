import type { Db } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import type { ResolvedPeriod } from './period.ts';
import { rollupFits } from './rollup-zone.ts';
import { marketplaceFilter, ordersInScope } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

/**
 * The seller's orders of a period summed per local day, marketplace, currency and status, as a
 * derived table `c` (day, marketplace, currency, status, orders, units, total, "totalUSD",
 * "withoutUSD", refunded, "refundedUSD", "withoutRefund"). It reads the DailySales rollup
 * when the rollup's days are the tenant's (the seller's stored time zone), else the orders
 * themselves (rollup-zone.ts); periods are always whole local days, so both give the same sums.
 */
export async function salesCells(db: Db, tenant: TenantContext, period: ResolvedPeriod, marketplaces: readonly MarketplaceType[] | undefined): Promise<Prisma.Sql> {
  if (await rollupFits(db, tenant)) {
    return Prisma.sql`(
      SELECT d.day, d.marketplace, d.currency, d.status, d.orders, d.units, d."totalAmount" AS total, d."totalAmountUSD" AS "totalUSD",
        d."ordersWithoutUSD" AS "withoutUSD", d."refundedAmount" AS refunded, d."refundedAmountUSD" AS "refundedUSD", d."ordersWithoutRefund" AS "withoutRefund"
      FROM "DailySales" d
      WHERE d."userId" = ${tenant.userId} AND d.day >= ${period.firstDay}::date AND d.day <= ${period.lastDay}::date
        ${marketplaceFilter(Prisma.sql`d.marketplace`, marketplaces)}
    ) c`;
  }
  return Prisma.sql`(
    SELECT (o."orderedAt" AT TIME ZONE ${tenant.timeZone})::date AS day, o.marketplace, o.currency, o.status, count(*)::int AS orders, sum(o."itemCount")::int AS units,
      sum(o."totalAmount") AS total, COALESCE(sum(o."totalAmountUSD"), 0) AS "totalUSD", (count(*) FILTER (WHERE o."totalAmountUSD" IS NULL))::int AS "withoutUSD",
      COALESCE(sum(o."refundedAmount"), 0) AS refunded, COALESCE(sum(round(o."refundedAmount" * o."fxRateToUSD", 4)) FILTER (WHERE o."totalAmountUSD" IS NOT NULL), 0) AS "refundedUSD",
      (count(*) FILTER (WHERE o."refundedAmount" IS NULL))::int AS "withoutRefund"
    FROM "UnifiedOrder" o
    WHERE ${ordersInScope(tenant, period, marketplaces)}
    GROUP BY 1, 2, 3, 4
  ) c`;
}

export type Bucket = 'day' | 'week' | 'month';

/** The first local day of a cell's day/week (Monday)/month, as 'YYYY-MM-DD'. */
export function cellBucket(bucket: Bucket): Prisma.Sql {
  if (bucket === 'day') return Prisma.sql`to_char(c.day, 'YYYY-MM-DD')`;
  return Prisma.sql`to_char(date_trunc(${bucket}, c.day), 'YYYY-MM-DD')`;
}
