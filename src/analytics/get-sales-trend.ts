import { Decimal } from 'decimal.js';
import type { ToolArgs } from '../chat/tool-args.ts';
import type { Db } from '../db/client.ts';
import { getFreshness, type Freshness } from './get-freshness.ts';
import { getLatestRate } from './get-latest-rate.ts';
import { addDays, addMonths, startOfMonth, startOfWeek } from './local-calendar.ts';
import type { ResolvedPeriod } from './period.ts';
import { resolvePeriod } from './resolve-period.ts';
import { money } from './sales-figures.ts';
import { cellBucket, salesCells } from './sales-cells.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_sales_trend'>;

export interface TrendPoint {
  /** first local day of the interval (weeks start on Monday; the first and last may be partial) */
  start: string;
  orders: number;
  units: number;
  salesUSD: string;
  /** salesUSD at the latest rate of the seller's currency; null for USD sellers or without a rate */
  salesPreferred: string | null;
  ordersWithoutUSD: number;
}

export interface SalesTrend {
  period: ResolvedPeriod;
  interval: Args['interval'];
  preferredCurrency: string;
  /** one series per marketplace (those asked for, else those with orders), then the total */
  series: Array<{ marketplace: string; points: TrendPoint[] }>;
  total: TrendPoint[];
  freshness: Freshness;
}

interface Row { bucket: string; marketplace: string; orders: number; units: number; salesUSD: string; ordersWithoutUSD: number }

function bucketsOf(firstDay: string, lastDay: string, interval: Args['interval']): string[] {
  const first = interval === 'day' ? firstDay : interval === 'week' ? startOfWeek(firstDay) : startOfMonth(firstDay);
  const out: string[] = [];
  for (let b = first; b <= lastDay; b = interval === 'day' ? addDays(b, 1) : interval === 'week' ? addDays(b, 7) : addMonths(b, 1)) out.push(b);
  return out;
}

/** Sales (orders not CANCELLED) per local day/week/month and marketplace, empty intervals as zero. */
export async function getSalesTrend(db: Db, tenant: TenantContext, args: Args): Promise<SalesTrend> {
  const period = resolvePeriod(args.period, tenant);
  const interval = args.interval ?? 'day';
  const source = await salesCells(db, tenant, period, args.marketplaces);
  const [rows, rate, freshness] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT ${cellBucket(interval)} AS bucket, c.marketplace::text AS marketplace, sum(c.orders)::int AS orders, sum(c.units)::int AS units,
        sum(c."totalUSD")::text AS "salesUSD", sum(c."withoutUSD")::int AS "ordersWithoutUSD"
      FROM ${source}
      WHERE c.status <> 'CANCELLED'
      GROUP BY 1, 2 HAVING sum(c.orders) > 0`,
    getLatestRate(db, tenant.preferredCurrency),
    getFreshness(db, tenant, args.marketplaces),
  ]);
  // "all time" starts at the first sale rather than at the year 2000
  const dataFirst = rows.map((r) => r.bucket).sort()[0];
  const from = args.period.kind === 'all' ? dataFirst : period.firstDay;
  const buckets = from ? bucketsOf(from, period.lastDay, interval) : [];
  const point = (start: string, rs: Row[]): TrendPoint => {
    const usd = rs.reduce((a, r) => a.plus(r.salesUSD), new Decimal(0));
    return {
      start,
      orders: rs.reduce((a, r) => a + r.orders, 0),
      units: rs.reduce((a, r) => a + r.units, 0),
      salesUSD: money(usd),
      salesPreferred: rate ? money(usd.div(rate.rateToUSD)) : null,
      ordersWithoutUSD: rs.reduce((a, r) => a + r.ordersWithoutUSD, 0),
    };
  };
  const cells = new Map<string, Row[]>();
  for (const r of rows) for (const k of [`${r.marketplace}|${r.bucket}`, `*|${r.bucket}`]) cells.set(k, [...(cells.get(k) ?? []), r]);
  const markets = args.marketplaces ? [...args.marketplaces] : [...new Set(rows.map((r) => r.marketplace))].sort();
  return {
    period,
    interval,
    preferredCurrency: tenant.preferredCurrency,
    series: markets.map((m) => ({ marketplace: m, points: buckets.map((b) => point(b, cells.get(`${m}|${b}`) ?? [])) })),
    total: buckets.map((b) => point(b, cells.get(`*|${b}`) ?? [])),
    freshness,
  };
}
