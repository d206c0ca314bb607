import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import { ensureFresh } from '../../src/sync/ensure-fresh.ts';
import type { SyncDeps } from '../../src/sync/sync-connection.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { NOW, type OneSandbox, startSandbox } from '../helpers/sandbox.ts';
import { connectSandboxStore, syncRuntime } from '../helpers/sync.ts';

const SECRET = 'cron-secret-for-tests-0123456789';

describe('on-demand freshness and the cron endpoint', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let sandbox: OneSandbox;
  let deps: SyncDeps;

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime({ CRON_SECRET: SECRET, SYNC_BACKFILL_DAYS: '400' }));
    sandbox = await startSandbox('snapdeal', { orders: 1500, seed: 5 });
    deps = { ...rt, now: () => sandbox.state.clock.now(), http: { minDelayMs: 5, maxDelayMs: 20 } };
  });
  afterAll(async () => {
    await sandbox?.stop();
    await rt?.close();
    await db?.drop();
  });

  it('syncs stale data once for concurrent callers, then reports its age', async () => {
    const { userId, connectionId } = await connectSandboxStore(rt, sandbox, 'snapdeal');
    const [a, b] = await Promise.all([
      ensureFresh(deps, userId, { waitMs: 30_000 }),
      ensureFresh(deps, userId, { waitMs: 30_000 }),
    ]);
    expect(a).toMatchObject({ refreshed: true, completed: true, asOf: NOW, ageMs: 0 });
    expect(b.asOf).toEqual(NOW);
    const runs = await rt.db.unifiedSyncLog.count({ where: { connectionId, stream: 'ORDERS', trigger: 'ON_DEMAND' } });
    expect(runs).toBe(1);

    sandbox.state.clock.advance(60_000);
    try {
      const fresh = await ensureFresh(deps, userId);
      expect(fresh).toMatchObject({ refreshed: false, completed: true, ageMs: 60_000 });
    } finally {
      sandbox.state.clock.set(NOW);
    }
  });

  it('returns after the bounded wait while a slow sync goes on', async () => {
    const { userId, connectionId } = await connectSandboxStore(rt, sandbox, 'snapdeal');
    await sandbox.control('/faults', { slowMs: 150 });
    try {
      const started = Date.now();
      const result = await ensureFresh(deps, userId, { waitMs: 200 });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(result).toMatchObject({ refreshed: true, completed: false, asOf: null, ageMs: null });
    } finally {
      await sandbox.control('/faults/reset');
    }
    // the background run finishes on its own
    for (let i = 0; i < 100; i++) {
      const c = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
      if (c.lastSyncAt) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } })).lastSyncAt).toEqual(
      NOW,
    );
  });

  it('POST /api/cron/sync: 401 without the secret, else one batch of at most five due connections', async () => {
    await rt.db.marketplaceConnection.updateMany({ data: { lastSyncAt: new Date() } }); // nothing else due
    for (let i = 0; i < 6; i++) await connectSandboxStore(rt, sandbox, 'snapdeal');
    const app = createApp({ ...rt, config: rt.config });

    expect((await request(app).post('/api/cron/sync')).status).toBe(401);
    expect((await request(app).post('/api/cron/sync').set('Authorization', 'Bearer wrong-secret')).status).toBe(401);
    expect(await rt.db.unifiedSyncLog.count({ where: { trigger: 'CRON' } })).toBe(0);

    const first = await request(app).post('/api/cron/sync').set('Authorization', `Bearer ${SECRET}`);
    expect(first.status).toBe(200);
    expect(first.body.synced).toBe(5);
    const second = await request(app).post('/api/cron/sync').set('x-cron-secret', SECRET);
    expect(second.body.synced).toBe(1);
    expect(second.body.reports[0].status).toBe('SUCCESS');
  });
});
