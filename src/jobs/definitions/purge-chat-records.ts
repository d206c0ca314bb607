import { z } from 'zod';
import { defineJob } from '../job.ts';

/**
 * Chat bookkeeping that has done its work: delivery receipts past any redelivery window (Slack
 * retries within minutes, Twilio within hours), and connect links and link codes a day after
 * they expired.
 */
export const purgeChatRecords = defineJob({
  name: 'purge-chat-records',
  payload: z.object({ receiptDays: z.number().int().min(1).default(7), keepHours: z.number().int().min(0).default(24) }),
  every: '1 hour',
  async handle({ receiptDays, keepHours }, { db, log }) {
    const now = Date.now();
    const expiredBefore = new Date(now - keepHours * 3_600_000);
    const [receipts, links, codes] = await Promise.all([
      db.chatEventReceipt.deleteMany({ where: { receivedAt: { lt: new Date(now - receiptDays * 86_400_000) } } }),
      db.connectLink.deleteMany({ where: { expiresAt: { lt: expiredBefore } } }),
      db.linkCode.deleteMany({ where: { expiresAt: { lt: expiredBefore } } }),
    ]);
    log.info({ receipts: receipts.count, connectLinks: links.count, linkCodes: codes.count }, 'purged chat records');
  },
});
