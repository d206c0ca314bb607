import { Decimal } from 'decimal.js';
import { getSalesTrend, type TrendPoint } from '../../analytics/get-sales-trend.ts';
import type { ChartRequest } from '../../charts/chart-request.ts';
import { defineTool } from '../llm/chat-tool.ts';
import { TOOL_ARGS } from '../tool-args.ts';
import { asOf, dec2, during, marketplaceName, monthName, periodData, plural, scopeName, shortDay, showMoney, withCoverage } from './format.ts';

export const getSalesTrendTool = defineTool({
  name: 'get_sales_trend',
  description:
    'Sales over time (orders not cancelled): per day, week or month of a period, one series per marketplace and the total, '
    + 'in the seller\'s currency. Use for trends, "how did sales go", best and worst days.',
  input: TOOL_ARGS.get_sales_trend,
  async execute(ctx, args) {
    const t = await getSalesTrend(ctx.db, ctx.tenant, args);
    const converted = t.total.some((p) => p.salesPreferred !== null);
    const currency = converted ? t.preferredCurrency : 'USD';
    const sales = (p: TrendPoint) => dec2((converted ? p.salesPreferred : null) ?? p.salesUSD);
    const total = t.total.map((p) => ({ start: p.start, orders: p.orders, units: p.units, sales: sales(p) }));
    const series = t.series.map((s) => ({
      marketplace: s.marketplace,
      sales: dec2(s.points.reduce((a, p) => a.plus(sales(p)), new Decimal(0))),
      points: s.points.map((p) => ({ start: p.start, orders: p.orders, sales: sales(p) })),
    }));
    const totals = {
      orders: total.reduce((a, p) => a + p.orders, 0),
      sales: dec2(total.reduce((a, p) => a.plus(p.sales), new Decimal(0))),
      ordersWithoutExchangeRate: t.total.reduce((a, p) => a + p.ordersWithoutUSD, 0),
      intervals: total.length,
      intervalsWithoutSales: total.filter((p) => p.orders === 0).length,
    };
    const best = total.reduce<(typeof total)[number] | null>((a, p) => (!a || new Decimal(p.sales).gt(a.sales) ? p : a), null);
    const data = {
      period: periodData(t.period), interval: t.interval, currency, salesExclude: 'cancelled orders', totals,
      best: best && { start: best.start, sales: best.sales }, total, series, dataAsOf: asOf(t.freshness),
    };
    const scope = scopeName(args.marketplaces);
    if (totals.orders === 0 || !best) return { data, summary: withCoverage(`No ${scope ? `orders from ${scope}` : 'sales'} ${during(t.period.label)}.`, [t.period], t.freshness) };
    const when = t.interval === 'month' ? monthName(best.start) : t.interval === 'week' ? `the week of ${shortDay(best.start)}` : shortDay(best.start);
    const quiet = totals.intervalsWithoutSales;
    const sentences = [
      `Your ${scope ? `${scope} ` : ''}sales ${during(t.period.label)} came to ${showMoney(totals.sales, currency)} from ${plural(totals.orders, 'order')}; the best ${t.interval} was ${when} at ${showMoney(best.sales, currency)}${quiet > 0 ? `, and ${quiet} of ${total.length} ${t.interval}s had no sales` : ''}.`,
    ];
    if (series.length >= 2) sentences.push(`By marketplace: ${series.map((s) => `${marketplaceName(s.marketplace)} ${showMoney(s.sales, currency)}`).join(', ')}.`);
    if (totals.ordersWithoutExchangeRate > 0) sentences.push(`${plural(totals.ordersWithoutExchangeRate, 'order')} without an exchange rate yet ${totals.ordersWithoutExchangeRate === 1 ? 'is' : 'are'} left out.`);
    const chart: ChartRequest | undefined = total.length >= 2 && series.length > 0
      ? {
        kind: 'lines-over-time',
        input: {
          title: `Sales by ${t.interval} — ${t.period.label}`,
          currency,
          series: series.map((s) => ({ label: marketplaceName(s.marketplace), points: s.points.map((p) => ({ date: p.start, value: Number(p.sales) })) })),
        },
      }
      : undefined;
    return { data, summary: withCoverage(sentences.join(' '), [t.period], t.freshness), ...(chart ? { chart } : {}) };
  },
});
