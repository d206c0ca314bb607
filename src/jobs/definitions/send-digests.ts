import { z } from 'zod';
import { sendDueDigests } from '../../digest/send-due-digests.ts';
import { defineJob } from '../job.ts';

/** Daily sales digests, each at its local hour in the seller's zone. */
export const sendDigests = defineJob({
  name: 'send-digests',
  payload: z.object({}),
  every: '15 minutes',
  async handle(_data, { db, log, senders }) {
    const { sent, failed } = await sendDueDigests({ db, log, senders: senders ?? {} });
    if (sent + failed > 0) log.info({ sent, failed }, 'digests sent');
  },
});
