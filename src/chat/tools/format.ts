import { Decimal } from 'decimal.js';
import type { Freshness } from '../../analytics/get-freshness.ts';
import { getLatestRate } from '../../analytics/get-latest-rate.ts';
import { METRICS, type SalesMetric } from '../../analytics/metrics.ts';
import type { ResolvedPeriod } from '../../analytics/period.ts';
import type { CurrencySales, SalesFigures } from '../../analytics/sales-figures.ts';
import { formatMoney } from '../../currency/format-money.ts';
import { MARKETPLACE_NAMES } from '../../marketplaces/registry.ts';
import type { ToolContext } from '../llm/chat-tool.ts';

/** Small formatting helpers shared by the chat tools: every figure a summary shows is also put in `data`. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const marketplaceName = (m: string): string => (MARKETPLACE_NAMES as Record<string, string>)[m] ?? m;

/** Money for `data`: a decimal string rounded to 2 places. */
export const dec2 = (v: Decimal.Value): string => new Decimal(v).toFixed(2);

/** A percent for `data` and prose: 1 decimal place. */
export const pct1 = (v: number | null): string | null => (v === null ? null : new Decimal(v).toFixed(1));

/** Money for prose: whole units from 1,000 up or when there are no cents, else 2 places. */
export function showMoney(amount: string, currency: string): string {
  const d = new Decimal(amount);
  const whole = d.abs().gte(1000) || d.isInteger();
  return formatMoney(d.toFixed(2), currency, whole ? { maximumFractionDigits: 0 } : {});
}

/** A count as a seller reads it: "1 order", "11,084 customers". */
export const plural = (n: number, word: string, many = `${word}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;

export function listJoin(items: string[], last = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/** "Etsy", "Etsy or eBay"; null for all marketplaces. */
export const scopeName = (marketplaces: readonly string[] | undefined, join = 'or'): string | null =>
  marketplaces?.length ? listJoin(marketplaces.map(marketplaceName), join) : null;

/** The label as it reads after a verb: "last month (…)", "in October 2026 (…)", "for 1 Oct – 3 Oct 2026". */
export function during(label: string): string {
  if (
    /^(January|February|March|April|May|June|July|August|September|October|November|December|Q\d|\d{4}\b)/.test(label)
  )
    return `in ${label}`;
  return /^\d/.test(label) ? `for ${label}` : label;
}

/** The label without its dates: "last month", "October 2026". */
export const labelName = (label: string): string => label.replace(/ \([^)]*\)$/, '');

/** 'YYYY-MM-DD' as "26 Oct" (with the year: "26 Oct 2026"). */
export function shortDay(day: string, withYear = false): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]}${withYear ? ` ${y}` : ''}`;
}

export const monthName = (day: string): string => `${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;

export const periodData = (p: ResolvedPeriod) => ({ label: p.label, firstDay: p.firstDay, lastDay: p.lastDay });

export const asOf = (f: Pick<Freshness, 'asOf'>): string | null => f.asOf?.toISOString() ?? null;

/**
 * Said when a period starts before the first order synced, so a figure is not read as complete:
 * "Your data starts on 12 Nov 2025 (the first order synced), so last year is partial." Null
 * otherwise, and for "all time" (which starts where the data does).
 */
/** A summary with its coverage note, when it needs one. */
export const withCoverage = (
  summary: string,
  periods: readonly ResolvedPeriod[],
  f: Pick<Freshness, 'firstOrderDay'> & Partial<Pick<Freshness, 'historyFromDay'>>,
): string => {
  const note = coverageNote(periods, f);
  return note ? `${summary} ${note}` : summary;
};

export function coverageNote(
  periods: readonly ResolvedPeriod[],
  f: Pick<Freshness, 'firstOrderDay'> & Partial<Pick<Freshness, 'historyFromDay'>>,
): string | null {
  const loading = f.historyFromDay;
  if (loading && periods.some((p) => p.firstDay < loading))
    return `Your history is still loading (newest first): the data is complete from ${shortDay(loading, true)} on, so older days may be missing orders.`;
  const first = f.firstOrderDay;
  if (!first) return null;
  const partial = periods.filter((p) => p.firstDay < first && p.lastDay >= first && !p.label.startsWith('all time'));
  const empty = periods.filter((p) => p.lastDay < first);
  if (partial.length === 0 && empty.length === 0) return null;
  const names = (ps: readonly ResolvedPeriod[]) => listJoin(ps.map((p) => labelName(p.label)));
  const parts = [
    ...(partial.length ? [`${names(partial)} ${partial.length === 1 ? 'is' : 'are'} partial`] : []),
    ...(empty.length ? [`nothing is known of ${names(empty)}`] : []),
  ];
  return `Your data starts on ${shortDay(first, true)} (the first order synced), so ${parts.join(' and ')}.`;
}

/** The currency answers are shown in: the preferred one where a rate exists, else USD. */
export const displayCurrency = (f: Pick<SalesFigures, 'preferred'>): string => f.preferred?.currency ?? 'USD';

/** Converts USD to the seller's preferred currency at its latest rate (USD without a rate). */
export interface Converter {
  currency: string;
  fromUSD(usd: Decimal.Value): string;
}

export async function preferredConverter(ctx: ToolContext): Promise<Converter> {
  const rate = await getLatestRate(ctx.db, ctx.tenant.preferredCurrency);
  if (!rate) return { currency: 'USD', fromUSD: dec2 };
  return { currency: rate.currency, fromUSD: (usd) => dec2(new Decimal(usd).div(rate.rateToUSD)) };
}

/** The compact view of one set of sales figures, money in the display currency. */
export function figuresData(f: SalesFigures) {
  const p = f.preferred;
  const aov = p ? p.aov : f.usd.aov;
  const [only, ...others] = f.byCurrency;
  // sales already in the display currency are shown as they are, not converted there and back
  const asIs = only && others.length === 0 && only.currency === displayCurrency(f);
  return {
    orders: f.orders,
    units: f.units,
    sales: dec2(asIs ? only.sales : (p?.sales ?? f.usd.sales)),
    salesUSD: dec2(f.usd.sales),
    native: f.byCurrency.map((c) => ({ currency: c.currency, sales: dec2(c.sales) })),
    averageOrder: aov === null ? null : dec2(aov),
    refunds: dec2(p?.refunded ?? f.usd.refunded),
    afterRefunds: dec2(p?.afterRefunds ?? f.usd.afterRefunds),
    grossSales: dec2(p?.grossSales ?? f.usd.grossSales),
    discounts: dec2(p?.discounts ?? f.usd.discounts),
    shipping: dec2(p?.shipping ?? f.usd.shipping),
    taxes: dec2(p?.taxes ?? f.usd.taxes),
    netSales: dec2(p?.netSales ?? f.usd.netSales),
    returnedOrders: f.returns.orders,
    ordersWithoutExchangeRate: f.usd.ordersWithoutUSD,
    refundsUnknown: f.refundsUnknown,
    cancelledOrders: f.cancelled.orders,
    /** refunded on cancelled orders (before they shipped): not in refunds above, which are those of orders in sales */
    cancelledRefunds: dec2(p?.cancelledRefunded ?? f.cancelled.refundedUSD),
  };
}

/** A metric's value for prose: money in its currency, counts plain, rates with "%". */
export function showMetric(metric: SalesMetric, value: string | number | null, currency: string): string {
  if (value === null) return 'n/a';
  switch (METRICS[metric].unit) {
    case 'money':
      return showMoney(String(value), currency);
    case 'percent':
      return `${new Decimal(value).toFixed(1)}%`;
    case 'ratio':
      return new Decimal(value).toFixed(2);
    default: {
      const noun = METRICS[metric].noun;
      return noun ? plural(Number(value), noun) : String(value);
    }
  }
}

/** Said when money is shown in a currency asked for: each day converted at its own rate, and what had no rate. */
export function currencyNote(f: SalesFigures): string | null {
  const p = f.preferred;
  if (!p?.atEachDaysRate) return null;
  const missing =
    p.ordersWithoutRate > 0
      ? ` (${plural(p.ordersWithoutRate, 'order')} of days without a ${p.currency} rate left out)`
      : '';
  return `In ${p.currency} at each order's own date's rate${missing}.`;
}

/** "₹15,546 ($185)": the display amount, then the native amounts where they differ. */
export function withNative(
  amount: string,
  currency: string,
  native: Array<Pick<CurrencySales, 'currency' | 'sales'>>,
): string {
  const shown = showMoney(amount, currency);
  if (native.every((n) => n.currency === currency)) return shown;
  return `${shown} (${native.map((n) => showMoney(n.sales, n.currency)).join(' + ')})`;
}
