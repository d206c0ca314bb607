import { formatMinor } from '../generator/index.ts';
import type { CatalogItem, LifecycleStatus, SandboxOrder, StoreSpec } from '../types.ts';
import { etsyProductId } from './ids.ts';

/**
 * A sandbox order as Etsy's ShopReceipt (Open API v3): Money as {amount, divisor,
 * currency_code}, unix-second timestamps (each one twice: create_/created_, update_/updated_),
 * transactions as the line items, shipments and refunds embedded.
 */

export type EtsyReceiptStatus =
  | 'open'
  | 'payment processing'
  | 'paid'
  | 'completed'
  | 'canceled'
  | 'fully refunded'
  | 'partially refunded';

const CITIES = [
  { city: 'Brooklyn', state: 'NY', zip: '11201' },
  { city: 'Austin', state: 'TX', zip: '78701' },
  { city: 'Portland', state: 'OR', zip: '97205' },
  { city: 'Chicago', state: 'IL', zip: '60614' },
  { city: 'Denver', state: 'CO', zip: '80202' },
];
const CARRIERS = ['usps', 'ups', 'fedex'];

export const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function money(amount: number, spec: StoreSpec) {
  return { amount, divisor: 10 ** spec.exponent, currency_code: spec.currency };
}

const reached = (order: SandboxOrder, status: LifecycleStatus) =>
  order.history.find((c) => c.status === status)?.at ?? null;

/** Etsy marks a receipt delivered from carrier tracking; only the `was_delivered` filter shows it. */
export const wasDelivered = (order: SandboxOrder) => reached(order, 'DELIVERED') !== null;
export const wasShipped = (order: SandboxOrder) => reached(order, 'SHIPPED') !== null;
export const wasPaid = (order: SandboxOrder) => reached(order, 'PROCESSING') !== null;

/** A return refunds the items and tax but keeps the shipping: a partial refund when there was shipping. */
const partialReturn = (order: SandboxOrder) =>
  order.status === 'RETURNED' && order.index % 2 === 0 && order.shipping > 0;

/**
 * The receipt status in the OAS's words. Some receipts come capitalised ("Completed",
 * "Payment Processing"), as live receipts have (etsy/open-api #469, #806): Etsy's own clients
 * break on them, ours must not.
 */
export function receiptStatus(order: SandboxOrder): string {
  const status = lowerStatus(order);
  return order.index % 7 === 3 ? status.replace(/\b[a-z]/g, (c) => c.toUpperCase()) : status;
}

function lowerStatus(order: SandboxOrder): EtsyReceiptStatus {
  switch (order.status) {
    case 'PENDING':
      return order.index % 2 === 0 ? 'open' : 'payment processing';
    case 'PROCESSING':
      return 'paid';
    case 'SHIPPED':
    case 'DELIVERED':
      return 'completed';
    case 'CANCELLED':
      return 'canceled';
    case 'REFUNDED':
      return 'fully refunded';
    case 'RETURNED':
      return partialReturn(order) ? 'partially refunded' : 'fully refunded';
  }
}

function refunds(order: SandboxOrder) {
  if (order.refunded === 0) return [];
  const returned = order.status === 'RETURNED';
  return [
    {
      amount: money(partialReturn(order) ? order.total - order.shipping : order.refunded, order.store),
      created_timestamp: unixSeconds(order.updatedAt),
      reason: returned ? 'return' : 'buyer_canceled',
      note_from_issuer: returned ? 'Item returned' : null,
      status: 'Refunded',
    },
  ];
}

export function renderReceipt(order: SandboxOrder, sellerUserId: number, catalog: ReadonlyMap<string, CatalogItem>) {
  const spec = order.store;
  const m = (amount: number) => money(amount, spec);
  const receiptId = Number(order.id);
  const buyerUserId = 600_000_000 + order.index;
  const created = unixSeconds(order.createdAt);
  const updated = unixSeconds(order.updatedAt);
  const paidAt = reached(order, 'PROCESSING');
  const shippedAt = reached(order, 'SHIPPED');
  const place = CITIES[order.index % CITIES.length]!;
  const firstLine = `${100 + (order.index % 800)} Main St`;
  const transactions = order.lines.map((line) => {
    const item = catalog.get(line.sku);
    return {
      transaction_id: Number(line.lineId),
      title: item?.title ?? line.title,
      description: null,
      seller_user_id: sellerUserId,
      buyer_user_id: buyerUserId,
      create_timestamp: created,
      created_timestamp: created,
      paid_timestamp: paidAt && unixSeconds(paidAt),
      shipped_timestamp: shippedAt && unixSeconds(shippedAt),
      quantity: line.quantity,
      listing_image_id: null,
      receipt_id: receiptId,
      is_digital: false,
      file_data: '',
      listing_id: Number(line.productId),
      transaction_type: 'listing',
      product_id: etsyProductId(line),
      sku: line.sku,
      price: m(line.unitPrice),
      shipping_cost: m(line.shipping),
      variations: item?.variantTitle
        ? [{ property_id: 513, value_id: null, formatted_name: 'Option', formatted_value: item.variantTitle }]
        : [],
      product_data: [],
      shipping_profile_id: 111,
      min_processing_days: 1,
      max_processing_days: 3,
      shipping_method: null,
      shipping_upgrade: null,
      expected_ship_date: created + 3 * 86_400,
      buyer_coupon: 0,
      shop_coupon: 0,
    };
  });
  return {
    receipt_id: receiptId,
    receipt_type: 0,
    seller_user_id: sellerUserId,
    seller_email: null,
    buyer_user_id: buyerUserId,
    buyer_email: order.customer.email,
    name: order.customer.name,
    first_line: firstLine,
    second_line: null,
    city: place.city,
    state: place.state,
    zip: place.zip,
    status: receiptStatus(order),
    formatted_address: `${order.customer.name}\n${firstLine}\n${place.city}, ${place.state} ${place.zip}\nUnited States`,
    country_iso: 'US',
    payment_method: 'cc',
    payment_email: null,
    message_from_seller: null,
    message_from_buyer: null,
    message_from_payment: null,
    is_paid: paidAt !== null,
    is_shipped: shippedAt !== null,
    create_timestamp: created,
    created_timestamp: created,
    update_timestamp: updated,
    updated_timestamp: updated,
    is_gift: false,
    gift_message: '',
    gift_sender: '',
    // malformed: the grand total as a decimal string without its divisor
    grandtotal: order.malformed
      ? { amount: formatMinor(order.total, spec.exponent), currency_code: spec.currency }
      : m(order.total),
    subtotal: m(order.subtotal - order.discount),
    total_price: m(order.subtotal),
    total_shipping_cost: m(order.shipping),
    total_tax_cost: m(order.tax),
    total_vat_cost: m(0),
    discount_amt: m(order.discount),
    gift_wrap_price: m(0),
    shipments: shippedAt
      ? [
          {
            receipt_shipping_id: 900_000_000 + order.index,
            shipment_notification_timestamp: unixSeconds(shippedAt),
            carrier_name: CARRIERS[order.index % CARRIERS.length]!,
            tracking_code: `9400${String(receiptId).padStart(18, '0')}`,
          },
        ]
      : [],
    transactions,
    refunds: refunds(order),
  };
}
