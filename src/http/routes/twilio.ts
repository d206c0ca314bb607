import express, { type Response, Router } from 'express';
import twilio from 'twilio';
import { cleanText } from '../../channels/clean-text.ts';
import type { InboxDispatcher } from '../../channels/inbox/dispatcher.ts';
import { receive } from '../../channels/inbox/inbox-store.ts';
import { inboundMessage } from '../../channels/whatsapp/inbound-message.ts';
import { verifyTwilioSignature } from '../../channels/whatsapp/verify-signature.ts';
import type { CommandDeps } from '../../chat/commands/index.ts';

export type TwilioRouteDeps = CommandDeps & { inbox: InboxDispatcher };

export const WHATSAPP_WEBHOOK_PATH = '/twilio/whatsapp';

const EMPTY_TWIML = new twilio.twiml.MessagingResponse().toString();
const fail = (res: Response, status: number, code: string, message: string) =>
  void res.status(status).json({ error: { code, message } });

/**
 * POST /twilio/whatsapp, Twilio's incoming-message webhook: checks X-Twilio-Signature, stores the
 * message in the chat inbox and only then answers an empty TwiML; the inbox replies through the
 * REST API. A MessageSid seen before is acknowledged and not stored again, however late it comes
 * (Twilio signatures carry no time, so WhatsApp message ids are kept for good).
 */
export function twilioRouter(deps: TwilioRouteDeps): Router {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = deps.config;
  if (!accountSid || !authToken)
    throw new Error(`WhatsApp through Twilio is off: ${deps.config.integrations.twilio.reason}`);
  const router = Router();

  router.post(WHATSAPP_WEBHOOK_PATH, express.urlencoded({ extended: false, limit: '64kb' }), async (req, res, next) => {
    const params = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const url = `${deps.config.publicBaseUrl}${req.originalUrl}`;
    if (!verifyTwilioSignature({ authToken, signature: req.get('x-twilio-signature'), url, params })) {
      deps.log.warn({ path: req.path }, 'Twilio webhook rejected: bad or missing signature');
      return fail(res, 403, 'BAD_SIGNATURE', 'X-Twilio-Signature is missing or does not match');
    }
    const parsed = inboundMessage.safeParse(params);
    if (!parsed.success)
      return fail(
        res,
        400,
        'INVALID_INPUT',
        `not a WhatsApp message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const message = parsed.data;
    if (message.AccountSid !== accountSid)
      return fail(res, 403, 'WRONG_ACCOUNT', 'the message is for another Twilio account');
    // stored as Twilio sent it (the inbox handler parses it again), without control characters
    const payload = Object.fromEntries(
      ['MessageSid', 'AccountSid', 'From', 'Body', 'NumMedia', 'ProfileName'].flatMap((k) =>
        typeof params[k] === 'string' ? [[k, cleanText(params[k] as string)]] : [],
      ),
    );
    try {
      const receipt = await receive(deps.db, {
        channel: 'WHATSAPP',
        externalId: message.MessageSid,
        kind: 'whatsapp',
        conversationKey: `whatsapp:${message.From}`,
        senderKey: `whatsapp:${message.From}`,
        payload,
      });
      res.type('text/xml').send(EMPTY_TWIML);
      if (receipt === 'done')
        deps.log.info({ messageSid: message.MessageSid }, 'WhatsApp message already answered; redelivery dropped');
      else deps.inbox.kick();
    } catch (err) {
      next(err);
    }
  });
  return router;
}
