import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { flipkartConnector } from '../../src/marketplaces/flipkart/index.ts';
import { listingSchema, listingSearchPageSchema, shipmentSchema, shipmentsPageSchema, type RawShipment } from '../../src/marketplaces/flipkart/schemas.ts';
import { listingToProduct, shipmentsToOrders, STATUS_TABLE } from '../../src/marketplaces/flipkart/to-unified.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { contextFor, NOW, useSandbox, walk, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/flipkart/${name}.json`, import.meta.url), 'utf8'));
const shipmentsOf = (name: string): RawShipment[] => shipmentsPageSchema.parse(fixture(name)).shipments.map((s) => shipmentSchema.parse(s));
const LONG_AGO = new Date('2020-01-01T00:00:00Z');
const DAY = 86_400_000;

describe('flipkart to-unified', () => {
  it('maps the documented example shipment (REFERENCE 4.7) to one order', () => {
    const unknown: string[] = [];
    const [order, ...rest] = shipmentsToOrders(shipmentsOf('shipments-page'), unknown);
    expect(rest).toHaveLength(0);
    expect(unknown).toEqual([]);
    expect(order).toEqual({
      externalOrderId: 'OD108833803073636000',
      orderNumber: 'OD108833803073636000',
      orderDate: new Date('2017-04-06T12:45:57.000Z'),
      status: 'PENDING',
      marketplaceStatus: 'APPROVED',
      totalAmount: '885',
      currency: 'INR',
      subtotalAmount: '885',
      taxAmount: null,
      shippingAmount: '0',
      discountAmount: '0',
      refundedAmount: null,
      customerName: null,
      customerEmail: null,
      sourceUpdatedAt: new Date('2017-04-06T12:47:01.000Z'),
      cancelledAt: null,
      items: [
        { externalItemId: '1883380307363600', externalProductId: 'LSTDIAE777EDCWNZSPZQMLAT0', externalVariantId: 'DIAE777EDCWNZSPZ', sku: 'LKA041150', title: 'Lokalart Pocket-size Journal Yellow LKA041150', quantity: 1, unitPrice: '295', totalPrice: '295' },
        { externalItemId: '1883380307363601', externalProductId: 'LSTDIAE777EDCWNZSQAXXXXX0', externalVariantId: 'DIAE777EDCWNZSQA', sku: 'LKA041151', title: 'Lokalart Pocket-size Journal Blue LKA041151', quantity: 2, unitPrice: '295', totalPrice: '590' },
      ],
    } satisfies UnifiedOrderRow);
  });

  it('merges an order split over two shipments and maps a cancelled one', () => {
    const [split, cancelled] = shipmentsToOrders(shipmentsOf('split-and-cancelled'), []);
    expect(split).toMatchObject({
      externalOrderId: 'OD108833803073637000',
      orderDate: new Date('2017-04-08T03:29:30.000Z'),
      // the least advanced live item: one item shipped, the other delivered
      status: 'SHIPPED',
      marketplaceStatus: 'SHIPPED',
      subtotalAmount: '1890',
      shippingAmount: '40',
      discountAmount: '60',
      totalAmount: '1930',
      sourceUpdatedAt: new Date('2017-04-10T11:00:00.000Z'),
      cancelledAt: null,
    });
    expect(split!.items.map((i) => [i.externalItemId, i.quantity, i.unitPrice, i.totalPrice])).toEqual([
      ['1883380307363700', 2, '295.5', '591'],
      ['1883380307363701', 1, '1299', '1299'],
    ]);
    expect(cancelled).toMatchObject({
      externalOrderId: 'OD108833803073638000',
      status: 'CANCELLED',
      marketplaceStatus: 'CANCELLED',
      totalAmount: '389',
      cancelledAt: new Date('2017-04-08T14:35:00.000Z'),
    });
    expect(cancelled!.items[0]).toMatchObject({ externalProductId: null, externalVariantId: null, sku: 'LKA041152' });
  });

  it('maps every raw status of the table, and an unknown one to the PROCESSING fallback', () => {
    expect(STATUS_TABLE).toEqual({
      APPROVED: 'PENDING',
      PACKING_IN_PROGRESS: 'PROCESSING',
      FORM_FAILED: 'PROCESSING',
      PACKED: 'PROCESSING',
      READY_TO_DISPATCH: 'PROCESSING',
      PICKUP_COMPLETE: 'SHIPPED',
      SHIPPED: 'SHIPPED',
      DELIVERED: 'DELIVERED',
      COMPLETED: 'DELIVERED',
      RETURN_REQUESTED: 'RETURNED',
      RETURNED: 'RETURNED',
      CANCELLED: 'CANCELLED',
    });
    const [base] = shipmentsOf('shipments-page');
    const withStatus = (status: string): RawShipment => ({ ...base!, orderItems: base!.orderItems.map((item) => ({ ...item, status })) });
    for (const [raw, unified] of Object.entries({ ...STATUS_TABLE, HANDED_OVER_TO_COURIER: 'PROCESSING' })) {
      const unknown: string[] = [];
      const [order] = shipmentsToOrders([withStatus(raw)], unknown);
      expect([raw, order!.status, order!.marketplaceStatus]).toEqual([raw, unified, raw]);
      expect(unknown).toEqual(raw in STATUS_TABLE ? [] : [raw]);
    }
  });

  it('maps the documented example listing (REFERENCE 4.8) to a product row', () => {
    const [ref] = listingSearchPageSchema.parse(fixture('listing-search')).listings;
    const details = fixture('listing-details') as { available: Record<string, unknown> };
    expect(listingToProduct(ref!, listingSchema.parse(details.available.LKA041150))).toEqual({
      externalProductId: 'LKA041150',
      parentListingId: 'LSTDIAE777EDCWNZSPZQMLAT0',
      sku: 'LKA041150',
      title: 'LKA041150',
      variantTitle: null,
      price: '295',
      currency: 'INR',
      inventoryQuantity: 25,
      status: 'ACTIVE',
      sourceUpdatedAt: null,
    });
  });
});

describe('flipkart connector against the sandbox', () => {
  const sandbox = useSandbox('flipkart', { orders: 8000, seed: 7 });
  const store = () => sandbox().data.store('flipkart');
  const ids = (orders: readonly UnifiedOrderRow[]) => orders.map((o) => o.externalOrderId);

  it('answers bad searches with 400 and a missing token with 401', async () => {
    const post = (body: unknown, token: string | null = store().spec.token) =>
      fetch(`${sandbox().url}/sellers/v3/shipments/filter/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify(body),
      });
    expect((await post({ filter: { type: 'preDispatch' } })).status).toBe(400);
    expect((await post({ filter: { type: 'postDispatch', states: ['APPROVED'] } })).status).toBe(400);
    expect((await post({ filter: { type: 'cancelled' } })).status).toBe(400);
    expect((await post({ filter: { type: 'preDispatch', states: ['APPROVED'] }, pagination: { pageSize: 21 } })).status).toBe(400);
    expect((await post({ filter: { type: 'preDispatch', states: ['APPROVED'] } }, null)).status).toBe(401);
    const ok = await post({ filter: { type: 'postDispatch', states: ['DELIVERED'] }, pagination: { pageSize: 5 } });
    const body = (await ok.json()) as { hasMore: boolean; nextPageUrl: string; shipments: { updatedAt: string }[] };
    expect(body.hasMore).toBe(true);
    expect(body.nextPageUrl).toMatch(/^\/v3\/shipments\/filter\/\?next_token=/);
    expect(body.shipments[0]!.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:30$/);
  });

  it('walks every order exactly once with small pages, then stops', async () => {
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO, 3);
    const truth = store().truth(NOW);
    expect(new Set(ids(result.records)).size).toBe(result.records.length);
    expect(result.records).toHaveLength(truth.orders);
    expect(result.pages).toBeGreaterThan(truth.orders / 3);
    // the sandbox renders every raw status of the table across the generated orders
    expect(new Set(result.records.map((o) => o.marketplaceStatus))).toEqual(new Set(Object.keys(STATUS_TABLE)));
  });

  it('fetches only the orders changed since the last sync, status changes included', async () => {
    const later = new Date(NOW.getTime() + DAY);
    await sandbox().control('/clock', { advanceMs: DAY });
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), NOW);
    const expected = [...store().updatedBetween(NOW, null, later)].map((i) => store().order(i, later)!);
    expect(new Set(ids(result.records))).toEqual(new Set(expected.map((o) => o.id)));
    expect(result.records).toHaveLength(expected.length);
    expect(expected.some((o) => o.createdAt < NOW)).toBe(true);
  });

  it('waits out 429s as Retry-After asks and loses nothing', async () => {
    await sandbox().control('/faults', { rateLimitNext: 2 });
    const started = Date.now();
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(new Set(ids(result.records)).size).toBe(store().truth(NOW).orders);
  });

  it('skips malformed orders with their ids and keeps every other order', async () => {
    await sandbox().control('/faults', { malformedRate: 0.05 });
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO);
    const all = [...store().updatedBetween(null, null, NOW)].map((i) => sandbox().state.order(store(), i)!);
    const malformed = all.filter((o) => o.malformed).map((o) => o.id);
    expect(malformed.length).toBeGreaterThan(0);
    expect(result.skipped.map((s) => s.id).sort()).toEqual(malformed.sort());
    expect(result.skipped.every((s) => s.reason.length > 0)).toBe(true);
    expect(new Set(ids(result.records))).toEqual(new Set(all.filter((o) => !o.malformed).map((o) => o.id)));
  });

  it('throws AuthError once the token has expired', async () => {
    await sandbox().control('/tokens/expire', { token: store().spec.token });
    await expect(flipkartConnector.fetchOrders(contextFor(sandbox(), 'flipkart'), { updatedFrom: LONG_AGO })).rejects.toBeInstanceOf(AuthError);
    await expect(flipkartConnector.fetchProducts(contextFor(sandbox(), 'flipkart'), {})).rejects.toBeInstanceOf(AuthError);
  });

  it('agrees with the sandbox truth: orders, INR total to the paisa, statuses, products', async () => {
    const ctx = contextFor(sandbox(), 'flipkart');
    const truth = store().truth(NOW);
    const orders = await walkOrders(flipkartConnector, ctx, LONG_AGO);
    expect(orders.skipped).toEqual([]);
    expect(orders.unknownStatuses).toEqual([]);
    expect(new Set(ids(orders.records)).size).toBe(truth.orders);
    expect(orders.records).toHaveLength(truth.orders);
    const total = orders.records.reduce((sum, o) => sum.plus(o.totalAmount), new Decimal(0));
    expect(total.toFixed(2)).toBe(truth.totals.INR);
    expect(orders.records.every((o) => o.currency === 'INR')).toBe(true);
    // Flipkart has no refund status: orders refunded before dispatch show as CANCELLED
    const { REFUNDED, CANCELLED, ...rest } = truth.byStatus;
    const byStatus: Record<string, number> = { ...rest, CANCELLED: CANCELLED + REFUNDED };
    const seen: Record<string, number> = Object.fromEntries(Object.keys(byStatus).map((s) => [s, 0]));
    for (const o of orders.records) seen[o.status] = (seen[o.status] ?? 0) + 1;
    expect(seen).toEqual(byStatus);

    const products = await walkProducts(flipkartConnector, ctx, 7);
    expect(products.skipped).toEqual([]);
    expect(products.records).toHaveLength(truth.products);
    expect(new Set(products.records.map((p) => p.externalProductId))).toEqual(new Set(store().products(NOW).map((c) => c.sku)));
    expect(products.records.some((p) => p.status === 'INACTIVE')).toBe(true);
  });

  it('answers the raw walk with some orders split over two shipments, kept on one page', async () => {
    const ctx = contextFor(sandbox(), 'flipkart');
    let split = 0;
    const raw = await walk(async (cursor) => {
      const res = await fetch(cursor ? `${sandbox().url}/sellers${cursor}` : `${sandbox().url}/sellers/v3/shipments/filter/`, cursor
        ? { headers: { authorization: `Bearer ${ctx.accessToken}` } }
        : { method: 'POST', headers: { authorization: `Bearer ${ctx.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ filter: { type: 'postDispatch', states: ['DELIVERED', 'COMPLETED'] }, pagination: { pageSize: 4 } }) });
      const page = shipmentsPageSchema.parse(await res.json());
      const orderIds = page.shipments.map((s) => shipmentSchema.parse(s).orderItems[0]!.orderId);
      split += orderIds.length - new Set(orderIds).size;
      return { records: orderIds, skipped: [], unknownStatuses: [], next: page.hasMore ? page.nextPageUrl! : null };
    });
    expect(split).toBeGreaterThan(0);
    expect(raw.records.length - split).toBe(new Set(raw.records).size);
  });
});
