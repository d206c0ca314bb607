import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { DigestPoster } from '../../digest/deliver-digests.ts';
import { mediaUrl, saveMedia } from '../media-store.ts';
import { sendWhatsApp } from './send-whatsapp.ts';
import { createTwilioClient, type TwilioClient, whatsappAddress } from './twilio-client.ts';

/** WhatsApp lets a business write freely for 24 h after the person's last message; a margin for clocks and queues */
const WINDOW_MS = 24 * 3_600_000 - 10 * 60_000;

/**
 * A digest to a WhatsApp number. Inside the 24-hour window: the whole digest with the chart as a
 * media link. Outside it, Twilio would accept a free-form message and fail it later (63016), so
 * the approved template (TWILIO_DIGEST_CONTENT_SID) goes instead, with the headline figures.
 */
export function whatsappDigestPoster(deps: {
  db: Db;
  config: Config;
  log: Logger;
  twilioClient?: TwilioClient;
}): DigestPoster {
  let client = deps.twilioClient;
  return async (to, message, progress) => {
    // a retry after the send went out (and its bookkeeping did not) sends nothing again
    if (progress.done.sent) return;
    client ??= createTwilioClient(deps.config);
    const identity = await deps.db.chatIdentity.findUnique({
      where: { channel_teamId_externalId: { channel: 'WHATSAPP', teamId: '', externalId: to.destination } },
      select: { lastInboundAt: true },
    });
    const last = identity?.lastInboundAt;
    if (last && message.now.getTime() - last.getTime() < WINDOW_MS) {
      const media = message.chart
        ? await saveMedia(deps.db, { userId: to.userId, contentType: 'image/png', bytes: message.chart.png })
        : undefined;
      const sids = await sendWhatsApp(client, deps.config, to.destination, {
        body: message.digest.text,
        ...(media && { mediaUrl: mediaUrl(deps.config, media.id) }),
      });
      await progress.save({ sent: sids });
      deps.log.info({ userId: to.userId, messages: sids }, 'WhatsApp digest sent');
      return;
    }
    const contentSid = deps.config.TWILIO_DIGEST_CONTENT_SID;
    if (!contentSid)
      throw new Error(
        "outside WhatsApp's 24-hour window and TWILIO_DIGEST_CONTENT_SID is not set: only an approved template can be sent",
      );
    const from = deps.config.TWILIO_WHATSAPP_FROM;
    if (!from) throw new Error('TWILIO_WHATSAPP_FROM is not set');
    const sent = await client.messages.create({
      from: whatsappAddress(from),
      to: whatsappAddress(to.destination),
      contentSid,
      contentVariables: JSON.stringify(message.digest.templateVariables),
    });
    await progress.save({ sent: [sent.sid] });
    deps.log.info({ userId: to.userId, messages: [sent.sid] }, 'WhatsApp digest template sent');
  };
}
