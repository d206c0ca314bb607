import { TOOL_ARGS } from '../../analytics/args.ts';
import { type Change, comparePeriods } from '../../analytics/compare-periods.ts';
import { METRICS } from '../../analytics/metrics.ts';
import { daysIn } from '../../analytics/resolve-period.ts';
import type { ChartRequest } from '../../charts/chart-request.ts';
import { defineTool } from '../llm/chat-tool.ts';
import {
  asOf,
  currencyNote,
  dec2,
  during,
  labelName,
  marketplaceName,
  pct1,
  periodData,
  plural,
  scopeName,
  showMetric,
  showMoney,
  withCoverage,
} from './format.ts';

/** A change for `data`: money rounded, the percent unsigned beside its direction (so prose and data agree). */
function changeData(c: Change, money: boolean) {
  const show = (v: string) => (money ? dec2(v) : v);
  const direction =
    c.percent === null
      ? Number(c.current) > 0
        ? 'new'
        : 'none'
      : c.percent > 0
        ? 'up'
        : c.percent < 0
          ? 'down'
          : 'unchanged';
  return {
    current: show(c.current),
    previous: show(c.previous),
    direction,
    percent: c.percent === null ? null : pct1(Math.abs(c.percent)),
  };
}
type ChangeData = ReturnType<typeof changeData>;

function moved(c: ChangeData, show: (v: string) => string): string {
  if (c.direction === 'up' || c.direction === 'down') return `${c.direction} ${c.percent}% from ${show(c.previous)}`;
  return c.direction === 'unchanged' ? `unchanged from ${show(c.previous)}` : 'against none';
}

export const comparePeriodsTool = defineTool({
  name: 'compare_periods',
  description:
    'Compares sales of two periods (e.g. this month vs last month), in total and per marketplace: sales, orders, units, net sales, average order value, ' +
    "with the change in percent. Money in the seller's currency at one rate for both periods. A period still under way is compared like for like, " +
    'with the same number of days of the other period, unless wholePeriods is set.',
  input: TOOL_ARGS.compare_periods,
  async execute(ctx, args) {
    const c = await comparePeriods(ctx.db, ctx.tenant, args);
    const currency = c.change.salesPreferred ? (c.current.preferred ?? c.previous.preferred)!.currency : 'USD';
    const def = METRICS[c.metric];
    const showValue = (v: string) => showMetric(c.metric, v, currency);
    const money = (v: string) => showMoney(v, currency);
    const sales = changeData(c.change.salesPreferred ?? c.change.salesUSD, true);
    const isMoney = def.unit === 'money';
    const metricChange = c.change.metric && changeData(c.change.metric, isMoney);
    const rows = c.byMarketplace.map((m) => ({
      marketplace: m.marketplace,
      sales: changeData(m.change.salesPreferred ?? m.change.salesUSD, true),
      orders: changeData(m.change.orders, false),
      metric: m.change.metric && changeData(m.change.metric, isMoney),
    }));
    const data = {
      period: periodData(c.period),
      comparePeriod: periodData(c.comparePeriod),
      sameDays: c.sameDays,
      ...(c.sameDays && { wholeComparePeriod: periodData(c.wholeComparePeriod) }),
      currency,
      salesExclude: 'cancelled orders',
      metric: c.metric,
      definition: def.definition,
      metricChange,
      sales,
      salesUSD: changeData(c.change.salesUSD, true),
      netSales: changeData(c.change.netSalesUSD, true),
      orders: changeData(c.change.orders, false),
      units: changeData(c.change.units, false),
      returnedOrders: changeData(c.change.returnedOrders, false),
      byMarketplace: rows,
      dataAsOf: asOf(c.freshness),
    };
    const scope = scopeName(args.marketplaces);
    const now = during(c.period.label);
    // like for like: "1 Nov – 7 Nov 2026, the same 7 days of last month"
    const then = c.sameDays
      ? `${during(c.comparePeriod.label)}, the same ${plural(daysIn(c.comparePeriod), 'day')} of ${labelName(c.wholeComparePeriod.label)}`
      : during(c.comparePeriod.label);
    let summary: string;
    if (data.orders.direction === 'none' && sales.direction === 'none')
      summary = `No ${scope ? `${scope} ` : ''}orders ${now} or ${then}.`;
    else if (c.metric !== 'total_sales' && metricChange) {
      const sentences = [
        `Your ${scope ? `${scope} ` : ''}${def.name} ${now}: ${showValue(metricChange.current)}, ${moved(metricChange, showValue)} ${then}.`,
      ];
      if (rows.length >= 2)
        sentences.push(
          `By marketplace: ${rows.map((r) => `${marketplaceName(r.marketplace)} ${r.metric ? `${showValue(r.metric.current)} (${moved(r.metric, showValue)})` : 'n/a'}`).join(', ')}.`,
        );
      sentences.push(`(${def.definition}.)`);
      summary = sentences.join(' ');
    } else {
      const sentences = [
        `Your ${scope ? `${scope} ` : ''}sales ${now} were ${money(sales.current)}, ${moved(sales, money)} ${then}.`,
        `Orders: ${data.orders.current} vs ${data.orders.previous} (cancelled orders excluded).`,
      ];
      if (rows.length >= 2) {
        sentences.push(
          `By marketplace: ${rows.map((r) => `${marketplaceName(r.marketplace)} ${money(r.sales.current)} (${moved(r.sales, money)})`).join(', ')}.`,
        );
      }
      summary = sentences.join(' ');
    }
    const note = currencyNote(c.current);
    if (note) summary = `${summary} ${note}`;
    summary = withCoverage(summary, [c.period, c.comparePeriod], c.freshness);
    const chart: ChartRequest | undefined =
      rows.length > 0
        ? {
            kind: 'grouped-bars',
            input: {
              title: `${def.name[0]!.toUpperCase()}${def.name.slice(1)} by marketplace — ${c.period.label} vs ${c.comparePeriod.label}`,
              aLabel: labelName(c.period.label),
              bLabel: labelName(c.comparePeriod.label),
              ...(isMoney ? { currency } : { valueTitle: def.name }),
              categories: rows.map((r) => {
                const shown = c.metric === 'total_sales' ? r.sales : r.metric;
                return {
                  label: marketplaceName(r.marketplace),
                  a: Number(shown?.current ?? 0),
                  b: Number(shown?.previous ?? 0),
                };
              }),
            },
          }
        : undefined;
    return { data, summary, ...(chart ? { chart } : {}) };
  },
});
