import type { Logger } from 'pino';
import { localDay, startOfLocalDay } from '../analytics/local-calendar.ts';
import type { TenantContext } from '../analytics/tenant.ts';
import { CHAT_TOOLS } from '../chat/tools/index.ts';
import type { Db } from '../db/client.ts';
import { tenantDb } from '../db/tenant-db.ts';
import type { ChatChannel } from '../generated/prisma/enums.ts';
import type { DirectSender } from '../notify/notifier.ts';

const localHour = (instant: Date, timeZone: string) =>
  Number(new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(instant));

/** The digest text: yesterday's sales by marketplace, as the chat would say it. */
export async function composeDigest(db: Db, tenant: TenantContext): Promise<string> {
  const output = await CHAT_TOOLS.get_sales_summary.execute(
    { db: tenantDb(db, tenant.userId), tenant },
    { period: { kind: 'yesterday' }, groupBy: 'marketplace' },
  );
  return `Daily digest — ${output.summary}`;
}

/**
 * Sends every digest whose local hour has come today (in the seller's zone) and that was not
 * sent yet today. A digest is claimed before it is sent, so two workers never both send it; a
 * channel this process cannot send on is left for one that can.
 */
export async function sendDueDigests(deps: {
  db: Db;
  log: Logger;
  senders: Partial<Record<ChatChannel, DirectSender>>;
  now?: Date;
}): Promise<{ sent: number; failed: number }> {
  const now = deps.now ?? new Date();
  const subscriptions = await deps.db.digestSubscription.findMany({
    where: { enabled: true },
    include: { user: true },
  });
  let sent = 0;
  let failed = 0;
  for (const sub of subscriptions) {
    const zone = sub.user.timeZone;
    const send = deps.senders[sub.channel];
    const todayStart = startOfLocalDay(localDay(now, zone), zone);
    if (!send || localHour(now, zone) < sub.sendHour || (sub.lastSentAt && sub.lastSentAt >= todayStart)) continue;
    const claimed = await deps.db.digestSubscription.updateMany({
      where: { id: sub.id, OR: [{ lastSentAt: null }, { lastSentAt: { lt: todayStart } }] },
      data: { lastSentAt: now },
    });
    if (claimed.count !== 1) continue;
    try {
      const text = await composeDigest(deps.db, {
        userId: sub.userId,
        timeZone: zone,
        preferredCurrency: sub.user.preferredCurrency,
        now,
      });
      await send({ teamId: sub.teamId, externalId: sub.destination, userId: sub.userId }, text);
      sent++;
    } catch (err) {
      failed++;
      deps.log.error(
        { err, digest: sub.id, channel: sub.channel },
        'digest not sent; it will be retried on the next run',
      );
      await deps.db.digestSubscription.update({ where: { id: sub.id }, data: { lastSentAt: sub.lastSentAt } });
    }
  }
  return { sent, failed };
}
