import { TOOL_ARGS } from '../../analytics/args.ts';
import { getTopProducts, type ProductSales } from '../../analytics/get-top-products.ts';
import type { ChartRequest } from '../../charts/chart-request.ts';
import { defineTool } from '../llm/chat-tool.ts';
import {
  asOf,
  type Converter,
  dec2,
  during,
  listJoin,
  marketplaceName,
  periodData,
  plural,
  preferredConverter,
  scopeName,
  showMoney,
  withCoverage,
} from './format.ts';

const salesData = (s: ProductSales, conv: Converter) => ({
  units: s.units,
  revenue: conv.fromUSD(s.revenueUSD),
  revenueUSD: dec2(s.revenueUSD),
  native: s.revenue.map((r) => ({ currency: r.currency, amount: dec2(r.amount) })),
  linesWithoutExchangeRate: s.linesWithoutUSD,
});

export const getTopProductsTool = defineTool({
  name: 'get_top_products',
  description:
    'Best-selling products of a period (orders not cancelled), ranked by revenue or units, a SKU being one product across marketplaces. ' +
    "With two or more marketplaces, each product's units and revenue are given side by side per marketplace.",
  input: TOOL_ARGS.get_top_products,
  async execute(ctx, args) {
    const [r, conv] = await Promise.all([getTopProducts(ctx.db, ctx.tenant, args), preferredConverter(ctx)]);
    const currency = conv.currency;
    const products = r.products.map((p, i) => ({
      rank: i + 1,
      sku: p.sku,
      title: p.title,
      ...salesData(p, conv),
      byMarketplace: p.byMarketplace.map((m) => ({ marketplace: m.marketplace, ...salesData(m, conv) })),
    }));
    const data = {
      period: periodData(r.period),
      rankBy: r.rankBy,
      currency,
      salesExclude: 'cancelled orders',
      matchedAcross: r.matchedAcross,
      products,
      leaders: r.perMarketplace?.map((m) => ({
        marketplace: m.marketplace,
        sku: m.products[0]?.sku ?? null,
        title: m.products[0]?.title ?? null,
      })),
      dataAsOf: asOf(r.freshness),
    };
    const scope = scopeName(args.marketplaces, 'and');
    if (products.length === 0) {
      return {
        data,
        summary: withCoverage(
          `No products sold ${scope ? `on ${scope} ` : ''}${during(r.period.label)}.`,
          [r.period],
          r.freshness,
        ),
      };
    }
    const amount = (p: { units: number; revenue: string }) =>
      r.rankBy === 'units'
        ? `${plural(p.units, 'unit')} (${showMoney(p.revenue, currency)})`
        : `${showMoney(p.revenue, currency)} (${plural(p.units, 'unit')})`;
    const line = (p: (typeof products)[number]) =>
      r.matchedAcross
        ? `${p.title}: ${p.byMarketplace.map((m) => `${marketplaceName(m.marketplace)} ${plural(m.units, 'unit')}`).join(', ')}${r.rankBy === 'revenue' ? ` — ${showMoney(p.revenue, currency)}` : ''}`
        : `${p.title} — ${amount(p)}`;
    const list = products.map((p) => `${p.rank}. ${line(p)}`).join('; ');
    const head = `Top products ${scope ? `on ${scope} ` : ''}${during(r.period.label)} by ${r.rankBy}: ${list}.`;
    const leaders = data.leaders?.filter((l) => l.title);
    const tail = leaders?.length
      ? ` Best seller on each: ${listJoin(leaders.map((l) => `${marketplaceName(l.marketplace)} ${l.title}`))}.`
      : '';
    const noRate = products.some((p) => p.linesWithoutExchangeRate > 0)
      ? ' Lines of orders without an exchange rate yet are left out of revenue.'
      : '';
    // grouped bars hold two groups: side by side when exactly two marketplaces are compared
    const pair = r.matchedAcross?.length === 2 ? (r.matchedAcross as [string, string]) : null;
    const value = (p: (typeof products)[number], m: string) => {
      const s = p.byMarketplace.find((b) => b.marketplace === m);
      return r.rankBy === 'units' ? (s?.units ?? 0) : Number(s?.revenue ?? 0);
    };
    const chart: ChartRequest | undefined = pair
      ? {
          kind: 'grouped-bars',
          input: {
            title: `Top products by ${r.rankBy} — ${r.period.label}`,
            aLabel: marketplaceName(pair[0]),
            bLabel: marketplaceName(pair[1]),
            ...(r.rankBy === 'revenue' ? { currency } : { valueTitle: 'Units' }),
            categories: products.map((p) => ({ label: p.title, a: value(p, pair[0]), b: value(p, pair[1]) })),
          },
        }
      : undefined;
    return {
      data,
      summary: withCoverage(`${head}${tail}${noRate}`, [r.period], r.freshness),
      ...(chart ? { chart } : {}),
    };
  },
});
