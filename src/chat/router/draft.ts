import type { PeriodSpec } from '../../analytics/period.ts';
import type { RoutedIntent } from '../intent.ts';
import type { Interval } from './breakdowns.ts';
import type { LocalDate } from './local-date.ts';
import type { Marketplace } from './marketplaces.ts';
import type { ParsedMessage } from './parse-message.ts';
import { counterpartOf, defaultInterval, previousOf, yearEarlier } from './period-math.ts';
import type { Family, OrderStatus, SalesMetric, Topic } from './topics.ts';

export type DraftFamily = Exclude<Family, 'sync'>;

/** A question being put together: from a fresh message, or from the last intent plus a follow-up. */
export interface Draft {
  family: DraftFamily;
  /** sales: the figure asked about; undefined = total sales */
  metric?: SalesMetric;
  /** latest orders: only these statuses */
  statuses?: OrderStatus[];
  period?: PeriodSpec;
  comparePeriod?: PeriodSpec;
  compare: boolean;
  /** compare with the same days a year earlier ("yoy", "this month vs last year") */
  yearAgo: boolean;
  /** compare whole periods even when the first is under way ("whole months") */
  wholePeriods: boolean;
  marketplaces?: Marketplace[];
  /** connection ids of one or some of the seller's stores ("my eBay UK store") */
  stores?: string[];
  currency?: string;
  /** sales: split by marketplace; top products: side by side on every marketplace */
  byMarketplace: boolean;
  interval?: Interval;
  trend: boolean;
  rankBy: 'revenue' | 'units';
  /** how many to list; undefined: the family's default */
  limit?: number;
  threshold: number;
}

/**
 * Defaults when no period is said:
 * - a snapshot (sales summary, period comparison) covers this month;
 * - a ranking, a rate, a mix or a chart (top products and customers, returns, new vs returning,
 *   sales trend) covers the last 30 days, so it has enough orders behind it even on the 1st;
 *   best customers look back a year (a ranking of who matters, not of a month's luck);
 * - a monthly breakdown or chart covers this year, a weekly chart the last 90 days;
 * - the latest orders have no period: the newest, whatever their date.
 */
const THIS_MONTH: PeriodSpec = { kind: 'this', unit: 'month' };
const LAST_30_DAYS: PeriodSpec = { kind: 'last_n_days', days: 30 };
const LAST_90_DAYS: PeriodSpec = { kind: 'last_n_days', days: 90 };
const LAST_365_DAYS: PeriodSpec = { kind: 'last_n_days', days: 365 };
const THIS_YEAR: PeriodSpec = { kind: 'this', unit: 'year' };
const DEFAULT_LIMIT: Readonly<
  Record<'top_products' | 'top_customers' | 'returns_by_product' | 'latest_orders', number>
> = {
  top_products: 5,
  top_customers: 5,
  returns_by_product: 5,
  latest_orders: 10,
};
const DEFAULT_LOW_STOCK = 5;

/** Families whose tools convert money into a currency asked for. */
export const TAKES_CURRENCY: ReadonlySet<DraftFamily> = new Set(['sales', 'top_products']);

export function newDraft(topic: Topic & { family: DraftFamily }): Draft {
  return {
    family: topic.family,
    ...(topic.metric && { metric: topic.metric }),
    ...(topic.statuses && { statuses: topic.statuses }),
    compare: false,
    yearAgo: false,
    wholePeriods: false,
    byMarketplace: topic.split === true,
    trend: false,
    rankBy: 'revenue',
    threshold: DEFAULT_LOW_STOCK,
  };
}

/** What a follow-up builds on; undefined when the last answer has nothing to vary (order lookup, sync). */
export function draftOf(last: RoutedIntent): Draft | undefined {
  const scope = (a: { marketplaces?: Marketplace[]; stores?: string[] }) => ({
    ...(a.marketplaces && { marketplaces: a.marketplaces }),
    ...(a.stores && { stores: a.stores }),
  });
  const money = (a: { metric?: SalesMetric; currency?: string }) => ({
    ...(a.metric && a.metric !== 'total_sales' && { metric: a.metric }),
    ...(a.currency && { currency: a.currency }),
  });
  switch (last.tool) {
    case 'get_sales_summary': {
      const { groupBy } = last.args;
      return {
        ...newDraft({ family: 'sales' }),
        ...scope(last.args),
        ...money(last.args),
        period: last.args.period,
        byMarketplace: groupBy === 'marketplace',
        ...(groupBy && groupBy !== 'marketplace' && { interval: groupBy }),
      };
    }
    case 'compare_periods':
      return {
        ...newDraft({ family: 'sales' }),
        ...scope(last.args),
        ...money(last.args),
        period: last.args.period,
        comparePeriod: last.args.comparePeriod,
        compare: true,
        wholePeriods: last.args.wholePeriods === true,
      };
    case 'get_sales_trend':
      return {
        ...newDraft({ family: 'sales' }),
        ...scope(last.args),
        ...money(last.args),
        period: last.args.period,
        trend: true,
        interval: last.args.interval,
      };
    case 'get_top_products':
      return {
        ...newDraft({ family: 'top_products' }),
        ...scope(last.args),
        ...(last.args.currency && { currency: last.args.currency }),
        period: last.args.period,
        rankBy: last.args.rankBy,
        limit: last.args.limit,
      };
    case 'get_return_rates':
      return { ...newDraft({ family: 'returns' }), ...scope(last.args), period: last.args.period };
    case 'get_returns_by_product':
      return {
        ...newDraft({ family: 'returns_by_product' }),
        ...scope(last.args),
        period: last.args.period,
        limit: last.args.limit,
      };
    case 'get_top_customers':
      return {
        ...newDraft({ family: 'top_customers' }),
        ...scope(last.args),
        period: last.args.period,
        limit: last.args.limit,
      };
    case 'get_customer_mix':
      return { ...newDraft({ family: 'customer_mix' }), ...scope(last.args), period: last.args.period };
    case 'get_latest_orders':
      return {
        ...newDraft({ family: 'latest_orders' }),
        ...scope(last.args),
        ...(last.args.period && { period: last.args.period }),
        ...(last.args.statuses && { statuses: last.args.statuses }),
        limit: last.args.limit,
      };
    case 'get_inventory_alerts':
      return { ...newDraft({ family: 'inventory' }), ...scope(last.args), threshold: last.args.lowStockThreshold };
    default:
      return undefined;
  }
}

/**
 * A follow-up that names another topic ("same for returns", "and top products?") keeps what
 * the last question said about where and when (period, marketplaces, stores, and the currency
 * where the new answer takes one), and nothing about what.
 */
export function carryOver(base: Draft, topic: Topic & { family: DraftFamily }): Draft {
  if (base.family === topic.family) {
    const same = { ...base, ...(topic.statuses && { statuses: topic.statuses }) };
    if (topic.family === 'sales') {
      delete same.metric;
      if (topic.metric) same.metric = topic.metric;
    }
    return same;
  }
  const next = newDraft(topic);
  if (base.period) next.period = base.period;
  if (base.marketplaces) next.marketplaces = base.marketplaces;
  if (base.stores) next.stores = base.stores;
  if (base.currency && TAKES_CURRENCY.has(topic.family)) next.currency = base.currency;
  return next;
}

const patch = (draft: Draft, changes: Partial<Draft>): void => void Object.assign(draft, changes);

/** Lays a message's slots over a draft: what is said replaces what was there. */
export function applyMessage(draft: Draft, parsed: ParsedMessage, today: LocalDate): void {
  if (parsed.marketplaces.length > 0)
    patch(draft, { marketplaces: parsed.marketplaces.map((f) => f.value), stores: undefined });
  else if (parsed.allMarketplaces) patch(draft, { marketplaces: undefined, stores: undefined });
  if (parsed.currency) draft.currency = parsed.currency;
  if (parsed.rankBy) draft.rankBy = parsed.rankBy;
  if (parsed.count) draft.limit = parsed.count.limit;
  if (parsed.threshold !== undefined) draft.threshold = parsed.threshold;
  for (const { value: cue } of parsed.cues) {
    if (cue.kind === 'by_marketplace') {
      patch(draft, { byMarketplace: true, interval: undefined, trend: false, compare: false });
      // a split by marketplace covers every marketplace unless this message names some
      if (parsed.marketplaces.length === 0 && !parsed.store)
        patch(draft, { marketplaces: undefined, stores: undefined });
    }
    if (cue.kind === 'interval') patch(draft, { interval: cue.interval, byMarketplace: false, compare: false });
    if (cue.kind === 'trend') patch(draft, { trend: true, byMarketplace: false, compare: false });
    if (cue.kind === 'whole') draft.wholePeriods = true;
  }
  applyPeriods(draft, parsed, today);
}

const SALES_ONLY: Partial<Draft> = { trend: false, byMarketplace: false, interval: undefined };

/**
 * Comparisons:
 * - "Flipkart vs Shopify" (a comparison word between two marketplaces), "compare eBay and Etsy":
 *   split by marketplace;
 * - "this month vs last month", "March vs April": the two periods in the order said;
 * - "compare eBay last week with the week before", "last week vs the previous week": a period
 *   and the one just before it;
 * - "sales vs last month": a lone period after the connector is the one compared with (this
 *   month vs last month); "compare last week": a lone period after the verb is the one asked
 *   about (last week vs the week before); a lone period with a growth word likewise;
 * - "last year" against a shorter period, or "yoy", means the same days a year earlier.
 */
function applyPeriods(draft: Draft, parsed: ParsedMessage, today: LocalDate): void {
  const compares = parsed.cues.filter((f) => f.value.kind === 'compare');
  const connector = compares.find((f) => f.value.kind === 'compare' && !f.value.verb);
  const verb = compares.find((f) => f.value.kind === 'compare' && f.value.verb);
  const compareAt = (connector ?? verb)?.index ?? -1;
  const growth = parsed.cues.some((f) => f.value.kind === 'growth');
  const yearAgo = parsed.cues.some((f) => f.value.kind === 'year_ago');
  const [first, second] = parsed.periods;
  const [m1, m2] = parsed.marketplaces;

  const rel = parsed.relative[0];
  if (draft.family !== 'sales' && draft.family !== 'returns') {
    // lists, rankings and mixes are of one period: "new vs returning" or "Flipkart vs Shopify" compare no periods
    if (first) patch(draft, { period: first.value, comparePeriod: undefined });
    else if (rel && draft.period) draft.period = previousOf(draft.period, today) ?? draft.period;
    else if (rel?.value.unit)
      draft.period = rel.value.unit === 'day' ? { kind: 'yesterday' } : { kind: 'last', unit: rel.value.unit };
    return;
  }
  if (rel) {
    const anchor = first?.value ?? draft.period;
    if (!anchor) {
      const unit = rel.value.unit;
      if (unit)
        patch(draft, {
          period: unit === 'day' ? { kind: 'yesterday' } : { kind: 'last', unit },
          comparePeriod: undefined,
          compare: false,
        });
      return;
    }
    const before = previousOf(anchor, today);
    if (!before) return;
    if (first || compareAt >= 0 || draft.compare) {
      patch(draft, { compare: true, yearAgo: false, period: anchor, comparePeriod: before, ...SALES_ONLY });
    } else {
      patch(draft, { period: before, comparePeriod: undefined }); // "and the week before?": that week instead
    }
    return;
  }

  const betweenMarketplaces = connector && m1 && m2 && m1.index < connector.index && connector.index < m2.index;
  if ((betweenMarketplaces || (verb && m1 && m2)) && !second) {
    if (draft.family === 'sales')
      patch(draft, { byMarketplace: true, compare: false, trend: false, interval: undefined });
    if (first) draft.period = first.value;
    return;
  }
  if (compareAt >= 0 || growth || yearAgo) {
    patch(draft, { compare: true, yearAgo, comparePeriod: undefined, ...SALES_ONLY });
    // "last 7 days vs the previous 7 days" reads the same period twice: the second is the one before
    if (first && second)
      patch(draft, {
        period: first.value,
        comparePeriod: sameSpec(first.value, second.value) ? undefined : second.value,
      });
    else if (first && connector && first.index > connector.index)
      patch(draft, { comparePeriod: first.value, period: draft.period ?? counterpartOf(first.value) });
    else if (first) draft.period = first.value;
    if (
      draft.period &&
      !isYearScale(draft.period) &&
      draft.comparePeriod?.kind === 'last' &&
      draft.comparePeriod.unit === 'year'
    ) {
      patch(draft, { yearAgo: true, comparePeriod: undefined });
    }
    return;
  }
  if (first) patch(draft, { period: first.value, comparePeriod: undefined });
}

const sameSpec = (a: PeriodSpec, b: PeriodSpec): boolean => JSON.stringify(a) === JSON.stringify(b);
const isYearScale = (spec: PeriodSpec): boolean =>
  spec.kind === 'year' || ((spec.kind === 'this' || spec.kind === 'last') && spec.unit === 'year');

/** Why a draft has no tool call: the router says so rather than answering something else. */
export interface NoIntent {
  why: 'returns-compare';
  /** the nearest call: the first period alone */
  nearest: RoutedIntent;
}

/** The tool call a finished draft stands for. `sellerMarketplaces`: what "every marketplace" means for this seller. */
export function toIntent(
  draft: Draft,
  today: LocalDate,
  sellerMarketplaces: readonly Marketplace[],
): RoutedIntent | NoIntent {
  const scope = {
    ...(draft.marketplaces && { marketplaces: draft.marketplaces }),
    ...(draft.stores && { stores: draft.stores }),
  };
  const limit = (family: keyof typeof DEFAULT_LIMIT): number => draft.limit ?? DEFAULT_LIMIT[family];
  switch (draft.family) {
    case 'inventory':
      return { tool: 'get_inventory_alerts', args: { ...scope, lowStockThreshold: draft.threshold } };
    case 'returns': {
      const intent: RoutedIntent = {
        tool: 'get_return_rates',
        args: { period: draft.period ?? LAST_30_DAYS, ...scope },
      };
      return draft.compare && draft.comparePeriod ? { why: 'returns-compare', nearest: intent } : intent;
    }
    case 'returns_by_product':
      return {
        tool: 'get_returns_by_product',
        args: { period: draft.period ?? LAST_30_DAYS, ...scope, limit: limit('returns_by_product') },
      };
    case 'top_customers':
      return {
        tool: 'get_top_customers',
        args: { period: draft.period ?? LAST_365_DAYS, ...scope, limit: limit('top_customers') },
      };
    case 'customer_mix':
      return { tool: 'get_customer_mix', args: { period: draft.period ?? LAST_30_DAYS, ...scope } };
    case 'latest_orders':
      return {
        tool: 'get_latest_orders',
        args: {
          ...(draft.period && { period: draft.period }),
          ...scope,
          ...(draft.statuses && { statuses: draft.statuses }),
          limit: limit('latest_orders'),
        },
      };
    case 'top_products': {
      const every =
        draft.byMarketplace && !draft.marketplaces && !draft.stores && sellerMarketplaces.length > 0
          ? { marketplaces: [...sellerMarketplaces] }
          : {};
      return {
        tool: 'get_top_products',
        args: {
          period: draft.period ?? LAST_30_DAYS,
          ...scope,
          ...every,
          ...(draft.currency && { currency: draft.currency }),
          rankBy: draft.rankBy,
          limit: limit('top_products'),
        },
      };
    }
    case 'sales':
      return salesIntent(draft, today, scope);
  }
}

function salesIntent(
  draft: Draft,
  today: LocalDate,
  scope: { marketplaces?: Marketplace[]; stores?: string[] },
): RoutedIntent {
  const money = { ...(draft.metric && { metric: draft.metric }), ...(draft.currency && { currency: draft.currency }) };
  if (draft.compare) {
    const period = draft.period ?? THIS_MONTH;
    const comparePeriod =
      draft.comparePeriod ?? (draft.yearAgo ? yearEarlier(period, today) : previousOf(period, today));
    if (comparePeriod) {
      return {
        tool: 'compare_periods',
        args: { period, comparePeriod, ...scope, ...money, ...(draft.wholePeriods && { wholePeriods: true }) },
      };
    }
  }
  const fallback =
    draft.interval === 'month'
      ? THIS_YEAR
      : draft.trend
        ? draft.interval === 'week'
          ? LAST_90_DAYS
          : LAST_30_DAYS
        : THIS_MONTH;
  const period = draft.period ?? fallback;
  if (draft.trend)
    return {
      tool: 'get_sales_trend',
      args: { period, ...scope, ...money, interval: draft.interval ?? defaultInterval(period, today) },
    };
  // a split of one marketplace would show one row: the total says the same
  const groupBy = draft.byMarketplace && (scope.marketplaces?.length ?? 2) > 1 ? 'marketplace' : draft.interval;
  return { tool: 'get_sales_summary', args: { period, ...scope, ...money, ...(groupBy ? { groupBy } : {}) } };
}
