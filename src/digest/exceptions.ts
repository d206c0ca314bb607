import { Decimal } from 'decimal.js';
import type { SalesTrend } from '../analytics/get-sales-trend.ts';
import { addDays } from '../analytics/local-calendar.ts';
import type { Digest, DigestException } from './digest.ts';

/** "more than 30% below the usual" */
export const BELOW_USUAL = new Decimal('0.3');
/** a marketplace is "usually" selling on a weekday when it sold on at least this many of the weeks compared */
export const USUAL_WEEKS = 3;
/** a return spike: at least this many returns, and at least SPIKE_FACTOR times the daily average before */
export const SPIKE_MIN_RETURNS = 3;
export const SPIKE_FACTOR = 2;

/**
 * The exceptions of a day, from the daily trend of the weeks before it (one series per
 * marketplace, the reported day last): stores that fail or lag first (the figures miss their
 * orders), then marketplaces that sold nothing where they usually sell, then those that sold
 * far less than on the same weekday usually, then a return spike.
 */
export function findExceptions(
  digest: Omit<Digest, 'exceptions'>,
  trend: Pick<SalesTrend, 'series'>,
  weeks: number,
): DigestException[] {
  const out: DigestException[] = digest.connections.map((connection) => ({ kind: 'connection', connection }));
  const below: DigestException[] = [];
  const sameWeekdays = Array.from({ length: weeks }, (_, i) => addDays(digest.day, -7 * (i + 1)));
  for (const s of trend.series) {
    const at = new Map(s.points.map((p) => [p.start, p]));
    const today = at.get(digest.day);
    const before = sameWeekdays.map((d) => at.get(d)).filter((p) => p !== undefined);
    const weeksWithOrders = before.filter((p) => p.orders > 0).length;
    if (!today || weeksWithOrders < USUAL_WEEKS) continue;
    if (today.orders === 0) {
      out.push({ kind: 'no_orders', marketplace: s.marketplace, weeksWithOrders });
      continue;
    }
    const shown = (p: (typeof before)[number]) => new Decimal(p.salesPreferred ?? p.salesUSD);
    const usualUSD = Decimal.sum(...before.map((p) => p.salesUSD)).div(weeks);
    if (usualUSD.lte(0) || new Decimal(today.salesUSD).gte(usualUSD.times(new Decimal(1).minus(BELOW_USUAL)))) continue;
    below.push({
      kind: 'below_usual',
      marketplace: s.marketplace,
      sales: shown(today).toFixed(2),
      usual: Decimal.sum(...before.map(shown))
        .div(weeks)
        .toFixed(2),
      pctBelow: new Decimal(1).minus(new Decimal(today.salesUSD).div(usualUSD)).times(100).round().toNumber(),
    });
  }
  out.push(...below);
  const { reported, dailyAverage } = digest.returns;
  if (reported >= SPIKE_MIN_RETURNS && new Decimal(reported).gte(new Decimal(dailyAverage).times(SPIKE_FACTOR)))
    out.push({ kind: 'return_spike', returns: reported, dailyAverage });
  return out;
}
