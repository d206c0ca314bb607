import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';

/** v2 and v3 both page by number; the products cursor also carries the store currency read on the first page (v3 prices carry none). */
export const orderCursor = cursorCodec('bigcommerce', 'orders', z.object({ page: z.number().int().min(1) }));
export const productCursor = cursorCodec(
  'bigcommerce',
  'products',
  z.object({ page: z.number().int().min(1), currency: z.string().length(3) }),
);
