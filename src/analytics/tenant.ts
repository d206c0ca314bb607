/**
 * Who is asking, from the caller's verified identity (a Slack user, a WhatsApp number, the
 * console login) — never from message text or model output. Every analytics query is scoped
 * to `userId`.
 */
export interface TenantContext {
  userId: string;
  /** IANA zone: every date range is computed in it */
  timeZone: string;
  /** ISO 4217: answers show this currency beside native ones */
  preferredCurrency: string;
  /** "now" for period resolution (tests pin it) */
  now: Date;
}
