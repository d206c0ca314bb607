import type { z } from 'zod';

/**
 * A connector's page cursor: its own JSON, base64url-encoded, and checked against its schema on
 * the way back in, so a cursor of another connector, or a damaged one, is refused by name.
 */
export interface CursorCodec<T> {
  encode(value: T): string;
  decode(cursor: string): T;
}

export function cursorCodec<S extends z.ZodType>(
  marketplace: string,
  what: string,
  schema: S,
  /** reads a cursor stored in an older form (null: not one), so a walk under way goes on */
  legacy?: (cursor: string) => unknown,
): CursorCodec<z.infer<S>> {
  return {
    encode: (value) => Buffer.from(JSON.stringify(value)).toString('base64url'),
    decode(cursor) {
      let value: unknown = legacy?.(cursor) ?? undefined;
      if (value === undefined)
        try {
          value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
        } catch {
          value = undefined;
        }
      const parsed = schema.safeParse(value);
      if (!parsed.success)
        throw new Error(`${marketplace}: ${what} cursor not issued by this connector: ${cursor.slice(0, 40)}`);
      return parsed.data;
    },
  };
}
