import { Prisma } from '../generated/prisma/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import type { ResolvedPeriod } from './period.ts';
import { marketplaceFilter, ordersInScope } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

/**
 * The seller's orders of a period summed per local day, marketplace, currency and status, as a
 * derived table `c` (day, marketplace, currency, status, orders, units, total, "totalUSD",
 * "withoutUSD", refunded, "refundedUSD", "withoutRefund"). It reads the DailySales rollup
 * when the rollup's days are the tenant's (the seller's stored time zone), else the orders
 * themselves; periods are always whole local days, so both give the same sums.
 */
export function salesCells(tenant: TenantContext, period: ResolvedPeriod, marketplaces: readonly MarketplaceType[] | undefined): Prisma.Sql {
  const sameZone = Prisma.sql`EXISTS (SELECT 1 FROM "User" u WHERE u.id = ${tenant.userId} AND u."timeZone" = ${tenant.timeZone})`;
  return Prisma.sql`(
    SELECT d.day, d.marketplace, d.currency, d.status, d.orders, d.units, d."totalAmount" AS total, d."totalAmountUSD" AS "totalUSD",
      d."ordersWithoutUSD" AS "withoutUSD", d."refundedAmount" AS refunded, d."refundedAmountUSD" AS "refundedUSD", d."ordersWithoutRefund" AS "withoutRefund"
    FROM "DailySales" d
    WHERE ${sameZone} AND d."userId" = ${tenant.userId} AND d.day >= ${period.firstDay}::date AND d.day <= ${period.lastDay}::date
      ${marketplaceFilter(Prisma.sql`d.marketplace`, marketplaces)}
    UNION ALL
    SELECT (o."orderDate" AT TIME ZONE ${tenant.timeZone})::date, o.marketplace, o.currency, o.status, count(*)::int, sum(o.units)::int,
      sum(o."totalAmount"), COALESCE(sum(o."totalAmountUSD"), 0), (count(*) FILTER (WHERE o."totalAmountUSD" IS NULL))::int,
      COALESCE(sum(o."refundedAmount"), 0), COALESCE(sum(round(o."refundedAmount" * o."fxRateToUSD", 4)) FILTER (WHERE o."totalAmountUSD" IS NOT NULL), 0),
      (count(*) FILTER (WHERE o."refundedAmount" IS NULL))::int
    FROM "UnifiedOrder" o
    WHERE NOT ${sameZone} AND ${ordersInScope(tenant, period, marketplaces)}
    GROUP BY 1, 2, 3, 4
  ) c`;
}

export type Bucket = 'day' | 'week' | 'month';

/** The first local day of a cell's day/week (Monday)/month, as 'YYYY-MM-DD'. */
export function cellBucket(bucket: Bucket): Prisma.Sql {
  if (bucket === 'day') return Prisma.sql`to_char(c.day, 'YYYY-MM-DD')`;
  return Prisma.sql`to_char(date_trunc(${bucket}, c.day), 'YYYY-MM-DD')`;
}
