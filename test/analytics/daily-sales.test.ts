import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getReturnRates } from '../../src/analytics/get-return-rates.ts';
import { getSalesSummary } from '../../src/analytics/get-sales-summary.ts';
import { getSalesTrend } from '../../src/analytics/get-sales-trend.ts';
import type { TenantContext } from '../../src/analytics/tenant.ts';
import type { Runtime } from '../../src/runtime.ts';
import { writeOrders } from '../../src/sync/write-orders.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { rollupDrift } from '../helpers/rollup.ts';
import { syncRuntime } from '../helpers/sync.ts';
import { A, B, NOW, seed } from './seed.ts';

/**
 * DailySales is kept by triggers on UnifiedOrder. Whatever writes the orders (the sync's
 * set-based upserts, Prisma, a purge), the rollup must equal the orders summed from scratch.
 */

const sellerA: TenantContext = { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW };

function order(id: string, at: string, status: UnifiedOrderRow['status'], total: string, quantity: number): UnifiedOrderRow {
  return {
    externalOrderId: id, orderNumber: id, orderDate: new Date(at), status, marketplaceStatus: status, totalAmount: total, currency: 'USD',
    subtotalAmount: null, taxAmount: null, shippingAmount: null, discountAmount: null, refundedAmount: status === 'REFUNDED' ? total : null,
    customerName: null, customerEmail: null, sourceUpdatedAt: new Date(at), cancelledAt: null,
    items: [{ externalItemId: '1', externalProductId: null, externalVariantId: null, sku: 'S', title: 'T', quantity, unitPrice: total, totalPrice: total }],
  };
}

describe('DailySales rollup', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  const drift = () => rollupDrift(db.url);
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    await seed(rt.db);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('equals the orders summed from scratch after a seed through Prisma', async () => {
    expect(await rt.db.dailySales.count()).toBeGreaterThan(0);
    expect(await drift()).toEqual([]);
  });

  it('follows the sync writer: inserts, a re-read that changes nothing, a status and amount change, a day change', async () => {
    const target = { userId: B, connectionId: 'conn-b-shopify', marketplace: 'SHOPIFY' as const, timeZone: 'UTC' };
    const conn = await rt.db.marketplaceConnection.findFirst({ where: { userId: B, marketplace: 'SHOPIFY' } });
    if (conn) target.connectionId = conn.id;
    else await rt.db.marketplaceConnection.create({ data: { id: target.connectionId, userId: B, marketplace: 'SHOPIFY', storeId: 'b.myshopify.com' } });
    const page = [order('R1', '2026-11-10T10:00:00Z', 'PENDING', '10.00', 2), order('R2', '2026-11-10T23:59:00Z', 'DELIVERED', '5.50', 1)];
    await rt.db.$transaction((tx) => writeOrders(tx, target, page));
    expect(await drift()).toEqual([]);
    await rt.db.$transaction((tx) => writeOrders(tx, target, page));
    expect(await drift()).toEqual([]);
    const later = (o: UnifiedOrderRow, patch: Partial<UnifiedOrderRow>) => ({ ...o, ...patch, sourceUpdatedAt: new Date('2026-11-12T00:00:00Z') });
    await rt.db.$transaction((tx) =>
      writeOrders(tx, target, [later(page[0]!, { status: 'REFUNDED', refundedAmount: '10.00', items: [{ ...page[0]!.items[0]!, quantity: 3 }] }), later(page[1]!, { orderDate: new Date('2026-11-11T00:01:00Z'), totalAmount: '6.00' })]),
    );
    expect(await drift()).toEqual([]);
  });

  it('follows rates that arrive late, deletes, and a change of time zone', async () => {
    await rt.db.unifiedOrder.updateMany({ where: { userId: A, totalAmountUSD: null, currency: 'EUR' }, data: { fxRateToUSD: '1.08', totalAmountUSD: '10.8' } });
    expect(await drift()).toEqual([]);
    const victim = await rt.db.unifiedOrder.findFirstOrThrow({ where: { userId: A } });
    await rt.db.unifiedOrder.delete({ where: { id: victim.id } });
    expect(await drift()).toEqual([]);
    await rt.db.user.update({ where: { id: B }, data: { timeZone: 'Pacific/Auckland' } });
    expect(await drift()).toEqual([]);
    await rt.db.user.update({ where: { id: B }, data: { timeZone: 'UTC' } });
    expect(await drift()).toEqual([]);
  });

  it('answers the same from the rollup as from the orders when the tenant is in another zone than the one stored', async () => {
    const period = { kind: 'last_n_days' as const, days: 60 };
    const fromRollup = await Promise.all([
      getSalesSummary(rt.db, sellerA, { period, groupBy: 'day' }),
      getSalesTrend(rt.db, sellerA, { period, interval: 'week' }),
      getReturnRates(rt.db, sellerA, { period }),
    ]);
    // the stored zone moves away: the same tenant now reads the orders themselves
    await rt.db.user.update({ where: { id: A }, data: { timeZone: 'UTC' } });
    const fromOrders = await Promise.all([
      getSalesSummary(rt.db, sellerA, { period, groupBy: 'day' }),
      getSalesTrend(rt.db, sellerA, { period, interval: 'week' }),
      getReturnRates(rt.db, sellerA, { period }),
    ]);
    await rt.db.user.update({ where: { id: A }, data: { timeZone: 'Asia/Kolkata' } });
    expect(fromRollup[0].totals.orders).toBeGreaterThan(0);
    expect(fromOrders).toEqual(fromRollup);
  });
});
