import twilio from 'twilio';

/**
 * Twilio signs each webhook with HMAC-SHA1 under the account's auth token over the URL it was
 * configured with plus the sorted POST parameters. That URL is PUBLIC_BASE_URL + the path: behind
 * a proxy the Host header names us differently, so it is never rebuilt from the request.
 */
export function verifyTwilioSignature(input: {
  authToken: string;
  signature: string | undefined;
  url: string;
  params: Record<string, unknown>;
}): boolean {
  if (!input.signature) return false;
  return twilio.validateRequest(input.authToken, input.signature, input.url, input.params);
}
