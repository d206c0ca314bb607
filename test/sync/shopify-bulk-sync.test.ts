import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { clearBulkCache, setBulkTiming } from '../../src/marketplaces/shopify/bulk.ts';
import type { Runtime } from '../../src/runtime.ts';
import { formatMinor } from '../../src/sandbox/generator/index.ts';
import { type SyncDeps, syncConnection } from '../../src/sync/sync-connection.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { NOW, type OneSandbox, startSandbox } from '../helpers/sandbox.ts';
import { connectSandboxStore, syncRuntime } from '../helpers/sync.ts';

const DAY = 86_400_000;
const STORE = 'shopify-us';
const BACKFILL_DAYS = 400;

interface BulkSummary {
  id: string;
  shop: string;
  status: string;
  query: string;
  groupObjects: boolean;
  objectCount: number;
}

describe('a first sync of a Shopify store: the recent days paged, the older history by one bulk export', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let sandbox: OneSandbox;
  let deps: SyncDeps;

  beforeAll(async () => {
    setBulkTiming({ pollMinMs: 5, pollMaxMs: 20, keepAliveEveryMs: 0 });
    ({ rt, db } = await syncRuntime());
    sandbox = await startSandbox('shopify', { orders: 3000, seed: 11 });
    deps = {
      ...rt,
      now: () => sandbox.state.clock.now(),
      settings: { backfillDays: BACKFILL_DAYS, pageSize: 40, writeBatch: 100 },
      http: { minDelayMs: 5, maxDelayMs: 20, retries: 2 },
    };
  });
  /** the connection's orders, counted and summed by SQL, are the sandbox's now: none missing, none twice */
  const expectStoredAsTruth = async (connectionId: string) => {
    const store = sandbox.data.store(STORE);
    const truth = store.truth(sandbox.state.clock.now());
    const [row] = await rt.db.$queryRaw<{ n: number; total: string; dupes: number }[]>`
      SELECT count(*)::int AS n, COALESCE(sum("totalAmount"), 0)::text AS total,
        (count(*) - count(DISTINCT "externalOrderId"))::int AS dupes
      FROM "UnifiedOrder" WHERE "connectionId" = ${connectionId}`;
    expect([row!.n, row!.dupes, { [store.spec.currency]: new Decimal(row!.total).toFixed(2) }]).toEqual([
      truth.orders,
      0,
      truth.totals,
    ]);
  };
  const bulkOps = async () =>
    ((await (await fetch(`${sandbox.url}/_sandbox/bulk`)).json()) as { ops: BulkSummary[] }).ops;

  // Every test's first sync reads the same history window (the sandbox clock stands still): the
  // operations of the tests before end and their files expire, so none is adopted.
  beforeEach(async () => {
    for (let i = 0; i < 2; i++) {
      await sandbox.control('/clock', { advanceMs: 8 * DAY });
      await bulkOps();
    }
    await sandbox.control('/clock', { now: NOW.toISOString() });
  });
  afterAll(async () => {
    setBulkTiming();
    await sandbox?.stop();
    await rt?.close();
    await db?.drop();
  });

  it('stores exactly the sandbox’s orders, day by day', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    const report = await syncConnection(deps, connectionId, { trigger: 'MANUAL' });
    expect(report.status).toBe('SUCCESS');

    const store = sandbox.data.store(STORE);
    const now = sandbox.state.clock.now();
    const orders = Array.from(store.updatedBetween(null, null, now), (i) => store.order(i, now)!);
    const thirtyDaysAgo = new Date(NOW.getTime() - 30 * DAY);
    const older = orders.filter((o) => o.updatedAt < thirtyDaysAgo);
    expect(older.length).toBeGreaterThan(0);
    expect(older.length).toBeLessThan(orders.length);

    // one bulk operation, over the history past the last 30 days, holding every older order
    const { ops } = (await (await fetch(`${sandbox.url}/_sandbox/bulk`)).json()) as { ops: BulkSummary[] };
    expect(ops.map((o) => [o.shop, o.status, o.groupObjects])).toEqual([[STORE, 'COMPLETED', true]]);
    const from = new Date(NOW.getTime() - BACKFILL_DAYS * DAY).toISOString();
    expect(ops[0]!.query).toContain(`updated_at:>='${from}' AND updated_at:<'${thirtyDaysAgo.toISOString()}'`);
    const olderLines = older.reduce((n, o) => n + 1 + o.lines.length, 0);
    expect(ops[0]!.objectCount).toBe(olderLines);

    // the database against the sandbox: orders, money and items in all, then per day ordered
    const truth = store.truth(now);
    const [all] = await rt.db.$queryRaw<{ n: number; total: string; dupes: number; recent: number }[]>`
      SELECT count(*)::int AS n, COALESCE(sum("totalAmount"), 0)::text AS total,
        (count(*) - count(DISTINCT "externalOrderId"))::int AS dupes,
        count(*) FILTER (WHERE "sourceUpdatedAt" >= ${thirtyDaysAgo})::int AS recent
      FROM "UnifiedOrder" WHERE "connectionId" = ${connectionId}`;
    expect(all).toEqual({
      n: truth.orders,
      total: expect.any(String),
      dupes: 0,
      recent: orders.length - older.length,
    });
    expect({ [store.spec.currency]: new Decimal(all!.total).toFixed(2) }).toEqual(truth.totals);

    const byDay = await rt.db.$queryRaw<{ day: string; n: number; total: string; units: number }[]>`
      SELECT to_char(o."orderedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n,
        sum(o."totalAmount")::text AS total, COALESCE(sum(u.units), 0)::int AS units
      FROM "UnifiedOrder" o
      LEFT JOIN (SELECT "orderId", sum(quantity) AS units FROM "UnifiedOrderItem" GROUP BY 1) u ON u."orderId" = o.id
      WHERE o."connectionId" = ${connectionId}
      GROUP BY 1 ORDER BY 1`;
    const expected = new Map<string, { n: number; total: Decimal; units: number }>();
    for (const o of orders) {
      const day = o.createdAt.toISOString().slice(0, 10);
      const e = expected.get(day) ?? { n: 0, total: new Decimal(0), units: 0 };
      e.n++;
      e.total = e.total.plus(formatMinor(o.total, store.spec.exponent));
      e.units += o.lines.reduce((u, l) => u + l.quantity, 0);
      expected.set(day, e);
    }
    expect(byDay.map((d) => [d.day, d.n, new Decimal(d.total).toFixed(2), d.units])).toEqual(
      [...expected].sort(([a], [b]) => a.localeCompare(b)).map(([day, e]) => [day, e.n, e.total.toFixed(2), e.units]),
    );

    const logs = await rt.db.unifiedSyncLog.findMany({ where: { connectionId, stream: 'ORDERS' } });
    expect(logs.map((l) => [l.status, l.skippedCount])).toEqual([['SUCCESS', 0]]);
  });

  it('a run stopped inside the history resumes the same export from its cursor, in a fresh process', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    const before = (await bulkOps()).length;
    const store = sandbox.data.store(STORE);
    const recent = store.updatedBetween(new Date(NOW.getTime() - 30 * DAY), null, NOW).length;
    let stopped = false;
    const stopInHistory = async () => {
      if (stopped || (await rt.db.unifiedOrder.count({ where: { connectionId } })) <= recent + 40) return;
      stopped = true;
      throw new Error('worker killed');
    };
    const cut = await syncConnection({ ...deps, heartbeat: stopInHistory }, connectionId, { trigger: 'MANUAL' });
    expect(cut.status).toBe('FAILED');
    const { cursors } = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
    const page = (cursors as { ORDERS: { run: { page: string } } }).ORDERS.run.page;
    const saved = JSON.parse(Buffer.from(page, 'base64url').toString()) as { op: string; done: number };
    expect(saved.op).toMatch(/^gid:\/\/shopify\/BulkOperation\//);
    expect(saved.done).toBeGreaterThan(0);

    clearBulkCache();
    const resumed = await syncConnection(deps, connectionId, { trigger: 'MANUAL', streams: ['ORDERS'] });
    expect(resumed.status).toBe('SUCCESS');
    await expectStoredAsTruth(connectionId);
    // no second export: the resumed run downloaded the first one again
    expect((await bulkOps()).slice(before).map((o) => o.status)).toEqual(['COMPLETED']);
  });

  it('a run stopped while its export runs leaves it running, and the resumed run adopts it rather than exporting again', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    const before = (await bulkOps()).length;
    await sandbox.control('/bulk', { objectsPerSecond: 0 });
    // the worker dies at the first heartbeat after the export was submitted, before any of it is read
    const stopWhileExporting = async () => {
      if ((await bulkOps()).length > before) throw new Error('worker killed');
    };
    const cut = await syncConnection({ ...deps, heartbeat: stopWhileExporting }, connectionId, { trigger: 'MANUAL' });
    expect(cut.status).toBe('FAILED');
    const { cursors } = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
    // no cursor names the operation: the history window's first page was never written
    expect((cursors as { ORDERS: { run: { page: string | null } } }).ORDERS.run.page).toBeNull();
    const left = (await bulkOps()).slice(before);
    expect(left.map((o) => o.status)).toEqual(['CREATED']);

    await sandbox.control('/bulk/reset');
    clearBulkCache();
    const resumed = await syncConnection(deps, connectionId, { trigger: 'MANUAL', streams: ['ORDERS'] });
    expect(resumed.status).toBe('SUCCESS');
    await expectStoredAsTruth(connectionId);
    // the one operation, read by the resumed run
    expect((await bulkOps()).slice(before).map((o) => [o.id, o.status])).toEqual([[left[0]!.id, 'COMPLETED']]);
  });
});
