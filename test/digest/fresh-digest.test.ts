import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type DigestMessage, type DigestPoster, deliverDueDigests } from '../../src/digest/deliver-digests.ts';
import type { Runtime } from '../../src/runtime.ts';
import { query, type ScratchDatabase } from '../helpers/db.ts';
import { NOW, useSandbox } from '../helpers/sandbox.ts';
import { connectSandboxStore, syncRuntime } from '../helpers/sync.ts';

/** A digest composes from fresh data: a store not synced lately is synced first (bounded), through its real connector. */
describe('a digest syncs stale stores first', () => {
  const sandbox = useSandbox('shopify', { orders: 300 });
  let rt: Runtime;
  let db: ScratchDatabase;
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('brings in the store’s orders before composing, and reports them', async () => {
    const { userId, connectionId } = await connectSandboxStore(rt, sandbox(), 'shopify-us');
    await rt.db.digestSubscription.create({
      data: {
        userId,
        channel: 'CONSOLE',
        destination: 'fresh',
        sendMinute: 7 * 60,
        activeFrom: new Date('2026-10-01'),
      },
    });
    expect(await rt.db.unifiedOrder.count({ where: { userId } })).toBe(0);
    const got: DigestMessage[] = [];
    const capture: DigestPoster = async (_to, message) => void got.push(message);
    // 07:00 in New York on Sunday 1 Nov
    const report = await deliverDueDigests({ ...rt, now: () => NOW, posters: { CONSOLE: capture } });
    expect(report).toMatchObject({ sent: 1 });
    const connection = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection.lastSyncAt).not.toBeNull();
    const [day] = await query<{ orders: number }>(
      db.url,
      `SELECT count(*)::int AS orders FROM "UnifiedOrder" WHERE "userId" = $1 AND status <> 'CANCELLED'
         AND ("orderedAt" AT TIME ZONE 'America/New_York')::date = '2026-10-31'`,
      [userId],
    );
    expect(day!.orders).toBeGreaterThan(0);
    expect(got[0]!.digest.templateVariables['3']).toBe(String(day!.orders));
  });
});
