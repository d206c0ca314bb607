import type { Config } from '../../config.ts';
import { splitBody } from './split-body.ts';
import { type TwilioClient, whatsappAddress } from './twilio-client.ts';

/**
 * Sends one reply to a WhatsApp number through Twilio's Messages API: a body too long for one
 * message goes out as several, in order; a chart rides on the last one. Returns the message SIDs.
 */
export async function sendWhatsApp(
  client: TwilioClient,
  config: Pick<Config, 'TWILIO_WHATSAPP_FROM'>,
  to: string,
  reply: { body: string; mediaUrl?: string },
): Promise<string[]> {
  const from = config.TWILIO_WHATSAPP_FROM;
  if (!from) throw new Error('TWILIO_WHATSAPP_FROM is not set');
  const bodies = splitBody(reply.body);
  const sids: string[] = [];
  for (const [i, body] of bodies.entries()) {
    const last = i === bodies.length - 1;
    const message = await client.messages.create({
      from: whatsappAddress(from),
      to: whatsappAddress(to),
      body,
      ...(last && reply.mediaUrl && { mediaUrl: [reply.mediaUrl] }),
    });
    sids.push(message.sid);
  }
  return sids;
}
