import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Agenda, Job } from 'agenda';
import { syncSweep } from '../../src/jobs/definitions/sync-sweep.ts';
import type { JobContext } from '../../src/jobs/job.ts';
import type { Runtime } from '../../src/runtime.ts';
import { acquireLease } from '../../src/sync/lease.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { silentLog } from '../helpers/sandbox.ts';
import { syncRuntime } from '../helpers/sync.ts';

/** The sweep against a database of 2,500 due stores: every one queued once, however many sweeps run. */
describe('sync sweep', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  const queued: string[] = [];
  // Agenda's queue as the sweep uses it: what was queued, in order
  const agenda = {
    now: async (_name: string, data: { connectionId: string }) => void queued.push(data.connectionId),
  } as unknown as Agenda;
  const sweep = (batch = 1000) =>
    syncSweep.handle(
      { batch },
      { db: rt.db, log: silentLog, agenda, touch: async () => {} } as unknown as JobContext,
      {} as Job,
    );

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    await rt.db.user.create({ data: { id: 'fleet', name: 'Fleet' } });
    await rt.db.$executeRaw`
      INSERT INTO "MarketplaceConnection" (id, "userId", marketplace, "storeId", status, "lastSyncAt", "updatedAt")
      SELECT 'due-' || i, 'fleet', 'SHOPIFY', 'store-' || i, 'CONNECTED', CASE WHEN i % 2 = 0 THEN NULL ELSE now() - interval '1 hour' END, now()
      FROM generate_series(1, 2500) i`;
    await rt.db.marketplaceConnection.createMany({
      data: [
        {
          id: 'fresh',
          userId: 'fleet',
          marketplace: 'ETSY',
          storeId: 'fresh',
          status: 'CONNECTED',
          lastSyncAt: new Date(),
        },
        { id: 'gone', userId: 'fleet', marketplace: 'EBAY', storeId: 'gone', status: 'DISCONNECTED' },
      ],
    });
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('queues every due store in batches, with no cap, and two sweeps at once share them without a double', async () => {
    await Promise.all([sweep(700), sweep(700)]);
    expect(queued).toHaveLength(2500);
    expect(new Set(queued).size).toBe(2500);
    expect(queued).not.toContain('fresh');
    expect(queued).not.toContain('gone');
  });

  it('does not queue a store again while its sync is pending, and does once a sync has taken it and it is due again', async () => {
    queued.length = 0;
    await sweep();
    expect(queued).toEqual([]);
    // a sync takes due-1 (the queued mark goes) and ends without success: due again at the next sweep
    expect(await acquireLease(rt.db, 'due-1', 60_000, 'holder')).toBe(true);
    await rt.db.marketplaceConnection.update({
      where: { id: 'due-1' },
      data: { syncLockedUntil: null, syncLockedBy: null },
    });
    await sweep();
    expect(queued).toEqual(['due-1']);
  });
});
