import { TOOL_ARGS } from '../../analytics/args.ts';
import { getReturnRates, type ReturnRate } from '../../analytics/get-return-rates.ts';
import type { ChartRequest } from '../../charts/chart-request.ts';
import { defineTool } from '../llm/chat-tool.ts';
import {
  asOf,
  type Converter,
  during,
  marketplaceName,
  pct1,
  periodData,
  plural,
  preferredConverter,
  scopeName,
  showMoney,
  withCoverage,
} from './format.ts';

const rateData = (r: ReturnRate, conv: Converter) => ({
  orders: r.orders,
  returned: r.returned,
  cancelled: r.cancelled,
  returnRate: pct1(r.returnRatePct),
  cancellationRate: pct1(r.cancellationRatePct),
  refundedOnReturns: conv.fromUSD(r.refundedUSD.returns),
  refundedOnCancellations: conv.fromUSD(r.refundedUSD.cancellations),
});

export const getReturnRatesTool = defineTool({
  name: 'get_return_rates',
  description:
    'Return and cancellation rates of the orders placed in a period, in total and per marketplace ' +
    '(returned orders, i.e. refunded or sent back after shipping, / all orders placed; orders refunded before shipping count as cancelled), ' +
    "with the money refunded on each, in the seller's currency.",
  input: TOOL_ARGS.get_return_rates,
  async execute(ctx, args) {
    const [r, conv] = await Promise.all([getReturnRates(ctx.db, ctx.tenant, args), preferredConverter(ctx)]);
    const total = rateData(r.total, conv);
    const rows = r.byMarketplace.map((m) => ({ marketplace: m.marketplace, ...rateData(m, conv) }));
    const data = {
      period: periodData(r.period),
      currency: conv.currency,
      definition: r.definition,
      total,
      byMarketplace: rows,
      dataAsOf: asOf(r.freshness),
    };
    const scope = scopeName(args.marketplaces);
    if (total.orders === 0)
      return {
        data,
        summary: withCoverage(
          `No orders ${scope ? `from ${scope} ` : ''}${during(r.period.label)}, so no return rate.`,
          [r.period],
          r.freshness,
        ),
      };
    const of = (x: typeof total) => `${x.returnRate}% (${x.returned} of ${plural(x.orders, 'order')})`;
    const sentences = [`Your return rate ${scope ? `on ${scope} ` : ''}${during(r.period.label)} was ${of(total)}.`];
    if (rows.length >= 2)
      sentences.push(`By marketplace: ${rows.map((m) => `${marketplaceName(m.marketplace)} ${of(m)}`).join(', ')}.`);
    if (total.cancelled > 0)
      sentences.push(
        `${plural(total.cancelled, 'order')} ${total.cancelled === 1 ? 'was' : 'were'} cancelled (${total.cancellationRate}%).`,
      );
    const refunds = [
      ...(Number(total.refundedOnReturns) > 0
        ? [`${showMoney(total.refundedOnReturns, conv.currency)} on returns`]
        : []),
      ...(Number(total.refundedOnCancellations) > 0
        ? [`${showMoney(total.refundedOnCancellations, conv.currency)} on orders cancelled before they shipped`]
        : []),
    ];
    if (refunds.length) sentences.push(`Refunded: ${refunds.join(', ')}.`);
    const chart: ChartRequest | undefined =
      rows.length >= 2
        ? {
            kind: 'return-rate-bars',
            input: {
              title: `Return rate by marketplace — ${r.period.label}`,
              items: rows.map((m) => ({ label: marketplaceName(m.marketplace), percent: Number(m.returnRate) })),
            },
          }
        : undefined;
    return { data, summary: withCoverage(sentences.join(' '), [r.period], r.freshness), ...(chart ? { chart } : {}) };
  },
});
