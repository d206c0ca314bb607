import { Decimal } from 'decimal.js';
import type { TenantDb } from '../db/tenant-db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { SalesMetric } from './metrics.ts';
import type { ResolvedPeriod } from './period.ts';
import { salesCells } from './sales-cells.ts';
import type { SalesRow } from './sales-figures.ts';
import type { Scope } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

/**
 * The sales aggregate of a period per `key` (an expression over the cells `c`: a marketplace, a
 * day's bucket…) and currency, in the shape toFigures() reads: the orders not cancelled, their
 * money and its parts, returns, cancellations, and (with `display`) the USD sums at each day's
 * rate of that currency. With `only`, just the sums that metric reads (the others are 0): what a
 * trend needs per point.
 */
export async function salesRows(
  db: TenantDb,
  tenant: TenantContext,
  period: ResolvedPeriod,
  scope: Scope,
  key: Prisma.Sql,
  display?: string,
  only?: SalesMetric,
): Promise<SalesRow[]> {
  const cells = await salesCells(db, tenant, period, scope, display);
  const needs: ReadonlySet<Part> = only ? new Set(['always', ...(EXTRA[only] ?? [])]) : ALL;
  const live = Prisma.sql`c.status <> 'CANCELLED'`;
  const zero = (type: string) => (type === 'int' ? Prisma.sql`0` : Prisma.sql`'0'`);
  const liveSum = (column: string, type = 'text') =>
    needs.has(PART_OF[column] ?? 'always')
      ? Prisma.sql`COALESCE(sum(c.${Prisma.raw(`"${column}"`)}) FILTER (WHERE ${live}), 0)::${Prisma.raw(type)}`
      : zero(type);
  const when = (part: Part, sql: Prisma.Sql, type = 'text') => (needs.has(part) ? sql : zero(type));
  // without a currency asked for, the display sums are not read: not summed either
  const inDisplay = (column: string, where = live) =>
    display && needs.has(PART_OF[column] ?? 'always')
      ? Prisma.sql`COALESCE(sum(c.${Prisma.raw(`"${column}"`)} * c."toDisplay") FILTER (WHERE ${where}), 0)::text`
      : Prisma.sql`'0'`;
  return db.$queryRaw<SalesRow[]>`
    SELECT ${key} AS k, c.currency,
      ${liveSum('orders', 'int')} AS orders, ${liveSum('units', 'int')} AS units,
      ${liveSum('total')} AS sales, ${liveSum('totalUSD')} AS "salesUSD", ${liveSum('withoutUSD', 'int')} AS "ordersWithoutUSD",
      ${liveSum('refunded')} AS refunded, ${liveSum('refundedUSD')} AS "refundedUSD",
      ${liveSum('discounts')} AS discounts, ${liveSum('discountsUSD')} AS "discountsUSD",
      ${liveSum('shipping')} AS shipping, ${liveSum('shippingUSD')} AS "shippingUSD",
      ${liveSum('taxes')} AS taxes, ${liveSum('taxesUSD')} AS "taxesUSD",
      ${when('returns', Prisma.sql`COALESCE(sum(c.orders) FILTER (WHERE c.status = 'RETURNED'), 0)::int`, 'int')} AS "returnedOrders",
      ${when('returns', Prisma.sql`COALESCE(sum(c.total) FILTER (WHERE c.status = 'RETURNED'), 0)::text`)} AS "returnedAmount",
      ${when('returns', Prisma.sql`COALESCE(sum(c."totalUSD") FILTER (WHERE c.status = 'RETURNED'), 0)::text`)} AS "returnedAmountUSD",
      ${when('returns', Prisma.sql`COALESCE(sum(c."withoutRefund") FILTER (WHERE c.status = 'RETURNED'), 0)::int`, 'int')} AS "refundsUnknown",
      ${when('cancelled', Prisma.sql`COALESCE(sum(c.orders) FILTER (WHERE c.status = 'CANCELLED'), 0)::int`, 'int')} AS "cancelledOrders",
      ${when('cancelled', Prisma.sql`COALESCE(sum(c."refundedUSD") FILTER (WHERE c.status = 'CANCELLED'), 0)::text`)} AS "cancelledRefundedUSD",
      ${inDisplay('totalUSD')} AS "salesDisplay", ${inDisplay('refundedUSD')} AS "refundedDisplay",
      ${inDisplay('discountsUSD')} AS "discountsDisplay", ${inDisplay('shippingUSD')} AS "shippingDisplay", ${inDisplay('taxesUSD')} AS "taxesDisplay",
      ${needs.has('cancelled') ? inDisplay('refundedUSD', Prisma.sql`c.status = 'CANCELLED'`) : Prisma.sql`'0'`} AS "cancelledRefundedDisplay",
      ${display ? Prisma.sql`COALESCE(sum(CASE WHEN c."toDisplay" IS NULL THEN c.orders ELSE c."withoutUSD" END) FILTER (WHERE ${live}), 0)::int` : Prisma.sql`0`} AS "ordersWithoutDisplay"
    FROM ${cells}
    GROUP BY 1, 2 HAVING sum(c.orders) > 0 ORDER BY 1, 2`;
}

/** Which sums a metric reads beyond orders, units and order totals (in USD and natively). */
type Part = 'always' | 'refunds' | 'parts' | 'returns' | 'cancelled';
const ALL: ReadonlySet<Part> = new Set(['always', 'refunds', 'parts', 'returns', 'cancelled']);
const EXTRA: Partial<Record<SalesMetric, Part[]>> = {
  gross_sales: ['parts'],
  net_sales: ['parts', 'refunds'],
  discounts: ['parts'],
  shipping: ['parts'],
  taxes: ['parts'],
  refunds: ['refunds'],
  cancellation_rate: ['cancelled'],
};
const PART_OF: Readonly<Record<string, Part>> = {
  refunded: 'refunds',
  refundedUSD: 'refunds',
  discounts: 'parts',
  discountsUSD: 'parts',
  shipping: 'parts',
  shippingUSD: 'parts',
  taxes: 'parts',
  taxesUSD: 'parts',
};

/** Rows of several groups folded into one row per currency: counts added, money added as decimals. */
export function mergeCurrencies(rows: SalesRow[]): SalesRow[] {
  const byCurrency = new Map<string, SalesRow>();
  for (const r of rows) {
    const seen = byCurrency.get(r.currency);
    if (!seen) {
      byCurrency.set(r.currency, { ...r, k: '' });
      continue;
    }
    for (const f of Object.keys(r) as (keyof SalesRow)[]) {
      if (f === 'k' || f === 'currency') continue;
      const [a, b] = [seen[f], r[f]];
      if (b === 0 || b === '0') continue;
      (seen as unknown as Record<string, unknown>)[f] =
        typeof a === 'number' ? a + (b as number) : a === '0' ? b : new Decimal(a).plus(b as string).toString();
    }
  }
  return [...byCurrency.values()];
}
