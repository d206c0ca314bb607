import { TOOL_ARGS } from '../../analytics/args.ts';
import { getReturnsByProduct } from '../../analytics/get-returns-by-product.ts';
import type { ChartRequest } from '../../charts/chart-request.ts';
import { defineTool } from '../llm/chat-tool.ts';
import {
  asOf,
  dec2,
  during,
  pct1,
  periodData,
  plural,
  preferredConverter,
  scopeName,
  showMoney,
  withCoverage,
} from './format.ts';

export const getReturnsByProductTool = defineTool({
  name: 'get_returns_by_product',
  description:
    'The products returned most in a period: per product (SKU, else title; named with its variant) the returned units and orders, units sold, ' +
    "return rate (returned units / units sold) and the refunds, in the seller's currency. Every line of an order marked returned counts as returned " +
    '(marketplaces do not say which line came back).',
  input: TOOL_ARGS.get_returns_by_product,
  async execute(ctx, args) {
    const [r, conv] = await Promise.all([getReturnsByProduct(ctx.db, ctx.tenant, args), preferredConverter(ctx)]);
    const products = r.products.map((p, i) => ({
      rank: i + 1,
      sku: p.sku,
      title: p.title,
      returnedUnits: p.returnedUnits,
      returnedOrders: p.returnedOrders,
      unitsSold: p.unitsSold,
      returnRate: pct1(p.returnRatePct),
      refunded: conv.fromUSD(p.refundedUSD),
      refundedUSD: dec2(p.refundedUSD),
      returnedOrdersRefundUnknown: p.ordersRefundUnknown,
      linesWithoutExchangeRate: p.linesWithoutUSD,
    }));
    const total = {
      productsReturned: r.total.productsReturned,
      returnedUnits: r.total.returnedUnits,
      unitsSold: r.total.unitsSold,
      returnRate: pct1(r.total.returnRatePct),
      refunded: conv.fromUSD(r.total.refundedUSD),
    };
    const data = {
      period: periodData(r.period),
      currency: conv.currency,
      definition: r.definition,
      products,
      total,
      dataAsOf: asOf(r.freshness),
    };
    const scope = scopeName(args.marketplaces);
    // stores come as ids: named generically (the router chose them from the seller's own words)
    const on = scope ? ` on ${scope}` : args.stores?.length ? ' in the stores asked about' : '';
    if (products.length === 0) {
      return {
        data,
        summary: withCoverage(
          `No returns${on} among the orders placed ${during(r.period.label)}.`,
          [r.period],
          r.freshness,
        ),
      };
    }
    const list = products
      .map((p) => {
        const rate = p.returnRate === null ? '' : ` of ${p.unitsSold.toLocaleString('en-US')} sold (${p.returnRate}%)`;
        const refunded = Number(p.refunded) > 0 ? `, ${showMoney(p.refunded, conv.currency)} refunded` : '';
        return `${p.rank}. ${p.title}: ${plural(p.returnedUnits, 'unit')} returned${rate} in ${plural(p.returnedOrders, 'order')}${refunded}`;
      })
      .join('; ');
    const head = products.length === 1 ? 'The most returned product' : `The ${products.length} most returned products`;
    const sentences = [
      `${head}${on} ${during(r.period.label)}: ${list}.`,
      ...(r.total.productsReturned > products.length
        ? [
            `In all, ${plural(total.returnedUnits, 'unit')} of ${plural(total.productsReturned, 'product')} came back${total.returnRate ? ` (${total.returnRate}% of ${total.unitsSold.toLocaleString('en-US')} sold)` : ''}.`,
          ]
        : []),
      ...(products.some((p) => p.returnedOrdersRefundUnknown > 0)
        ? ['Some returned orders have no refund amount from the marketplace.']
        : []),
      'A return counts every line of an order marked returned: the marketplaces do not say which line came back.',
    ];
    // two products of one name (different SKUs) would share a bar: those keep their SKU beside
    const label = (p: (typeof products)[number]) =>
      products.filter((q) => q.title === p.title).length > 1 && p.sku ? `${p.title} (${p.sku})` : p.title;
    const chart: ChartRequest | undefined =
      products.length >= 2 && products.every((p) => p.returnRate !== null)
        ? {
            kind: 'return-rate-bars',
            input: {
              title: `Return rate of the most returned products — ${r.period.label}`,
              items: products.map((p) => ({ label: label(p), percent: Number(p.returnRate) })),
              categoryTitle: 'Product',
            },
          }
        : undefined;
    return { data, summary: withCoverage(sentences.join(' '), [r.period], r.freshness), ...(chart ? { chart } : {}) };
  },
});
