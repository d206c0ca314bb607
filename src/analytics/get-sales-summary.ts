import type { TenantDb } from '../db/tenant-db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ToolArgs } from './args.ts';
import { fitInterval } from './fit-interval.ts';
import { type Freshness, getFreshness } from './get-freshness.ts';
import { getLatestRate } from './get-latest-rate.ts';
import type { ResolvedPeriod } from './period.ts';
import { resolvePeriod } from './resolve-period.ts';
import { cellBucket } from './sales-cells.ts';
import { type SalesFigures, type SalesRow, toFigures } from './sales-figures.ts';
import { mergeCurrencies, salesRows } from './sales-rows.ts';
import type { Scope } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_sales_summary'>;

export interface SalesSummary {
  period: ResolvedPeriod;
  marketplaces: Scope['marketplaces'] | 'all';
  totals: SalesFigures;
  /** present with groupBy: marketplace name, or the first local day of the day/week (Monday)/month; only groups with orders not cancelled */
  groupBy?: NonNullable<Args['groupBy']>;
  /** the breakdown asked for, when a period too long for it was broken down by a coarser interval (fitInterval) */
  askedGroupBy?: NonNullable<Args['groupBy']>;
  groups?: Array<{ key: string } & SalesFigures>;
  freshness: Freshness;
}

/**
 * Sales of the orders placed in the period, CANCELLED excluded (RETURNED orders stay in sales;
 * their refunds are subtracted in net sales where the marketplace gave the amount). An order
 * refunded before it shipped is CANCELLED: out of sales, its refund counted apart.
 */
export async function getSalesSummary(db: TenantDb, tenant: TenantContext, args: Args): Promise<SalesSummary> {
  return summarizeSales(db, tenant, resolvePeriod(args.period, tenant), args);
}

/** The same for an already resolved period (compare-periods, previousPeriod()). */
export async function summarizeSales(
  db: TenantDb,
  tenant: TenantContext,
  period: ResolvedPeriod,
  args: Scope & Pick<Args, 'groupBy' | 'currency'>,
): Promise<SalesSummary> {
  const groupBy =
    args.groupBy && args.groupBy !== 'marketplace'
      ? fitInterval(period.firstDay, period.lastDay, args.groupBy).interval
      : args.groupBy;
  const key =
    groupBy === 'marketplace' ? Prisma.sql`c.marketplace::text` : groupBy ? cellBucket(groupBy) : Prisma.sql`''`;
  const [rows, rate, freshness] = await Promise.all([
    salesRows(db, tenant, period, args, key, args.currency),
    getLatestRate(db, tenant.preferredCurrency),
    getFreshness(db, tenant, args),
  ]);
  const summary: SalesSummary = {
    period,
    marketplaces: args.marketplaces ?? 'all',
    totals: toFigures(mergeCurrencies(rows), rate, args.currency),
    freshness,
  };
  if (groupBy) {
    const byKey = new Map<string, SalesRow[]>();
    for (const r of rows) byKey.set(r.k, [...(byKey.get(r.k) ?? []), r]);
    summary.groupBy = groupBy;
    if (groupBy !== args.groupBy) summary.askedGroupBy = args.groupBy;
    // a group (a day, a marketplace) with cancelled orders only counts in the totals' cancellations, not as a group
    summary.groups = [...byKey]
      .map(([k, rs]) => ({ key: k, ...toFigures(rs, rate, args.currency) }))
      .filter((g) => g.orders > 0);
  }
  return summary;
}
