import { z } from 'zod';
import { defineJob } from '../job.ts';

/**
 * Chat bookkeeping that has done its work: Slack deliveries answered (or given up on) and their
 * receipts past any redelivery window (Slack retries within minutes, and refuses requests over
 * five minutes old), and connect links and link codes a day after they expired. WhatsApp message
 * ids stay: Twilio's signatures carry no time, so only a remembered id refuses a late replay
 * (the rows hold no text once answered).
 */
export const purgeChatRecords = defineJob({
  name: 'purge-chat-records',
  payload: z.object({
    receiptDays: z.number().int().min(1).default(7),
    keepHours: z.number().int().min(0).default(24),
  }),
  every: '1 hour',
  async handle({ receiptDays, keepHours }, { db, log }) {
    const now = Date.now();
    const expiredBefore = new Date(now - keepHours * 3_600_000);
    const receiptsBefore = new Date(now - receiptDays * 86_400_000);
    const [receipts, inbox, links, codes] = await Promise.all([
      db.chatEventReceipt.deleteMany({ where: { receivedAt: { lt: receiptsBefore } } }),
      db.chatInboxMessage.deleteMany({
        where: { channel: 'SLACK', status: { not: 'PENDING' }, receivedAt: { lt: receiptsBefore } },
      }),
      db.connectLink.deleteMany({ where: { expiresAt: { lt: expiredBefore } } }),
      db.linkCode.deleteMany({ where: { expiresAt: { lt: expiredBefore } } }),
    ]);
    log.info(
      { receipts: receipts.count, slackMessages: inbox.count, connectLinks: links.count, linkCodes: codes.count },
      'purged chat records',
    );
  },
});
