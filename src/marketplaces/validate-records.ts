import type { Logger } from 'pino';
import type { z } from 'zod';
import type { SkippedRecord } from './types.ts';

/**
 * Shared by the connectors: a page's envelope is checked whole, its records one by one, so a
 * malformed record is logged and reported with its id and the reason, and the rest kept.
 */

/** zod issues as `path: message; …`; an issue about the value itself gets `root` as its path. */
export function describeIssues(error: z.ZodError, root = '(record)'): string {
  return error.issues.map((i) => `${i.path.join('.') || root}: ${i.message}`).join('; ');
}

/** Logs a record left out of a page and returns it as a SkippedRecord. */
export function skipRecord(log: Logger, label: string, id: string | null, reason: string): SkippedRecord {
  log.warn({ id, reason }, `${label}: skipped a malformed record`);
  return { id, reason };
}

export function validateEach<T>(
  records: readonly unknown[],
  schema: z.ZodType<T>,
  idOf: (raw: unknown) => string | null,
  log: Logger,
  label: string,
): { valid: T[]; skipped: SkippedRecord[] } {
  const valid: T[] = [];
  const skipped: SkippedRecord[] = [];
  for (const raw of records) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) valid.push(parsed.data);
    else skipped.push(skipRecord(log, label, idOf(raw), describeIssues(parsed.error)));
  }
  return { valid, skipped };
}

/** An `idOf` reading a string or number field of a record that failed its schema. */
export function idField(name: string): (raw: unknown) => string | null {
  return (raw) => {
    const id = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[name] : undefined;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  };
}

/** A response body checked whole; `what` names the call in the error. */
export function parseEnvelope<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${what}: unexpected response: ${describeIssues(parsed.error, '(response)')}`);
  return parsed.data;
}
