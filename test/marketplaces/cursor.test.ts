import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { cursorCodec } from '../../src/marketplaces/cursor.ts';
import { CONNECTORS, MARKETPLACE_KEYS } from '../../src/marketplaces/registry.ts';
import { silentLog } from '../helpers/sandbox.ts';

const foreign = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('page cursors: one codec for every connector', () => {
  const codec = cursorCodec(
    'shop',
    'orders',
    z.object({ page: z.number().int().min(1), after: z.string().nullable() }),
  );

  it('gives back what it was given, as an opaque URL-safe string', () => {
    const cursor = codec.encode({ page: 3, after: 'gid://x/Order/1?a=b&c' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode(cursor)).toEqual({ page: 3, after: 'gid://x/Order/1?a=b&c' });
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON of another shape', foreign({ offset: 5 })],
    ['a value out of range', foreign({ page: 0, after: null })],
    ['empty', ''],
  ])('refuses %s, naming the marketplace and the stream', (_what, cursor) => {
    expect(() => codec.decode(cursor)).toThrow(/^shop: orders cursor not issued by this connector/);
  });

  it('reads a cursor stored in an older form through the same schema', () => {
    const older = cursorCodec('shop', 'orders', z.object({ page: z.number().int().min(1) }), (c) =>
      /^\d+$/.test(c) ? { page: Number(c) } : null,
    );
    expect(older.decode('3')).toEqual({ page: 3 });
    expect(older.decode(older.encode({ page: 4 }))).toEqual({ page: 4 });
    expect(() => older.decode('0')).toThrow(/^shop: orders cursor not issued by this connector/);
  });

  // a cursor another connector issued (or a damaged one) stops the walk before any request
  it.each(MARKETPLACE_KEYS)('%s refuses a cursor that is not its own, before asking the API', async (key) => {
    const ctx = {
      baseUrl: 'http://127.0.0.1:9',
      storeId: 'store',
      accessToken: 't',
      credentials: {},
      log: silentLog,
      http: { retries: 0 },
    };
    const cursor = foreign({ somebodyElses: true });
    await expect(
      CONNECTORS[key].fetchOrders(ctx, { updatedFrom: new Date('2026-01-01T00:00:00Z'), cursor }),
    ).rejects.toThrow(new RegExp(`^${key.toLowerCase()}: \\w+ cursor not issued by this connector`));
  });
});
