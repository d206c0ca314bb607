import { z } from 'zod';

/**
 * Opaque page cursors: v2 and v3 both page by number. The products cursor also carries the
 * store currency read on the first page (v3 prices carry none).
 */
const orderCursor = z.object({ page: z.number().int().min(1) });
const productCursor = z.object({ page: z.number().int().min(1), currency: z.string().length(3) });

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function decode<T>(schema: z.ZodType<T>, cursor: string): T {
  let value: unknown = null;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // not JSON: the schema check below rejects it
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`bigcommerce: unreadable cursor ${JSON.stringify(cursor)}`);
  return parsed.data;
}

export type OrderCursor = z.infer<typeof orderCursor>;
export type ProductCursor = z.infer<typeof productCursor>;

export const encodeOrderCursor = (c: OrderCursor) => encode(c);
export const decodeOrderCursor = (s: string) => decode(orderCursor, s);
export const encodeProductCursor = (c: ProductCursor) => encode(c);
export const decodeProductCursor = (s: string) => decode(productCursor, s);
