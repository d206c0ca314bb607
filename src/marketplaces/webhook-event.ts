import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What a verified marketplace webhook asks for: a targeted sync of one stream of one store. */
export interface WebhookEvent {
  /** the marketplace's id of the event, the same on every redelivery */
  eventId: string;
  topic: string;
  /** shop domain, store hash or location id: MarketplaceConnection.storeId */
  storeId: string;
  stream: 'ORDERS' | 'PRODUCTS';
}

export type WebhookFailure =
  | { ok: false; status: 401; code: 'BAD_SIGNATURE'; message: string }
  | { ok: false; status: 400; code: 'BAD_PAYLOAD'; message: string }
  /** signed and well formed, but about nothing we sync: acknowledged and dropped */
  | { ok: false; status: 200; code: 'UNSUPPORTED_TOPIC'; message: string };

export type WebhookResult = ({ ok: true } & WebhookEvent) | WebhookFailure;

export interface WebhookInput {
  rawBody: Buffer;
  /** Node's headers: names in lower case */
  headers: IncomingHttpHeaders;
  secret: string;
}

export const badSignature = (message: string): WebhookFailure => ({
  ok: false,
  status: 401,
  code: 'BAD_SIGNATURE',
  message,
});
export const badPayload = (message: string): WebhookFailure => ({
  ok: false,
  status: 400,
  code: 'BAD_PAYLOAD',
  message,
});
export const unsupported = (topic: string): WebhookFailure => ({
  ok: false,
  status: 200,
  code: 'UNSUPPORTED_TOPIC',
  message: `topic ${topic} is not synced`,
});

/** The first value of the first header present among `names`. */
export function headerOf(headers: IncomingHttpHeaders, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first) return first;
  }
  return undefined;
}

export const hmacBase64 = (key: string | Buffer, ...parts: (string | Buffer)[]): string => {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest('base64');
};

/** Constant-time comparison of two signatures as sent (their length is no secret). */
export function signaturesMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The body as JSON, or undefined when it is not JSON. */
export function parseJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
}
