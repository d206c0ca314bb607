import express, { Router, type Response } from 'express';
import twilio from 'twilio';
import type { CommandDeps } from '../../chat/commands/index.ts';
import { handleWhatsAppMessage } from '../../channels/whatsapp/handle-message.ts';
import { inboundMessage } from '../../channels/whatsapp/inbound-message.ts';
import { createKeyedQueue } from '../../channels/whatsapp/keyed-queue.ts';
import { createTwilioClient, type TwilioClient } from '../../channels/whatsapp/twilio-client.ts';
import { verifyTwilioSignature } from '../../channels/whatsapp/verify-signature.ts';

export type TwilioRouteDeps = CommandDeps & {
  /** the REST client for replies; made from the config when absent */
  twilioClient?: TwilioClient;
};

export const WHATSAPP_WEBHOOK_PATH = '/twilio/whatsapp';

const EMPTY_TWIML = new twilio.twiml.MessagingResponse().toString();
const fail = (res: Response, status: number, code: string, message: string) => void res.status(status).json({ error: { code, message } });

/**
 * POST /twilio/whatsapp, Twilio's incoming-message webhook: checks X-Twilio-Signature, records
 * the MessageSid once (a redelivery is acknowledged and dropped, across processes), answers an
 * empty TwiML at once and replies through the REST API when the answer is ready.
 */
export function twilioRouter(deps: TwilioRouteDeps): Router {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = deps.config;
  if (!accountSid || !authToken) throw new Error(`WhatsApp through Twilio is off: ${deps.config.integrations.twilio.reason}`);
  const client = deps.twilioClient ?? createTwilioClient(deps.config);
  const queue = createKeyedQueue((err) => deps.log.error({ err }, 'WhatsApp message handling failed'));
  const router = Router();

  router.post(WHATSAPP_WEBHOOK_PATH, express.urlencoded({ extended: false, limit: '64kb' }), async (req, res, next) => {
    const params = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const url = `${deps.config.publicBaseUrl}${req.originalUrl}`;
    if (!verifyTwilioSignature({ authToken, signature: req.get('x-twilio-signature'), url, params })) {
      deps.log.warn({ path: req.path }, 'Twilio webhook rejected: bad or missing signature');
      return fail(res, 403, 'BAD_SIGNATURE', 'X-Twilio-Signature is missing or does not match');
    }
    const parsed = inboundMessage.safeParse(params);
    if (!parsed.success) return fail(res, 400, 'INVALID_INPUT', `not a WhatsApp message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const message = parsed.data;
    if (message.AccountSid !== accountSid) return fail(res, 403, 'WRONG_ACCOUNT', 'the message is for another Twilio account');
    try {
      const { count } = await deps.db.chatEventReceipt.createMany({ data: [{ channel: 'WHATSAPP', eventId: message.MessageSid }], skipDuplicates: true });
      res.type('text/xml').send(EMPTY_TWIML);
      if (count === 0) {
        deps.log.info({ messageSid: message.MessageSid }, 'WhatsApp redelivery dropped');
        return;
      }
      queue.run(message.From, () => handleWhatsAppMessage({ ...deps, twilio: client }, message));
    } catch (err) {
      next(err);
    }
  });
  return router;
}
