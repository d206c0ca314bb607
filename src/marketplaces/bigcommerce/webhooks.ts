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

// https://developer.bigcommerce.com/docs/integrations/webhooks#callback-security
// Signatures follow Standard Webhooks (https://www.standardwebhooks.com): the docs verify with the
// `standardwebhooks` library given base64(client secret), so the HMAC key is the raw client secret.

const TOLERANCE_S = 5 * 60;

/** The thin payload: ids only, `hash` is the same on every fire of the same event. */
const Payload = z.object({
  scope: z.string().min(1),
  store_id: z.union([z.string(), z.number()]).optional(),
  data: z.looseObject({ type: z.string(), id: z.union([z.number(), z.string()]) }),
  hash: z.string().min(1),
  created_at: z.number(),
  producer: z.string().regex(/^stores\/[A-Za-z0-9]+$/, 'expected producer "stores/{store_hash}"'),
});

function streamOf(scope: string): 'ORDERS' | 'PRODUCTS' | null {
  if (scope.startsWith('store/order/')) return 'ORDERS';
  if (scope.startsWith('store/product/') || scope.startsWith('store/sku/')) return 'PRODUCTS';
  return null;
}

/** Checks webhook-signature over "{webhook-id}.{webhook-timestamp}.{raw body}" within 5 minutes, then reads the event. */
export function verifyBigCommerceWebhook({
  rawBody,
  headers,
  secret,
  now = new Date(),
}: WebhookInput & { now?: Date }): WebhookResult {
  const id = headerOf(headers, 'webhook-id');
  const timestamp = headerOf(headers, 'webhook-timestamp');
  const signatures = headerOf(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures)
    return badSignature('missing webhook-id, webhook-timestamp or webhook-signature');
  if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > TOLERANCE_S)
    return badSignature('webhook-timestamp outside the 5-minute tolerance');
  const expected = hmacBase64(secret, `${id}.${timestamp}.`, rawBody);
  // the header may carry several space-separated "v1,<signature>" entries (key rotation)
  const valid = signatures
    .split(' ')
    .some((entry) => entry.startsWith('v1,') && signaturesMatch(entry.slice(3), expected));
  if (!valid) return badSignature('webhook-signature does not match the body');

  const parsed = Payload.safeParse(parseJson(rawBody));
  if (!parsed.success)
    return badPayload(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { scope, hash, producer } = parsed.data;
  const stream = streamOf(scope);
  if (!stream) return unsupported(scope);
  return { ok: true, eventId: hash, topic: scope, storeId: producer.slice('stores/'.length), stream };
}
