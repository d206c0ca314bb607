import type { JobDefinition } from './job.ts';
import { purgeExpiredOAuthStates } from './definitions/purge-expired-oauth-states.ts';

/** Every job the worker runs, listed explicitly. */
export const JOBS: JobDefinition[] = [purgeExpiredOAuthStates];
