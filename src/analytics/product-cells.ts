import type { TenantDb } from '../db/tenant-db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { addDays, addMonths, startOfMonth } from './local-calendar.ts';
import type { ResolvedPeriod } from './period.ts';
import { rollupFits } from './rollup-zone.ts';
import { byStore, marketplaceFilter, ordersInScope, type Scope } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

/** The whole local months inside [firstDay, lastDay], as [from, to) first days; from = to when there are none. */
export function wholeMonths(firstDay: string, lastDay: string): { from: string; to: string } {
  const from = firstDay === startOfMonth(firstDay) ? firstDay : addMonths(startOfMonth(firstDay), 1);
  const to = startOfMonth(addDays(lastDay, 1));
  return from < to ? { from, to } : { from: addDays(lastDay, 1), to: addDays(lastDay, 1) };
}

/**
 * The order lines of a period's orders not CANCELLED, summed per product (its SKU, else its
 * title, cut at 250 characters), title, marketplace and currency, as a derived table `p` (key,
 * "hasSku", title, marketplace, currency, units, revenue, "revenueUSD", "linesWithoutUSD"; with
 * `returns`, also the lines of RETURNED orders: "returnedLines", "returnedOrders",
 * "returnedUnits", "returnedRevenueUSD", "returnedLinesWithoutUSD", "refundedUSD" (each returned
 * order's refund shared among its lines by line total) and "returnedOrdersRefundUnknown").
 * From the ProductSales rollup when its days are the tenant's: the period's whole months from
 * the monthly rows and the days around them from the daily ones; else from the orders and
 * their items, summed the same way.
 */
export async function productCells(
  db: TenantDb,
  tenant: TenantContext,
  period: ResolvedPeriod,
  scope: Scope,
  opts: { returns?: boolean } = {},
): Promise<Prisma.Sql> {
  if (!byStore(scope) && (await rollupFits(db, tenant))) {
    const months = wholeMonths(period.firstDay, period.lastDay);
    const returned = opts.returns
      ? Prisma.sql`, ${Prisma.join(RETURNED.map((c) => Prisma.raw(`s."${c}"`)))}`
      : Prisma.empty;
    const rows = (grain: 'DAY' | 'MONTH', from: string, to: string) => Prisma.sql`
      SELECT s."productKey" AS key, s."hasSku", s.title, s.marketplace, s.currency, s.units, s.revenue, s."revenueUSD", s."linesWithoutUSD" ${returned}
      FROM "ProductSales" s
      WHERE s."userId" = ${tenant.userId} AND s.grain = ${grain} AND s.bucket >= ${from}::date AND s.bucket < ${to}::date
        AND s.lines > 0 ${marketplaceFilter(Prisma.sql`s.marketplace`, scope.marketplaces)}`;
    return Prisma.sql`(${Prisma.join(
      [
        rows('DAY', period.firstDay, months.from),
        rows('MONTH', months.from, months.to),
        rows('DAY', months.to, addDays(period.lastDay, 1)),
      ],
      ' UNION ALL ',
    )}) p`;
  }
  const returned = opts.returns
    ? Prisma.sql`,
      (count(*) FILTER (WHERE l.returned))::int AS "returnedLines",
      (count(DISTINCT l."orderId") FILTER (WHERE l.returned))::int AS "returnedOrders",
      COALESCE(sum(l.quantity) FILTER (WHERE l.returned), 0)::int AS "returnedUnits",
      COALESCE(sum(round(l."totalPrice" * l.fx, 4)) FILTER (WHERE l.returned), 0) AS "returnedRevenueUSD",
      (count(*) FILTER (WHERE l.returned AND l.fx IS NULL))::int AS "returnedLinesWithoutUSD",
      COALESCE(sum(round(l.refunded * l.fx * l."totalPrice" / NULLIF(l."orderLines", 0), 4)) FILTER (WHERE l.returned), 0) AS "refundedUSD",
      (count(DISTINCT l."orderId") FILTER (WHERE l.returned AND l.refunded IS NULL))::int AS "returnedOrdersRefundUnknown"`
    : Prisma.empty;
  const orderLines = opts.returns
    ? Prisma.sql`, sum(i."totalPrice") OVER (PARTITION BY o.id) AS "orderLines"`
    : Prisma.empty;
  return Prisma.sql`(
    SELECT l.key, l."hasSku", l.title, l.marketplace, l.currency, sum(l.quantity)::int AS units, sum(l."totalPrice") AS revenue,
      COALESCE(sum(round(l."totalPrice" * l.fx, 4)), 0) AS "revenueUSD", (count(*) FILTER (WHERE l.fx IS NULL))::int AS "linesWithoutUSD" ${returned}
    FROM (
      SELECT left(COALESCE(NULLIF(i.sku, ''), i.title), 250) AS key, (NULLIF(i.sku, '') IS NOT NULL) AS "hasSku", left(i.title, 250) AS title,
        o.marketplace, o.currency, i.quantity, i."totalPrice", o."fxRateToUSD" AS fx, o.id AS "orderId", o.status = 'RETURNED' AS returned,
        o."refundedAmount" AS refunded ${orderLines}
      FROM "UnifiedOrderItem" i JOIN "UnifiedOrder" o ON o.id = i."orderId"
      WHERE ${ordersInScope(tenant, period, scope)} AND o.status <> 'CANCELLED'
    ) l
    GROUP BY 1, 2, 3, 4, 5
  ) p`;
}

/** The rollup's columns of the lines of RETURNED orders (see the ProductSales model). */
const RETURNED = [
  'returnedLines',
  'returnedOrders',
  'returnedUnits',
  'returnedRevenueUSD',
  'returnedLinesWithoutUSD',
  'refundedUSD',
  'returnedOrdersRefundUnknown',
] as const;
