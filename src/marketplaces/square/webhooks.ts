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

// https://developer.squareup.com/docs/webhooks/step3validate
// The HMAC covers the notification URL exactly as registered, then the raw body.

const WithLocation = z.looseObject({ location_id: z.string().min(1) });

const Payload = z.object({
  merchant_id: z.string().min(1),
  type: z.string().min(1),
  event_id: z.string().min(1),
  created_at: z.string().optional(),
  data: z.looseObject({
    type: z.string(),
    id: z.string().optional(),
    object: z.record(z.string(), z.unknown()).optional(),
  }),
});
type Payload = z.infer<typeof Payload>;

function streamOf(type: string): 'ORDERS' | 'PRODUCTS' | null {
  if (type.startsWith('order.')) return 'ORDERS';
  if (type.startsWith('catalog.') || type.startsWith('inventory.')) return 'PRODUCTS';
  return null;
}

/**
 * The location the event is about: order events carry it in data.object.<data.type>,
 * inventory events in each count; catalog events name only the merchant.
 */
function locationOf({ data }: Payload): string | undefined {
  const inner = WithLocation.safeParse(data.object?.[data.type]);
  if (inner.success) return inner.data.location_id;
  const counts = z.array(WithLocation).min(1).safeParse(data.object?.inventory_counts);
  return counts.success ? counts.data[0]!.location_id : undefined;
}

/** Checks x-square-hmacsha256-signature (base64 HMAC-SHA256 of URL + raw body), then reads the event. */
export function verifySquareWebhook({
  rawBody,
  headers,
  secret,
  notificationUrl,
}: WebhookInput & { notificationUrl: string }): WebhookResult {
  const given = headerOf(headers, 'x-square-hmacsha256-signature');
  if (!given) return badSignature('missing x-square-hmacsha256-signature');
  if (!signaturesMatch(given, hmacBase64(secret, notificationUrl, rawBody)))
    return badSignature('x-square-hmacsha256-signature does not match URL and body');

  const parsed = Payload.safeParse(parseJson(rawBody));
  if (!parsed.success)
    return badPayload(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const stream = streamOf(parsed.data.type);
  if (!stream) return unsupported(parsed.data.type);
  const storeId = locationOf(parsed.data) ?? parsed.data.merchant_id;
  return { ok: true, eventId: parsed.data.event_id, topic: parsed.data.type, storeId, stream };
}
