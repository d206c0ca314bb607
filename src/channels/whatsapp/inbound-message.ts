import { z } from 'zod';

/**
 * The fields of Twilio's incoming-message webhook (application/x-www-form-urlencoded) that the
 * WhatsApp channel uses. Twilio sends more (AccountSid, To, WaId, SmsStatus, MediaUrl0…); they
 * are covered by the signature and otherwise ignored.
 */
export const inboundMessage = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'expected a message SID (SM or MM and 32 hex digits)'),
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected an account SID'),
  From: z
    .string()
    .regex(/^whatsapp:\+[1-9]\d{6,14}$/, 'expected a WhatsApp sender such as whatsapp:+14155550100')
    .transform((v) => v.slice('whatsapp:'.length)),
  Body: z.string().max(10_000).default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  ProfileName: z.string().max(200).optional(),
});

export type InboundMessage = z.infer<typeof inboundMessage>;
