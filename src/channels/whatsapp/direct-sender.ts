import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { DirectSender } from '../../notify/notifier.ts';
import { sendWhatsApp } from './send-whatsapp.ts';
import { createTwilioClient, type TwilioClient } from './twilio-client.ts';

/**
 * A DirectSender for the notifier: a WhatsApp message to the seller's number. Outside the 24 h
 * after the seller's last message WhatsApp only delivers approved templates, so Twilio may
 * refuse it; the send then throws and the notifier tries the seller's next channel.
 */
export function whatsappDirectSender(deps: {
  db: Db;
  config: Config;
  log: Logger;
  twilioClient?: TwilioClient;
}): DirectSender {
  let client = deps.twilioClient;
  return async (to, text) => {
    client ??= createTwilioClient(deps.config);
    const sids = await sendWhatsApp(client, deps.config, to.externalId, { body: text });
    deps.log.info({ userId: to.userId, messages: sids }, 'WhatsApp direct message sent');
  };
}
