import { z } from 'zod';
import {
  badPayload,
  badSignature,
  headerOf,
  hmacBase64,
  parseJson,
  signaturesMatch,
  unsupported,
  type WebhookInput,
  type WebhookResult,
} from '../webhook-event.ts';

// https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook-to-ensure-its-coming-from-shopify
// Classic deliveries use X-Shopify-* headers; the newer "Events" deliveries drop the X- prefix.

const Headers = z.object({
  topic: z.string().regex(/^[a-z_]+\/[a-z_]+$/, 'expected a topic such as orders/updated'),
  shop: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/i, 'expected a shop domain'),
  eventId: z.string().min(1, 'expected X-Shopify-Webhook-Id'),
});

const Payload = z.looseObject({ id: z.union([z.number(), z.string()]).optional() });

function streamOf(topic: string): 'ORDERS' | 'PRODUCTS' | null {
  const resource = topic.split('/')[0];
  if (resource === 'orders') return 'ORDERS';
  if (resource === 'products' || resource === 'inventory_levels' || resource === 'inventory_items') return 'PRODUCTS';
  return null;
}

/** Checks X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body, app secret as key), then reads the event. */
export function verifyShopifyWebhook({ rawBody, headers, secret }: WebhookInput): WebhookResult {
  const given = headerOf(headers, 'x-shopify-hmac-sha256', 'shopify-hmac-sha256');
  if (!given) return badSignature('missing X-Shopify-Hmac-Sha256');
  if (!signaturesMatch(given, hmacBase64(secret, rawBody)))
    return badSignature('X-Shopify-Hmac-Sha256 does not match the body');

  const head = Headers.safeParse({
    topic: headerOf(headers, 'x-shopify-topic', 'shopify-topic'),
    shop: headerOf(headers, 'x-shopify-shop-domain', 'shopify-shop-domain'),
    // the webhook id stays the same across retries of one delivery
    eventId: headerOf(headers, 'x-shopify-webhook-id', 'shopify-webhook-id', 'x-shopify-event-id', 'shopify-event-id'),
  });
  if (!head.success) return badPayload(head.error.issues.map((i) => i.message).join('; '));
  if (!Payload.safeParse(parseJson(rawBody)).success) return badPayload('body is not a JSON object');
  const stream = streamOf(head.data.topic);
  if (!stream) return unsupported(head.data.topic);
  return {
    ok: true,
    eventId: head.data.eventId,
    topic: head.data.topic,
    storeId: head.data.shop.toLowerCase(),
    stream,
  };
}
