import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Agenda } from 'agenda';
import { syncConnectionJob } from '../../src/jobs/definitions/sync-connection.ts';
import type { JobContext } from '../../src/jobs/job.ts';
import type { Runtime } from '../../src/runtime.ts';
import { readCursors } from '../../src/sync/checkpoint.ts';
import { syncConnection } from '../../src/sync/sync-connection.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { NOW, silentLog, useSandbox } from '../helpers/sandbox.ts';
import { connectSandboxStore, syncRuntime } from '../helpers/sync.ts';

const MINUTE = 60_000;
const at = (minutes: number) => () => new Date(NOW.getTime() + minutes * MINUTE);
const stats = async (url: string) =>
  ((await (await fetch(`${url}/_sandbox/stats`)).json()) as { requests: number }).requests;

/**
 * What a scheduled sync reads, and where a sync goes: against the BigCommerce imitation, whose
 * catalogue has no changed-since filter (every products read is a whole one).
 */
describe('what a sync reads and which queue runs it', () => {
  const sandbox = useSandbox('bigcommerce', { orders: 600 });
  let rt: Runtime;
  let db: ScratchDatabase;

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('a whole catalogue is read by scheduled syncs once an hour; orders every time', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox(), 'bigcommerce');
    const first = await syncConnection({ ...rt, now: at(0) }, connectionId, { trigger: 'CRON' });
    expect(first.streams.map((s) => s.stream)).toEqual(['PRODUCTS', 'ORDERS']);
    expect(first.streams.find((s) => s.stream === 'PRODUCTS')!.upserted).toBeGreaterThan(0);

    const before = await stats(sandbox().url);
    const quarter = await syncConnection({ ...rt, now: at(15) }, connectionId, { trigger: 'CRON' });
    expect(quarter.status).toBe('SUCCESS');
    expect(quarter.streams.map((s) => s.stream)).toEqual(['ORDERS']);
    // one orders page (nothing new), no catalogue pages
    expect((await stats(sandbox().url)) - before).toBeLessThanOrEqual(2);
    const connection = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection.lastSyncAt).toEqual(at(15)());

    const hour = await syncConnection({ ...rt, now: at(61) }, connectionId, { trigger: 'CRON' });
    expect(hour.streams.map((s) => s.stream)).toEqual(['PRODUCTS', 'ORDERS']);
    // a seller who asks for a sync gets everything
    const manual = await syncConnection({ ...rt, now: at(62) }, connectionId, { trigger: 'MANUAL' });
    expect(manual.streams.map((s) => s.stream)).toEqual(['PRODUCTS', 'ORDERS']);
  });

  it('a quiet store: its cursor moves to the run less the overlap, so the next delta reads nothing twice, and still gets what changed', async () => {
    const { connectionId } = await connectSandboxStore(rt, sandbox(), 'bigcommerce-outlet');
    await syncConnection({ ...rt, now: at(0) }, connectionId, { trigger: 'MANUAL' });
    const cursorsOf = async () =>
      readCursors((await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } })).cursors);
    const after = await cursorsOf();
    const count = () => rt.db.unifiedOrder.count({ where: { connectionId } });
    const orders = await count();

    // the later of the latest change seen and the run less its 10-minute overlap
    const { _max } = await rt.db.unifiedOrder.aggregate({ where: { connectionId }, _max: { sourceUpdatedAt: true } });
    const settled = at(-10)().getTime();
    expect(Date.parse(after.ORDERS!.updatedAfter!)).toBe(Math.max(_max.sourceUpdatedAt!.getTime(), settled));
    const quiet = await syncConnection({ ...rt, now: at(15) }, connectionId, { trigger: 'CRON', streams: ['ORDERS'] });
    expect(quiet.streams[0]).toMatchObject({ status: 'SUCCESS', fetched: 0, upserted: 0 });
    expect((await cursorsOf()).ORDERS?.updatedAfter).toBe(new Date(at(5)().getTime()).toISOString());

    // a day later the imitation holds new orders: the delta from the unchanged cursor reads them
    sandbox().state.clock.set(new Date(NOW.getTime() + 24 * 60 * MINUTE));
    const next = await syncConnection({ ...rt, now: at(24 * 60) }, connectionId, {
      trigger: 'CRON',
      streams: ['ORDERS'],
    });
    expect(next.streams[0]!.upserted).toBeGreaterThan(0);
    expect(await count()).toBeGreaterThan(orders);
    const truth = (await (await fetch(`${sandbox().url}/_sandbox/truth`)).json()) as {
      store: string;
      orders: number;
    }[];
    expect(await count()).toBe(truth.find((t) => t.store === 'bigcommerce-outlet')!.orders);
  });

  it('a connection still reading its history goes to the backfill queue; one that has it stays', async () => {
    const seller = await rt.db.user.create({ data: { name: 'New seller', timeZone: 'UTC' } });
    const { connectionId } = await connectSandboxStore(rt, sandbox(), 'bigcommerce', seller);
    const queued: { name: string; data: unknown }[] = [];
    const agenda = {
      now: async (name: string, data: unknown) => void queued.push({ name, data }),
      schedule: async (_when: string, name: string, data: unknown) => void queued.push({ name, data }),
    } as unknown as Agenda;
    const ctx = { ...rt, log: silentLog, agenda, touch: async () => {} } as unknown as JobContext;
    const run = () => syncConnectionJob.handle({ connectionId, trigger: 'CRON', attempt: 1 }, ctx, {} as never);

    await run();
    expect(queued).toEqual([{ name: 'sync-backfill', data: { connectionId, trigger: 'CRON' } }]);
    // a webhook meanwhile is left to the backfill: no second backfill job for it
    queued.length = 0;
    await syncConnectionJob.handle(
      { connectionId, trigger: 'WEBHOOK', streams: ['ORDERS'], attempt: 1 },
      ctx,
      {} as never,
    );
    expect(queued).toEqual([]);
    // nothing was read or locked for it
    const untouched = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(untouched).toMatchObject({ lastSyncAt: null, syncLockedBy: null });
    expect(await rt.db.unifiedSyncLog.count({ where: { connectionId } })).toBe(0);

    await syncConnection({ ...rt, now: at(0) }, connectionId, { trigger: 'MANUAL' });
    queued.length = 0;
    await run();
    expect(queued).toEqual([]);
    const log = await rt.db.unifiedSyncLog.findMany({ where: { connectionId, trigger: 'CRON' } });
    expect(log.length).toBeGreaterThan(0);
  });
});
