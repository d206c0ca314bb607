import { z } from 'zod';
import { purgeExpiredMedia } from '../../channels/media-store.ts';
import { defineJob } from '../job.ts';

/** Chart images sent by URL (WhatsApp) stop being served when they expire; delete them then. */
export const purgeExpiredMediaJob = defineJob({
  name: 'purge-expired-media',
  payload: z.object({}),
  every: '1 hour',
  async handle(_data, { db, log }) {
    const count = await purgeExpiredMedia(db);
    log.info({ count }, 'purged expired chat media');
  },
});
