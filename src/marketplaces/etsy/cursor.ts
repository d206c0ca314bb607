import { z } from 'zod';

/** Page cursors: base64url JSON of where the walk stands, checked on the way back in. */

/** (a cursor of the former two-pass walk also carries `pass`, dropped here: it resumes at its offset) */
export const OrdersCursorSchema = z.object({
  offset: z.number().int().min(0),
});

export const ProductsCursorSchema = z.object({
  /** index into the listing states walked */
  state: z.number().int().min(0),
  offset: z.number().int().min(0),
});

export const encodeCursor = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeCursor<T>(schema: z.ZodType<T>, cursor: string): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new Error(`not an Etsy page cursor: ${cursor.slice(0, 40)}`);
  }
}
