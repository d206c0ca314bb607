import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { AuthError } from '../../src/marketplaces/http.ts';
import { squareConnector } from '../../src/marketplaces/square/index.ts';
import { CatalogItem, InventoryCountsResponse, Order } from '../../src/marketplaces/square/schemas.ts';
import { inStockByVariation, SQUARE_STATUS, SQUARE_STATUS_FALLBACK, toUnifiedOrder, toUnifiedProducts } from '../../src/marketplaces/square/to-unified.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { idField, validateEach } from '../../src/marketplaces/validate-records.ts';
import type { LifecycleStatus } from '../../src/sandbox/types.ts';
import { contextFor, NOW, silentLog, useSandbox, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/square/${name}.json`, import.meta.url), 'utf8'));
const order = (raw: unknown) => Order.parse(raw);
const LONG_AGO = new Date('2000-01-01T00:00:00Z');
const DAY = 86_400_000;

describe('square to-unified (fixtures)', () => {
  test('the spec example order maps every field', () => {
    const unknown: string[] = [];
    const expected: UnifiedOrderRow = {
      externalOrderId: 'CAISENgvlJ6jLWAzERDzjyHVybY',
      orderNumber: null,
      orderDate: new Date('2020-05-18T16:30:49.614Z'),
      status: 'PENDING',
      marketplaceStatus: 'OPEN',
      totalAmount: '5.5',
      currency: 'USD',
      subtotalAmount: '11',
      taxAmount: '0',
      shippingAmount: '0',
      discountAmount: '5.5',
      refundedAmount: '0',
      customerName: null,
      customerEmail: null,
      sourceUpdatedAt: new Date('2020-05-18T16:30:49.614Z'),
      cancelledAt: null,
      items: [
        { externalItemId: 'ULkg0tQTRK2bkU9fNv3IJD', externalProductId: null, externalVariantId: null, sku: null, title: 'Item 1', quantity: 1, unitPrice: '5', totalPrice: '5' },
        { externalItemId: 'mumY8Nun4BC5aKe2yyx5a', externalProductId: null, externalVariantId: null, sku: null, title: 'Item 2', quantity: 2, unitPrice: '3', totalPrice: '6' },
      ],
    };
    expect(toUnifiedOrder(order(fixture('order')), unknown)).toEqual(expected);
    expect(unknown).toEqual([]);
  });

  test('a shipped and returned order: shipping service charge, live refunds only, recipient', () => {
    const expected: UnifiedOrderRow = {
      externalOrderId: 'CAISEM82RcpmcFBM0TfOyiHV3es',
      orderNumber: '1042',
      orderDate: new Date('2020-05-18T16:30:49.614Z'),
      status: 'RETURNED',
      marketplaceStatus: 'COMPLETED/COMPLETED+RETURN',
      totalAmount: '30.82',
      currency: 'USD',
      subtotalAmount: '22.99',
      taxAmount: '1.84',
      shippingAmount: '5.99',
      discountAmount: '0',
      refundedAmount: '16.19',
      customerName: 'Jaiden Urie',
      customerEmail: 'jaiden.urie@example.com',
      sourceUpdatedAt: new Date('2020-06-02T09:12:03.120Z'),
      cancelledAt: null,
      items: [
        { externalItemId: 'ULkg0tQTRK2bkU9fNv3IJD', externalProductId: null, externalVariantId: 'NS77DKEIQ3AEQTCP727DSA7U', sku: null, title: 'Cocoa - Large', quantity: 2, unitPrice: '4', totalPrice: '8' },
        { externalItemId: 'mumY8Nun4BC5aKe2yyx5a', externalProductId: null, externalVariantId: 'W62UWFY35CWMYGVWK6TWJDNI', sku: null, title: 'Mug', quantity: 1, unitPrice: '14.99', totalPrice: '14.99' },
      ],
    };
    expect(toUnifiedOrder(order(fixture('order-returned')), [])).toEqual(expected);
  });

  test('returned amounts without refunds still count as refunded', () => {
    const raw = { ...(fixture('order-returned') as object), refunds: [] };
    expect(toUnifiedOrder(order(raw), []).refundedAmount).toBe('16.19');
  });

  test('JPY has no minor unit; a cancelled order takes closed_at', () => {
    const row = toUnifiedOrder(order(fixture('order-jpy')), []);
    expect(row).toMatchObject({ totalAmount: '4950', subtotalAmount: '4500', taxAmount: '450', currency: 'JPY', status: 'CANCELLED', marketplaceStatus: 'CANCELED' });
    expect(row.cancelledAt).toEqual(new Date('2025-04-01T05:30:00.000Z'));
    expect(row.items[0]).toMatchObject({ unitPrice: '1500', totalPrice: '4500', quantity: 3, title: 'Matcha - 100g' });
  });

  const EXPECTED_TABLE: [string, string][] = [
    ['DRAFT', 'PENDING'],
    ['DRAFT/PROPOSED', 'PENDING'],
    ['OPEN', 'PENDING'],
    ['OPEN/PROPOSED', 'PENDING'],
    ['OPEN/RESERVED', 'PROCESSING'],
    ['OPEN/PREPARED', 'PROCESSING'],
    ['OPEN/COMPLETED', 'SHIPPED'],
    ['COMPLETED', 'DELIVERED'],
    ['COMPLETED/COMPLETED', 'DELIVERED'],
    ['CANCELED', 'CANCELLED'],
    ['CANCELED/CANCELED', 'CANCELLED'],
    ['CANCELED/FAILED', 'CANCELLED'],
    ['COMPLETED+REFUND', 'REFUNDED'],
    ['COMPLETED/CANCELED+REFUND', 'REFUNDED'],
    ['COMPLETED+RETURN', 'RETURNED'],
    ['COMPLETED/COMPLETED+RETURN', 'RETURNED'],
  ];

  /** the returned fixture reshaped into the raw status `key` */
  function orderWithStatus(key: string) {
    const [, state, fulfillment, extra] = /^(\w+)(?:\/(\w+))?(?:\+(\w+))?$/.exec(key)!;
    const base = fixture('order-returned') as Record<string, unknown> & { fulfillments: object[] };
    return order({
      ...base,
      state,
      fulfillments: fulfillment ? [{ ...base.fulfillments[0], state: fulfillment }] : [],
      refunds: extra ? base.refunds : [],
      return_amounts: extra === 'RETURN' ? base.return_amounts : undefined,
    });
  }

  test('the status table is exactly the documented one', () => {
    expect(Object.entries(SQUARE_STATUS).sort()).toEqual([...EXPECTED_TABLE].sort());
  });

  test.each(EXPECTED_TABLE)('raw %s → %s', (raw, unified) => {
    const unknown: string[] = [];
    const row = toUnifiedOrder(orderWithStatus(raw), unknown);
    expect(row.marketplaceStatus).toBe(raw);
    expect(row.status).toBe(unified);
    expect(unknown).toEqual([]);
  });

  test('an unknown combination falls back to PROCESSING and is reported', () => {
    const unknown: string[] = [];
    const row = toUnifiedOrder(orderWithStatus('OPEN/FAILED'), unknown);
    expect(SQUARE_STATUS_FALLBACK).toBe('PROCESSING');
    expect(row.status).toBe('PROCESSING');
    expect(unknown).toEqual(['OPEN/FAILED']);
  });

  test('a malformed order is skipped with its id and the reason', () => {
    const good = fixture('order');
    const bad = { ...(fixture('order-jpy') as object), total_money: { amount: '49.50', currency: 'JPY' } };
    const { valid, skipped } = validateEach([good, bad], Order, idField('id'), silentLog, 'square order');
    expect(valid).toHaveLength(1);
    expect(skipped).toEqual([{ id: 'JPYx1vssLHKJrv9H0IdJCM3gNqf', reason: expect.stringContaining('total_money.amount') }]);
  });

  test('catalog ITEM → one row per variation, IN_STOCK summed over locations', () => {
    const inventory = inStockByVariation(InventoryCountsResponse.parse(fixture('inventory-counts')).counts);
    const rows = toUnifiedProducts(CatalogItem.parse(fixture('catalog-item')), inventory);
    const common = { parentListingId: 'R2TA2FOBUGCJZNIWJSOSNAI4', title: 'Cocoa', status: 'active', sourceUpdatedAt: new Date('2021-06-14T15:51:39.021Z') };
    expect(rows).toEqual([
      { ...common, externalProductId: 'QRT53UP4LITLWGOGBZCUWP63', sku: null, variantTitle: 'Small', price: null, currency: null, inventoryQuantity: 2 },
      { ...common, externalProductId: 'NS77DKEIQ3AEQTCP727DSA7U', sku: 'COCOA-L', variantTitle: 'Large', price: '4', currency: 'USD', inventoryQuantity: 15 },
    ]);
  });
});

describe('square connector against the sandbox', () => {
  const sandbox = useSandbox('square', { orders: 12_500, seed: 7 });
  const connector = squareConnector;
  const ctx = () => contextFor(sandbox(), 'square');
  const store = () => sandbox().data.store('square');
  const idsOf = (indices: Int32Array, at: Date) => [...indices].map((i) => store().order(i, at)!.id).sort();

  test('defaults to the real API host', () => {
    expect(connector.defaultBaseUrl('L8GFZ7X9Q2M1K')).toBe('https://connect.squareup.com');
  });

  test('pagination: every order exactly once, as many pages as the size implies', async () => {
    const expected = idsOf(store().updatedBetween(LONG_AGO, null, NOW), NOW);
    expect(expected.length).toBeGreaterThan(900);
    const result = await walkOrders(connector, ctx(), LONG_AGO, 100);
    const ids = result.records.map((r) => r.externalOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(expected);
    expect(result.pages).toBe(Math.ceil(expected.length / 100));
  });

  test('the sandbox enforces Square’s request rules', async () => {
    const post = async (body: object) => {
      const res = await fetch(`${sandbox().url}/v2/orders/search`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx().accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { errors?: { code: string; field?: string }[] } };
    };
    const location_ids = [ctx().storeId];
    const query = { filter: { date_time_filter: { updated_at: { start_at: LONG_AGO.toISOString() } } }, sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } };
    expect(await post({ location_ids, query, limit: 1001 })).toMatchObject({ status: 400, body: { errors: [{ code: 'VALUE_TOO_HIGH', field: 'limit' }] } });
    expect(await post({ location_ids: Array(11).fill(ctx().storeId), query })).toMatchObject({ status: 400, body: { errors: [{ field: 'location_ids' }] } });
    expect(await post({ location_ids, query: { ...query, sort: { sort_field: 'CREATED_AT' } } })).toMatchObject({ status: 400, body: { errors: [{ field: 'query.sort.sort_field' }] } });
    const first = await post({ location_ids, query, limit: 10 });
    const cursor = (first.body as { cursor?: string }).cursor;
    expect(cursor).toBeDefined();
    expect(await post({ location_ids, query: { ...query, sort: { sort_field: 'UPDATED_AT', sort_order: 'DESC' } }, cursor })).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
  });

  test('incremental: only orders changed since the last sync, status changes included', async () => {
    const later = new Date(NOW.getTime() + 3 * DAY);
    await sandbox().control('/clock', { advanceMs: 3 * DAY });
    const expected = idsOf(store().updatedBetween(NOW, null, later), later);
    const result = await walkOrders(connector, ctx(), NOW, 200);
    expect(result.records.map((r) => r.externalOrderId).sort()).toEqual(expected);
    expect(result.records.every((r) => r.sourceUpdatedAt >= NOW)).toBe(true);
    expect(result.records.some((r) => r.orderDate < NOW)).toBe(true);
  });

  test('updatedTo bounds the window (exclusive)', async () => {
    const from = new Date(NOW.getTime() - 10 * DAY);
    const to = new Date(NOW.getTime() - 5 * DAY);
    const result = await walkOrders({ ...connector, fetchOrders: (c, r) => connector.fetchOrders(c, { ...r, updatedTo: to }) }, ctx(), from, 50);
    expect(result.records.map((r) => r.externalOrderId).sort()).toEqual(idsOf(store().updatedBetween(from, to, NOW), NOW));
  });

  test('429 RATE_LIMITED: waits as told and loses nothing', async () => {
    const expected = store().updatedBetween(LONG_AGO, null, NOW).length;
    await sandbox().control('/faults', { rateLimitNext: 2 });
    const started = Date.now();
    const result = await walkOrders(connector, ctx(), LONG_AGO, 500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(new Set(result.records.map((r) => r.externalOrderId)).size).toBe(expected);
  });

  test('malformed orders are skipped with their ids, the rest returned', async () => {
    await sandbox().control('/faults', { malformedRate: 0.05 });
    const all = store().updatedBetween(LONG_AGO, null, NOW);
    const malformed = [...all].flatMap((i) => {
      const o = sandbox().state.order(store(), i)!;
      return o.malformed ? [o.id] : [];
    });
    expect(malformed.length).toBeGreaterThan(10);
    const result = await walkOrders(connector, ctx(), LONG_AGO, 250);
    expect(result.skipped.map((s) => s.id).sort()).toEqual(malformed.sort());
    expect(result.skipped.every((s) => s.reason.includes('total_money.amount'))).toBe(true);
    expect(result.records.length + result.skipped.length).toBe(all.length);
  });

  test('an expired token is an AuthError', async () => {
    await sandbox().control('/tokens/expire', { token: ctx().accessToken });
    await expect(connector.fetchOrders(ctx(), { updatedFrom: LONG_AGO })).rejects.toBeInstanceOf(AuthError);
    await expect(connector.fetchProducts(ctx(), {})).rejects.toBeInstanceOf(AuthError);
  });

  test('truth: a full walk equals the sandbox’s own totals, statuses and products', async () => {
    const truth = store().truth(NOW);
    const orders = await walkOrders(connector, ctx(), LONG_AGO);
    expect(orders.skipped).toEqual([]);
    expect(orders.unknownStatuses).toEqual([]);
    expect(new Set(orders.records.map((r) => r.externalOrderId)).size).toBe(orders.records.length);
    expect(orders.records).toHaveLength(truth.orders);

    const totals: Record<string, Decimal> = {};
    for (const r of orders.records) totals[r.currency] = (totals[r.currency] ?? new Decimal(0)).plus(r.totalAmount);
    expect(Object.fromEntries(Object.entries(totals).map(([c, d]) => [c, d.toFixed(2)]))).toEqual(truth.totals);

    const byStatus: Record<LifecycleStatus, number> = { PENDING: 0, PROCESSING: 0, SHIPPED: 0, DELIVERED: 0, CANCELLED: 0, RETURNED: 0, REFUNDED: 0 };
    for (const r of orders.records) byStatus[r.status]++;
    expect(byStatus).toEqual(truth.byStatus);

    for (const r of orders.records) {
      const sum = new Decimal(r.subtotalAmount!).plus(r.shippingAmount!).plus(r.taxAmount!).minus(r.discountAmount!);
      expect(sum.eq(r.totalAmount)).toBe(true);
    }

    const products = await walkProducts(connector, ctx());
    expect(products.skipped).toEqual([]);
    expect(products.records).toHaveLength(truth.products);
    expect(new Set(products.records.map((p) => p.externalProductId)).size).toBe(truth.products);
    const variantIds = new Set(products.records.map((p) => p.externalProductId));
    expect(orders.records.every((o) => o.items.every((i) => i.externalVariantId !== null && variantIds.has(i.externalVariantId)))).toBe(true);
    expect(products.records.every((p) => p.inventoryQuantity !== null && p.price !== null && p.parentListingId !== null)).toBe(true);
  });

  test('every raw status of the table shows up in the generated data', async () => {
    const seen = new Set((await walkOrders(connector, ctx(), LONG_AGO)).records.map((r) => r.marketplaceStatus));
    // an order is PENDING for minutes to hours only: look at a few just after they were placed
    const s = store();
    const last = s.firstIndexAt(NOW);
    for (let i = last - 8; i < last; i++) {
      const placed = s.createdAt(i);
      await sandbox().control('/clock', { now: new Date(placed.getTime() + 5 * 60_000).toISOString() });
      const page = await connector.fetchOrders(ctx(), { updatedFrom: placed });
      const row = page.records.find((r) => r.externalOrderId === s.order(i, placed)!.id);
      expect(row?.status).toBe('PENDING');
      seen.add(row!.marketplaceStatus);
    }
    expect([...seen].sort()).toEqual(Object.keys(SQUARE_STATUS).sort());
  });
});
