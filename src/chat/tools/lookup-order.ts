import { TOOL_ARGS } from '../../analytics/args.ts';
import { type FoundOrder, lookupOrder } from '../../analytics/lookup-order.ts';
import { defineTool } from '../llm/chat-tool.ts';
import { dec2, marketplaceName, plural, shortDay, showMoney } from './format.ts';

/** An order for the model and the seller: status, dates, amounts, items — never the customer. */
const orderData = (o: FoundOrder) => ({
  marketplace: o.marketplace,
  store: o.storeName,
  orderId: o.externalOrderId,
  orderNumber: o.orderNumber,
  orderedAt: o.localOrderDate,
  status: o.status.toLowerCase(),
  marketplaceStatus: o.marketplaceStatus,
  total: dec2(o.totalAmount),
  currency: o.currency,
  totalUSD: o.totalAmountUSD === null ? null : dec2(o.totalAmountUSD),
  refunded: o.refundedAmount === null ? null : dec2(o.refundedAmount),
  cancelledAt: o.cancelledAt?.toISOString() ?? null,
  items: o.items.map((i) => ({
    sku: i.sku,
    title: i.title,
    quantity: i.quantity,
    unitPrice: dec2(i.unitPrice),
    totalPrice: dec2(i.totalPrice),
  })),
});
type Order = ReturnType<typeof orderData>;

function line(o: Order): string {
  const [day, time] = o.orderedAt.split(' ') as [string, string];
  const usd = o.totalUSD !== null && o.currency !== 'USD' ? ` (${showMoney(o.totalUSD, 'USD')})` : '';
  const refunded =
    o.refunded !== null && Number(o.refunded) > 0 ? `, ${showMoney(o.refunded, o.currency)} refunded` : '';
  const items = o.items.map((i) => `${i.quantity} × ${i.title}`).join(', ');
  return (
    `Order ${o.orderNumber ?? o.orderId} on ${marketplaceName(o.marketplace)} (${shortDay(day, true)}, ${time}): ${o.status}, ` +
    `${showMoney(o.total, o.currency)}${usd}${refunded}${items ? ` — ${items}` : ''}`
  );
}

export const lookupOrderTool = defineTool({
  name: 'lookup_order',
  description:
    'Finds one of the seller\'s orders by its marketplace order id or number ("#1001" or "1001"): marketplace, date, status, amount and items. ' +
    'Customer details are never returned.',
  input: TOOL_ARGS.lookup_order,
  async execute(ctx, args) {
    const r = await lookupOrder(ctx.db, ctx.tenant, args);
    const matches = r.matches.map(orderData);
    const data = { query: r.query, matches };
    if (matches.length === 0) return { data, summary: `No order ${r.query} found in your connected stores.` };
    if (matches.length === 1) return { data, summary: `${line(matches[0]!)}.` };
    return { data, summary: `${plural(matches.length, 'order')} match ${r.query}: ${matches.map(line).join('; ')}.` };
  },
});
