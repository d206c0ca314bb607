import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createScratchDatabase, query, type ScratchDatabase } from '../helpers/db.ts';
import { childEnv, frame } from '../helpers/spawn.ts';

interface Summary {
  userId: string;
  connections: { marketplace: string; status: string; orders: number; products: number; sandboxOrders: number; sandboxProducts: number }[];
}

describe('frame demo --no-chat', () => {
  let db: ScratchDatabase;
  const env = () => childEnv({ DATABASE_URL: db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'frame-demo-')) });
  beforeAll(async () => {
    db = await createScratchDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('connects a demo seller to all seven sandboxes, syncs them, and reuses it all on a second run', async () => {
    const e = env();
    const first = await frame(['demo', '--no-chat', '--orders', '1500', '--json'], e, 180_000);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout) as Summary;
    expect(new Set(summary.connections.map((c) => c.marketplace))).toEqual(new Set(['SHOPIFY', 'EBAY', 'ETSY', 'FLIPKART', 'BIGCOMMERCE', 'SQUARE', 'SNAPDEAL']));
    expect(summary.connections).toHaveLength(9);
    for (const c of summary.connections) {
      expect(c.status).toBe('SUCCESS');
      expect(c.orders).toBe(c.sandboxOrders);
      expect(c.products).toBe(c.sandboxProducts);
    }
    const usd = await query<{ n: string }>(db.url, `SELECT count(*)::text AS n FROM "UnifiedOrder" WHERE "totalAmountUSD" IS NULL`);
    expect(usd[0]!.n).toBe('0'); // every order converted at its date's rate

    const second = await frame(['demo', '--no-chat', '--orders', '1500', '--json'], e, 180_000);
    expect(second.code).toBe(0);
    const again = JSON.parse(second.stdout) as Summary;
    expect(again.userId).toBe(summary.userId);
    const sellers = await query<{ n: string }>(db.url, `SELECT count(*)::text AS n FROM "User"`);
    expect(sellers[0]!.n).toBe('1');
  }, 400_000);
});
