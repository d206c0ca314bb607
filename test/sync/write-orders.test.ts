import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pgTransaction } from '../../src/db/client.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedReturnRow } from '../../src/marketplaces/types.ts';
import type { Runtime } from '../../src/runtime.ts';
import { writeOrders } from '../../src/sync/write-orders.ts';
import { writeReturns } from '../../src/sync/write-returns.ts';
import type { WriteTarget } from '../../src/sync/write-target.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { rollupDrift } from '../helpers/rollup.ts';
import { syncRuntime } from '../helpers/sync.ts';

/** The sync writer sends orders and lines as column arrays: any text must come back as it went. */

const AWKWARD = [
  'say "hi"',
  'back\\slash',
  '{braces}, commas',
  'NULL',
  '',
  'two\nlines',
  'tab\there',
  'ünïcödé ₹ 日本 🎉',
  "it's",
];

function line(id: string, over: Partial<UnifiedOrderItemRow> = {}): UnifiedOrderItemRow {
  return {
    externalItemId: id,
    externalProductId: null,
    externalVariantId: null,
    sku: null,
    title: `line ${id}`,
    quantity: 1,
    unitPrice: '1.0000',
    totalPrice: '1.0000',
    ...over,
  };
}

function order(id: string, over: Partial<UnifiedOrderRow> = {}): UnifiedOrderRow {
  return {
    externalOrderId: id,
    orderNumber: `#${id}`,
    orderedAt: new Date('2026-10-01T10:00:00.123Z'),
    fulfilledAt: new Date('2026-10-01T18:30:00.456Z'),
    status: 'DELIVERED',
    marketplaceStatus: 'paid/delivered',
    totalAmount: '12345678901234.5678',
    currency: 'USD',
    subtotalAmount: '0.0001',
    taxAmount: null,
    shippingAmount: '-3.5000',
    discountAmount: null,
    refundedAmount: null,
    customerName: null,
    customerEmail: null,
    sourceUpdatedAt: new Date('2026-10-02T00:00:00.999Z'),
    cancelledAt: null,
    items: [line('1')],
    ...over,
  };
}

describe('writeOrders', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let target: WriteTarget;
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    const user = await rt.db.user.create({ data: { name: 'Writer', timeZone: 'UTC' } });
    const connection = await rt.db.marketplaceConnection.create({
      data: { userId: user.id, marketplace: 'SHOPIFY', storeId: 'w.myshopify.com' },
    });
    target = { userId: user.id, connectionId: connection.id, marketplace: 'SHOPIFY', timeZone: 'UTC' };
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('keeps every text, null, amount and instant exactly as given', async () => {
    const orders = AWKWARD.map((text, n) =>
      order(`A${n}`, {
        orderNumber: text,
        marketplaceStatus: text,
        customerName: text,
        customerEmail: n % 2 ? null : text,
        items: [line('1', { title: text, sku: text || null })],
      }),
    );
    expect(await pgTransaction(rt.db, (c) => writeOrders(c, target, orders))).toBe(AWKWARD.length);
    const stored = await rt.db.unifiedOrder.findMany({
      where: { userId: target.userId, externalOrderId: { startsWith: 'A' } },
      include: { items: true },
      orderBy: { externalOrderId: 'asc' },
    });
    expect(
      stored.map((o) => [
        o.orderNumber,
        o.marketplaceStatus,
        o.customerName,
        o.customerEmail,
        o.items[0]!.title,
        o.items[0]!.sku,
      ]),
    ).toEqual(AWKWARD.map((text, n) => [text, text, text, n % 2 ? null : text, text, text || null]));
    const first = stored[0]!;
    expect([
      first.totalAmount.toFixed(4),
      first.subtotalAmount?.toFixed(4),
      first.shippingAmount?.toFixed(4),
      first.taxAmount,
    ]).toEqual(['12345678901234.5678', '0.0001', '-3.5000', null]);
    expect([
      first.orderedAt.toISOString(),
      first.fulfilledAt?.toISOString(),
      first.sourceUpdatedAt?.toISOString(),
      first.cancelledAt,
    ]).toEqual(['2026-10-01T10:00:00.123Z', '2026-10-01T18:30:00.456Z', '2026-10-02T00:00:00.999Z', null]);
    expect([first.itemCount, first.items[0]!.currency]).toEqual([1, 'USD']);
    expect(first.syncedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('links each line to its product by variant id, then listing id, then SKU within the connection', async () => {
    const product = (externalId: string, sku: string | null, connectionId = target.connectionId) =>
      rt.db.unifiedProduct.create({
        data: {
          userId: target.userId,
          connectionId,
          marketplace: 'SHOPIFY',
          externalId,
          sku,
          title: externalId,
          status: 'ACTIVE',
        },
      });
    // the same ids in another store of the seller's are another store's products
    const other = await rt.db.marketplaceConnection.create({
      data: { userId: target.userId, marketplace: 'SHOPIFY', storeId: 'other.myshopify.com' },
    });
    await product('gid://Variant/1', 'SKU-V', other.id);
    await product('gid://Product/2', 'SKU-3', other.id);
    const variant = await product('gid://Variant/1', 'SKU-V');
    const listing = await product('gid://Product/2', null);
    const bySku = await product('gid://Variant/3', 'SKU-3');
    const orders = [
      order('L1', {
        items: [
          line('1', { externalVariantId: 'gid://Variant/1', externalProductId: 'gid://Product/2', sku: 'SKU-3' }),
          line('2', { externalProductId: 'gid://Product/2' }),
        ],
      }),
      order('L2', {
        items: [
          line('1', { sku: 'SKU-3' }),
          line('2', { externalVariantId: 'gid://Variant/1' }),
          line('3', { sku: 'NO-SUCH-SKU' }),
          line('4'),
        ],
      }),
    ];
    await pgTransaction(rt.db, (c) => writeOrders(c, target, orders));
    const items = await rt.db.unifiedOrderItem.findMany({
      where: { order: { userId: target.userId, externalOrderId: { in: ['L1', 'L2'] } } },
      include: { order: true },
    });
    const productOf = Object.fromEntries(
      items.map((i) => [`${i.order.externalOrderId}/${i.externalItemId}`, i.productId]),
    );
    expect(productOf).toEqual({
      'L1/1': variant.id,
      'L1/2': listing.id,
      'L2/1': bySku.id,
      'L2/2': variant.id,
      'L2/3': null,
      'L2/4': null,
    });
    // a line without a SKU takes its product's (Square lines name only the variation), one with a SKU keeps its own
    const skuOf = Object.fromEntries(items.map((i) => [`${i.order.externalOrderId}/${i.externalItemId}`, i.sku]));
    expect(skuOf).toEqual({
      'L1/1': 'SKU-3',
      'L1/2': null,
      'L2/1': 'SKU-3',
      'L2/2': 'SKU-V',
      'L2/3': 'NO-SUCH-SKU',
      'L2/4': null,
    });
  });

  it("keeps two stores' orders apart when their ids are the same (BigCommerce stores all start at 100)", async () => {
    const second = await rt.db.marketplaceConnection.create({
      data: { userId: target.userId, marketplace: 'SHOPIFY', storeId: 'second.myshopify.com' },
    });
    const there = { ...target, connectionId: second.id };
    await pgTransaction(rt.db, (c) => writeOrders(c, target, [order('100', { totalAmount: '10.0000' })]));
    await pgTransaction(rt.db, (c) =>
      writeOrders(c, there, [order('100', { totalAmount: '20.0000', items: [line('1'), line('2')] })]),
    );
    const stored = await rt.db.unifiedOrder.findMany({
      where: { userId: target.userId, externalOrderId: '100' },
      include: { items: true },
      orderBy: { totalAmount: 'asc' },
    });
    expect(stored.map((o) => [o.connectionId, o.totalAmount.toFixed(2), o.items.length])).toEqual([
      [target.connectionId, '10.00', 1],
      [second.id, '20.00', 2],
    ]);
    expect(await rollupDrift(db.url)).toEqual([]);
  });

  describe('returns recorded apart from their sale (Square return orders)', () => {
    const ret = (id: string, sale: string, amount: string, at = '2026-10-05T12:00:00Z'): UnifiedReturnRow => ({
      externalReturnId: id,
      saleExternalOrderId: sale,
      refundedAmount: amount,
      currency: 'USD',
      returnedAt: new Date(at),
      sourceUpdatedAt: new Date(at),
    });
    // as the sync writes a batch: its returns, then its orders
    const write = (orders: UnifiedOrderRow[], returns: UnifiedReturnRow[]) =>
      pgTransaction(rt.db, async (c) => {
        await writeReturns(c, target, returns);
        await writeOrders(c, target, orders);
      });
    const stored = (id: string) =>
      rt.db.unifiedOrderReturn.findFirstOrThrow({ where: { connectionId: target.connectionId, externalReturnId: id } });
    const sale = async (id: string) =>
      rt.db.unifiedOrder.findUniqueOrThrow({
        where: { connectionId_externalOrderId: { connectionId: target.connectionId, externalOrderId: id } },
      });
    const shown = async (id: string) => {
      const o = await sale(id);
      return [o.status, o.refundedAmount?.toFixed(2), o.marketplaceStatus];
    };

    it('makes the sale RETURNED with the sum of its returns, whichever comes first, and keeps it so when the sale is read again', async () => {
      const s1 = order('S1', { totalAmount: '30.0000', refundedAmount: '0', marketplaceStatus: 'COMPLETED' });
      await write([s1], []);
      expect(await shown('S1')).toEqual(['DELIVERED', '0.00', 'COMPLETED']);
      await write([], [ret('R1', 'S1', '10.00')]);
      expect(await shown('S1')).toEqual(['RETURNED', '10.00', 'COMPLETED/RETURN']);
      await write([], [ret('R2', 'S1', '5.00'), ret('R1', 'S1', '10.00')]);
      expect(await shown('S1')).toEqual(['RETURNED', '15.00', 'COMPLETED/RETURN']);
      // the sale read again (the marketplace still says COMPLETED, no refund on it): nothing moves, not even the rollup
      const before = await rt.db.dailySales.findMany({
        where: { userId: target.userId },
        orderBy: [{ day: 'asc' }, { status: 'asc' }],
      });
      await write([{ ...s1, sourceUpdatedAt: new Date('2026-10-06T00:00:00Z') }], []);
      expect(await shown('S1')).toEqual(['RETURNED', '15.00', 'COMPLETED/RETURN']);
      expect(
        await rt.db.dailySales.findMany({
          where: { userId: target.userId },
          orderBy: [{ day: 'asc' }, { status: 'asc' }],
        }),
      ).toEqual(before);
      // a sale and its return in one batch
      await write(
        [order('S4', { totalAmount: '9.0000', refundedAmount: '0', marketplaceStatus: 'COMPLETED' })],
        [ret('R5', 'S4', '9.00')],
      );
      expect(await shown('S4')).toEqual(['RETURNED', '9.00', 'COMPLETED/RETURN']);
      // a return that arrives before its sale
      await write([], [ret('R3', 'S2', '7.50')]);
      await write([order('S2', { totalAmount: '7.5000', refundedAmount: '0', marketplaceStatus: 'COMPLETED' })], []);
      expect(await shown('S2')).toEqual(['RETURNED', '7.50', 'COMPLETED/RETURN']);
      // an older copy of a return does not overwrite the newer one
      await write([], [ret('R3', 'S2', '1.00', '2026-10-01T00:00:00Z')]);
      expect([(await stored('R3')).refundedAmount.toFixed(2), (await stored('R3')).sourceUpdatedAt]).toEqual([
        '7.50',
        new Date('2026-10-05T12:00:00Z'),
      ]);
      expect(await shown('S2')).toEqual(['RETURNED', '7.50', 'COMPLETED/RETURN']);
      expect(await rollupDrift(db.url)).toEqual([]);
    });

    it('leaves a cancelled sale CANCELLED', async () => {
      await write(
        [order('S3', { status: 'CANCELLED', marketplaceStatus: 'CANCELED', refundedAmount: '0' })],
        [ret('R4', 'S3', '3.00')],
      );
      expect((await sale('S3')).status).toBe('CANCELLED');
    });
  });
});
