import twilio from 'twilio';
import type { Config } from '../../config.ts';

export type TwilioClient = twilio.Twilio;

/**
 * The REST client for WhatsApp replies, made once per process from TWILIO_ACCOUNT_SID and
 * TWILIO_AUTH_TOKEN. The SDK has no base-URL option: a different `httpClient` (a
 * twilio.RequestClient) is the one way to send its requests elsewhere.
 */
export function createTwilioClient(config: Config, opts: { httpClient?: twilio.RequestClient } = {}): TwilioClient {
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token } = config;
  if (!config.integrations.twilio.enabled || !sid || !token)
    throw new Error(`WhatsApp through Twilio is off: ${config.integrations.twilio.reason}`);
  return twilio(sid, token, {
    ...(opts.httpClient && { httpClient: opts.httpClient }),
    autoRetry: true,
    maxRetries: 3,
  });
}

/** "+14155550100" or "whatsapp:+14155550100" → "whatsapp:+14155550100" */
export const whatsappAddress = (number: string) => (number.startsWith('whatsapp:') ? number : `whatsapp:${number}`);
