import { defineJob, type JobDefinition } from '../job.ts';
import { runSync, syncPayload } from '../run-sync.ts';
import { syncBackfillJob } from './sync-backfill.ts';

/**
 * Syncs one connection (src/jobs/run-sync.ts), SYNC_CONCURRENCY at a time per worker: a sync
 * mostly waits on the marketplace, so many run at once. One still reading its history goes to
 * `sync-backfill`.
 */
export const syncConnectionJob: JobDefinition<typeof syncPayload> = defineJob({
  name: 'sync-connection',
  payload: syncPayload,
  concurrency: (config) => config.SYNC_CONCURRENCY,
  lockLifetimeMs: 10 * 60_000,
  handle: (data, ctx) => runSync(syncConnectionJob, data, ctx, syncBackfillJob),
});
