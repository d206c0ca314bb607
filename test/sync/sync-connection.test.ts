import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import type { Runtime } from '../../src/runtime.ts';
import { acquireLease } from '../../src/sync/lease.ts';
import { type SyncDeps, syncConnection } from '../../src/sync/sync-connection.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { expectedLifecycleCounts, lifecycleCounts } from '../helpers/lifecycle-statuses.ts';
import { NOW, type OneSandbox, startSandbox } from '../helpers/sandbox.ts';
import { connectSandboxStore, syncRuntime } from '../helpers/sync.ts';

const DAY = 86_400_000;
const STORE = 'flipkart';

describe('syncConnection against the Flipkart sandbox', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let sandbox: OneSandbox;
  let deps: SyncDeps;

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    sandbox = await startSandbox('flipkart', { orders: 3000, seed: 11 });
    deps = {
      ...rt,
      now: () => sandbox.state.clock.now(),
      settings: { backfillDays: 400, pageSize: 20, writeBatch: 40 },
      http: { minDelayMs: 5, maxDelayMs: 20, retries: 2 },
    };
  });
  afterAll(async () => {
    await sandbox?.stop();
    await rt?.close();
    await db?.drop();
  });

  /** The unified tables against the sandbox's truth: count, total to the paisa, statuses. */
  async function expectTruth(connectionId: string) {
    const truth = sandbox.data.store(STORE).truth(sandbox.state.clock.now());
    const [row] = await rt.db.$queryRaw<{ n: bigint; total: string; dupes: bigint }[]>`
      SELECT count(*) AS n, COALESCE(sum("totalAmount"), 0)::text AS total,
        count(*) - count(DISTINCT "externalOrderId") AS dupes
      FROM "UnifiedOrder" WHERE "connectionId" = ${connectionId}`;
    expect(Number(row!.n)).toBe(truth.orders);
    expect(Number(row!.dupes)).toBe(0);
    expect(new Decimal(row!.total).toFixed(2)).toBe(truth.totals.INR);
    const byStatus = await rt.db.unifiedOrder.groupBy({ by: ['status'], where: { connectionId }, _count: true });
    const got = Object.fromEntries(byStatus.map((s) => [s.status, s._count]));
    expect(lifecycleCounts('flipkart', truth.byStatus, got)).toEqual(
      expectedLifecycleCounts('flipkart', truth.byStatus),
    );
    expect(await rt.db.unifiedProduct.count({ where: { connectionId } })).toBe(truth.products);
  }

  it('backfills every order, item and product exactly once, and logs the run', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    const report = await syncConnection(deps, connectionId, { trigger: 'MANUAL' });
    expect(report.status).toBe('SUCCESS');
    await expectTruth(connectionId);

    const items = await rt.db.unifiedOrderItem.count({ where: { order: { connectionId } } });
    const linked = await rt.db.unifiedOrderItem.count({ where: { order: { connectionId }, productId: { not: null } } });
    expect(items).toBeGreaterThan(sandbox.data.store(STORE).truth(NOW).orders);
    expect(linked).toBe(items);
    // each line is linked to its own product: by variant id, listing id or SKU
    const mislinked = await rt.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "UnifiedOrderItem" i JOIN "UnifiedOrder" o ON o.id = i."orderId" JOIN "UnifiedProduct" p ON p.id = i."productId"
      WHERE o."connectionId" = ${connectionId}
        AND (p."connectionId" <> o."connectionId"
          OR (p."externalId" IS DISTINCT FROM i."externalVariantId" AND p."externalId" IS DISTINCT FROM i."externalProductId" AND p.sku IS DISTINCT FROM i.sku))`;
    expect(mislinked).toEqual([{ n: 0 }]);

    const logs = await rt.db.unifiedSyncLog.findMany({ where: { connectionId }, orderBy: { startedAt: 'asc' } });
    expect(logs.map((l) => [l.stream, l.status, l.trigger])).toEqual([
      ['PRODUCTS', 'SUCCESS', 'MANUAL'],
      ['ORDERS', 'SUCCESS', 'MANUAL'],
    ]);
    // Flipkart lists an order once per shipment, each time whole: every distinct order is written (expectTruth), some twice
    expect(logs[1]!.fetchedCount).toBeGreaterThanOrEqual(sandbox.data.store(STORE).truth(NOW).orders);
    expect(logs[1]!.upsertedCount).toBeGreaterThanOrEqual(sandbox.data.store(STORE).truth(NOW).orders);
    expect(logs[1]!.upsertedCount).toBeLessThanOrEqual(logs[1]!.fetchedCount);
    const connection = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection.lastSyncAt).toEqual(NOW);
    expect((connection.cursors as { ORDERS: { updatedAfter: string; run?: unknown } }).ORDERS).toEqual({
      updatedAfter: expect.any(String),
      readAt: expect.any(String),
    });
  });

  it('re-syncs as a delta: nothing doubled, status changes and new orders picked up', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    await syncConnection(deps, connectionId, { trigger: 'MANUAL' });
    const again = await syncConnection(deps, connectionId, { trigger: 'CRON' });
    const orders = again.streams.find((s) => s.stream === 'ORDERS')!;
    expect(orders.fetched).toBeLessThan(50); // only the overlap window is re-read
    await expectTruth(connectionId);

    sandbox.state.clock.advance(3 * DAY);
    try {
      const delta = await syncConnection(deps, connectionId, { trigger: 'CRON' });
      expect(delta.status).toBe('SUCCESS');
      expect(delta.streams.find((s) => s.stream === 'ORDERS')!.upserted).toBeGreaterThan(0);
      await expectTruth(connectionId);
    } finally {
      sandbox.state.clock.set(NOW);
    }
  });

  it('resumes a killed sync from its last checkpoint, and moves lastSyncAt only on success', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    let failed = false;
    const failing: SyncDeps = {
      ...deps,
      // the marketplace starts failing once some orders are in
      heartbeat: async () => {
        if (failed || (await rt.db.unifiedOrder.count({ where: { connectionId } })) === 0) return;
        failed = true;
        await sandbox.control('/faults', { failNext: 1000 });
      },
    };
    const broken = await syncConnection(failing, connectionId, { trigger: 'CRON' });
    await sandbox.control('/faults/reset');
    expect(broken.status).toBe('FAILED');
    let connection = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection.lastSyncAt).toBeNull();
    expect(connection.lastError).toMatch(/gave up after 2 retries/);
    const checkpoint = (connection.cursors as { ORDERS?: { run?: { fetched: number; windowTo: string } } }).ORDERS?.run;
    expect(checkpoint?.fetched).toBeGreaterThan(0);
    // the history is read newest first: what is in is recorded for answers to say so
    expect(connection.historyFrom?.toISOString()).toBe(checkpoint!.windowTo);

    const resumed = await syncConnection(deps, connectionId, { trigger: 'CRON' });
    expect(resumed.status).toBe('SUCCESS');
    const ordersLog = await rt.db.unifiedSyncLog.findUniqueOrThrow({
      where: { id: resumed.streams.find((s) => s.stream === 'ORDERS')!.logId },
    });
    // the resumed run counts on from the checkpoint: together it read what one clean run reads, each record once
    const clean = await connectSandboxStore(rt, sandbox, STORE);
    const cleanRun = await syncConnection(deps, clean.connectionId, { trigger: 'CRON' });
    expect(ordersLog.fetchedCount).toBe(cleanRun.streams.find((s) => s.stream === 'ORDERS')!.fetched);
    connection = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection.lastSyncAt).toEqual(NOW);
    expect(connection.historyFrom).toBeNull();
    await expectTruth(connectionId);
  });

  it('never runs two syncs of one connection at once', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    const [a, b] = await Promise.all([
      syncConnection(deps, connectionId, { trigger: 'CRON' }),
      syncConnection(deps, connectionId, { trigger: 'CRON' }),
    ]);
    expect([a.status, b.status].sort()).toEqual(['LOCKED', 'SUCCESS']);
    expect(await acquireLease(rt.db, connectionId, 1000, 'someone-else')).toBe(true);
    expect((await syncConnection(deps, connectionId, { trigger: 'CRON' })).status).toBe('LOCKED');
  });

  it('writes the pages fetched during a write together, up to writeBatch records, one checkpoint each', async () => {
    /** records per write, from the checkpoint each write leaves; the first write is held up a while */
    const writeSizes = async (writeBatch: number) => {
      const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
      const fetched: number[] = [0];
      const heartbeat = async () => {
        const c = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
        const orders = (c.cursors as { ORDERS?: { run?: { fetched: number } } }).ORDERS;
        if (!orders) return; // a write of the products stream
        fetched.push(orders.run ? orders.run.fetched : sandbox.data.store(STORE).truth(NOW).orders);
        if (fetched.length === 2) await new Promise((r) => setTimeout(r, 300));
      };
      const report = await syncConnection(
        { ...deps, settings: { ...deps.settings, writeBatch }, heartbeat },
        connectionId,
        { trigger: 'MANUAL' },
      );
      expect(report.status).toBe('SUCCESS');
      await expectTruth(connectionId);
      return fetched.slice(1).map((n, i) => n - fetched[i]!);
    };
    const batched = await writeSizes(60);
    // the pages fetched while a write was held up went in one write
    expect(Math.max(...batched)).toBeGreaterThan(20);
    expect(Math.max(...batched)).toBeLessThanOrEqual(60);
    const single = await writeSizes(1);
    expect(Math.max(...single)).toBeLessThanOrEqual(20); // one page at most
    expect(single.length).toBeGreaterThan(batched.length);
  });

  it('writes no page once another process holds the lease: the page in flight rolls back with its checkpoint', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    let written = 0;
    const stolen: SyncDeps = {
      ...deps,
      heartbeat: async () => {
        if (written > 0) return;
        written = await rt.db.unifiedOrder.count({ where: { connectionId } });
        if (written > 0)
          await rt.db.marketplaceConnection.update({
            where: { id: connectionId },
            data: { syncLockedBy: 'another-process' },
          });
      },
    };
    const report = await syncConnection(stolen, connectionId, { trigger: 'CRON', streams: ['ORDERS'] });
    expect(report.streams[0]).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/lease lost/) });
    const connection = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
    const checkpoint = (connection.cursors as { ORDERS: { run: { upserted: number } } }).ORDERS.run;
    expect(checkpoint.upserted).toBe(written);
    expect(await rt.db.unifiedOrder.count({ where: { connectionId } })).toBe(written);
    expect(connection.syncLockedBy).toBe('another-process');
  });

  it('marks a connection whose token was revoked NEEDS_REAUTH and leaves the others alone', async () => {
    const bad = await connectSandboxStore(rt, sandbox, STORE);
    const good = await connectSandboxStore(rt, sandbox, STORE);
    await sandbox.control('/tokens/expire', { token: bad.spec.token });
    try {
      const failed = await syncConnection(deps, bad.connectionId, { trigger: 'CRON' });
      expect(failed.status).toBe('FAILED');
      expect((await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: bad.connectionId } })).status).toBe(
        'NEEDS_REAUTH',
      );
      expect((await syncConnection(deps, bad.connectionId, { trigger: 'CRON' })).status).toBe('SKIPPED');
    } finally {
      await sandbox.control('/tokens/restore', {});
    }
    expect((await syncConnection(deps, good.connectionId, { trigger: 'CRON' })).status).toBe('SUCCESS');
  });
});
