import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pgTransaction } from '../../src/db/client.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import type { Runtime } from '../../src/runtime.ts';
import { writeOrders, type WriteTarget } from '../../src/sync/write-orders.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';

/** The sync writer sends orders and lines as column arrays: any text must come back as it went. */

const AWKWARD = ['say "hi"', 'back\\slash', '{braces}, commas', 'NULL', '', 'two\nlines', 'tab\there', 'ünïcödé ₹ 日本 🎉', "it's"];

function line(id: string, over: Partial<UnifiedOrderItemRow> = {}): UnifiedOrderItemRow {
  return { externalItemId: id, externalProductId: null, externalVariantId: null, sku: null, title: `line ${id}`, quantity: 1, unitPrice: '1.0000', totalPrice: '1.0000', ...over };
}

function order(id: string, over: Partial<UnifiedOrderRow> = {}): UnifiedOrderRow {
  return {
    externalOrderId: id, orderNumber: `#${id}`, orderDate: new Date('2026-10-01T10:00:00.123Z'), status: 'DELIVERED', marketplaceStatus: 'paid/delivered',
    totalAmount: '12345678901234.5678', currency: 'USD', subtotalAmount: '0.0001', taxAmount: null, shippingAmount: '-3.5000', discountAmount: null,
    refundedAmount: null, customerName: null, customerEmail: null, sourceUpdatedAt: new Date('2026-10-02T00:00:00.999Z'), cancelledAt: null, items: [line('1')],
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
    const connection = await rt.db.marketplaceConnection.create({ data: { userId: user.id, marketplace: 'SHOPIFY', storeId: 'w.myshopify.com' } });
    target = { userId: user.id, connectionId: connection.id, marketplace: 'SHOPIFY', timeZone: 'UTC' };
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('keeps every text, null, amount and instant exactly as given', async () => {
    const orders = AWKWARD.map((text, n) =>
      order(`A${n}`, { orderNumber: text, marketplaceStatus: text, customerName: text, customerEmail: n % 2 ? null : text, items: [line('1', { title: text, sku: text || null })] }),
    );
    expect(await pgTransaction(rt.db, (c) => writeOrders(c, target, orders))).toBe(AWKWARD.length);
    const stored = await rt.db.unifiedOrder.findMany({ where: { userId: target.userId, externalOrderId: { startsWith: 'A' } }, include: { items: true }, orderBy: { externalOrderId: 'asc' } });
    expect(stored.map((o) => [o.orderNumber, o.marketplaceStatus, o.customerName, o.customerEmail, o.items[0]!.title, o.items[0]!.sku])).toEqual(
      AWKWARD.map((text, n) => [text, text, text, n % 2 ? null : text, text, text || null]),
    );
    const first = stored[0]!;
    expect([first.totalAmount.toFixed(4), first.subtotalAmount?.toFixed(4), first.shippingAmount?.toFixed(4), first.taxAmount]).toEqual(['12345678901234.5678', '0.0001', '-3.5000', null]);
    expect([first.orderDate.toISOString(), first.sourceUpdatedAt?.toISOString(), first.cancelledAt]).toEqual(['2026-10-01T10:00:00.123Z', '2026-10-02T00:00:00.999Z', null]);
  });

  it('links each line to its product by variant id, then listing id, then SKU within the connection', async () => {
    const product = (externalProductId: string, sku: string | null) =>
      rt.db.unifiedProduct.create({ data: { userId: target.userId, connectionId: target.connectionId, marketplace: 'SHOPIFY', externalProductId, sku, title: externalProductId } });
    const variant = await product('gid://Variant/1', 'SKU-V');
    const listing = await product('gid://Product/2', null);
    const bySku = await product('gid://Variant/3', 'SKU-3');
    const orders = [
      order('L1', { items: [line('1', { externalVariantId: 'gid://Variant/1', externalProductId: 'gid://Product/2', sku: 'SKU-3' }), line('2', { externalProductId: 'gid://Product/2' })] }),
      order('L2', { items: [line('1', { sku: 'SKU-3' }), line('2', { externalVariantId: 'gid://Variant/1' }), line('3', { sku: 'NO-SUCH-SKU' }), line('4')] }),
    ];
    await pgTransaction(rt.db, (c) => writeOrders(c, target, orders));
    const items = await rt.db.unifiedOrderItem.findMany({ where: { order: { userId: target.userId, externalOrderId: { in: ['L1', 'L2'] } } }, include: { order: true } });
    const productOf = Object.fromEntries(items.map((i) => [`${i.order.externalOrderId}/${i.externalItemId}`, i.productId]));
    expect(productOf).toEqual({ 'L1/1': variant.id, 'L1/2': listing.id, 'L2/1': bySku.id, 'L2/2': variant.id, 'L2/3': null, 'L2/4': null });
  });
});
