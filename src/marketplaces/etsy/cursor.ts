import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';

/** (a cursor of the former two-pass walk also carries `pass`, dropped here: it resumes at its offset) */
export const ordersCursor = cursorCodec('etsy', 'orders', z.object({ offset: z.number().int().min(0) }));

export const productsCursor = cursorCodec(
  'etsy',
  'products',
  z.object({
    /** index into the listing states walked */
    state: z.number().int().min(0),
    offset: z.number().int().min(0),
  }),
);
