import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { ebayConnector } from '../../src/marketplaces/ebay/index.ts';
import { inventoryItemSchema, offersPageSchema, orderSchema } from '../../src/marketplaces/ebay/schemas.ts';
import { EBAY_STATUS, EBAY_STATUS_FALLBACK, ebayRawStatus, toUnifiedOrder, toUnifiedProduct } from '../../src/marketplaces/ebay/to-unified.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { renderOrder } from '../../src/sandbox/ebay/render-order.ts';
import { NOW, contextFor, useSandbox, walk, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const DAY = 86_400_000;
const LONG_AGO = new Date(NOW.getTime() - 400 * DAY);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/ebay/${name}.json`, import.meta.url), 'utf8'));
const order = (name = 'order') => orderSchema.parse(fixture(name));

describe('eBay to-unified', () => {
  it('maps the reference order (lineItemCost is unit price × quantity)', () => {
    const unknown: string[] = [];
    expect(toUnifiedOrder(order(), unknown)).toEqual({
      externalOrderId: '03-14798-73169',
      orderNumber: '17600',
      orderDate: new Date('2026-06-18T13:27:24.000Z'),
      status: 'PROCESSING',
      marketplaceStatus: 'NOT_STARTED/PAID',
      totalAmount: '145.00',
      currency: 'USD',
      subtotalAmount: '145.00',
      taxAmount: '0.00',
      shippingAmount: '0.00',
      discountAmount: '0.00',
      refundedAmount: '0.00',
      customerName: 'Chris Tran',
      customerEmail: null,
      sourceUpdatedAt: new Date('2026-06-18T13:28:24.000Z'),
      cancelledAt: null,
      items: [
        { externalItemId: '10082609613103', externalProductId: '267452304881', externalVariantId: null, sku: 'WB-9321-72', title: 'IBM 46X2478 LTO Ultrium 5-H SAS Internal Tape Drive', quantity: 1, unitPrice: '120.00', totalPrice: '120.00' },
        { externalItemId: '10082609613104', externalProductId: '267452304882', externalVariantId: '5000123', sku: 'CABLE-SAS-1M', title: 'Mini-SAS cable 1m', quantity: 2, unitPrice: '12.50', totalPrice: '25.00' },
      ],
    });
    expect(unknown).toEqual([]);
  });

  it('maps tax, a negative priceDiscount and refunds (pending counted, failed not)', () => {
    const row = toUnifiedOrder(order('order-returned'), []);
    expect(row).toMatchObject({
      status: 'RETURNED',
      marketplaceStatus: 'FULFILLED/PARTIALLY_REFUNDED',
      totalAmount: '66.82',
      subtotalAmount: '60.00',
      taxAmount: '4.32',
      shippingAmount: '8.50',
      discountAmount: '6.00',
      refundedAmount: '66.82',
      customerName: 'Dana Whitfield',
      customerEmail: '4f1a9c0b2e7d@members.ebay.com',
      cancelledAt: null,
    });
    expect(row.items).toEqual([
      { externalItemId: '10091127730201', externalProductId: '267501938210', externalVariantId: '610044871', sku: 'TEE-ORG-M', title: 'Organic Cotton T-Shirt - M', quantity: 3, unitPrice: '20.00', totalPrice: '60.00' },
    ]);
    expect(new Decimal(row.subtotalAmount!).plus(row.shippingAmount!).plus(row.taxAmount!).minus(row.discountAmount!).toFixed(2)).toBe(row.totalAmount);
  });

  it.each(Object.entries(EBAY_STATUS))('maps %s to %s', (raw, status) => {
    const base = order();
    const [fulfillment, payment] = raw.split('/');
    const cancelled = raw === 'CANCELED';
    const input = {
      ...base,
      orderFulfillmentStatus: cancelled ? 'NOT_STARTED' : fulfillment!,
      orderPaymentStatus: cancelled ? 'FULLY_REFUNDED' : payment!,
      cancelStatus: cancelled ? { cancelState: 'CANCELED', cancelledDate: '2026-06-19T08:00:00.000Z' } : base.cancelStatus,
    };
    const unknown: string[] = [];
    const row = toUnifiedOrder(input, unknown);
    expect(row.status).toBe(status);
    expect(row.marketplaceStatus).toBe(raw);
    expect(row.cancelledAt).toEqual(cancelled ? new Date('2026-06-19T08:00:00.000Z') : null);
    expect(unknown).toEqual([]);
  });

  it('reads a pending cancel request from the other fields, and reports unknown combinations', () => {
    const pendingCancel = { ...order(), orderFulfillmentStatus: 'FULFILLED', cancelStatus: { cancelState: 'IN_PROGRESS' } };
    expect(toUnifiedOrder(pendingCancel, []).status).toBe('SHIPPED');
    const unknown: string[] = [];
    const row = toUnifiedOrder({ ...order(), orderFulfillmentStatus: 'IN_PROGRESS', orderPaymentStatus: 'PARTIALLY_REFUNDED' }, unknown);
    expect(row.status).toBe(EBAY_STATUS_FALLBACK);
    expect(row.marketplaceStatus).toBe('IN_PROGRESS/PARTIALLY_REFUNDED');
    expect(unknown).toEqual(['IN_PROGRESS/PARTIALLY_REFUNDED']);
  });

  it('rejects an order whose amounts mix currencies', () => {
    const base = order();
    const mixed = { ...base, pricingSummary: { ...base.pricingSummary, deliveryCost: { value: '1.0', currency: 'GBP' } } };
    expect(() => toUnifiedOrder(mixed, [])).toThrow(/GBP/);
  });

  it('maps an inventory item with its offer, one row per SKU', () => {
    const item = inventoryItemSchema.parse(fixture('inventory-item'));
    const [offer] = offersPageSchema.parse(fixture('offers')).offers;
    expect(toUnifiedProduct(item, offer!)).toEqual({
      externalProductId: '5005317010', // the offer id: a SKU is unique only within one eBay account
      parentListingId: '267452304881',
      sku: 'WB-9321-72',
      title: 'IBM 46X2478 LTO Ultrium 5-H SAS Internal Tape Drive',
      variantTitle: null,
      price: '120.00',
      currency: 'USD',
      inventoryQuantity: 3,
      status: 'ACTIVE',
      sourceUpdatedAt: null,
    });
    expect(toUnifiedProduct(item, null)).toMatchObject({ parentListingId: null, price: null, currency: null, status: null });
  });
});

describe('eBay connector against the sandbox', () => {
  const sandbox = useSandbox('ebay', { orders: 3000, seed: 7 });
  const idsOf = (rows: UnifiedOrderRow[]) => rows.map((r) => r.externalOrderId);
  const expectedIds = (key: string, from: Date | null, now: Date) => {
    const store = sandbox().data.store(key);
    return Array.from(store.updatedBetween(from, null, now), (i) => store.order(i, now)!.id);
  };

  it('renders every raw status of the table somewhere in the generated orders', () => {
    const seen = new Set<string>();
    for (const store of sandbox().data.storesOf('ebay')) {
      for (let i = 0; i < store.orderCount; i++) {
        // just placed (PENDING), half a day later (mostly PROCESSING), and now
        const placed = store.createdAt(i).getTime();
        for (const at of [placed, placed + DAY / 2, NOW.getTime()]) {
          const o = store.order(i, new Date(at));
          if (o) seen.add(ebayRawStatus(orderSchema.parse(renderOrder(o, sandbox().url))));
        }
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(EBAY_STATUS).sort());
  });

  it('answers eBay 400s for limit > 200, a range over 90 days and an unencoded filter', async () => {
    const get = async (query: string) => {
      const res = await fetch(`${sandbox().url}/sell/fulfillment/v1/order?${query}`, { headers: { authorization: `Bearer ${contextFor(sandbox(), 'ebay-us').accessToken}` } });
      return { status: res.status, body: (await res.json()) as { errors: { errorId: number }[] } };
    };
    expect(await get('limit=201')).toMatchObject({ status: 400, body: { errors: [{ errorId: 30700 }] } });
    const long = encodeURIComponent('lastmodifieddate:[2026-01-01T00:00:00.000Z..2026-06-01T00:00:00.000Z]');
    expect(await get(`filter=${long}`)).toMatchObject({ status: 400, body: { errors: [{ errorId: 30600 }] } });
    expect((await get('filter=lastmodifieddate:[2026-10-01T00:00:00.000Z..]')).status).toBe(400);
  });

  it('pages through every order exactly once and stops', async () => {
    const from = new Date(NOW.getTime() - 60 * DAY);
    const expected = expectedIds('ebay-us', from, NOW);
    expect(expected.length).toBeGreaterThan(60);
    const ctx = contextFor(sandbox(), 'ebay-us');
    const updatedTo = new Date(NOW.getTime() + 1);
    const walked = await walk((cursor) => ebayConnector.fetchOrders(ctx, { updatedFrom: from, updatedTo, cursor, pageSize: 25 }));
    expect(walked.pages).toBe(Math.ceil(expected.length / 25));
    expect(new Set(idsOf(walked.records)).size).toBe(walked.records.length);
    expect(idsOf(walked.records).sort()).toEqual([...expected].sort());
  });

  it('fetches only orders changed since the last sync, status changes included', async () => {
    await sandbox().control('/clock', { advanceMs: 3 * DAY });
    const now = new Date(NOW.getTime() + 3 * DAY);
    const expected = expectedIds('ebay-us', NOW, now);
    const walked = await walkOrders(ebayConnector, contextFor(sandbox(), 'ebay-us'), NOW, 50);
    expect(idsOf(walked.records).sort()).toEqual([...expected].sort());
    expect(walked.records.some((r) => r.orderDate < NOW)).toBe(true);
    expect(walked.records.every((r) => r.sourceUpdatedAt >= NOW && r.sourceUpdatedAt <= now)).toBe(true);
  });

  it('waits out 429s as Retry-After asks and loses nothing', async () => {
    await sandbox().control('/faults', { rateLimitNext: 2 });
    const from = new Date(NOW.getTime() - 30 * DAY);
    const started = Date.now();
    const walked = await walkOrders(ebayConnector, contextFor(sandbox(), 'ebay-us'), from, 20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(idsOf(walked.records).sort()).toEqual(expectedIds('ebay-us', from, NOW).sort());
  });

  it('retries 5xx answers', async () => {
    await sandbox().control('/faults', { failNext: 2 });
    const walked = await walkOrders(ebayConnector, contextFor(sandbox(), 'ebay-uk'), LONG_AGO);
    expect(walked.records).toHaveLength(expectedIds('ebay-uk', null, NOW).length);
  });

  it('skips malformed orders with their ids and keeps the rest', async () => {
    await sandbox().control('/faults', { malformedRate: 0.05 });
    const store = sandbox().data.store('ebay-us');
    const all = Array.from(store.updatedBetween(null, null, NOW), (i) => store.order(i, NOW, 0.05)!);
    const broken = all.filter((o) => o.malformed).map((o) => o.id);
    expect(broken.length).toBeGreaterThan(0);
    const walked = await walkOrders(ebayConnector, contextFor(sandbox(), 'ebay-us'), LONG_AGO, 100);
    expect(walked.skipped.map((s) => s.id).sort()).toEqual([...broken].sort());
    expect(walked.skipped.every((s) => s.reason.includes('decimal string'))).toBe(true);
    expect(idsOf(walked.records).sort()).toEqual(all.filter((o) => !o.malformed).map((o) => o.id).sort());
  });

  it('throws AuthError when the token has expired', async () => {
    const ctx = contextFor(sandbox(), 'ebay-uk');
    await sandbox().control('/tokens/expire', { token: ctx.accessToken });
    await expect(ebayConnector.fetchOrders(ctx, { updatedFrom: LONG_AGO })).rejects.toBeInstanceOf(AuthError);
    await expect(ebayConnector.fetchProducts(ctx, {})).rejects.toBeInstanceOf(AuthError);
  });

  it.each(['ebay-us', 'ebay-uk'])('a full walk of %s equals the truth', async (key) => {
    const truth = sandbox().data.store(key).truth(NOW);
    const ctx = contextFor(sandbox(), key);
    const orders = await walkOrders(ebayConnector, ctx, LONG_AGO);
    expect(orders.skipped).toEqual([]);
    expect(orders.unknownStatuses).toEqual([]);
    expect(new Set(idsOf(orders.records)).size).toBe(orders.records.length);
    expect(orders.records).toHaveLength(truth.orders);
    const totals: Record<string, Decimal> = {};
    for (const r of orders.records) totals[r.currency] = (totals[r.currency] ?? new Decimal(0)).plus(r.totalAmount);
    expect(Object.fromEntries(Object.entries(totals).map(([c, v]) => [c, v.toFixed(2)]))).toEqual(truth.totals);
    const byStatus: Record<string, number> = {};
    for (const r of orders.records) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    // getOrders has no delivered signal: DELIVERED orders come back SHIPPED
    const { DELIVERED, SHIPPED, ...rest } = truth.byStatus;
    const expected = Object.fromEntries(Object.entries({ ...rest, SHIPPED: SHIPPED + DELIVERED }).filter(([, n]) => n > 0));
    expect(byStatus).toEqual(expected);

    const products = await walkProducts(ebayConnector, ctx, 7);
    expect(products.records).toHaveLength(truth.products);
    expect(new Set(products.records.map((p) => p.externalProductId)).size).toBe(truth.products);
    expect(products.pages).toBe(Math.ceil(truth.products / 7));
    expect(products.records.every((p) => p.price !== null && p.parentListingId !== null && p.currency === sandbox().data.store(key).spec.currency)).toBe(true);
  });
});
