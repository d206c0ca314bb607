import type { PeriodSpec } from '../../analytics/period.ts';
import type { RoutedIntent } from '../intent.ts';
import type { Interval } from './breakdowns.ts';
import type { LocalDate } from './local-date.ts';
import type { Marketplace } from './marketplaces.ts';
import type { Family } from './metrics.ts';
import type { ParsedMessage } from './parse-message.ts';
import { counterpartOf, defaultInterval, previousOf, yearEarlier } from './period-math.ts';

/** A question being put together: from a fresh message, or from the last intent plus a follow-up. */
export interface Draft {
  family: Exclude<Family, 'sync'>;
  period?: PeriodSpec;
  comparePeriod?: PeriodSpec;
  compare: boolean;
  /** compare with the same days a year earlier ("yoy", "this month vs last year") */
  yearAgo: boolean;
  marketplaces?: Marketplace[];
  byMarketplace: boolean;
  interval?: Interval;
  trend: boolean;
  rankBy: 'revenue' | 'units';
  limit: number;
  threshold: number;
}

/**
 * Defaults when no period is said:
 * - a snapshot (sales summary, period comparison) covers this month;
 * - a ranking, a rate or a chart (top products, return rates, sales trend) covers the last 30 days,
 *   so it has enough orders behind it even on the 1st of a month;
 * - a monthly breakdown covers this year (one month of monthly rows says nothing).
 */
const THIS_MONTH: PeriodSpec = { kind: 'this', unit: 'month' };
const LAST_30_DAYS: PeriodSpec = { kind: 'last_n_days', days: 30 };
const THIS_YEAR: PeriodSpec = { kind: 'this', unit: 'year' };
const DEFAULT_LIMIT = 5;
const DEFAULT_LOW_STOCK = 5;

export const newDraft = (family: Draft['family']): Draft => ({
  family, compare: false, yearAgo: false, byMarketplace: false, trend: false, rankBy: 'revenue', limit: DEFAULT_LIMIT, threshold: DEFAULT_LOW_STOCK,
});

/** What a follow-up builds on; undefined when the last answer has nothing to vary (order lookup, sync). */
export function draftOf(last: RoutedIntent): Draft | undefined {
  switch (last.tool) {
    case 'get_sales_summary': {
      const { groupBy } = last.args;
      return { ...newDraft('sales'), period: last.args.period, marketplaces: last.args.marketplaces, byMarketplace: groupBy === 'marketplace', interval: groupBy === 'marketplace' ? undefined : groupBy };
    }
    case 'compare_periods':
      return { ...newDraft('sales'), period: last.args.period, comparePeriod: last.args.comparePeriod, compare: true, marketplaces: last.args.marketplaces };
    case 'get_sales_trend':
      return { ...newDraft('sales'), period: last.args.period, marketplaces: last.args.marketplaces, trend: true, interval: last.args.interval };
    case 'get_top_products':
      return { ...newDraft('top_products'), period: last.args.period, marketplaces: last.args.marketplaces, rankBy: last.args.rankBy, limit: last.args.limit };
    case 'get_return_rates':
      return { ...newDraft('returns'), period: last.args.period, marketplaces: last.args.marketplaces };
    case 'get_inventory_alerts':
      return { ...newDraft('inventory'), marketplaces: last.args.marketplaces, threshold: last.args.lowStockThreshold };
    default:
      return undefined;
  }
}

const patch = (draft: Draft, changes: Partial<Draft>): void => void Object.assign(draft, changes);

/** Lays a message's slots over a draft: what is said replaces what was there. */
export function applyMessage(draft: Draft, parsed: ParsedMessage): void {
  if (parsed.marketplaces.length > 0) draft.marketplaces = parsed.marketplaces.map((f) => f.value);
  else if (parsed.allMarketplaces) draft.marketplaces = undefined;
  if (parsed.rankBy) draft.rankBy = parsed.rankBy;
  if (parsed.limit !== undefined) draft.limit = parsed.limit;
  if (parsed.threshold !== undefined) draft.threshold = parsed.threshold;
  for (const { value: cue } of parsed.cues) {
    if (cue.kind === 'by_marketplace') patch(draft, { byMarketplace: true, interval: undefined, trend: false, compare: false });
    if (cue.kind === 'interval') patch(draft, { interval: cue.interval, byMarketplace: false, compare: false });
    if (cue.kind === 'trend') patch(draft, { trend: true, byMarketplace: false, compare: false });
  }
  applyPeriods(draft, parsed);
}

/**
 * Comparisons: "Flipkart vs Shopify" (a comparison word between two marketplaces) splits by
 * marketplace; "this month vs last month" compares the two periods in the order said; a lone
 * period after the word is the one compared with ("sales vs last month" → this month vs last
 * month); a lone period before it, or a growth word, is compared with the period just before it;
 * "last year" against a shorter period, or "yoy", means the same days a year earlier.
 */
function applyPeriods(draft: Draft, parsed: ParsedMessage): void {
  const compareAt = parsed.cues.find((f) => f.value.kind === 'compare')?.index ?? -1;
  const growth = parsed.cues.some((f) => f.value.kind === 'growth');
  const yearAgo = parsed.cues.some((f) => f.value.kind === 'year_ago');
  const [first, second] = parsed.periods;
  const [m1, m2] = parsed.marketplaces;
  if (compareAt >= 0 && m1 && m2 && m1.index < compareAt && compareAt < m2.index && !second) {
    if (draft.family === 'sales') patch(draft, { byMarketplace: true, compare: false, trend: false, interval: undefined });
    if (first) draft.period = first.value;
    return;
  }
  if (compareAt >= 0 || growth || yearAgo) {
    patch(draft, { compare: true, yearAgo, trend: false, byMarketplace: false, interval: undefined, comparePeriod: undefined });
    // "last 7 days vs the previous 7 days" reads the same period twice: the second is the one before
    if (first && second) patch(draft, { period: first.value, comparePeriod: sameSpec(first.value, second.value) ? undefined : second.value });
    else if (first && compareAt >= 0 && first.index > compareAt) patch(draft, { comparePeriod: first.value, period: draft.period ?? counterpartOf(first.value) });
    else if (first) draft.period = first.value;
    if (draft.period && !isYearScale(draft.period) && draft.comparePeriod?.kind === 'last' && draft.comparePeriod.unit === 'year') {
      patch(draft, { yearAgo: true, comparePeriod: undefined });
    }
    return;
  }
  if (first) patch(draft, { period: first.value, comparePeriod: undefined });
}

const sameSpec = (a: PeriodSpec, b: PeriodSpec): boolean => JSON.stringify(a) === JSON.stringify(b);
const isYearScale = (spec: PeriodSpec): boolean => spec.kind === 'year' || ((spec.kind === 'this' || spec.kind === 'last') && spec.unit === 'year');

/** The tool call a finished draft stands for (a string: why there is none). */
export function toIntent(draft: Draft, today: LocalDate): RoutedIntent | string {
  const marketplaces = draft.marketplaces ? { marketplaces: draft.marketplaces } : {};
  switch (draft.family) {
    case 'inventory':
      return { tool: 'get_inventory_alerts', args: { ...marketplaces, lowStockThreshold: draft.threshold } };
    case 'returns':
      if (draft.compare) return 'return rates are compared across periods by two calls, not by the router';
      return { tool: 'get_return_rates', args: { period: draft.period ?? LAST_30_DAYS, ...marketplaces } };
    case 'top_products':
      return { tool: 'get_top_products', args: { period: draft.period ?? LAST_30_DAYS, ...marketplaces, rankBy: draft.rankBy, limit: draft.limit } };
    case 'sales':
      return salesIntent(draft, today, marketplaces);
  }
}

function salesIntent(draft: Draft, today: LocalDate, marketplaces: { marketplaces?: Marketplace[] }): RoutedIntent {
  if (draft.compare) {
    const period = draft.period ?? THIS_MONTH;
    const comparePeriod = draft.comparePeriod ?? (draft.yearAgo ? yearEarlier(period, today) : previousOf(period, today));
    if (comparePeriod) return { tool: 'compare_periods', args: { period, comparePeriod, ...marketplaces } };
  }
  const fallback = draft.interval === 'month' ? THIS_YEAR : draft.trend ? LAST_30_DAYS : THIS_MONTH;
  const period = draft.period ?? fallback;
  if (draft.trend) return { tool: 'get_sales_trend', args: { period, ...marketplaces, interval: draft.interval ?? defaultInterval(period, today) } };
  const groupBy = draft.byMarketplace ? 'marketplace' : draft.interval;
  return { tool: 'get_sales_summary', args: { period, ...marketplaces, ...(groupBy ? { groupBy } : {}) } };
}
