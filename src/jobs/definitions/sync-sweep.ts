import { z } from 'zod';
import { claimDueConnections } from '../../sync/find-due.ts';
import { defineJob, runNow } from '../job.ts';
import { syncConnectionJob } from './sync-connection.ts';

/**
 * Every minute: a sync-connection job for every connection due under its seller's frequency,
 * claimed a batch at a time until none is left (no cap per sweep). A claimed connection is not
 * queued again until a sync takes it (or the claim is 30 minutes old). Sweeping every minute
 * spreads the syncs over the quarter hour, each when its own is due, rather than all at once.
 */
const ENQUEUE_AT_ONCE = 20;

export const syncSweep = defineJob({
  name: 'sync-sweep',
  payload: z.object({ batch: z.number().int().min(1).max(10_000).default(1000) }),
  every: '1 minute',
  async handle({ batch }, { db, agenda, log, touch }) {
    let queued = 0;
    for (;;) {
      const claimed = await claimDueConnections(db, new Date(), batch);
      // one insert per job: many at once, or a sweep of thousands would take minutes to queue them
      for (let at = 0; at < claimed.length; at += ENQUEUE_AT_ONCE)
        await Promise.all(
          claimed
            .slice(at, at + ENQUEUE_AT_ONCE)
            .map(({ id }) => runNow(agenda, syncConnectionJob, { connectionId: id, trigger: 'CRON' })),
        );
      queued += claimed.length;
      await touch();
      if (claimed.length < batch) break;
    }
    log.info({ queued }, 'sync sweep');
  },
});
