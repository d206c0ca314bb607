import { defineJob, type JobDefinition } from '../job.ts';
import { runSync, syncPayload } from '../run-sync.ts';

/**
 * A connection still reading its history (a first sync, or one resumed from its checkpoint):
 * the heavy kind of sync, a few at a time per worker (SYNC_BACKFILL_CONCURRENCY), so a wave of
 * new sellers neither starves everyone's 15-minute syncs nor fills the worker's memory.
 */
export const syncBackfillJob: JobDefinition<typeof syncPayload> = defineJob({
  name: 'sync-backfill',
  payload: syncPayload,
  concurrency: (config) => config.SYNC_BACKFILL_CONCURRENCY,
  lockLifetimeMs: 10 * 60_000,
  handle: (data, ctx) => runSync(syncBackfillJob, data, ctx),
});
