import type { DigestPosters } from '../digest/deliver-digests.ts';
import type { ChatChannel } from '../generated/prisma/enums.ts';
import { createNotifier, type DirectSender, type Notifier } from '../notify/notifier.ts';
import type { Runtime } from '../runtime.ts';
import { slackDigestPoster } from './slack/digest-poster.ts';
import { slackDirectSender } from './slack/direct-sender.ts';
import { whatsappDigestPoster } from './whatsapp/digest-poster.ts';
import { whatsappDirectSender } from './whatsapp/direct-sender.ts';
import { createTwilioClient, type TwilioClient } from './whatsapp/twilio-client.ts';

export type ChannelSenders = Partial<Record<ChatChannel, DirectSender>>;

/**
 * The channels this process can send on, from the configuration: Slack and WhatsApp when
 * their settings are there, plus `extra` (the terminal, in the demo). The notifier DMs a
 * seller on the first of them that reaches them; digests go out through `posters`.
 */
export function channelSenders(
  rt: Pick<Runtime, 'db' | 'config' | 'keyRing' | 'log'>,
  extra: ChannelSenders = {},
  opts: { twilioClient?: TwilioClient; posters?: DigestPosters } = {},
): { senders: ChannelSenders; posters: DigestPosters; notifier: Notifier; twilioClient?: TwilioClient } {
  const senders: ChannelSenders = { ...extra };
  const posters: DigestPosters = { ...opts.posters };
  if (rt.config.integrations.slack.enabled) {
    senders.SLACK = slackDirectSender(rt);
    posters.SLACK = slackDigestPoster(rt);
  }
  const twilioClient =
    opts.twilioClient ?? (rt.config.integrations.twilio.enabled ? createTwilioClient(rt.config) : undefined);
  if (twilioClient) {
    senders.WHATSAPP = whatsappDirectSender({ ...rt, twilioClient });
    posters.WHATSAPP = whatsappDigestPoster({ ...rt, twilioClient });
  }
  return {
    senders,
    posters,
    notifier: createNotifier(rt.db, rt.log, senders),
    ...(twilioClient && { twilioClient }),
  };
}
