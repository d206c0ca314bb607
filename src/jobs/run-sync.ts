import { z } from 'zod';
import { syncConnection } from '../sync/sync-connection.ts';
import { type JobContext, type JobDefinition, runAt, runNow } from './job.ts';

const LOCKED_RETRY = 'in 30 seconds';
const LOCKED_MAX_ATTEMPTS = 20;

export const syncPayload = z.object({
  connectionId: z.string().min(1),
  trigger: z.enum(['CRON', 'ON_DEMAND', 'WEBHOOK', 'MANUAL']).default('CRON'),
  streams: z.array(z.enum(['ORDERS', 'PRODUCTS'])).optional(),
  attempt: z.number().int().min(1).default(1),
});
export type SyncPayload = z.infer<typeof syncPayload>;

/**
 * Syncs one connection under its lease, as job `self`. A targeted sync (a webhook, a first sync)
 * that finds another sync running comes back later rather than being lost; a sweep's does not
 * (the next sweep comes anyway). With `backfills`, a connection still reading its history is
 * handed to that job, whose own concurrency keeps the heavy reads few.
 */
export async function runSync(
  self: JobDefinition<typeof syncPayload>,
  { connectionId, trigger, streams, attempt }: SyncPayload,
  ctx: JobContext,
  backfills?: JobDefinition<typeof syncPayload>,
): Promise<void> {
  const payload = { connectionId, trigger, ...(streams && { streams }) };
  const report = await syncConnection({ ...ctx, heartbeat: ctx.touch }, connectionId, {
    trigger,
    ...(streams && { streams }),
    deferBackfill: !!backfills,
  });
  if (report.status === 'DEFERRED' && trigger === 'WEBHOOK') {
    // the backfill running or queued for it reads this change too, or the first sync after it does
    ctx.log.info({ connectionId }, 'history still loading: the webhook is left to its backfill');
    return;
  }
  if (report.status === 'DEFERRED' && backfills) {
    await runNow(ctx.agenda, backfills, payload);
    ctx.log.info({ connectionId }, 'history still loading: handed to the backfill queue');
    return;
  }
  if (report.status === 'LOCKED' && trigger !== 'CRON' && attempt < LOCKED_MAX_ATTEMPTS) {
    await runAt(ctx.agenda, LOCKED_RETRY, self, { ...payload, attempt: attempt + 1 });
    ctx.log.info({ connectionId, attempt }, 'connection busy: sync queued again');
    return;
  }
  ctx.log.info(
    { connectionId, status: report.status, streams: report.streams.map((s) => [s.stream, s.status, s.upserted]) },
    'connection synced',
  );
}
