import { Decimal } from 'decimal.js';
import type { TenantDb } from '../db/tenant-db.ts';
import type { ToolArgs } from './args.ts';
import type { Freshness } from './get-freshness.ts';
import { summarizeSales } from './get-sales-summary.ts';
import { METRICS, metricValue, type SalesMetric } from './metrics.ts';
import type { ResolvedPeriod } from './period.ts';
import { daysIn, firstDaysOf, resolvePeriod } from './resolve-period.ts';
import { money, type SalesFigures } from './sales-figures.ts';
import type { Scope } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'compare_periods'>;

export interface Change {
  current: string;
  previous: string;
  /** current − previous */
  absolute: string;
  /** relative to previous, in percent, 2 places; null when previous is 0 */
  percent: number | null;
}

export interface FiguresChange {
  orders: Change;
  units: Change;
  salesUSD: Change;
  netSalesUSD: Change;
  aovUSD: Change | null;
  /** in the seller's preferred currency (at one rate for both periods, so the change is not FX noise) */
  salesPreferred: Change | null;
  returnedOrders: Change;
  /** the metric asked about (money in the display currency, else USD; rates in percent) */
  metric: Change | null;
}

export interface PeriodComparison {
  period: ResolvedPeriod;
  metric: SalesMetric;
  /** the period compared with: its first days only when `sameDays` */
  comparePeriod: ResolvedPeriod;
  /** the asked period is under way, so it is compared with as many days of the other (unless whole periods were asked for) */
  sameDays: boolean;
  /** the other period as named, whole ("last month (1 Nov – 30 Nov 2026)") */
  wholeComparePeriod: ResolvedPeriod;
  current: SalesFigures;
  previous: SalesFigures;
  change: FiguresChange;
  byMarketplace: Array<{
    marketplace: string;
    current: SalesFigures | null;
    previous: SalesFigures | null;
    change: FiguresChange;
  }>;
  freshness: Freshness;
}

function change(current: Decimal.Value, previous: Decimal.Value, asMoney = true): Change {
  const c = new Decimal(current);
  const p = new Decimal(previous);
  const show = (d: Decimal) => (asMoney ? money(d) : d.toString());
  return {
    current: show(c),
    previous: show(p),
    absolute: show(c.minus(p)),
    percent: p.isZero() ? null : c.minus(p).div(p).times(100).toDecimalPlaces(2).toNumber(),
  };
}

function figuresChange(cur: SalesFigures | null, prev: SalesFigures | null, metric: SalesMetric): FiguresChange {
  const [mc, mp] = [cur && metricValue(metric, cur), prev && metricValue(metric, prev)];
  const aov = cur?.usd.aov ?? prev?.usd.aov;
  const preferred = cur?.preferred ?? prev?.preferred;
  return {
    orders: change(cur?.orders ?? 0, prev?.orders ?? 0, false),
    units: change(cur?.units ?? 0, prev?.units ?? 0, false),
    salesUSD: change(cur?.usd.sales ?? 0, prev?.usd.sales ?? 0),
    netSalesUSD: change(cur?.usd.netSales ?? 0, prev?.usd.netSales ?? 0),
    aovUSD: aov ? change(cur?.usd.aov ?? 0, prev?.usd.aov ?? 0) : null,
    salesPreferred: preferred ? change(cur?.preferred?.sales ?? 0, prev?.preferred?.sales ?? 0) : null,
    returnedOrders: change(cur?.returns.orders ?? 0, prev?.returns.orders ?? 0, false),
    metric: mc === null && mp === null ? null : change(mc ?? 0, mp ?? 0, METRICS[metric].unit === 'money'),
  };
}

/**
 * Sales of two periods side by side, in total and per marketplace, with the change. A period
 * still under way ("this month" on the 7th) is compared like for like: with the first as many
 * days of the other (1–7 Dec against 1–7 Nov), unless whole periods are asked for.
 */
export async function comparePeriods(db: TenantDb, tenant: TenantContext, args: Args): Promise<PeriodComparison> {
  const period = resolvePeriod(args.period, tenant);
  const whole = resolvePeriod(args.comparePeriod, tenant);
  const sameDays = period.inProgress && !args.wholePeriods && daysIn(whole) > daysIn(period);
  const comparison = await compareResolvedPeriods(
    db,
    tenant,
    period,
    sameDays ? firstDaysOf(whole, daysIn(period)) : whole,
    args,
    args,
  );
  return { ...comparison, sameDays, wholeComparePeriod: whole };
}

/** The same for resolved periods (e.g. a period and its previousPeriod()). */
export async function compareResolvedPeriods(
  db: TenantDb,
  tenant: TenantContext,
  period: ResolvedPeriod,
  comparePeriod: ResolvedPeriod,
  scope: Scope,
  opts: { metric?: SalesMetric | undefined; currency?: string | undefined } = {},
): Promise<Omit<PeriodComparison, 'sameDays' | 'wholeComparePeriod'>> {
  const metric = opts.metric ?? 'total_sales';
  const [cur, prev] = await Promise.all([
    summarizeSales(db, tenant, period, { ...scope, groupBy: 'marketplace', currency: opts.currency }),
    summarizeSales(db, tenant, comparePeriod, { ...scope, groupBy: 'marketplace', currency: opts.currency }),
  ]);
  const names = [...new Set([...(cur.groups ?? []), ...(prev.groups ?? [])].map((g) => g.key))].sort();
  const find = (s: typeof cur, m: string) => s.groups?.find((g) => g.key === m) ?? null;
  return {
    period,
    comparePeriod,
    current: cur.totals,
    previous: prev.totals,
    metric,
    change: figuresChange(cur.totals, prev.totals, metric),
    byMarketplace: names.map((m) => ({
      marketplace: m,
      current: find(cur, m),
      previous: find(prev, m),
      change: figuresChange(find(cur, m), find(prev, m), metric),
    })),
    freshness: cur.freshness,
  };
}
