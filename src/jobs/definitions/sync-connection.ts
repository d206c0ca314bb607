import { z } from 'zod';
import { syncConnection } from '../../sync/sync-connection.ts';
import { defineJob } from '../job.ts';

/** Syncs one connection; the lease inside makes a second copy of this job a no-op. */
export const syncConnectionJob = defineJob({
  name: 'sync-connection',
  payload: z.object({
    connectionId: z.string().min(1),
    trigger: z.enum(['CRON', 'ON_DEMAND', 'WEBHOOK', 'MANUAL']).default('CRON'),
    streams: z.array(z.enum(['ORDERS', 'PRODUCTS'])).optional(),
  }),
  concurrency: 2,
  lockLifetimeMs: 10 * 60_000,
  async handle({ connectionId, trigger, streams }, ctx) {
    const report = await syncConnection({ ...ctx, heartbeat: ctx.touch }, connectionId, { trigger, ...(streams && { streams }) });
    ctx.log.info({ connectionId, status: report.status, streams: report.streams.map((s) => [s.stream, s.status, s.upserted]) }, 'connection synced');
  },
});
