import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Agenda, Job } from 'agenda';
import { syncConnectionJob } from '../../src/jobs/definitions/sync-connection.ts';
import type { Runtime } from '../../src/runtime.ts';
import { acquireLease } from '../../src/sync/lease.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { silentLog } from '../helpers/sandbox.ts';
import { syncRuntime } from '../helpers/sync.ts';

describe('sync-connection job on a connection another sync holds', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let connectionId: string;
  const scheduled: { when: string; data: unknown }[] = [];
  const agenda = {
    schedule: async (when: string, _name: string, data: unknown) => void scheduled.push({ when, data }),
  } as unknown as Agenda;
  const run = (data: object) =>
    syncConnectionJob.handle(
      syncConnectionJob.payload.parse(data),
      { db: rt.db, log: silentLog, config: rt.config, keyRing: rt.keyRing, agenda, touch: async () => {} },
      {} as Job,
    );

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    const user = await rt.db.user.create({ data: { name: 'S' } });
    connectionId = (
      await rt.db.marketplaceConnection.create({
        // its history is in: its syncs run here, not in the backfill queue
        data: {
          userId: user.id,
          marketplace: 'SQUARE',
          storeId: 'L1',
          cursors: { ORDERS: { updatedAfter: '2026-11-01T00:00:00.000Z' } },
        },
      })
    ).id;
    expect(await acquireLease(rt.db, connectionId, 60_000, 'another-worker')).toBe(true);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('queues a targeted sync again, up to a limit, and lets a sweep sync go', async () => {
    await run({ connectionId, trigger: 'WEBHOOK', streams: ['ORDERS'] });
    expect(scheduled).toEqual([
      { when: 'in 30 seconds', data: { connectionId, trigger: 'WEBHOOK', streams: ['ORDERS'], attempt: 2 } },
    ]);
    await run({ connectionId, trigger: 'ON_DEMAND', attempt: 20 });
    await run({ connectionId, trigger: 'CRON' });
    expect(scheduled).toHaveLength(1);
  });
});
