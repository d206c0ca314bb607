import { getReturnRates, type ReturnRate } from '../../analytics/get-return-rates.ts';
import type { ChartRequest } from '../../charts/chart-request.ts';
import { defineTool } from '../llm/chat-tool.ts';
import { TOOL_ARGS } from '../tool-args.ts';
import { asOf, during, marketplaceName, pct1, periodData, plural, scopeName } from './format.ts';

const rateData = (r: ReturnRate) => ({
  orders: r.orders,
  returned: r.returned,
  cancelled: r.cancelled,
  returnRate: pct1(r.returnRatePct),
  cancellationRate: pct1(r.cancellationRatePct),
});

export const getReturnRatesTool = defineTool({
  name: 'get_return_rates',
  description:
    'Return and cancellation rates of the orders placed in a period, in total and per marketplace '
    + '(returned orders, i.e. refunded or sent back after shipping, / all orders placed; orders refunded before shipping count as cancelled).',
  input: TOOL_ARGS.get_return_rates,
  async execute(ctx, args) {
    const r = await getReturnRates(ctx.db, ctx.tenant, args);
    const total = rateData(r.total);
    const rows = r.byMarketplace.map((m) => ({ marketplace: m.marketplace, ...rateData(m) }));
    const data = { period: periodData(r.period), definition: r.definition, total, byMarketplace: rows, dataAsOf: asOf(r.freshness) };
    const scope = scopeName(args.marketplaces);
    if (total.orders === 0) return { data, summary: `No orders ${scope ? `from ${scope} ` : ''}${during(r.period.label)}, so no return rate.` };
    const of = (x: typeof total) => `${x.returnRate}% (${x.returned} of ${plural(x.orders, 'order')})`;
    const sentences = [`Your return rate ${scope ? `on ${scope} ` : ''}${during(r.period.label)} was ${of(total)}.`];
    if (rows.length >= 2) sentences.push(`By marketplace: ${rows.map((m) => `${marketplaceName(m.marketplace)} ${of(m)}`).join(', ')}.`);
    if (total.cancelled > 0) sentences.push(`${plural(total.cancelled, 'order')} ${total.cancelled === 1 ? 'was' : 'were'} cancelled (${total.cancellationRate}%).`);
    const chart: ChartRequest | undefined = rows.length >= 2
      ? {
        kind: 'return-rate-bars',
        input: { title: `Return rate by marketplace — ${r.period.label}`, items: rows.map((m) => ({ label: marketplaceName(m.marketplace), percent: Number(m.returnRate) })) },
      }
      : undefined;
    return { data, summary: sentences.join(' '), ...(chart ? { chart } : {}) };
  },
});
