import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { getSalesSummary } from '../../src/analytics/get-sales-summary.ts';
import { getTopProducts } from '../../src/analytics/get-top-products.ts';
import { loadConfig } from '../../src/config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { TENANT_ROLE, tenantDb } from '../../src/db/tenant-db.ts';
import type { Runtime } from '../../src/runtime.ts';
import { openRuntime } from '../../src/runtime.ts';
import { A, B, NOW, seed } from '../analytics/seed.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { adminQuery, createScratchDatabase, query } from '../helpers/db.ts';
import { silentLog } from '../helpers/sandbox.ts';
import { syncRuntime } from '../helpers/sync.ts';

const TENANT_TABLES = [
  'User',
  'MarketplaceConnection',
  'UnifiedOrder',
  'UnifiedOrderItem',
  'UnifiedOrderReturn',
  'UnifiedProduct',
  'DailySales',
  'ProductSales',
];
const ownerOf: Record<string, string> = {
  User: 't.id',
  UnifiedOrderItem: '(SELECT o."userId" FROM "UnifiedOrder" o WHERE o.id = t."orderId")',
};

describe('row-level security: the analytics role sees one seller, and nothing without one', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let client: pg.Client;
  /** one statement in a transaction as the analytics role, with the tenant setting when given */
  const asReader = async (sql: string, userId?: string) => {
    await client.query(`BEGIN; SET LOCAL ROLE ${TENANT_ROLE}`);
    try {
      if (userId !== undefined) await client.query(`SELECT set_config('app.user_id', $1, true)`, [userId]);
      return (await client.query(sql)).rows;
    } finally {
      await client.query('ROLLBACK');
    }
  };

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    await seed(rt.db);
    // a return for each seller, so every table holds rows of both
    await rt.db.$executeRawUnsafe(`
      INSERT INTO "UnifiedOrderReturn" (id, "userId", "connectionId", "externalReturnId", "saleExternalOrderId", "refundedAmount", currency, "returnedAt", "sourceUpdatedAt")
      SELECT 'ret-' || c.id, c."userId", c.id, 'R1', 'S1', 1, 'USD', now(), now()
      FROM "MarketplaceConnection" c WHERE c."userId" IN ('${A}', '${B}')`);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await rt?.close();
    await db?.drop();
  });

  it('is forced on every table of seller data', async () => {
    const { rows } = await client.query<{ relname: string; on: boolean; forced: boolean }>(
      `SELECT relname, relrowsecurity AS on, relforcerowsecurity AS forced FROM pg_class WHERE relname = ANY($1)`,
      [TENANT_TABLES],
    );
    expect(rows.sort((a, b) => a.relname.localeCompare(b.relname))).toEqual(
      [...TENANT_TABLES].sort().map((relname) => ({ relname, on: true, forced: true })),
    );
    const role = await client.query(`SELECT rolbypassrls, rolsuper, rolcanlogin FROM pg_roles WHERE rolname = $1`, [
      TENANT_ROLE,
    ]);
    expect(role.rows).toEqual([{ rolbypassrls: false, rolsuper: false, rolcanlogin: false }]);
  });

  it.each(TENANT_TABLES)(
    "%s: a query with no tenant set sees nothing; with one, exactly that seller's rows",
    async (table) => {
      const owner = ownerOf[table] ?? 't."userId"';
      const counts = async (userId?: string) =>
        (await asReader(`SELECT count(*)::int AS n FROM "${table}" t`, userId))[0].n as number;
      const truth = async (userId: string) =>
        (await client.query(`SELECT count(*)::int AS n FROM "${table}" t WHERE ${owner} = $1`, [userId])).rows[0]
          .n as number;
      const [a, b] = [await truth(A), await truth(B)];
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
      expect(await counts()).toBe(0);
      expect(await counts('')).toBe(0);
      expect(await counts(A)).toBe(a);
      expect(await counts(B)).toBe(b);
      expect(await counts('no-such-seller')).toBe(0);
    },
  );

  it("a tenant handle returns only its seller's rows even when the SQL forgets the filter", async () => {
    const reader = tenantDb(rt.db, A);
    const [mine] = await reader.$queryRaw<
      { n: bigint; sellers: string[] }[]
    >`SELECT count(*) AS n, array_agg(DISTINCT "userId") AS sellers FROM "UnifiedOrder"`;
    const [truth] = await rt.db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM "UnifiedOrder" WHERE "userId" = ${A}`;
    expect(mine).toEqual({ n: truth!.n, sellers: [A] });
    // the setting does not outlive the query's transaction
    expect(await asReader(`SELECT count(*)::int AS n FROM "UnifiedOrder"`)).toEqual([{ n: 0 }]);
  });

  it('converts rows as Prisma does, so analytics give the same answers through it', async () => {
    const reader = tenantDb(rt.db, A);
    const d = new Date('2026-11-01T10:00:00Z');
    const q = (db: typeof reader | Runtime['db']) => db.$queryRaw<Record<string, unknown>[]>`
      SELECT 1.50::numeric AS num, 5::int8 AS big, 3 AS int, '2026-01-02'::date AS day, ${d}::timestamptz AS at,
        ${d}::timestamp AS wall, ${d}::date AS "dayOf", ARRAY['x']::text[] AS texts, '{"a":1}'::jsonb AS json, NULL::numeric AS none`;
    expect(await q(reader)).toEqual(await q(rt.db));
    const tenant = { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW };
    const period = { kind: 'month', month: 10 } as const;
    expect(await getSalesSummary(reader, tenant, { period, groupBy: 'marketplace' })).toEqual(
      await getSalesSummary(rt.db as never, tenant, { period, groupBy: 'marketplace' }),
    );
    expect(await getTopProducts(reader, tenant, { period, rankBy: 'units', limit: 10 })).toEqual(
      await getTopProducts(rt.db as never, tenant, { period, rankBy: 'units', limit: 10 }),
    );
  });

  it('reads no tokens and writes nothing', async () => {
    await expect(asReader(`SELECT "accessTokenEnc" FROM "MarketplaceConnection"`, A)).rejects.toThrow(
      /permission denied/,
    );
    await expect(asReader(`SELECT * FROM "ChatInboxMessage"`, A)).rejects.toThrow(/permission denied/);
    await expect(asReader(`UPDATE "UnifiedOrder" SET "orderNumber" = 'x' WHERE "userId" = '${A}'`, A)).rejects.toThrow(
      /permission denied/,
    );
    await expect(tenantDb(rt.db, A).$queryRaw`DELETE FROM "UnifiedOrder" RETURNING id`).rejects.toThrow(
      /read-only transaction|permission denied/,
    );
  });
});

describe("row-level security when the app's role is not a superuser (as hosted databases give)", () => {
  const OWNER = 'frame_app_rls_test';
  let owned: ScratchDatabase;
  let rt: Runtime;
  beforeAll(async () => {
    await adminQuery(
      `DO $$ BEGIN CREATE ROLE ${OWNER} LOGIN CREATEROLE; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
    owned = await createScratchDatabase();
    await adminQuery(`ALTER DATABASE "${owned.name}" OWNER TO ${OWNER}`);
    const url = Object.assign(new URL(owned.url), { username: OWNER }).toString();
    await migrate(url);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'frame-rls-')),
    });
    rt = await openRuntime(config, { log: silentLog });
    await rt.db.$queryRaw`SELECT 1`;
    await seed(rt.db);
  });
  afterAll(async () => {
    await rt?.close();
    await owned?.drop();
  });

  it('the app writes and its triggers keep the rollups through the forced policies; analytics read one seller', async () => {
    const [owner] = await query<{ rolsuper: boolean }>(owned.url, `SELECT rolsuper FROM pg_roles WHERE rolname = $1`, [
      OWNER,
    ]);
    expect(owner).toEqual({ rolsuper: false });
    const tenant = { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW };
    const s = await getSalesSummary(tenantDb(rt.db, A), tenant, { period: { kind: 'month', month: 10 } });
    const [truth] = await query<{ n: number; rollup: number }>(
      owned.url,
      `SELECT
      (SELECT count(*)::int FROM "UnifiedOrder" WHERE "userId" = $1 AND status <> 'CANCELLED'
        AND date_trunc('month', "orderedAt" AT TIME ZONE 'Asia/Kolkata') = '2026-10-01') AS n,
      (SELECT count(*)::int FROM "ProductSales" WHERE "userId" = $1) AS rollup`,
      [A],
    );
    expect(truth!.n).toBeGreaterThan(0);
    expect(truth!.rollup).toBeGreaterThan(0);
    expect(s.totals.orders).toBe(truth!.n);
    const [seen] = await tenantDb(rt.db, A).$queryRaw<
      { sellers: string[] }[]
    >`SELECT array_agg(DISTINCT "userId") AS sellers FROM "DailySales"`;
    expect(seen!.sellers).toEqual([A]);
  });
});
