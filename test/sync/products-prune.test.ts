import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Runtime } from '../../src/runtime.ts';
import { type SyncDeps, syncConnection } from '../../src/sync/sync-connection.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { type OneSandbox, startSandbox } from '../helpers/sandbox.ts';
import { connectSandboxStore, syncRuntime } from '../helpers/sync.ts';

/**
 * A products read of the whole catalogue (the first sync, or the first after the spec migration
 * reset the cursors) deletes the connection's products it did not write: gone from the
 * marketplace, or kept under an id the connector no longer uses. A delta read deletes nothing.
 */
describe('products no longer in the catalogue', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let sandbox: OneSandbox;
  let deps: SyncDeps;
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    sandbox = await startSandbox('square', { orders: 300, seed: 5 });
    deps = { ...rt, now: () => sandbox.state.clock.now(), http: { minDelayMs: 5, maxDelayMs: 20 } };
  });
  afterAll(async () => {
    await sandbox?.stop();
    await rt?.close();
    await db?.drop();
  });

  it('are deleted after a whole-catalogue read, kept after a delta read, and the lines linked again', async () => {
    const { userId, connectionId } = await connectSandboxStore(rt, sandbox, 'square');
    const stale = (externalId: string) =>
      rt.db.unifiedProduct.create({
        data: {
          userId,
          connectionId,
          marketplace: 'SQUARE',
          externalId,
          title: 'Retired listing',
          status: 'ACTIVE',
          syncedAt: new Date('2020-01-01'),
        },
      });
    const truth = sandbox.data.store('square').truth(sandbox.state.clock.now());
    const ids = async () =>
      (await rt.db.unifiedProduct.findMany({ where: { connectionId }, select: { externalId: true } })).map(
        (p) => p.externalId,
      );

    await stale('RETIRED-1');
    expect((await syncConnection(deps, connectionId, { trigger: 'MANUAL' })).status).toBe('SUCCESS');
    expect(await ids()).not.toContain('RETIRED-1');
    expect((await ids()).length).toBe(truth.products);
    const linked = await rt.db.unifiedOrderItem.count({ where: { order: { connectionId }, productId: { not: null } } });
    expect(linked).toBeGreaterThan(0);

    await stale('RETIRED-2');
    expect((await syncConnection(deps, connectionId, { trigger: 'MANUAL' })).status).toBe('SUCCESS');
    expect(await ids()).toContain('RETIRED-2');

    // as after the spec migration: the cursors reset, the next read is whole again; every line keeps a product
    await rt.db.marketplaceConnection.update({ where: { id: connectionId }, data: { cursors: {} } });
    expect((await syncConnection(deps, connectionId, { trigger: 'MANUAL' })).status).toBe('SUCCESS');
    expect(await ids()).not.toContain('RETIRED-2');
    expect(await rt.db.unifiedOrderItem.count({ where: { order: { connectionId }, productId: { not: null } } })).toBe(
      linked,
    );
  });
});
