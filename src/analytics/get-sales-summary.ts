import type { ToolArgs } from '../chat/tool-args.ts';
import type { Db } from '../db/client.ts';
import { Decimal } from 'decimal.js';
import { Prisma } from '../generated/prisma/client.ts';
import { getFreshness, type Freshness } from './get-freshness.ts';
import { getLatestRate } from './get-latest-rate.ts';
import type { ResolvedPeriod } from './period.ts';
import { resolvePeriod } from './resolve-period.ts';
import { toFigures, type SalesFigures, type SalesRow } from './sales-figures.ts';
import { localBucket, ordersInScope } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_sales_summary'>;

export interface SalesSummary {
  period: ResolvedPeriod;
  marketplaces: Args['marketplaces'] | 'all';
  totals: SalesFigures;
  /** present with groupBy: marketplace name, or the first local day of the day/week (Monday)/month; only groups with orders */
  groupBy?: NonNullable<Args['groupBy']>;
  groups?: Array<{ key: string } & SalesFigures>;
  freshness: Freshness;
}

/**
 * Sales of the orders placed in the period, CANCELLED excluded (RETURNED and REFUNDED stay in
 * sales; refunds are subtracted in net sales where the marketplace gave the amount).
 */
export async function getSalesSummary(db: Db, tenant: TenantContext, args: Args): Promise<SalesSummary> {
  return summarizeSales(db, tenant, resolvePeriod(args.period, tenant), args);
}

/** The same for an already resolved period (compare-periods, previousPeriod()). */
export async function summarizeSales(db: Db, tenant: TenantContext, period: ResolvedPeriod, args: Omit<Args, 'period'>): Promise<SalesSummary> {
  const key = args.groupBy === 'marketplace' ? Prisma.sql`o.marketplace::text` : args.groupBy ? localBucket(tenant, args.groupBy) : Prisma.sql`''`;
  const [rows, rate, freshness] = await Promise.all([
    db.$queryRaw<SalesRow[]>`
      WITH s AS (
        SELECT ${key} AS k, o.currency, o.status, o."totalAmount", o."totalAmountUSD", o."refundedAmount",
          round(o."refundedAmount" * o."fxRateToUSD", 4) AS "refundedUSD",
          (SELECT COALESCE(sum(i.quantity), 0) FROM "UnifiedOrderItem" i WHERE i."orderId" = o.id) AS units
        FROM "UnifiedOrder" o
        WHERE ${ordersInScope(tenant, period, args.marketplaces)} AND o.status <> 'CANCELLED'
      )
      SELECT k, currency,
        count(*)::int AS orders,
        sum(units)::int AS units,
        sum("totalAmount")::text AS sales,
        COALESCE(sum("totalAmountUSD"), 0)::text AS "salesUSD",
        (count(*) FILTER (WHERE "totalAmountUSD" IS NULL))::int AS "ordersWithoutUSD",
        COALESCE(sum("refundedAmount"), 0)::text AS refunded,
        COALESCE(sum("refundedUSD") FILTER (WHERE "totalAmountUSD" IS NOT NULL), 0)::text AS "refundedUSD",
        (count(*) FILTER (WHERE status = 'RETURNED'))::int AS "returnedOrders",
        COALESCE(sum("totalAmount") FILTER (WHERE status = 'RETURNED'), 0)::text AS "returnedAmount",
        COALESCE(sum("totalAmountUSD") FILTER (WHERE status = 'RETURNED'), 0)::text AS "returnedAmountUSD",
        (count(*) FILTER (WHERE status IN ('RETURNED', 'REFUNDED') AND "refundedAmount" IS NULL))::int AS "refundsUnknown"
      FROM s GROUP BY k, currency ORDER BY k, currency`,
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
    summary.groups = keys.map((k) => ({ key: k, ...toFigures(rows.filter((r) => r.k === k), rate) }));
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
      returnedOrders: count('returnedOrders'), refundsUnknown: count('refundsUnknown'),
      sales: total('sales'), salesUSD: total('salesUSD'), refunded: total('refunded'), refundedUSD: total('refundedUSD'),
      returnedAmount: total('returnedAmount'), returnedAmountUSD: total('returnedAmountUSD'),
    };
  });
}
