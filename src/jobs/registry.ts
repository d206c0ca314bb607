import { fxRates } from './definitions/fx-rates.ts';
import { purgeChatRecords } from './definitions/purge-chat-records.ts';
import { purgeExpiredMediaJob } from './definitions/purge-expired-media.ts';
import { purgeExpiredOAuthStates } from './definitions/purge-expired-oauth-states.ts';
import { sendDigests } from './definitions/send-digests.ts';
import { syncBackfillJob } from './definitions/sync-backfill.ts';
import { syncConnectionJob } from './definitions/sync-connection.ts';
import { syncSweep } from './definitions/sync-sweep.ts';
import type { JobDefinition } from './job.ts';

/** Every job the worker runs, listed explicitly. */
export const JOBS: JobDefinition[] = [
  syncSweep,
  syncConnectionJob,
  syncBackfillJob,
  fxRates,
  purgeExpiredOAuthStates,
  purgeExpiredMediaJob,
  purgeChatRecords,
  sendDigests,
];
