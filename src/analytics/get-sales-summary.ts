import type { ToolArgs } from '../chat/tool-args.ts';
import type { Db } from '../db/client.ts';
import { Decimal } from 'decimal.js';
import { Prisma } from '../generated/prisma/client.ts';
import { getFreshness, type Freshness } from './get-freshness.ts';
import { getLatestRate } from './get-latest-rate.ts';
import type { ResolvedPeriod } from './period.ts';
import { resolvePeriod } from './resolve-period.ts';
import { salesCells, cellBucket } from './sales-cells.ts';
import { toFigures, type SalesFigures, type SalesRow } from './sales-figures.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_sales_summary'>;

export interface SalesSummary {
  period: ResolvedPeriod;
  marketplaces: Args['marketplaces'] | 'all';
  totals: SalesFigures;
  /** present with groupBy: marketplace name, or the first local day of the day/week (Monday)/month; only groups with orders not cancelled */
  groupBy?: NonNullable<Args['groupBy']>;
  groups?: Array<{ key: string } & SalesFigures>;
  freshness: Freshness;
}

/**
 * Sales of the orders placed in the period, CANCELLED excluded (RETURNED orders stay in sales;
 * their refunds are subtracted in net sales where the marketplace gave the amount). An order
 * refunded before it shipped is CANCELLED: out of sales, its refund counted apart.
 */
export async function getSalesSummary(db: Db, tenant: TenantContext, args: Args): Promise<SalesSummary> {
  return summarizeSales(db, tenant, resolvePeriod(args.period, tenant), args);
}

/** The same for an already resolved period (compare-periods, previousPeriod()). */
export async function summarizeSales(db: Db, tenant: TenantContext, period: ResolvedPeriod, args: Omit<Args, 'period'>): Promise<SalesSummary> {
  const key = args.groupBy === 'marketplace' ? Prisma.sql`c.marketplace::text` : args.groupBy ? cellBucket(args.groupBy) : Prisma.sql`''`;
  const cells = await salesCells(db, tenant, period, args.marketplaces);
  const live = Prisma.sql`c.status <> 'CANCELLED'`;
  const [rows, rate, freshness] = await Promise.all([
    db.$queryRaw<SalesRow[]>`
      SELECT ${key} AS k, c.currency,
        COALESCE(sum(c.orders) FILTER (WHERE ${live}), 0)::int AS orders,
        COALESCE(sum(c.units) FILTER (WHERE ${live}), 0)::int AS units,
        COALESCE(sum(c.total) FILTER (WHERE ${live}), 0)::text AS sales,
        COALESCE(sum(c."totalUSD") FILTER (WHERE ${live}), 0)::text AS "salesUSD",
        COALESCE(sum(c."withoutUSD") FILTER (WHERE ${live}), 0)::int AS "ordersWithoutUSD",
        COALESCE(sum(c.refunded) FILTER (WHERE ${live}), 0)::text AS refunded,
        COALESCE(sum(c."refundedUSD") FILTER (WHERE ${live}), 0)::text AS "refundedUSD",
        COALESCE(sum(c.orders) FILTER (WHERE c.status = 'RETURNED'), 0)::int AS "returnedOrders",
        COALESCE(sum(c.total) FILTER (WHERE c.status = 'RETURNED'), 0)::text AS "returnedAmount",
        COALESCE(sum(c."totalUSD") FILTER (WHERE c.status = 'RETURNED'), 0)::text AS "returnedAmountUSD",
        COALESCE(sum(c."withoutRefund") FILTER (WHERE c.status = 'RETURNED'), 0)::int AS "refundsUnknown",
        COALESCE(sum(c.orders) FILTER (WHERE c.status = 'CANCELLED'), 0)::int AS "cancelledOrders",
        COALESCE(sum(c."refundedUSD") FILTER (WHERE c.status = 'CANCELLED'), 0)::text AS "cancelledRefundedUSD"
      FROM ${cells}
      GROUP BY 1, 2 HAVING sum(c.orders) > 0 ORDER BY 1, 2`,
    getLatestRate(db, tenant.preferredCurrency),
    getFreshness(db, tenant, args.marketplaces),
  ]);
  const summary: SalesSummary = {
    period,
    marketplaces: args.marketplaces ?? 'all',
    totals: toFigures(mergeCurrencies(rows), rate),
    freshness,
  };
  if (args.groupBy) {
    const keys = [...new Set(rows.map((r) => r.k))];
    summary.groupBy = args.groupBy;
    // a group (a day, a marketplace) with cancelled orders only counts in the totals' cancellations, not as a group
    summary.groups = keys.map((k) => ({ key: k, ...toFigures(rows.filter((r) => r.k === k), rate) })).filter((g) => g.orders > 0);
  }
  return summary;
}

/** Rows of several groups folded into one row per currency. */
function mergeCurrencies(rows: SalesRow[]): SalesRow[] {
  const byCurrency = new Map<string, SalesRow[]>();
  for (const r of rows) byCurrency.set(r.currency, [...(byCurrency.get(r.currency) ?? []), r]);
  return [...byCurrency].map(([currency, rs]) => {
    const total = (f: keyof SalesRow) => rs.reduce((a, r) => a.plus(r[f] as string), new Decimal(0)).toString();
    const count = (f: keyof SalesRow) => rs.reduce((a, r) => a + (r[f] as number), 0);
    return {
      k: '', currency,
      orders: count('orders'), units: count('units'), ordersWithoutUSD: count('ordersWithoutUSD'),
      returnedOrders: count('returnedOrders'), refundsUnknown: count('refundsUnknown'), cancelledOrders: count('cancelledOrders'),
      cancelledRefundedUSD: total('cancelledRefundedUSD'),
      sales: total('sales'), salesUSD: total('salesUSD'), refunded: total('refunded'), refundedUSD: total('refundedUSD'),
      returnedAmount: total('returnedAmount'), returnedAmountUSD: total('returnedAmountUSD'),
    };
  });
}
