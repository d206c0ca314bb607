import { z } from 'zod';
import { findDueConnections } from '../../sync/find-due.ts';
import { defineJob, runNow } from '../job.ts';
import { syncConnectionJob } from './sync-connection.ts';

/** Every 15 minutes: queue a sync-connection job for each connection due under its seller's frequency. */
export const syncSweep = defineJob({
  name: 'sync-sweep',
  payload: z.object({ limit: z.number().int().min(1).max(10_000).default(1000) }),
  every: '15 minutes',
  async handle({ limit }, { db, agenda, log }) {
    const due = await findDueConnections(db, new Date(), limit);
    for (const { id } of due) await runNow(agenda, syncConnectionJob, { connectionId: id, trigger: 'CRON' });
    log.info({ queued: due.length }, 'sync sweep');
  },
});
