import { comparePeriods, type Change } from '../../analytics/compare-periods.ts';
import { daysIn } from '../../analytics/resolve-period.ts';
import type { ChartRequest } from '../../charts/chart-request.ts';
import { defineTool } from '../llm/chat-tool.ts';
import { TOOL_ARGS } from '../tool-args.ts';
import { asOf, dec2, during, labelName, marketplaceName, pct1, periodData, plural, scopeName, showMoney, withCoverage } from './format.ts';

/** A change for `data`: money rounded, the percent unsigned beside its direction (so prose and data agree). */
function changeData(c: Change, money: boolean) {
  const show = (v: string) => (money ? dec2(v) : v);
  const direction = c.percent === null ? (Number(c.current) > 0 ? 'new' : 'none') : c.percent > 0 ? 'up' : c.percent < 0 ? 'down' : 'unchanged';
  return { current: show(c.current), previous: show(c.previous), direction, percent: c.percent === null ? null : pct1(Math.abs(c.percent)) };
}
type ChangeData = ReturnType<typeof changeData>;

function moved(c: ChangeData, currency: string): string {
  if (c.direction === 'up' || c.direction === 'down') return `${c.direction} ${c.percent}% from ${showMoney(c.previous, currency)}`;
  return c.direction === 'unchanged' ? `unchanged from ${showMoney(c.previous, currency)}` : 'against no sales';
}

export const comparePeriodsTool = defineTool({
  name: 'compare_periods',
  description:
    'Compares sales of two periods (e.g. this month vs last month), in total and per marketplace: sales, orders, units, net sales, average order value, '
    + 'with the change in percent. Money in the seller\'s currency at one rate for both periods. A period still under way is compared like for like, '
    + 'with the same number of days of the other period, unless wholePeriods is set.',
  input: TOOL_ARGS.compare_periods,
  async execute(ctx, args) {
    const c = await comparePeriods(ctx.db, ctx.tenant, args);
    const currency = c.change.salesPreferred ? (c.current.preferred ?? c.previous.preferred)!.currency : 'USD';
    const sales = changeData(c.change.salesPreferred ?? c.change.salesUSD, true);
    const rows = c.byMarketplace.map((m) => ({
      marketplace: m.marketplace,
      sales: changeData(m.change.salesPreferred ?? m.change.salesUSD, true),
      orders: changeData(m.change.orders, false),
    }));
    const data = {
      period: periodData(c.period),
      comparePeriod: periodData(c.comparePeriod),
      sameDays: c.sameDays,
      ...(c.sameDays && { wholeComparePeriod: periodData(c.wholeComparePeriod) }),
      currency,
      salesExclude: 'cancelled orders',
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
    if (sales.direction === 'none') summary = `No ${scope ? `${scope} ` : ''}sales ${now} or ${then}.`;
    else {
      const sentences = [
        `Your ${scope ? `${scope} ` : ''}sales ${now} were ${showMoney(sales.current, currency)}, ${moved(sales, currency)} ${then}.`,
        `Orders: ${data.orders.current} vs ${data.orders.previous} (cancelled orders excluded).`,
      ];
      if (rows.length >= 2) {
        sentences.push(`By marketplace: ${rows.map((r) => `${marketplaceName(r.marketplace)} ${showMoney(r.sales.current, currency)} (${moved(r.sales, currency)})`).join(', ')}.`);
      }
      summary = sentences.join(' ');
    }
    summary = withCoverage(summary, [c.period, c.comparePeriod], c.freshness);
    const chart: ChartRequest | undefined = rows.length > 0
      ? {
        kind: 'grouped-bars',
        input: {
          title: `Sales by marketplace — ${c.period.label} vs ${c.comparePeriod.label}`,
          aLabel: labelName(c.period.label),
          bLabel: labelName(c.comparePeriod.label),
          currency,
          categories: rows.map((r) => ({ label: marketplaceName(r.marketplace), a: Number(r.sales.current), b: Number(r.sales.previous) })),
        },
      }
      : undefined;
    return { data, summary, ...(chart ? { chart } : {}) };
  },
});
