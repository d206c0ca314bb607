import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getReturnRates } from '../../src/analytics/get-return-rates.ts';
import { getSalesSummary } from '../../src/analytics/get-sales-summary.ts';
import { getSalesTrend } from '../../src/analytics/get-sales-trend.ts';
import { getTopProducts } from '../../src/analytics/get-top-products.ts';
import { wholeMonths } from '../../src/analytics/product-cells.ts';
import type { TenantContext } from '../../src/analytics/tenant.ts';
import { disconnectConnection } from '../../src/connections/disconnect.ts';
import { pgTransaction } from '../../src/db/client.ts';
import { tenantDb } from '../../src/db/tenant-db.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import type { Runtime } from '../../src/runtime.ts';
import { writeOrders } from '../../src/sync/write-orders.ts';
import { linkOrderItems } from '../../src/sync/write-products.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { rollupDrift } from '../helpers/rollup.ts';
import { syncRuntime } from '../helpers/sync.ts';
import { A, B, NOW, seed } from './seed.ts';

/**
 * DailySales and ProductSales are kept by triggers on UnifiedOrder and UnifiedOrderItem.
 * Whatever writes the orders and their lines (the sync's set-based upserts, Prisma, a purge),
 * the rollups must equal the orders summed from scratch.
 */

const sellerA: TenantContext = { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW };

function order(
  id: string,
  at: string,
  status: UnifiedOrderRow['status'],
  total: string,
  quantity: number,
): UnifiedOrderRow {
  return {
    externalOrderId: id,
    orderNumber: id,
    orderedAt: new Date(at),
    fulfilledAt: null,
    status,
    marketplaceStatus: status,
    totalAmount: total,
    currency: 'USD',
    subtotalAmount: null,
    taxAmount: null,
    shippingAmount: null,
    discountAmount: null,
    refundedAmount: status === 'RETURNED' ? total : null,
    customerName: null,
    customerEmail: null,
    sourceUpdatedAt: new Date(at),
    cancelledAt: null,
    items: [
      {
        externalItemId: '1',
        externalProductId: null,
        externalVariantId: null,
        sku: 'S',
        title: 'T',
        quantity,
        unitPrice: total,
        totalPrice: total,
      },
    ],
  };
}

describe('DailySales and ProductSales rollups', () => {
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
    expect(await rt.db.productSales.count()).toBeGreaterThan(0);
    expect(await drift()).toEqual([]);
  });

  it('follows the sync writer: inserts, a re-read that changes nothing, a status and amount change, a day change', async () => {
    const target = { userId: B, connectionId: 'conn-b-shopify', marketplace: 'SHOPIFY' as const, timeZone: 'UTC' };
    const conn = await rt.db.marketplaceConnection.findFirst({ where: { userId: B, marketplace: 'SHOPIFY' } });
    if (conn) target.connectionId = conn.id;
    else
      await rt.db.marketplaceConnection.create({
        data: { id: target.connectionId, userId: B, marketplace: 'SHOPIFY', storeId: 'b.myshopify.com' },
      });
    const page = [
      order('R1', '2026-11-10T10:00:00Z', 'PENDING', '10.00', 2),
      order('R2', '2026-11-10T23:59:00Z', 'DELIVERED', '5.50', 1),
    ];
    await pgTransaction(rt.db, (c) => writeOrders(c, target, page));
    expect(await drift()).toEqual([]);
    await pgTransaction(rt.db, (c) => writeOrders(c, target, page));
    expect(await drift()).toEqual([]);
    const later = (o: UnifiedOrderRow, patch: Partial<UnifiedOrderRow>) => ({
      ...o,
      ...patch,
      sourceUpdatedAt: new Date('2026-11-12T00:00:00Z'),
    });
    await pgTransaction(rt.db, (c) =>
      writeOrders(c, target, [
        later(page[0]!, {
          status: 'RETURNED',
          refundedAmount: '10.00',
          items: [{ ...page[0]!.items[0]!, quantity: 3 }],
        }),
        later(page[1]!, { orderedAt: new Date('2026-11-11T00:01:00Z'), totalAmount: '6.00' }),
      ]),
    );
    expect(await drift()).toEqual([]);
  });

  it('follows rates that arrive late, deletes, and a change of time zone', async () => {
    await rt.db.unifiedOrder.updateMany({
      where: { userId: A, totalAmountUSD: null, currency: 'EUR' },
      data: { fxRateToUSD: '1.08', totalAmountUSD: '10.8' },
    });
    expect(await drift()).toEqual([]);
    const victim = await rt.db.unifiedOrder.findFirstOrThrow({ where: { userId: A } });
    await rt.db.unifiedOrder.delete({ where: { id: victim.id } });
    expect(await drift()).toEqual([]);
    await rt.db.user.update({ where: { id: B }, data: { timeZone: 'Pacific/Auckland' } });
    expect(await drift()).toEqual([]);
    await rt.db.user.update({ where: { id: B }, data: { timeZone: 'UTC' } });
    expect(await drift()).toEqual([]);
  });

  it('follows the lines: one removed, one added, a quantity changed, a cancellation and its reversal, items linked to products', async () => {
    const target = { userId: B, connectionId: 'conn-b-lines', marketplace: 'ETSY' as const, timeZone: 'UTC' };
    await rt.db.marketplaceConnection.create({
      data: { id: target.connectionId, userId: B, marketplace: 'ETSY', storeId: 'b-etsy' },
    });
    const base = order('L1', '2026-11-03T10:00:00Z', 'CONFIRMED', '30.00', 1);
    const line = (id: string, sku: string | null, quantity: number, total: string) => ({
      ...base.items[0]!,
      externalItemId: id,
      externalProductId: `p-${id}`,
      sku,
      title: `Title ${id}`,
      quantity,
      totalPrice: total,
    });
    const at = (iso: string, patch: Partial<UnifiedOrderRow>): UnifiedOrderRow => ({
      ...base,
      ...patch,
      sourceUpdatedAt: new Date(iso),
    });
    const write = (o: UnifiedOrderRow) => pgTransaction(rt.db, (c) => writeOrders(c, target, [o]));
    await write(at('2026-11-03T10:00:00Z', { items: [line('1', 'SKU-A', 1, '10.00'), line('2', null, 2, '20.00')] }));
    expect(await drift()).toEqual([]);
    await write(at('2026-11-04T10:00:00Z', { items: [line('2', null, 5, '50.00'), line('3', 'SKU-C', 1, '7.00')] }));
    expect(await drift()).toEqual([]);
    await write(
      at('2026-11-05T10:00:00Z', {
        status: 'CANCELLED',
        items: [line('2', null, 5, '50.00'), line('3', 'SKU-C', 1, '7.00')],
      }),
    );
    expect(await drift()).toEqual([]);
    await write(
      at('2026-11-06T10:00:00Z', { status: 'SHIPPED', currency: 'EUR', items: [line('2', null, 5, '50.00')] }),
    );
    expect(await drift()).toEqual([]);
    await rt.db.unifiedProduct.create({
      data: {
        userId: B,
        connectionId: target.connectionId,
        marketplace: 'ETSY',
        externalId: 'p-2',
        title: 'Listing 2',
        status: 'ACTIVE',
      },
    });
    expect(await pgTransaction(rt.db, (c) => linkOrderItems(c, target))).toBe(1);
    await rt.db.unifiedOrderItem.updateMany({
      where: { externalItemId: '2', order: { externalOrderId: 'L1' } },
      data: { title: 'Renamed', quantity: 4 },
    });
    expect(await drift()).toEqual([]);
  });

  it("writes a new order and an updated one in one batch: the new one's lines inserted, the other's upserted and pruned", async () => {
    const target = { userId: B, connectionId: 'conn-b-mixed', marketplace: 'EBAY' as const, timeZone: 'UTC' };
    await rt.db.marketplaceConnection.create({
      data: { id: target.connectionId, userId: B, marketplace: 'EBAY', storeId: 'b-ebay' },
    });
    const old = order('M1', '2026-11-09T10:00:00Z', 'CONFIRMED', '20.00', 1);
    const kept = { ...old.items[0]!, externalItemId: 'k', sku: 'KEEP', totalPrice: '8.00' };
    await pgTransaction(rt.db, (c) =>
      writeOrders(c, target, [
        { ...old, items: [kept, { ...old.items[0]!, externalItemId: 'gone', totalPrice: '12.00' }] },
      ]),
    );
    const updated = {
      ...old,
      sourceUpdatedAt: new Date('2026-11-10T10:00:00Z'),
      items: [
        { ...kept, quantity: 4 },
        { ...kept, externalItemId: 'new', sku: 'NEW' },
      ],
    };
    const fresh = order('M2', '2026-11-10T11:00:00Z', 'SHIPPED', '9.00', 3);
    expect(await pgTransaction(rt.db, (c) => writeOrders(c, target, [updated, fresh]))).toBe(2);
    const lines = await rt.db.unifiedOrderItem.findMany({
      where: { order: { userId: B, externalOrderId: { in: ['M1', 'M2'] } } },
      include: { order: true },
      orderBy: [{ order: { externalOrderId: 'asc' } }, { externalItemId: 'asc' }],
    });
    expect(lines.map((l) => [l.order.externalOrderId, l.externalItemId, l.quantity])).toEqual([
      ['M1', 'k', 4],
      ['M1', 'new', 1],
      ['M2', '1', 3],
    ]);
    expect(await drift()).toEqual([]);
  });

  it("keeps a returned order's lines and its refund shared among them as the order and its lines change", async () => {
    const target = { userId: B, connectionId: 'conn-b-returns', marketplace: 'BIGCOMMERCE' as const, timeZone: 'UTC' };
    await rt.db.marketplaceConnection.create({
      data: { id: target.connectionId, userId: B, marketplace: 'BIGCOMMERCE', storeId: 'b-bc' },
    });
    const base = order('RT1', '2026-11-12T10:00:00Z', 'DELIVERED', '40.00', 1);
    const line = (id: string, sku: string | null, quantity: number, total: string) => ({
      ...base.items[0]!,
      externalItemId: id,
      sku,
      title: `Title ${id}`,
      quantity,
      totalPrice: total,
    });
    let day = 13;
    const write = (patch: Partial<UnifiedOrderRow>) =>
      pgTransaction(rt.db, (c) =>
        writeOrders(c, target, [{ ...base, ...patch, sourceUpdatedAt: new Date(`2026-11-${day++}T10:00:00Z`) }]),
      );
    const returned = () =>
      rt.db.productSales.aggregate({
        where: { userId: B, grain: 'DAY', bucket: new Date('2026-11-12') },
        _sum: { returnedUnits: true, returnedOrders: true, refundedUSD: true },
      });
    await write({ items: [line('1', 'SKU-R', 1, '10.00'), line('2', 'SKU-S', 3, '30.00')] });
    expect(await drift()).toEqual([]);
    // returned, refund given: 3 units and 2 (order, product) pairs; the refund split 10/30
    await write({
      status: 'RETURNED',
      refundedAmount: '20.00',
      items: [line('1', 'SKU-R', 1, '10.00'), line('2', 'SKU-S', 3, '30.00')],
    });
    expect(await drift()).toEqual([]);
    expect(await returned()).toMatchObject({ _sum: { returnedUnits: 4, returnedOrders: 2 } });
    expect((await returned())._sum.refundedUSD?.toFixed(2)).toBe('20.00');
    // a line added to a returned order moves the others' shares; one removed, one changed, the refund changed
    await write({
      status: 'RETURNED',
      refundedAmount: '20.00',
      items: [line('1', 'SKU-R', 1, '10.00'), line('2', 'SKU-S', 3, '30.00'), line('3', null, 1, '5.00')],
    });
    expect(await drift()).toEqual([]);
    await write({
      status: 'RETURNED',
      refundedAmount: '25.00',
      items: [line('1', 'SKU-R', 2, '20.00'), line('3', null, 1, '5.00')],
    });
    expect(await drift()).toEqual([]);
    await rt.db.unifiedOrderItem.updateMany({
      where: { externalItemId: '3', order: { externalOrderId: 'RT1', connectionId: target.connectionId } },
      data: { totalPrice: '15.00', quantity: 2 },
    });
    expect(await drift()).toEqual([]);
    // the refund not given, a rate that arrives late, back to delivered, returned again, deleted
    await write({
      status: 'RETURNED',
      refundedAmount: null,
      currency: 'EUR',
      items: [line('1', 'SKU-R', 2, '20.00'), line('3', null, 2, '15.00')],
    });
    expect(await drift()).toEqual([]);
    await rt.db.unifiedOrder.updateMany({
      where: { externalOrderId: 'RT1', connectionId: target.connectionId },
      data: { fxRateToUSD: '1.10', refundedAmount: '35.00' },
    });
    expect(await drift()).toEqual([]);
    await write({
      status: 'DELIVERED',
      refundedAmount: null,
      items: [line('1', 'SKU-R', 2, '20.00'), line('3', null, 2, '15.00')],
    });
    expect(await drift()).toEqual([]);
    expect(await returned()).toMatchObject({ _sum: { returnedUnits: 0, returnedOrders: 0 } });
    await write({
      status: 'RETURNED',
      refundedAmount: '35.00',
      items: [line('1', 'SKU-R', 2, '20.00'), line('3', null, 2, '15.00')],
    });
    expect(await drift()).toEqual([]);
    await rt.db.unifiedOrder.deleteMany({ where: { externalOrderId: 'RT1', connectionId: target.connectionId } });
    expect(await drift()).toEqual([]);
  });

  it('writes an order read twice in one batch once, at its latest version, and a line given twice once', async () => {
    const target = { userId: B, connectionId: 'conn-b-lines', marketplace: 'ETSY' as const, timeZone: 'UTC' };
    const first = order('D1', '2026-11-07T10:00:00Z', 'CONFIRMED', '12.00', 1);
    const second = {
      ...first,
      status: 'SHIPPED' as const,
      totalAmount: '14.00',
      sourceUpdatedAt: new Date('2026-11-08T10:00:00Z'),
      items: [first.items[0]!, { ...first.items[0]!, quantity: 9 }],
    };
    expect(await pgTransaction(rt.db, (c) => writeOrders(c, target, [first, second, { ...first }]))).toBe(1);
    const stored = await rt.db.unifiedOrder.findFirstOrThrow({
      where: { userId: B, externalOrderId: 'D1' },
      include: { items: true },
    });
    expect([stored.status, stored.totalAmount.toFixed(2), stored.items.map((i) => i.quantity)]).toEqual([
      'SHIPPED',
      '14.00',
      [1],
    ]);
    expect(await drift()).toEqual([]);
  });

  it('follows a purge of a connection and a seller deleted with everything', async () => {
    const connection = await rt.db.marketplaceConnection.findUniqueOrThrow({ where: { id: 'conn-b-lines' } });
    expect(await disconnectConnection(rt, connection.id, { purge: true })).toMatchObject({ purged: { orders: 2 } });
    expect(await drift()).toEqual([]);
    const c = await rt.db.user.findUniqueOrThrow({ where: { id: 'seller-c' } });
    await rt.db.user.delete({ where: { id: c.id } });
    expect(await rt.db.productSales.count({ where: { userId: c.id } })).toBe(0);
    expect(await drift()).toEqual([]);
  });

  it('splits a period into its whole months and the days around them', () => {
    expect(wholeMonths('2026-09-20', '2026-11-10')).toEqual({ from: '2026-10-01', to: '2026-11-01' });
    expect(wholeMonths('2026-10-01', '2026-10-31')).toEqual({ from: '2026-10-01', to: '2026-11-01' });
    expect(wholeMonths('2026-01-01', '2026-12-04')).toEqual({ from: '2026-01-01', to: '2026-12-01' });
    expect(wholeMonths('2026-10-02', '2026-10-31')).toEqual({ from: '2026-11-01', to: '2026-11-01' });
    expect(wholeMonths('2026-02-01', '2026-02-27')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(wholeMonths('2025-12-31', '2026-01-01')).toEqual({ from: '2026-01-02', to: '2026-01-02' });
  });

  it('answers the same from the rollup as from the orders when the tenant is in another zone than the one stored', async () => {
    const period = { kind: 'last_n_days' as const, days: 60 };
    const answers = () =>
      Promise.all([
        getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, { period, groupBy: 'day' }),
        getSalesTrend(tenantDb(rt.db, sellerA.userId), sellerA, { period, interval: 'week' }),
        getReturnRates(tenantDb(rt.db, sellerA.userId), sellerA, { period }),
        getTopProducts(tenantDb(rt.db, sellerA.userId), sellerA, { period, rankBy: 'units', limit: 10 }),
        getTopProducts(tenantDb(rt.db, sellerA.userId), sellerA, {
          period: { kind: 'between', from: '2026-09-20', to: '2026-11-10' },
          marketplaces: ['FLIPKART', 'SHOPIFY'],
          rankBy: 'revenue',
          limit: 10,
        }),
      ]);
    const fromRollup = await answers();
    // the stored zone moves away: the same tenant now reads the orders themselves
    await rt.db.user.update({ where: { id: A }, data: { timeZone: 'UTC' } });
    const fromOrders = await answers();
    await rt.db.user.update({ where: { id: A }, data: { timeZone: 'Asia/Kolkata' } });
    expect(fromRollup[0].totals.orders).toBeGreaterThan(0);
    expect(fromRollup[3].products.length).toBeGreaterThan(2);
    expect(fromOrders).toEqual(fromRollup);
  });
});
