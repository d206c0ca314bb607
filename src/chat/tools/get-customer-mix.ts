import { Decimal } from 'decimal.js';
import { TOOL_ARGS } from '../../analytics/args.ts';
import { type CustomerGroup, getCustomerMix } from '../../analytics/get-customer-mix.ts';
import { defineTool } from '../llm/chat-tool.ts';
import {
  CUSTOMER_IS,
  customerScope,
  noCustomers,
  unidentifiedData,
  unidentifiedSentence,
  withUSD,
} from './customer-text.ts';
import {
  asOf,
  type Converter,
  dec2,
  during,
  periodData,
  plural,
  preferredConverter,
  shortDay,
  withCoverage,
} from './format.ts';

const groupData = (g: CustomerGroup, conv: Converter) => ({
  customers: g.customers,
  orders: g.orders,
  spend: conv.fromUSD(g.spendUSD),
  spendUSD: dec2(g.spendUSD),
  ordersWithoutExchangeRate: g.ordersWithoutUSD,
});

/** "both", "all 12" (a group that is every customer; "the one customer" alone). */
const all = (n: number): string =>
  n === 1 ? 'the one customer' : n === 2 ? 'both' : `all ${n.toLocaleString('en-US')}`;

const share = (part: number, whole: number): string | null =>
  whole === 0 ? null : new Decimal(part).div(whole).times(100).toFixed(1);

export const getCustomerMixTool = defineTool({
  name: 'get_customer_mix',
  description:
    'New vs returning customers of a period: of the customers who ordered in it, how many ordered for the first time (no earlier order on the marketplaces asked about, ' +
    "as far back as the synced data goes) and how many had ordered before, with what each group spent (order totals minus reported refunds) in the seller's currency. " +
    CUSTOMER_IS,
  input: TOOL_ARGS.get_customer_mix,
  async execute(ctx, args) {
    const [r, conv] = await Promise.all([getCustomerMix(ctx.db, ctx.tenant, args), preferredConverter(ctx)]);
    const fresh = groupData(r.new, conv);
    const back = groupData(r.returning, conv);
    const customers = fresh.customers + back.customers;
    const gaps = unidentifiedData(r.coverage);
    const data = {
      period: periodData(r.period),
      currency: conv.currency,
      definition: r.definition,
      customers,
      new: { ...fresh, sharePct: share(fresh.customers, customers) },
      returning: { ...back, sharePct: share(back.customers, customers) },
      historyStarts: r.freshness.firstOrderDay,
      ordersWithoutCustomer: gaps,
      dataAsOf: asOf(r.freshness),
    };
    const on = customerScope(args);
    const notCounted = unidentifiedSentence(gaps);
    if (customers === 0) {
      return { data, summary: noCustomers(r, on, notCounted) };
    }
    const spent = (g: typeof fresh) =>
      `spent ${withUSD(g.spend, conv.currency, g.spendUSD)} over ${plural(g.orders, 'order')}`;
    const split =
      fresh.customers === 0
        ? `${all(back.customers)} had ordered before, and ${spent(back)}`
        : back.customers === 0
          ? `${all(fresh.customers)} were new, and ${spent(fresh)}`
          : `${fresh.customers.toLocaleString('en-US')} new (${data.new.sharePct}%), who ${spent(fresh)}, and ${back.customers.toLocaleString('en-US')} returning (${data.returning.sharePct}%), who ${spent(back)}`;
    const first = r.freshness.firstOrderDay;
    // with no order synced before the period, nobody can be seen to come back
    const history =
      first && first >= r.period.firstDay
        ? 'Every customer counts as new here: no order was synced from before this period to compare with.'
        : `New means no earlier order${on || ' with you'}${first ? ` since your data starts (${shortDay(first, true)})` : ''}; ` +
          'spend is order totals minus reported refunds, cancelled orders excluded.';
    const sentences = [
      `${plural(customers, 'customer')} ordered${on} ${during(r.period.label)}: ${split}.`,
      history,
      ...(fresh.ordersWithoutExchangeRate + back.ordersWithoutExchangeRate > 0
        ? ['Orders without an exchange rate yet are left out of spend.']
        : []),
      ...(notCounted ? [notCounted] : []),
    ];
    return { data, summary: withCoverage(sentences.join(' '), [r.period], r.freshness) };
  },
});
