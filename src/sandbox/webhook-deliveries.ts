import { createHash, createHmac } from 'node:crypto';
import { formatMinor } from './generator/index.ts';
import { orderState } from './square/render-order.ts';
import type { LifecycleStatus, SandboxOrder } from './types.ts';

/**
 * One signed webhook delivery per order change, in each marketplace's own format
 * (REFERENCE.md 1.4, 5.5, 6.5). Written from the reference, not from the connectors.
 */

export type WebhookMarketplace = 'shopify' | 'bigcommerce' | 'square';

export interface Subscription {
  url: string;
  /** Shopify: app secret; BigCommerce: client secret; Square: subscription signature key */
  secret: string;
}

export interface Delivery {
  headers: Record<string, string>;
  body: string;
}

const digest = (algo: 'sha1' | 'sha256', text: string) => createHash(algo).update(text).digest('hex');
const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('base64');
const uuidOf = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/** The same id for the same (order, change): a redelivery of one event, never a new one. */
const changeKey = (o: SandboxOrder) => `${o.store.key}:${o.id}:${o.updatedAt.toISOString()}`;
const isNew = (o: SandboxOrder) => o.history.length === 1;
const seconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const FINANCIAL: Record<LifecycleStatus, string> = {
  PENDING: 'pending',
  PROCESSING: 'paid',
  SHIPPED: 'paid',
  DELIVERED: 'paid',
  CANCELLED: 'voided',
  REFUNDED: 'refunded',
  RETURNED: 'refunded',
};
const FULFILLED = new Set<LifecycleStatus>(['SHIPPED', 'DELIVERED', 'RETURNED']);

/** Shopify sends the whole REST order, signed over the raw body. */
function shopify(o: SandboxOrder, sub: Subscription): Delivery {
  const money = (minor: number) => formatMinor(minor, o.store.exponent);
  const body = JSON.stringify({
    id: Number(o.id),
    admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
    name: `#${o.number}`,
    email: o.customer.email,
    created_at: seconds(o.createdAt),
    updated_at: seconds(o.updatedAt),
    cancelled_at: o.cancelledAt ? seconds(o.cancelledAt) : null,
    currency: o.currency,
    financial_status: FINANCIAL[o.status],
    fulfillment_status: FULFILLED.has(o.status) ? 'fulfilled' : null,
    subtotal_price: money(o.subtotal - o.discount),
    total_tax: money(o.tax),
    total_discounts: money(o.discount),
    total_price: money(o.total),
    line_items: o.lines.map((l) => ({
      id: Number(l.lineId),
      product_id: Number(l.productId),
      variant_id: Number(l.variantId),
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      price: money(l.unitPrice),
    })),
  });
  const id = uuidOf(digest('sha256', changeKey(o)));
  return {
    body,
    headers: {
      'X-Shopify-Topic': isNew(o) ? 'orders/create' : 'orders/updated',
      'X-Shopify-Hmac-Sha256': hmac(sub.secret, body),
      'X-Shopify-Shop-Domain': o.store.storeId,
      'X-Shopify-API-Version': '2026-07',
      'X-Shopify-Webhook-Id': id,
      'X-Shopify-Event-Id': uuidOf(digest('sha256', `event:${changeKey(o)}`)),
      'X-Shopify-Triggered-At': o.updatedAt.toISOString(),
    },
  };
}

/** BigCommerce sends ids only, signed the Standard Webhooks way with the client secret as key. */
function bigcommerce(o: SandboxOrder, sub: Subscription, wallNow: Date): Delivery {
  const hash = digest('sha1', changeKey(o));
  const body = JSON.stringify({
    scope: isNew(o) ? 'store/order/created' : 'store/order/updated',
    store_id: String(parseInt(digest('sha1', o.store.storeId).slice(0, 6), 16)),
    data: { type: 'order', id: Number(o.id) },
    hash,
    created_at: Math.floor(o.updatedAt.getTime() / 1000),
    producer: `stores/${o.store.storeId}`,
  });
  const id = `msg_${hash.slice(0, 27)}`;
  // the timestamp is checked against the receiver's real clock, not the sandbox's
  const timestamp = String(Math.floor(wallNow.getTime() / 1000));
  return {
    body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${hmac(sub.secret, `${id}.${timestamp}.${body}`)}`,
    },
  };
}

/** Square sends a thin order event, signed over the notification URL followed by the body. */
function square(o: SandboxOrder, sub: Subscription): Delivery {
  const kind = isNew(o) ? 'order_created' : 'order_updated';
  const body = JSON.stringify({
    merchant_id: `ML${digest('sha256', o.store.storeId).slice(0, 11).toUpperCase()}`,
    type: kind.replace('_', '.'),
    event_id: uuidOf(digest('sha256', changeKey(o))),
    created_at: o.updatedAt.toISOString(),
    data: {
      type: kind,
      id: o.id,
      object: {
        [kind]: {
          order_id: o.id,
          location_id: o.store.storeId,
          state: orderState(o),
          version: o.history.length,
          created_at: o.createdAt.toISOString(),
          updated_at: o.updatedAt.toISOString(),
        },
      },
    },
  });
  return { body, headers: { 'x-square-hmacsha256-signature': hmac(sub.secret, sub.url + body) } };
}

export function buildDelivery(
  m: WebhookMarketplace,
  order: SandboxOrder,
  sub: Subscription,
  wallNow = new Date(),
): Delivery {
  if (m === 'shopify') return shopify(order, sub);
  if (m === 'bigcommerce') return bigcommerce(order, sub, wallNow);
  return square(order, sub);
}
