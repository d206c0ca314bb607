import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHAT_TOOLS } from '../../src/chat/tools/index.ts';
import { tenantDb } from '../../src/db/tenant-db.ts';
import type { Runtime } from '../../src/runtime.ts';
import { A, NOW, seed } from '../analytics/seed.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';

/** While a first sync reads a store's history newest first, an answer about days before what is in says so. */
describe('history still loading', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    await seed(rt.db);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });
  const ask = async (period: { kind: 'last' | 'this'; unit: 'month' | 'week' }) =>
    (
      await CHAT_TOOLS.get_sales_summary.execute(
        { db: tenantDb(rt.db, A), tenant: { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW } },
        { period },
      )
    ).summary;

  it('says from which day the data is complete while a store’s history loads, and nothing once it is in', async () => {
    // A's Shopify store has read back to 8 Nov (IST) so far
    await rt.db.marketplaceConnection.update({
      where: { id: 'conn-a-sh' },
      data: { historyFrom: new Date('2026-11-07T18:30:00Z') },
    });
    expect(await ask({ kind: 'last', unit: 'month' })).toContain(
      'Your history is still loading (newest first): the data is complete from 8 Nov 2026 on, so older days may be missing orders.',
    );
    expect(await ask({ kind: 'this', unit: 'week' })).not.toContain('still loading');
    await rt.db.marketplaceConnection.update({ where: { id: 'conn-a-sh' }, data: { historyFrom: null } });
    expect(await ask({ kind: 'last', unit: 'month' })).not.toContain('still loading');
  });
});
