import type { ChatChannel } from '../generated/prisma/enums.ts';
import { createNotifier, type DirectSender, type Notifier } from '../notify/notifier.ts';
import type { Runtime } from '../runtime.ts';
import { slackDirectSender } from './slack/direct-sender.ts';
import { whatsappDirectSender } from './whatsapp/direct-sender.ts';
import { createTwilioClient, type TwilioClient } from './whatsapp/twilio-client.ts';

export type ChannelSenders = Partial<Record<ChatChannel, DirectSender>>;

/**
 * The channels this process can send on, from the configuration: Slack and WhatsApp when
 * their settings are there, plus `extra` (the terminal, in the demo). The notifier DMs a
 * seller on the first of them that reaches them.
 */
export function channelSenders(
  rt: Pick<Runtime, 'db' | 'config' | 'keyRing' | 'log'>,
  extra: ChannelSenders = {},
  opts: { twilioClient?: TwilioClient } = {},
): { senders: ChannelSenders; notifier: Notifier; twilioClient?: TwilioClient } {
  const senders: ChannelSenders = { ...extra };
  if (rt.config.integrations.slack.enabled) senders.SLACK = slackDirectSender(rt);
  const twilioClient =
    opts.twilioClient ?? (rt.config.integrations.twilio.enabled ? createTwilioClient(rt.config) : undefined);
  if (twilioClient) senders.WHATSAPP = whatsappDirectSender({ ...rt, twilioClient });
  return { senders, notifier: createNotifier(rt.db, rt.log, senders), ...(twilioClient && { twilioClient }) };
}
