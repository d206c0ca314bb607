import { TOOL_ARGS } from '../../analytics/args.ts';
import { MAX_INTERVALS } from '../../analytics/fit-interval.ts';
import { getSalesSummary, type SalesSummary } from '../../analytics/get-sales-summary.ts';
import { METRICS, metricValue, type SalesMetric } from '../../analytics/metrics.ts';
import type { SalesFigures } from '../../analytics/sales-figures.ts';
import type { ChartRequest } from '../../charts/chart-request.ts';
import { defineTool } from '../llm/chat-tool.ts';
import {
  asOf,
  currencyNote,
  displayCurrency,
  during,
  figuresData,
  marketplaceName,
  monthName,
  periodData,
  plural,
  scopeName,
  shortDay,
  showMetric,
  showMoney,
  withCoverage,
  withNative,
} from './format.ts';

type Figures = ReturnType<typeof figuresData>;
const MAX_BUCKETS = 8;

function bucketName(groupBy: SalesSummary['groupBy'], key: string): string {
  if (groupBy === 'month') return monthName(key);
  return groupBy === 'week' ? `week of ${shortDay(key)}` : shortDay(key);
}

function summaryOf(
  s: SalesSummary,
  currency: string,
  totals: Figures,
  groups: Array<{ name: string } & Figures>,
  byMarketplace: boolean,
): string {
  const scope = scopeName(s.marketplaces === 'all' ? undefined : s.marketplaces);
  if (totals.orders === 0) return `No ${scope ? `orders from ${scope}` : 'sales'} ${during(s.period.label)}.`;
  const aov = totals.averageOrder ? `, average order ${showMoney(totals.averageOrder, currency)}` : '';
  const many = byMarketplace ? groups.length >= 2 : groups.length > 0;
  const total = many ? showMoney(totals.sales, currency) : withNative(totals.sales, currency, totals.native);
  const shown = groups.slice(0, MAX_BUCKETS).map((g) => `${g.name}: ${withNative(g.sales, currency, g.native)}`);
  const breakdown = many ? ` — ${shown.join(', ')}${groups.length > MAX_BUCKETS ? ', …' : ''}` : '';
  const sentences = [
    `Your ${scope ? `${scope} ` : ''}sales ${during(s.period.label)} were ${total} from ${plural(totals.orders, 'order')} (${plural(totals.units, 'unit')}${aov})${breakdown}.`,
  ];
  if (totals.returnedOrders > 0 || Number(totals.refunds) > 0) {
    const refunds =
      Number(totals.refunds) > 0
        ? `; refunds ${showMoney(totals.refunds, currency)}, sales after refunds ${showMoney(totals.afterRefunds, currency)}`
        : '';
    const unknown = totals.refundsUnknown > 0 ? ` (${plural(totals.refundsUnknown, 'refund amount')} unknown)` : '';
    sentences.push(`Returns: ${plural(totals.returnedOrders, 'returned order')}${refunds}${unknown}.`);
  }
  const noRate = totals.ordersWithoutExchangeRate;
  const cancelled =
    totals.cancelledOrders > 0
      ? ` (${plural(totals.cancelledOrders, 'order')}${Number(totals.cancelledRefunds) > 0 ? `, ${showMoney(totals.cancelledRefunds, currency)} refunded before shipping` : ''})`
      : '';
  sentences.push(
    `Sales exclude cancelled orders${cancelled}${noRate > 0 ? `; ${plural(noRate, 'order')} without an exchange rate yet ${noRate === 1 ? 'is' : 'are'} left out of the ${currency} figures` : ''}.`,
  );
  return sentences.join(' ');
}

/** The answer to a metric other than sales: its value, its split, what it counts. */
function metricSummary(
  s: SalesSummary,
  metric: SalesMetric,
  currency: string,
  groups: Array<{ name: string; value: string | number | null }>,
): string {
  const def = METRICS[metric];
  const scope = scopeName(s.marketplaces === 'all' ? undefined : s.marketplaces);
  if (s.totals.orders === 0 && s.totals.cancelled.orders === 0)
    return `No ${scope ? `orders from ${scope}` : 'orders'} ${during(s.period.label)}.`;
  const value = showMetric(metric, metricValue(metric, s.totals), currency);
  const split =
    groups.length >= 2
      ? ` — ${groups
          .slice(0, MAX_BUCKETS)
          .map((g) => `${g.name}: ${showMetric(metric, g.value, currency)}`)
          .join(', ')}${groups.length > MAX_BUCKETS ? ', …' : ''}`
      : '';
  return `Your ${scope ? `${scope} ` : ''}${def.name} ${during(s.period.label)}: ${value}${split}. (${def.definition}.)`;
}

export const getSalesSummaryTool = defineTool({
  name: 'get_sales_summary',
  description:
    "Sales of a period (orders not cancelled): sales in the seller's currency (or one asked for) and in each native currency, orders, units, average order value, " +
    'gross sales, discounts, refunds, net sales, shipping and taxes; `metric` picks what the answer leads with. ' +
    'Without groupBy the answer is broken down by marketplace; groupBy day/week/month gives a breakdown over time.',
  input: TOOL_ARGS.get_sales_summary,
  async execute(ctx, args) {
    // the marketplace breakdown costs nothing extra and belongs in a total's answer
    const s = await getSalesSummary(ctx.db, ctx.tenant, { ...args, groupBy: args.groupBy ?? 'marketplace' });
    const currency = displayCurrency(s.totals);
    const totals = figuresData(s.totals);
    const byMarketplace = s.groupBy === 'marketplace';
    const metric = args.metric ?? 'total_sales';
    // sales already in the display currency are shown as they are (figuresData), not converted there and back
    const valueAt = (f: SalesFigures, shown: Figures) =>
      metric === 'total_sales' ? shown.sales : metricValue(metric, f);
    const groups = (s.groups ?? []).map(({ key, ...f }) => {
      const shown = figuresData(f);
      return {
        name: byMarketplace ? marketplaceName(key) : bucketName(s.groupBy, key),
        key,
        ...shown,
        value: valueAt(f, shown),
      };
    });
    const data = {
      period: periodData(s.period),
      metric,
      definition: METRICS[metric].definition,
      value: valueAt(s.totals, totals),
      currency,
      marketplaces: s.marketplaces,
      salesExclude: 'cancelled orders',
      totals,
      ...(byMarketplace
        ? { byMarketplace: groups.map(({ key, name: _n, ...g }) => ({ marketplace: key, ...g })) }
        : {
            groupBy: s.groupBy,
            ...(s.askedGroupBy && { askedGroupBy: s.askedGroupBy }),
            groups: groups.map(({ name: _n, ...g }) => g),
          }),
      dataAsOf: asOf(s.freshness),
    };
    const def = METRICS[metric];
    const chart: ChartRequest | undefined =
      args.groupBy === 'marketplace' && groups.length >= 2
        ? {
            kind: 'bars-by-marketplace',
            input: {
              title: `${def.name[0]!.toUpperCase()}${def.name.slice(1)} by marketplace — ${s.period.label}`,
              ...(def.unit === 'money' ? { currency } : {}),
              items: groups.map((g) => ({ label: g.name, value: Number(g.value ?? 0) })),
            },
          }
        : undefined;
    const text =
      metric === 'total_sales'
        ? summaryOf(s, currency, totals, groups, byMarketplace)
        : metricSummary(s, metric, currency, groups);
    const notes = [
      ...(s.askedGroupBy
        ? [`Broken down by ${s.groupBy}: by ${s.askedGroupBy} this period has more than ${MAX_INTERVALS} of them.`]
        : []),
      ...(currencyNote(s.totals) ? [currencyNote(s.totals)!] : []),
    ];
    return {
      data,
      summary: withCoverage([text, ...notes].join(' '), [s.period], s.freshness),
      ...(chart ? { chart } : {}),
    };
  },
});
