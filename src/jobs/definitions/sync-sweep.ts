import { z } from 'zod';
import { claimDueConnections } from '../../sync/find-due.ts';
import { defineJob, runNow } from '../job.ts';
import { syncConnectionJob } from './sync-connection.ts';

/**
 * Every 15 minutes: a sync-connection job for every connection due under its seller's
 * frequency, claimed a batch at a time until none is left (no cap per sweep). A claimed
 * connection is not queued again until a sync takes it (or the claim is 30 minutes old).
 */
export const syncSweep = defineJob({
  name: 'sync-sweep',
  payload: z.object({ batch: z.number().int().min(1).max(10_000).default(1000) }),
  every: '15 minutes',
  async handle({ batch }, { db, agenda, log, touch }) {
    let queued = 0;
    for (;;) {
      const claimed = await claimDueConnections(db, new Date(), batch);
      for (const { id } of claimed) await runNow(agenda, syncConnectionJob, { connectionId: id, trigger: 'CRON' });
      queued += claimed.length;
      await touch();
      if (claimed.length < batch) break;
    }
    log.info({ queued }, 'sync sweep');
  },
});
