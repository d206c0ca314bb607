import { z } from 'zod';
import { updateRates } from '../../currency/update-rates.ts';
import { defineJob } from '../job.ts';

/** Daily: new exchange rates, then the orders that were waiting for theirs. */
export const fxRates = defineJob({
  name: 'fx-rates',
  payload: z.object({ days: z.number().int().min(1).max(800).optional() }),
  every: '0 6 * * *',
  async handle({ days }, ctx) {
    const result = await updateRates(ctx, days ? { days } : {});
    ctx.log.info(result, 'exchange rates updated');
  },
});
