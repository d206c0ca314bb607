import type { SandboxOrder } from '../types.ts';
import { formatMinor } from '../generator/index.ts';
import { money4, rfc2822 } from './format.ts';

/** v2 `status_id` → `status` text (orders.v2.oas2.yml). */
export const STATUS_NAMES: Readonly<Record<number, string>> = {
  0: 'Incomplete',
  1: 'Pending',
  2: 'Shipped',
  3: 'Partially Shipped',
  4: 'Refunded',
  5: 'Cancelled',
  6: 'Declined',
  7: 'Awaiting Payment',
  8: 'Awaiting Pickup',
  9: 'Awaiting Shipment',
  10: 'Completed',
  11: 'Awaiting Fulfillment',
  12: 'Manual Verification Required',
  13: 'Disputed',
  14: 'Partially Refunded',
};

const spread = (ids: readonly number[], index: number) => ids[index % ids.length]!;

/**
 * The raw status an order shows for its lifecycle state. Several raw statuses share one state,
 * spread by the order index. BigCommerce has no "returned" status: a return shows as a refund
 * (full or partial) of an order whose items shipped.
 */
export function statusIdOf(order: SandboxOrder): number {
  const i = order.index;
  switch (order.status) {
    case 'PENDING':
      return spread([1, 7, 12, 0], i);
    case 'PROCESSING':
      return order.lines.length > 1 && i % 4 === 0 ? 3 : spread([11, 9, 8], i);
    case 'SHIPPED':
      return 2;
    case 'DELIVERED':
      return 10;
    case 'CANCELLED':
      return order.history.some((c) => c.status === 'PROCESSING') ? 5 : spread([5, 6], i);
    case 'REFUNDED':
      return spread([4, 14, 13], i);
    case 'RETURNED':
      return spread([4, 14], i);
  }
}

const PAYMENT_STATUS: Readonly<Record<number, string>> = {
  0: '',
  1: 'pending',
  7: 'pending',
  12: 'held for review',
  5: 'void',
  6: 'declined',
  4: 'refunded',
  14: 'partially refunded',
};

const shippedAt = (order: SandboxOrder) => order.history.find((c) => c.status === 'SHIPPED')?.at ?? null;

/** Units shipped per line, as `quantity_shipped` shows them. */
function shippedQuantities(order: SandboxOrder, statusId: number): number[] {
  if (statusId === 3) return order.lines.map((l, k) => (k === 0 ? l.quantity : 0));
  return order.lines.map((l) => (shippedAt(order) ? l.quantity : 0));
}

/** Order tax split over lines by line total; the first line takes the rounding remainder. */
function lineTaxes(order: SandboxOrder): number[] {
  const taxes = order.lines.map((l) => Math.floor((order.tax * l.lineTotal) / order.subtotal));
  taxes[0]! += order.tax - taxes.reduce((a, b) => a + b, 0);
  return taxes;
}

/** `GET /v2/orders` item. A malformed order loses its total (a string becomes null), id intact. */
export function renderOrder(order: SandboxOrder, apiBase: string): Record<string, unknown> {
  const { exponent } = order.store;
  const m = (minor: number) => money4(minor, exponent);
  const statusId = statusIdOf(order);
  // half the discounted orders carry it as a coupon, the others as a manual discount
  const coupon = order.index % 2 === 0 ? order.discount : 0;
  const [firstName = '', ...lastName] = order.customer.name.split(' ');
  const shipped = shippedAt(order);
  const resource = (name: string) => ({ url: `${apiBase}/v2/orders/${order.id}/${name}`, resource: `/orders/${order.id}/${name}` });
  return {
    id: Number(order.id),
    customer_id: (order.index % 97) + 1,
    date_created: rfc2822(order.createdAt),
    date_modified: rfc2822(order.updatedAt),
    date_shipped: shipped ? rfc2822(shipped) : '',
    status_id: statusId,
    status: STATUS_NAMES[statusId],
    custom_status: STATUS_NAMES[statusId],
    subtotal_ex_tax: m(order.subtotal),
    subtotal_inc_tax: m(order.subtotal + order.tax),
    subtotal_tax: m(order.tax),
    base_shipping_cost: m(order.shipping),
    shipping_cost_ex_tax: m(order.shipping),
    shipping_cost_inc_tax: m(order.shipping),
    shipping_cost_tax: m(0),
    handling_cost_ex_tax: m(0),
    handling_cost_inc_tax: m(0),
    wrapping_cost_ex_tax: m(0),
    wrapping_cost_inc_tax: m(0),
    total_ex_tax: m(order.total - order.tax),
    total_inc_tax: order.malformed ? null : m(order.total),
    total_tax: m(order.tax),
    items_total: order.lines.reduce((a, l) => a + l.quantity, 0),
    items_shipped: shippedQuantities(order, statusId).reduce((a, q) => a + q, 0),
    payment_method: 'Credit Card',
    payment_status: PAYMENT_STATUS[statusId] ?? 'captured',
    refunded_amount: m(order.refunded),
    discount_amount: m(order.discount - coupon),
    coupon_discount: m(coupon),
    currency_code: order.currency,
    currency_exchange_rate: '1.0000000000',
    default_currency_code: order.currency,
    store_default_currency_code: order.currency,
    is_deleted: false,
    order_source: 'www',
    channel_id: 1,
    billing_address: {
      first_name: firstName,
      last_name: lastName.join(' '),
      street_1: '455 Main Street',
      city: 'Denver',
      state: 'Colorado',
      zip: '80202',
      country: 'United States',
      country_iso2: 'US',
      email: order.customer.email,
    },
    products: resource('products'),
    shipping_addresses: resource('shippingaddresses'),
    coupons: resource('coupons'),
    external_id: null,
    external_order_id: '',
    customer_locale: 'en',
  };
}

/** `GET /v2/orders/{id}/products`: one item per line, prices ex and inc tax. */
export function renderOrderProducts(order: SandboxOrder): Record<string, unknown>[] {
  const { exponent } = order.store;
  const m = (minor: number) => money4(minor, exponent);
  const taxes = lineTaxes(order);
  const shipped = shippedQuantities(order, statusIdOf(order));
  const refunded = order.refunded > 0;
  return order.lines.map((l, k) => {
    const tax = taxes[k]!;
    const scale = 10 ** (4 - exponent);
    const unitTax = Math.round((tax * scale) / l.quantity);
    return {
      id: Number(l.lineId),
      order_id: Number(order.id),
      product_id: Number(l.productId),
      variant_id: Number(l.variantId),
      order_address_id: Number(order.id) - 49,
      name: l.title,
      sku: l.sku,
      type: 'physical',
      base_price: m(l.unitPrice),
      price_ex_tax: m(l.unitPrice),
      price_inc_tax: formatMinor(l.unitPrice * scale + unitTax, 4),
      price_tax: formatMinor(unitTax, 4),
      base_total: m(l.lineTotal),
      total_ex_tax: m(l.lineTotal),
      total_inc_tax: m(l.lineTotal + tax),
      total_tax: m(tax),
      quantity: l.quantity,
      quantity_shipped: shipped[k]!,
      quantity_refunded: refunded ? l.quantity : 0,
      is_refunded: refunded,
      refund_amount: m(refunded ? l.lineTotal + tax : 0),
      applied_discounts: [],
      product_options: [],
    };
  });
}
