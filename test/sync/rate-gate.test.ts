import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Runtime } from '../../src/runtime.ts';
import { openRuntime } from '../../src/runtime.ts';
import { DOCUMENTED_LIMITS } from '../../src/sandbox/costs.ts';
import { reserveTokens } from '../../src/sync/rate-gate.ts';
import { syncConnection } from '../../src/sync/sync-connection.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { NOW, silentLog, useSandbox } from '../helpers/sandbox.ts';
import { connectSandboxStore, syncRuntime } from '../helpers/sync.ts';

/**
 * The rate limits every worker keeps together, through a bucket in PostgreSQL: checked against
 * the Etsy imitation holding Etsy's documented 10 requests a second per app, with two runtimes
 * (two pools, as two workers) syncing six sellers' shops at once.
 */
describe('rate limits shared through the database', () => {
  const sandbox = useSandbox('etsy', { orders: 3000 });
  let rt: Runtime;
  let second: Runtime;
  let db: ScratchDatabase;

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime({ SYNC_RATE_LIMITS: 'documented' }));
    second = await openRuntime(rt.config, { log: silentLog });
    await second.db.$queryRaw`SELECT 1`;
  });
  afterAll(async () => {
    await second?.close();
    await rt?.close();
    await db?.drop();
  });

  it('reserves turns in order: a burst at once, then one per 1/perSecond, the debt shared by every caller', async () => {
    const limit = { scope: 'app' as const, burst: 3, perSecond: 2 };
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) waits.push(await reserveTokens(rt.db, 'test:order', limit));
    waits.push(await reserveTokens(second.db, 'test:order', limit));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    // the 4th waits up to 0.5 s, the 5th ~0.5 s more, the 6th (another process) more again:
    // each behind the one before, less what the bucket refilled meanwhile
    expect(waits[3]).toBeGreaterThan(0);
    expect(waits[3]).toBeLessThanOrEqual(500);
    expect(waits[4]!).toBeGreaterThan(waits[3]!);
    expect(waits[5]!).toBeGreaterThan(waits[4]!);
    const [row] = await rt.db.$queryRaw<{ tokens: number }[]>`SELECT tokens FROM "RateBucket" WHERE key = 'test:order'`;
    expect(row!.tokens).toBeLessThan(-2);
  });

  it('two workers syncing six Etsy shops at once stay under the app limit: the marketplace refuses nothing', async () => {
    sandbox().state.clock.set(NOW);
    Object.assign(sandbox().state.faultsOf('etsy'), { rateLimit: DOCUMENTED_LIMITS.etsy });
    const seller = await rt.db.user.create({ data: { name: 'Etsy sellers', timeZone: 'UTC' } });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { connectionId } = await connectSandboxStore(rt, sandbox(), 'etsy', i === 0 ? seller : undefined);
      ids.push(connectionId);
    }
    const reports = await Promise.all(
      ids.map((id, i) => syncConnection({ ...(i % 2 ? second : rt), now: () => NOW }, id, { trigger: 'MANUAL' })),
    );
    expect(reports.map((r) => r.status)).toEqual(Array(6).fill('SUCCESS'));
    const stats = (await (await fetch(`${sandbox().url}/_sandbox/stats`)).json()) as {
      requests: number;
      limited: number;
    };
    // enough calls that a burst of 10 could not hold them, and not one refused
    expect(stats.requests).toBeGreaterThan(30);
    expect(stats.limited).toBe(0);
    const orders = await rt.db.unifiedOrder.groupBy({ by: ['connectionId'], _count: true });
    expect(new Set(orders.map((o) => o._count)).size).toBe(1);
  });
});
