import { z } from 'zod';
import { defineJob } from '../job.ts';

/** OAuth states are single-use and expire after minutes; keep a day for audit, then delete. */
export const purgeExpiredOAuthStates = defineJob({
  name: 'purge-expired-oauth-states',
  payload: z.object({ keepHours: z.number().int().min(0).default(24) }),
  every: '1 hour',
  async handle({ keepHours }, { db, log }) {
    const cutoff = new Date(Date.now() - keepHours * 3_600_000);
    const { count } = await db.oAuthState.deleteMany({ where: { expiresAt: { lt: cutoff } } });
    log.info({ count }, 'purged expired OAuth states');
  },
});
