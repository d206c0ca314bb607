import { z } from 'zod';
import { deliverDueDigests } from '../../digest/deliver-digests.ts';
import { defineJob } from '../job.ts';

/** Daily sales digests, each at its local time; runs every minute so a due digest or a retry waits at most that. */
export const sendDigests = defineJob({
  name: 'send-digests',
  payload: z.object({}),
  every: '1 minute',
  concurrency: 1,
  lockLifetimeMs: 10 * 60_000,
  async handle(_data, ctx) {
    const report = await deliverDueDigests({ ...ctx, heartbeat: ctx.touch, posters: ctx.posters ?? {} });
    if (report.sent + report.retrying + report.failed + report.paused > 0) ctx.log.info(report, 'digests delivered');
  },
});
