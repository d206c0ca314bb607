import type { TenantDb } from '../db/tenant-db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ToolArgs } from './args.ts';
import { fitInterval, type Interval, intervalStart, nextIntervalStart } from './fit-interval.ts';
import { type Freshness, getFreshness } from './get-freshness.ts';
import { getLatestRate } from './get-latest-rate.ts';
import { addDays, localDay, startOfLocalDay } from './local-calendar.ts';
import { metricValue, type SalesMetric } from './metrics.ts';
import type { ResolvedPeriod } from './period.ts';
import { resolvePeriod } from './resolve-period.ts';
import { cellBucket } from './sales-cells.ts';
import { type SalesFigures, type SalesRow, toFigures } from './sales-figures.ts';
import { mergeCurrencies, salesRows } from './sales-rows.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_sales_trend'>;

export interface TrendPoint {
  /** first local day of the interval (weeks start on Monday; the first and last may be partial) */
  start: string;
  /** the interval's last local day inside the period */
  end: string;
  /** the interval runs on past the period's last day (a week or month under way), starts before its first, or holds today */
  partial: boolean;
  orders: number;
  units: number;
  salesUSD: string;
  /** sales in the display currency: asked for (each day at its rate), else the seller's at its latest rate; null for USD or without a rate */
  salesPreferred: string | null;
  /** the metric asked for (money in the display currency, else USD) */
  value: string | number | null;
  ordersWithoutUSD: number;
}

export interface SalesTrend {
  period: ResolvedPeriod;
  /** the interval of the points: the one asked for, or a coarser one when the period holds more than MAX_INTERVALS of it */
  interval: Interval;
  /** the interval asked for, when the points are coarser */
  askedInterval?: Interval;
  metric: SalesMetric;
  /** the currency money is shown in */
  currency: string;
  /**
   * one series per marketplace (those asked for, else those with orders), then the total; their
   * figures sum only what the metric reads (salesRows' `only`): other parts are 0
   */
  series: Array<{ marketplace: string; points: TrendPoint[]; figures: SalesFigures }>;
  total: TrendPoint[];
  figures: SalesFigures;
  freshness: Freshness;
}

function bucketsOf(firstDay: string, lastDay: string, interval: Interval): string[] {
  const out: string[] = [];
  for (let b = intervalStart(firstDay, interval); b <= lastDay; b = nextIntervalStart(b, interval)) out.push(b);
  return out;
}

/** A metric (sales by default) of the orders not CANCELLED per local day/week/month and marketplace, empty intervals as zero. */
export async function getSalesTrend(db: TenantDb, tenant: TenantContext, args: Args): Promise<SalesTrend> {
  const period = resolvePeriod(args.period, tenant);
  const asked = args.interval ?? 'day';
  const metric = args.metric ?? 'total_sales';
  const freshness = await getFreshness(db, tenant, args);
  const dataFirst = freshness.firstOrderDay;
  // "all time" starts at the first sale rather than at the year 2000; a period too long for its
  // interval starts there too, and takes a coarser interval if it must (fitInterval)
  let base = args.period.kind === 'all' && dataFirst ? dataFirst : period.firstDay;
  let fit = fitInterval(base, period.lastDay, asked);
  if ((fit.coarsened || fit.cut) && dataFirst && dataFirst > base)
    fit = fitInterval((base = dataFirst), period.lastDay, asked);
  const interval = fit.interval;
  const from = fit.cut ? fit.firstDay : base;
  const key = Prisma.sql`${cellBucket(interval)} || '|' || c.marketplace::text`;
  const rowsPeriod =
    from > period.firstDay ? { ...period, firstDay: from, start: startOfLocalDay(from, tenant.timeZone) } : period;
  const [rows, rate] = await Promise.all([
    salesRows(db, tenant, rowsPeriod, args, key, args.currency, metric),
    getLatestRate(db, tenant.preferredCurrency),
  ]);
  const split = rows.map((r) => ({ row: r, bucket: r.k.slice(0, 10), marketplace: r.k.slice(11) }));
  const buckets = args.period.kind === 'all' && !dataFirst ? [] : bucketsOf(from, period.lastDay, interval);
  const figures = (rs: SalesRow[]) => toFigures(mergeCurrencies(rs), rate, args.currency);
  // today is not over: its day, week or month is a part one too
  const today = localDay(tenant.now, tenant.timeZone);
  const point = (start: string, rs: SalesRow[]): TrendPoint => {
    const f = figures(rs);
    const after = addDays(nextIntervalStart(start, interval), -1);
    return {
      start,
      end: after > period.lastDay ? period.lastDay : after,
      partial: start < from || after > period.lastDay || (start <= today && today <= after),
      orders: f.orders,
      units: f.units,
      salesUSD: f.usd.sales,
      salesPreferred: f.preferred?.sales ?? null,
      value: metricValue(metric, f),
      ordersWithoutUSD: f.usd.ordersWithoutUSD,
    };
  };
  const groups = new Map<string, SalesRow[]>();
  for (const r of split) {
    for (const k of [`${r.marketplace}|${r.bucket}`, `*|${r.bucket}`, `${r.marketplace}|*`, '*|*']) {
      const group = groups.get(k);
      if (group) group.push(r.row);
      else groups.set(k, [r.row]);
    }
  }
  const of = (m: string | null, b?: string) => groups.get(`${m ?? '*'}|${b ?? '*'}`) ?? [];
  const markets = args.marketplaces ? [...args.marketplaces] : [...new Set(split.map((r) => r.marketplace))].sort();
  const all = figures(of(null));
  // a line at a time, giving the event loop back between them: a long trend is tens of milliseconds of decimal arithmetic a line
  const series: SalesTrend['series'] = [];
  for (const m of markets) {
    series.push({ marketplace: m, points: buckets.map((b) => point(b, of(m, b))), figures: figures(of(m)) });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    period,
    interval,
    ...(fit.coarsened && { askedInterval: asked }),
    metric,
    currency: all.preferred?.currency ?? args.currency ?? 'USD',
    series,
    total: buckets.map((b) => point(b, of(null, b))),
    figures: all,
    freshness,
  };
}
