import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createScratchDatabase, query, type ScratchDatabase } from '../helpers/db.ts';
import { childEnv, frame } from '../helpers/spawn.ts';
import { type StatusRow, statusTableBreaches } from '../helpers/spec-status-table.ts';

interface Summary {
  userId: string;
  connections: {
    marketplace: string;
    storeId: string;
    status: string;
    orders: number;
    products: number;
    sandboxOrders: number;
    sandboxProducts: number;
  }[];
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
    expect(new Set(summary.connections.map((c) => c.marketplace))).toEqual(
      new Set(['SHOPIFY', 'EBAY', 'ETSY', 'FLIPKART', 'BIGCOMMERCE', 'SQUARE', 'SNAPDEAL']),
    );
    expect(summary.connections).toHaveLength(10);
    for (const c of summary.connections) {
      expect([c.marketplace, c.storeId, c.status, c.orders, c.products]).toEqual([
        c.marketplace,
        c.storeId,
        'SUCCESS',
        c.sandboxOrders,
        c.sandboxProducts,
      ]);
    }
    // two BigCommerce stores number their orders alike, from 100: each keeps its own
    const bigcommerce = summary.connections.filter((c) => c.marketplace === 'BIGCOMMERCE');
    expect(bigcommerce).toHaveLength(2);
    const shared = await query<{ n: number }>(
      db.url,
      `
      SELECT count(*)::int AS n FROM "UnifiedOrder" a JOIN "UnifiedOrder" b ON a."externalOrderId" = b."externalOrderId" AND a."connectionId" < b."connectionId"
      WHERE a.marketplace = 'BIGCOMMERCE' AND b.marketplace = 'BIGCOMMERCE'`,
    );
    expect(shared[0]!.n).toBe(Math.min(...bigcommerce.map((c) => c.orders)));

    // every status is one of the spec's six, and the spec's status table holds on every row
    const statuses = await query<StatusRow>(
      db.url,
      `
      SELECT marketplace::text AS marketplace, "marketplaceStatus", status::text AS status, count(*)::int AS n
      FROM "UnifiedOrder" GROUP BY 1, 2, 3`,
    );
    expect(
      [...new Set(statuses.map((s) => s.status))].every((s) =>
        ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED'].includes(s),
      ),
    ).toBe(true);
    expect(statusTableBreaches(statuses)).toEqual([]);
    expect(statuses.some((s) => s.marketplace === 'SQUARE' && s.status === 'RETURNED')).toBe(true); // a return order made its sale RETURNED
    const usd = await query<{ n: string }>(
      db.url,
      `SELECT count(*)::text AS n FROM "UnifiedOrder" WHERE "totalAmountUSD" IS NULL`,
    );
    expect(usd[0]!.n).toBe('0'); // every order converted at its date's rate

    const second = await frame(['demo', '--no-chat', '--orders', '1500', '--json'], e, 180_000);
    expect(second.code).toBe(0);
    const again = JSON.parse(second.stdout) as Summary;
    expect(again.userId).toBe(summary.userId);
    const sellers = await query<{ n: string }>(db.url, `SELECT count(*)::text AS n FROM "User"`);
    expect(sellers[0]!.n).toBe('1');
  }, 400_000);
});

describe('frame demo (with chat)', () => {
  /** Only PATH and HOME: no database, no keys, nothing configured. */
  const bareEnv = (dataDir: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });

  const demoWithInput = (args: string[], input: string, env: NodeJS.ProcessEnv, timeoutMs: number) =>
    frame(['demo', ...args], env, timeoutMs, input);

  it('syncs into the embedded database, serves, answers in the terminal, and exits 0 at the end of input', async () => {
    const result = await demoWithInput(
      ['--orders', '300', '--port', '0'],
      'what were my total sales last month?\nconnect shopify\n',
      bareEnv(mkdtempSync(join(tmpdir(), 'frame-demo-chat-'))),
      400_000,
    );
    expect(result.code).toBe(0);
    const url = /server: +(http:\/\/127\.0\.0\.1:\d+)/.exec(result.stdout)?.[1];
    expect(url).toBeDefined();
    expect(result.stdout).toMatch(/embedded PGlite/);
    expect(result.stdout).toMatch(/Your sales last month \([^)]+\) were \$[\d,]+(\.\d\d)? from \d+ orders/);
    expect(result.stdout).toMatch(/Data as of (just now|\d+ min ago)\./);
    // the demo's connect links lead to its own server, where the sandbox apps are configured
    expect(result.stdout).toContain(`[DM] Connect Shopify: ${url}/oauth/shopify/start?link=`);
  }, 420_000);
});
