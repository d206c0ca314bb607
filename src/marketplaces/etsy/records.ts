import type { z } from 'zod';
import type { ConnectorContext, SkippedRecord } from '../types.ts';
import { RecordIdSchema } from './schemas.ts';

/**
 * Validates a page's records one by one: a malformed record is logged and reported with
 * its id (when readable) and the reason, and the rest of the page is kept.
 */
export function validateEach<T>(ctx: ConnectorContext, results: readonly unknown[], schema: z.ZodType<T>, idKey: 'receipt_id' | 'listing_id') {
  const valid: T[] = [];
  const skipped: SkippedRecord[] = [];
  for (const raw of results) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      valid.push(parsed.data);
      continue;
    }
    const ids = RecordIdSchema.safeParse(raw);
    const idValue = ids.success ? ids.data[idKey] : undefined;
    skipped.push(skip(ctx, idValue === undefined ? null : String(idValue), parsed.error));
  }
  return { valid, skipped };
}

export function skip(ctx: ConnectorContext, id: string | null, error: z.ZodError): SkippedRecord {
  const reason = error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
  ctx.log.warn({ id, reason }, 'etsy: skipped a malformed record');
  return { id, reason };
}
