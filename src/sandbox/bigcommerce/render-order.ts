import { formatMinor } from '../generator/index.ts';
import type { OrderLine, SandboxOrder } from '../types.ts';
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
 * spread by the order index, so every one of the fifteen appears:
 * - PENDING: 1 Pending, 7 Awaiting Payment, 12 Manual Verification Required, 0 Incomplete.
 * - PROCESSING: 11 Awaiting Fulfillment, 9 Awaiting Shipment, 8 Awaiting Pickup.
 * - SHIPPED: 2 Shipped, or 3 Partially Shipped (one line out of several) for a third of the
 *   orders with more than one line.
 * - DELIVERED: 10 Completed (BigCommerce has no delivery signal).
 * - CANCELLED: 5 Cancelled, or 6 Declined when the payment never went through.
 * - REFUNDED (before shipping, the whole total): 5 Cancelled with the payment refunded, or
 *   13 Disputed (a chargeback the shopper won: money back).
 * - RETURNED (after delivery): 4 Refunded, or 14 Partially Refunded. BigCommerce has no
 *   returned status: a return shows as a refund of an order whose items shipped.
 */
export function statusIdOf(order: SandboxOrder): number {
  const i = order.index;
  switch (order.status) {
    case 'PENDING':
      return spread([1, 7, 12, 0], i);
    case 'PROCESSING':
      return spread([11, 9, 8], i);
    case 'SHIPPED':
      return order.lines.length > 1 && i % 3 === 0 ? 3 : 2;
    case 'DELIVERED':
      return 10;
    case 'CANCELLED':
      return order.history.some((c) => c.status === 'PROCESSING') ? 5 : spread([5, 6], i);
    case 'REFUNDED':
      return spread([5, 13], i);
    case 'RETURNED':
      return spread([4, 14], i);
  }
}

function paymentStatus(statusId: number, refunded: number): string {
  switch (statusId) {
    case 0:
      return '';
    case 1:
    case 7:
      return 'pending';
    case 12:
      return 'held for review';
    case 5:
      return refunded > 0 ? 'refunded' : 'void';
    case 6:
      return 'declined';
    case 4:
    case 13:
      return 'refunded';
    case 14:
      return 'partially refunded';
    default:
      return 'captured';
  }
}

/** What went back: a partial refund gives back half the total, the others all of it. */
const refundedOf = (order: SandboxOrder, statusId: number) =>
  statusId === 14 ? Math.floor(order.refunded / 2) : order.refunded;

/** The first shipment: the move to SHIPPED (partial or whole). */
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

/**
 * Some orders carry a custom product: a line the merchant typed into the order, not from the
 * catalog, with `product_id` 0, no `variant_id` and a name and SKU of their own.
 */
export const isCustomLine = (order: SandboxOrder, k: number) => order.index % 17 === 5 && k === order.lines.length - 1;

/** `GET /v2/orders` item. A malformed order loses its total (a string becomes null), id intact. */
export function renderOrder(order: SandboxOrder, apiBase: string): Record<string, unknown> {
  const { exponent } = order.store;
  const m = (minor: number) => money4(minor, exponent);
  const statusId = statusIdOf(order);
  const refunded = refundedOf(order, statusId);
  // half the discounted orders carry it as a coupon, the others as a manual discount
  const coupon = order.index % 2 === 0 ? order.discount : 0;
  const [firstName = '', ...lastName] = order.customer.name.split(' ');
  const shipped = shippedAt(order);
  const resource = (name: string) => ({
    url: `${apiBase}/v2/orders/${order.id}/${name}`,
    resource: `/orders/${order.id}/${name}`,
  });
  return {
    id: Number(order.id),
    customer_id: (order.index % 97) + 1,
    date_created: rfc2822(order.createdAt),
    is_tax_inclusive_pricing: false,
    date_modified: rfc2822(order.updatedAt),
    date_shipped: shipped ? rfc2822(shipped) : '',
    status_id: statusId,
    status: STATUS_NAMES[statusId],
    subtotal_ex_tax: m(order.subtotal),
    subtotal_inc_tax: m(order.subtotal + order.tax),
    subtotal_tax: m(order.tax),
    base_shipping_cost: m(order.shipping),
    shipping_cost_ex_tax: m(order.shipping),
    shipping_cost_inc_tax: m(order.shipping),
    shipping_cost_tax: m(0),
    shipping_cost_tax_class_id: 2,
    base_handling_cost: m(0),
    handling_cost_ex_tax: m(0),
    handling_cost_inc_tax: m(0),
    handling_cost_tax: m(0),
    handling_cost_tax_class_id: 2,
    base_wrapping_cost: m(0),
    wrapping_cost_ex_tax: m(0),
    wrapping_cost_inc_tax: m(0),
    wrapping_cost_tax: m(0),
    wrapping_cost_tax_class_id: 3,
    total_ex_tax: m(order.total - order.tax),
    total_inc_tax: order.malformed ? null : m(order.total),
    total_tax: m(order.tax),
    items_total: order.lines.reduce((a, l) => a + l.quantity, 0),
    items_shipped: shippedQuantities(order, statusId).reduce((a, q) => a + q, 0),
    payment_method: 'Credit Card',
    payment_provider_id: null,
    payment_status: paymentStatus(statusId, refunded),
    refunded_amount: m(refunded),
    order_is_digital: false,
    store_credit_amount: m(0),
    gift_certificate_amount: m(0),
    ip_address: '',
    ip_address_v6: '',
    geoip_country: 'United States',
    geoip_country_iso2: 'US',
    currency_id: 1,
    currency_code: order.currency,
    currency_exchange_rate: '1.0000000000',
    default_currency_id: 1,
    default_currency_code: order.currency,
    staff_notes: '',
    customer_message: '',
    discount_amount: m(order.discount - coupon),
    coupon_discount: m(coupon),
    shipping_address_count: 1,
    is_deleted: false,
    ebay_order_id: '0',
    cart_id: null,
    billing_address: {
      first_name: firstName,
      last_name: lastName.join(' '),
      company: '',
      street_1: '455 Main Street',
      street_2: '',
      city: 'Denver',
      state: 'Colorado',
      zip: '80202',
      country: 'United States',
      country_iso2: 'US',
      phone: '',
      email: order.customer.email,
      form_fields: [],
    },
    fees: resource('fees'),
    is_email_opt_in: false,
    credit_card_type: null,
    order_source: 'www',
    channel_id: 1,
    external_source: null,
    consignments: resource('consignments'),
    products: resource('products'),
    shipping_addresses: resource('shipping_addresses'),
    coupons: resource('coupons'),
    external_id: null,
    external_merchant_id: null,
    tax_provider_id: 'BasicTaxProvider',
    customer_locale: 'en',
    external_order_id: '',
    store_default_currency_code: order.currency,
    store_default_to_transactional_exchange_rate: '1.0000000000',
    custom_status: STATUS_NAMES[statusId],
  };
}

/** The line's options as `product_options` lists them (a variant's one option). */
function productOptions(line: OrderLine): Record<string, unknown>[] {
  const value = line.title.split(' - ')[1];
  if (!value || line.variantId === line.productId) return [];
  return [
    {
      id: Number(line.lineId) * 10,
      option_id: 3,
      order_product_id: Number(line.lineId),
      product_option_id: Number(line.productId),
      display_name: 'Option',
      display_name_customer: 'Option',
      display_name_merchant: 'Option',
      display_value: value,
      display_value_customer: value,
      display_value_merchant: value,
      value: String(line.variantId),
      type: 'Multiple choice',
      name: 'Option',
      display_style: 'Rectangle',
    },
  ];
}

/** `GET /v2/orders/{id}/products`: one item per line, prices ex and inc tax. */
export function renderOrderProducts(order: SandboxOrder): Record<string, unknown>[] {
  const { exponent } = order.store;
  const m = (minor: number) => money4(minor, exponent);
  const taxes = lineTaxes(order);
  const statusId = statusIdOf(order);
  const shipped = shippedQuantities(order, statusId);
  // a whole refund lists every line as refunded; a partial one is an amount, not items
  const refundedLines = order.refunded > 0 && statusId !== 14;
  return order.lines.map((l, k) => {
    const tax = taxes[k]!;
    const scale = 10 ** (4 - exponent);
    const unitTax = Math.round((tax * scale) / l.quantity);
    const custom = isCustomLine(order, k);
    const name = custom ? `${l.title} (custom order)` : l.title;
    return {
      id: Number(l.lineId),
      order_id: Number(order.id),
      product_id: custom ? 0 : Number(l.productId),
      // "not available for custom products"
      ...(!custom && { variant_id: Number(l.variantId) }),
      order_pickup_method_id: 0,
      order_address_id: Number(order.id) - 49,
      name,
      name_customer: name,
      name_merchant: name,
      sku: custom ? (order.index % 2 ? `custom-${l.lineId}` : '') : l.sku,
      upc: '',
      type: 'physical',
      base_price: m(l.unitPrice),
      price_ex_tax: m(l.unitPrice),
      price_inc_tax: formatMinor(l.unitPrice * scale + unitTax, 4),
      price_tax: formatMinor(unitTax, 4),
      base_total: m(l.lineTotal),
      total_ex_tax: m(l.lineTotal),
      total_inc_tax: m(l.lineTotal + tax),
      total_tax: m(tax),
      weight: '1.0000',
      width: '1.0000',
      height: '1.0000',
      depth: '1.0000',
      quantity: l.quantity,
      base_cost_price: '0.0000',
      cost_price_inc_tax: '0.0000',
      cost_price_ex_tax: '0.0000',
      cost_price_tax: '0.0000',
      is_refunded: refundedLines,
      quantity_refunded: refundedLines ? l.quantity : 0,
      refund_amount: m(refundedLines ? l.lineTotal + tax : 0),
      return_id: 0,
      wrapping_id: 0,
      wrapping_name: '',
      base_wrapping_cost: '0.0000',
      wrapping_cost_ex_tax: '0.0000',
      wrapping_cost_inc_tax: '0.0000',
      wrapping_cost_tax: '0.0000',
      wrapping_message: '',
      quantity_shipped: shipped[k]!,
      event_name: null,
      event_date: null,
      fixed_shipping_cost: '0.0000',
      ebay_item_id: '',
      ebay_transaction_id: '',
      option_set_id: null,
      parent_order_product_id: null,
      is_bundled_product: false,
      bin_picking_number: '',
      external_id: '',
      fulfillment_source: '',
      brand: '',
      gift_certificate_id: null,
      applied_discounts: [],
      product_options: custom ? [] : productOptions(l),
      configurable_fields: [],
      discounted_total_inc_tax: m(l.lineTotal + tax),
    };
  });
}
