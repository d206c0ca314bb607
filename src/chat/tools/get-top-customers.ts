import { TOOL_ARGS } from '../../analytics/args.ts';
import { getTopCustomers } from '../../analytics/get-top-customers.ts';
import { defineTool } from '../llm/chat-tool.ts';
import {
  CUSTOMER_IS,
  customerScope,
  noCustomers,
  unidentifiedData,
  unidentifiedSentence,
  withUSD,
} from './customer-text.ts';
import { asOf, dec2, during, marketplaceName, periodData, plural, preferredConverter, withCoverage } from './format.ts';

export const getTopCustomersTool = defineTool({
  name: 'get_top_customers',
  description:
    "The seller's best customers of a period by spend (order totals, cancelled orders excluded, minus reported refunds), with order counts and marketplaces, " +
    "in the seller's currency with USD beside. " +
    CUSTOMER_IS +
    ' ' +
    'Returns ranks and figures only: the names go to the seller, never to the model.',
  input: TOOL_ARGS.get_top_customers,
  async execute(ctx, args) {
    const [r, conv] = await Promise.all([getTopCustomers(ctx.db, ctx.tenant, args), preferredConverter(ctx)]);
    const customers = r.customers.map((c) => ({
      rank: c.rank,
      spend: conv.fromUSD(c.spendUSD),
      spendUSD: dec2(c.spendUSD),
      orders: c.orders,
      ordersWithoutExchangeRate: c.ordersWithoutUSD,
      marketplaces: c.marketplaces,
    }));
    const gaps = unidentifiedData(r.coverage);
    const data = {
      period: periodData(r.period),
      currency: conv.currency,
      definition: r.definition,
      customers,
      customersInPeriod: r.customersInPeriod,
      ordersWithoutCustomer: gaps,
      dataAsOf: asOf(r.freshness),
    };
    const on = customerScope(args);
    const notCounted = unidentifiedSentence(gaps);
    if (customers.length === 0) {
      return { data, summary: noCustomers(r, on, notCounted) };
    }
    const list = (named: boolean) =>
      customers
        .map((c, i) => {
          const name = (named && r.customers[i]!.name?.trim()) || (named ? 'a customer without a name' : 'a customer');
          const markets = c.marketplaces.map(marketplaceName).join(', ');
          return `${c.rank}. ${name} — ${withUSD(c.spend, conv.currency, c.spendUSD)} from ${plural(c.orders, 'order')} (${markets})`;
        })
        .join('; ');
    const head = customers.length === 1 ? 'Your top customer' : `Your top ${customers.length} customers`;
    const summary = (named: boolean) =>
      withCoverage(
        [
          `${head}${on} ${during(r.period.label)} by spend (order totals minus reported refunds, cancelled orders excluded): ${list(named)}.`,
          `${plural(r.customersInPeriod, 'customer')} bought${on} in all.`,
          ...(customers.some((c) => c.ordersWithoutExchangeRate > 0)
            ? ['Orders without an exchange rate yet are left out of spend.']
            : []),
          ...(notCounted ? [notCounted] : []),
        ].join(' '),
        [r.period],
        r.freshness,
      );
    return { data, summary: summary(true), summaryForModel: summary(false) };
  },
});
