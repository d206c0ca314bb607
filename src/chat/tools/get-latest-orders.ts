import { TOOL_ARGS } from '../../analytics/args.ts';
import { getLatestOrders, type ListedOrder } from '../../analytics/get-latest-orders.ts';
import { defineTool } from '../llm/chat-tool.ts';
import {
  asOf,
  dec2,
  during,
  listJoin,
  marketplaceName,
  periodData,
  plural,
  scopeName,
  shortDay,
  showMoney,
  withCoverage,
} from './format.ts';

/** An order as the model sees it: where, which, when, how much, what state — never the customer. */
const orderData = (o: ListedOrder) => ({
  marketplace: o.marketplace,
  store: o.storeName,
  orderNumber: o.orderNumber ?? o.externalOrderId,
  placedAt: o.localOrderDate,
  status: o.status.toLowerCase(),
  amount: dec2(o.totalAmount),
  currency: o.currency,
  amountUSD: o.totalAmountUSD === null ? null : dec2(o.totalAmountUSD),
  refunded: o.refundedAmount === null ? null : dec2(o.refundedAmount),
  items: o.itemCount,
});
type Order = ReturnType<typeof orderData>;

/** "#1001 on Shopify (A Shop), 15 Nov 2026 15:30: ₹1,000 ($12), delivered, 3 items — Jane Doe" (the name for the seller only). */
function line(o: Order, customerName: string | null): string {
  const [day, time] = o.placedAt.split(' ') as [string, string];
  const number = /^\d/.test(o.orderNumber) ? `#${o.orderNumber}` : o.orderNumber;
  const where = `${marketplaceName(o.marketplace)}${o.store ? ` (${o.store})` : ''}`;
  const usd = o.amountUSD !== null && o.currency !== 'USD' ? ` (${showMoney(o.amountUSD, 'USD')})` : '';
  const refunded =
    o.refunded !== null && Number(o.refunded) > 0 ? `, ${showMoney(o.refunded, o.currency)} refunded` : '';
  const who = customerName?.trim() ? ` — ${customerName.trim()}` : '';
  return `${number} on ${where}, ${shortDay(day, true)} ${time}: ${showMoney(o.amount, o.currency)}${usd}, ${o.status}${refunded}, ${plural(o.items, 'item')}${who}`;
}

export const getLatestOrdersTool = defineTool({
  name: 'get_latest_orders',
  description:
    "The seller's newest orders, newest first: marketplace, store, order number, local date and time, amount in the order's currency (USD beside), " +
    'status and item count. Optionally only a period, some marketplaces or stores, and some statuses ("cancelled orders yesterday", "last 5 eBay orders"). ' +
    'Customer details are never returned.',
  input: TOOL_ARGS.get_latest_orders,
  async execute(ctx, args) {
    const r = await getLatestOrders(ctx.db, ctx.tenant, args);
    const orders = r.orders.map(orderData);
    const statusWords = r.statuses?.map((s) => s.toLowerCase()) ?? null;
    const data = {
      period: r.period && periodData(r.period),
      statuses: statusWords,
      marketplaces: args.marketplaces ?? null,
      orders,
      shown: orders.length,
      /** orders of the period matching, when more than shown */
      matching: r.matching,
      dataAsOf: asOf(r.freshness),
    };
    const scope = scopeName(args.marketplaces);
    const what = `${statusWords ? `${listJoin(statusWords, 'or')} ` : ''}${scope ? `${scope} ` : ''}orders`;
    const when = r.period ? ` ${during(r.period.label)}` : '';
    const cover = (s: string) => (r.period ? withCoverage(s, [r.period], r.freshness) : s);
    if (orders.length === 0)
      return {
        data,
        summary: cover(`No ${what}${when || ' yet'}${args.stores?.length ? ' in the stores asked about' : ''}.`),
      };
    const list = (named: boolean) => orders.map((o, i) => line(o, named ? r.orders[i]!.customerName : null)).join('; ');
    let head: string;
    if (r.period && r.matching !== null && r.matching > orders.length)
      head = `${r.matching.toLocaleString('en-US')} ${what}${when}; the latest ${orders.length}`;
    else if (r.period) head = `${plural(orders.length, what.replace(/orders$/, 'order'), what)}${when}`;
    else
      head =
        orders.length === 1
          ? `Your latest ${what.replace(/orders$/, 'order')}`
          : `Your ${orders.length} latest ${what}`;
    return { data, summary: cover(`${head}: ${list(true)}.`), summaryForModel: cover(`${head}: ${list(false)}.`) };
  },
});
