import { z } from 'zod';
import { syncConnection } from '../../sync/sync-connection.ts';
import { defineJob, runAt } from '../job.ts';

const LOCKED_RETRY = 'in 30 seconds';
const LOCKED_MAX_ATTEMPTS = 20;

/**
 * Syncs one connection under its lease. A targeted sync (a webhook, a first sync) that finds
 * another sync running comes back later rather than being lost; a sweep's does not (the next
 * sweep comes anyway).
 */
export const syncConnectionJob = defineJob({
  name: 'sync-connection',
  payload: z.object({
    connectionId: z.string().min(1),
    trigger: z.enum(['CRON', 'ON_DEMAND', 'WEBHOOK', 'MANUAL']).default('CRON'),
    streams: z.array(z.enum(['ORDERS', 'PRODUCTS'])).optional(),
    attempt: z.number().int().min(1).default(1),
  }),
  concurrency: (config) => config.SYNC_CONCURRENCY,
  lockLifetimeMs: 10 * 60_000,
  async handle({ connectionId, trigger, streams, attempt }, ctx) {
    const report = await syncConnection({ ...ctx, heartbeat: ctx.touch }, connectionId, {
      trigger,
      ...(streams && { streams }),
    });
    if (report.status === 'LOCKED' && trigger !== 'CRON' && attempt < LOCKED_MAX_ATTEMPTS) {
      await runAt(ctx.agenda, LOCKED_RETRY, syncConnectionJob, {
        connectionId,
        trigger,
        ...(streams && { streams }),
        attempt: attempt + 1,
      });
      ctx.log.info({ connectionId, attempt }, 'connection busy: sync queued again');
      return;
    }
    ctx.log.info(
      { connectionId, status: report.status, streams: report.streams.map((s) => [s.stream, s.status, s.upserted]) },
      'connection synced',
    );
  },
});
