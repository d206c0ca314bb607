import { Decimal } from 'decimal.js';
import type { Db } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ResolvedPeriod } from './period.ts';
import { salesCells } from './sales-cells.ts';
import type { SalesRow } from './sales-figures.ts';
import type { Scope } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

/**
 * The sales aggregate of a period per `key` (an expression over the cells `c`: a marketplace, a
 * day's bucket…) and currency, in the shape toFigures() reads: the orders not cancelled, their
 * money and its parts, returns, cancellations, and (with `display`) the USD sums at each day's
 * rate of that currency.
 */
export async function salesRows(db: Db, tenant: TenantContext, period: ResolvedPeriod, scope: Scope, key: Prisma.Sql, display?: string): Promise<SalesRow[]> {
  const cells = await salesCells(db, tenant, period, scope, display);
  const live = Prisma.sql`c.status <> 'CANCELLED'`;
  const liveSum = (column: string, type = 'text') => Prisma.sql`COALESCE(sum(c.${Prisma.raw(`"${column}"`)}) FILTER (WHERE ${live}), 0)::${Prisma.raw(type)}`;
  const inDisplay = (column: string, where = live) => Prisma.sql`COALESCE(sum(c.${Prisma.raw(`"${column}"`)} * c."toDisplay") FILTER (WHERE ${where}), 0)::text`;
  return db.$queryRaw<SalesRow[]>`
    SELECT ${key} AS k, c.currency,
      ${liveSum('orders', 'int')} AS orders, ${liveSum('units', 'int')} AS units,
      ${liveSum('total')} AS sales, ${liveSum('totalUSD')} AS "salesUSD", ${liveSum('withoutUSD', 'int')} AS "ordersWithoutUSD",
      ${liveSum('refunded')} AS refunded, ${liveSum('refundedUSD')} AS "refundedUSD",
      ${liveSum('discounts')} AS discounts, ${liveSum('discountsUSD')} AS "discountsUSD",
      ${liveSum('shipping')} AS shipping, ${liveSum('shippingUSD')} AS "shippingUSD",
      ${liveSum('taxes')} AS taxes, ${liveSum('taxesUSD')} AS "taxesUSD",
      COALESCE(sum(c.orders) FILTER (WHERE c.status = 'RETURNED'), 0)::int AS "returnedOrders",
      COALESCE(sum(c.total) FILTER (WHERE c.status = 'RETURNED'), 0)::text AS "returnedAmount",
      COALESCE(sum(c."totalUSD") FILTER (WHERE c.status = 'RETURNED'), 0)::text AS "returnedAmountUSD",
      COALESCE(sum(c."withoutRefund") FILTER (WHERE c.status = 'RETURNED'), 0)::int AS "refundsUnknown",
      COALESCE(sum(c.orders) FILTER (WHERE c.status = 'CANCELLED'), 0)::int AS "cancelledOrders",
      COALESCE(sum(c."refundedUSD") FILTER (WHERE c.status = 'CANCELLED'), 0)::text AS "cancelledRefundedUSD",
      ${inDisplay('totalUSD')} AS "salesDisplay", ${inDisplay('refundedUSD')} AS "refundedDisplay",
      ${inDisplay('discountsUSD')} AS "discountsDisplay", ${inDisplay('shippingUSD')} AS "shippingDisplay", ${inDisplay('taxesUSD')} AS "taxesDisplay",
      ${inDisplay('refundedUSD', Prisma.sql`c.status = 'CANCELLED'`)} AS "cancelledRefundedDisplay",
      COALESCE(sum(CASE WHEN c."toDisplay" IS NULL THEN c.orders ELSE c."withoutUSD" END) FILTER (WHERE ${live}), 0)::int AS "ordersWithoutDisplay"
    FROM ${cells}
    GROUP BY 1, 2 HAVING sum(c.orders) > 0 ORDER BY 1, 2`;
}

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
      const a = seen[f];
      (seen as unknown as Record<string, unknown>)[f] = typeof a === 'number' ? a + (r[f] as number) : new Decimal(a).plus(r[f] as string).toString();
    }
  }
  return [...byCurrency.values()];
}
