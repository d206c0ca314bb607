import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import type { Runtime } from '../../src/runtime.ts';
import { type SyncDeps, syncConnection } from '../../src/sync/sync-connection.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { expectedLifecycleCounts, lifecycleCounts } from '../helpers/lifecycle-statuses.ts';
import { rollupDrift } from '../helpers/rollup.ts';
import { NOW, type OneSandbox, startSandbox } from '../helpers/sandbox.ts';
import { childEnv, FRAME, frame, ROOT } from '../helpers/spawn.ts';
import { connectSandboxStore, syncRuntime } from '../helpers/sync.ts';

const STORE = 'bigcommerce';
const HOUR = 3_600_000;

/** Faults the engine must survive; afterwards the unified tables equal the sandbox's truth. */
describe('sync under faults (BigCommerce sandbox)', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let sandbox: OneSandbox;
  let deps: SyncDeps;

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime({ SYNC_BACKFILL_DAYS: '400', SYNC_LEASE_SECONDS: '2', SYNC_WRITE_BATCH: '100' }));
    sandbox = await startSandbox('bigcommerce', { orders: 2500, seed: 21 });
    deps = { ...rt, now: () => sandbox.state.clock.now(), http: { minDelayMs: 5, maxDelayMs: 30, retries: 6 } };
  });
  afterAll(async () => {
    await sandbox?.stop();
    await rt?.close();
    await db?.drop();
  });
  afterEach(async () => {
    await sandbox.control('/faults/reset');
    await sandbox.control('/tokens/restore', {});
    sandbox.state.clock.set(NOW);
  });

  async function expectTruth(connectionId: string) {
    const truth = sandbox.data.store(STORE).truth(sandbox.state.clock.now());
    const [row] = await rt.db.$queryRaw<{ n: bigint; total: string }[]>`
      SELECT count(*) AS n, COALESCE(sum("totalAmount"), 0)::text AS total FROM "UnifiedOrder" WHERE "connectionId" = ${connectionId}`;
    expect(Number(row!.n)).toBe(truth.orders);
    expect(new Decimal(row!.total).toFixed(2)).toBe(truth.totals.USD);
    const byStatus = await rt.db.unifiedOrder.groupBy({ by: ['status'], where: { connectionId }, _count: true });
    const got = Object.fromEntries(byStatus.map((s) => [s.status, s._count]));
    expect(lifecycleCounts('bigcommerce', truth.byStatus, got)).toEqual(
      expectedLifecycleCounts('bigcommerce', truth.byStatus),
    );
    expect(await rollupDrift(db.url)).toEqual([]);
  }

  it('survives a 429 storm and random 5xx', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    await sandbox.control('/faults', { errorRate: 0.15, rateLimit: { burst: 8, perSecond: 200 } });
    const report = await syncConnection(deps, connectionId, { trigger: 'CRON' });
    expect(report.status).toBe('SUCCESS');
    await expectTruth(connectionId);
  });

  it('catches orders updated between two pages of the same sync on the next run', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    let pages = 0;
    const report = await syncConnection(
      { ...deps, heartbeat: async () => void (++pages === 3 && sandbox.state.clock.advance(6 * HOUR)) },
      connectionId,
      { trigger: 'CRON' },
    );
    expect(report.status).toBe('SUCCESS');
    expect((await syncConnection(deps, connectionId, { trigger: 'CRON' })).status).toBe('SUCCESS');
    await expectTruth(connectionId);
  });

  it('a token revoked mid-sync stops the run at its checkpoint; after re-auth it resumes', async () => {
    const { connectionId, spec } = await connectSandboxStore(rt, sandbox, STORE);
    let expired = false;
    const expireOnceOrdersLand = async () => {
      if (expired || (await rt.db.unifiedOrder.count({ where: { connectionId } })) === 0) return;
      expired = true;
      await sandbox.control('/tokens/expire', { token: spec.token });
    };
    const cut = await syncConnection({ ...deps, heartbeat: expireOnceOrdersLand }, connectionId, { trigger: 'CRON' });
    expect(cut.status).toBe('FAILED');
    expect((await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } })).status).toBe(
      'NEEDS_REAUTH',
    );
    await sandbox.control('/tokens/restore', {});
    await rt.db.marketplaceConnection.update({ where: { id: connectionId }, data: { status: 'CONNECTED' } });
    const resumed = await syncConnection(deps, connectionId, { trigger: 'CRON', streams: ['ORDERS'] });
    expect(resumed.status).toBe('SUCCESS');
    await expectTruth(connectionId);
  });

  const env = () =>
    childEnv({
      DATABASE_URL: db.url,
      DATA_DIR: rt.config.DATA_DIR,
      SYNC_BACKFILL_DAYS: '400',
      SYNC_LEASE_SECONDS: '2',
      SYNC_WRITE_BATCH: '100',
      LOG_LEVEL: 'silent',
    });

  it('two processes never sync the same connection at once', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    await sandbox.control('/faults', { slowMs: 5 });
    const [a, b] = await Promise.all([
      frame(['sync', '--connection', connectionId, '--json'], env()),
      frame(['sync', '--connection', connectionId, '--json'], env()),
    ]);
    const statuses = [a, b].map((r) => (JSON.parse(r.stdout) as { status: string }[])[0]!.status).sort();
    expect(statuses).toEqual(['LOCKED', 'SUCCESS']);
    await expectTruth(connectionId);
  });

  it('a process killed mid-sync leaves a checkpoint; the next one resumes from it', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox, STORE);
    await sandbox.control('/faults', { slowMs: 25 });
    const child = spawn(process.execPath, [FRAME, 'sync', '--connection', connectionId], {
      cwd: ROOT,
      env: env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    let checkpoint: { fetched: number } | undefined;
    for (let i = 0; i < 600 && !(checkpoint && checkpoint.fetched >= 60) && child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const c = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
      checkpoint = (c.cursors as { ORDERS?: { run?: { fetched: number } } }).ORDERS?.run;
    }
    expect([child.exitCode, stderr]).toEqual([null, '']);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(checkpoint!.fetched).toBeGreaterThanOrEqual(60);
    expect(checkpoint!.fetched).toBeLessThan(sandbox.data.store(STORE).truth(NOW).orders);
    const orphan = await rt.db.unifiedSyncLog.findFirstOrThrow({ where: { connectionId, stream: 'ORDERS' } });
    expect(orphan.status).toBe('RUNNING');

    await sandbox.control('/faults/reset');
    await new Promise((r) => setTimeout(r, 2200)); // the dead process's lease runs out
    const result = await frame(['sync', '--connection', connectionId, '--json'], env());
    const [report] = JSON.parse(result.stdout) as { status: string; streams: { stream: string; fetched: number }[] }[];
    expect(report!.status).toBe('SUCCESS');
    const truth = sandbox.data.store(STORE).truth(NOW);
    // counted on from the checkpoint: together the two runs read each order once
    expect(report!.streams.find((s) => s.stream === 'ORDERS')!.fetched).toBe(truth.orders);
    expect((await rt.db.unifiedSyncLog.findUniqueOrThrow({ where: { id: orphan.id } })).status).toBe('FAILED');
    await expectTruth(connectionId);
  });
});
