import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { etsyConnector } from '../../src/marketplaces/etsy/index.ts';
import { InventorySchema, ListingSchema, ReceiptSchema } from '../../src/marketplaces/etsy/schemas.ts';
import { ETSY_STATUS, listingToProducts, receiptToOrder } from '../../src/marketplaces/etsy/to-unified.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { receiptStatus, wasDelivered } from '../../src/sandbox/etsy/render-receipt.ts';
import type { StoreData } from '../../src/sandbox/generator/index.ts';
import type { LifecycleStatus } from '../../src/sandbox/types.ts';
import { contextFor, NOW, startSandbox, walkOrders, walkProducts, type OneSandbox } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/etsy/${name}.json`, import.meta.url), 'utf8'));
const receipt = (patch: Record<string, unknown> = {}) => ReceiptSchema.parse({ ...(fixture('receipt') as object), ...patch });
const usd = (amount: number) => ({ amount, divisor: 100, currency_code: 'USD' });
const LONG_AGO = new Date('2001-01-01T00:00:00Z');

describe('etsy to-unified', () => {
  it('maps the reference receipt field by field', () => {
    const unknown: string[] = [];
    expect(receiptToOrder(receipt(), false, unknown)).toEqual({
      externalOrderId: '3456789012',
      orderNumber: '3456789012',
      orderDate: new Date(1758153645 * 1000),
      status: 'PROCESSING',
      marketplaceStatus: 'paid',
      totalAmount: '58.48',
      currency: 'USD',
      subtotalAmount: '48',
      taxAmount: '4.53',
      shippingAmount: '5.95',
      discountAmount: '0',
      refundedAmount: '0',
      customerName: 'Jane Buyer',
      customerEmail: null,
      sourceUpdatedAt: new Date(1758157245 * 1000),
      cancelledAt: null,
      items: [
        { externalItemId: '4000000001', externalProductId: '1234567890', externalVariantId: '9876543210', sku: 'MUG-BLUE', title: 'Handmade Ceramic Mug - Blue', quantity: 2, unitPrice: '18', totalPrice: '36' },
        { externalItemId: '4000000002', externalProductId: '1234567891', externalVariantId: '9876543299', sku: 'COASTER-SET', title: 'Coaster Set (4)', quantity: 1, unitPrice: '12', totalPrice: '12' },
      ],
    } satisfies UnifiedOrderRow);
    expect(unknown).toEqual([]);
  });

  const table: [raw: string, undelivered: string, delivered: string][] = [
    ['open', 'PENDING', 'PENDING'],
    ['payment processing', 'PENDING', 'PENDING'],
    ['paid', 'PROCESSING', 'PROCESSING'],
    ['completed', 'SHIPPED', 'DELIVERED'],
    ['canceled', 'CANCELLED', 'CANCELLED'],
    ['fully refunded', 'REFUNDED', 'RETURNED'],
    ['partially refunded', 'REFUNDED', 'RETURNED'],
  ];

  it('covers every row of the status table, with and without the delivered mark', () => {
    expect(Object.keys(ETSY_STATUS).sort()).toEqual(table.map(([raw]) => raw).sort());
    for (const [raw, undelivered, delivered] of table) {
      const unknown: string[] = [];
      expect(receiptToOrder(receipt({ status: raw }), false, unknown).status).toBe(undelivered);
      expect(receiptToOrder(receipt({ status: raw }), true, unknown).status).toBe(delivered);
      expect(unknown).toEqual([]);
    }
    expect(receiptToOrder(receipt({ status: 'Completed' }), false, []).status).toBe('SHIPPED');
  });

  it('maps an unknown status to the fallback from is_paid/is_shipped and reports it', () => {
    const unknown: string[] = [];
    expect(receiptToOrder(receipt({ status: 'on hold' }), false, unknown).status).toBe('PROCESSING');
    expect(receiptToOrder(receipt({ status: 'on hold', is_shipped: true }), false, unknown).status).toBe('SHIPPED');
    expect(receiptToOrder(receipt({ status: 'on hold', is_paid: false }), false, unknown).status).toBe('PENDING');
    expect(unknown).toEqual(['on hold']);
  });

  it('reads refunds, cancellations and divisors other than 100', () => {
    const refunded = receiptToOrder(receipt({ status: 'partially refunded', refunds: [{ amount: usd(1200), created_timestamp: 1758160000 }, { amount: usd(453), created_timestamp: 1758170000 }] }), false, []);
    expect(refunded.refundedAmount).toBe('16.53');
    expect(receiptToOrder(receipt({ status: 'canceled' }), false, []).cancelledAt).toEqual(new Date(1758157245 * 1000));
    const yen = { amount: 1500, divisor: 1, currency_code: 'JPY' };
    const jpy = receiptToOrder(receipt({ grandtotal: yen, total_price: yen }), false, []);
    expect([jpy.totalAmount, jpy.subtotalAmount, jpy.currency]).toEqual(['1500', '1500', 'JPY']);
  });

  it('makes one product row per live inventory product', () => {
    const rows = listingToProducts(ListingSchema.parse(fixture('listing')), InventorySchema.parse(fixture('inventory')));
    const common = { parentListingId: '1234567890', title: 'Handmade Ceramic Mug', currency: 'USD', sourceUpdatedAt: new Date(1758150000 * 1000) };
    expect(rows).toEqual([
      { ...common, externalProductId: '9876543210', sku: 'MUG-BLUE', variantTitle: 'Blue', price: '18', inventoryQuantity: 9, status: 'active' },
      { ...common, externalProductId: '9876543211', sku: 'MUG-GREEN', variantTitle: 'Green', price: '19.5', inventoryQuantity: 5, status: 'disabled' },
    ]);
  });
});

describe('etsy connector against the sandbox', () => {
  let sandbox: OneSandbox;
  let store: StoreData;
  const ctx = () => contextFor(sandbox, 'etsy');
  const unifiedOf: Record<LifecycleStatus, string> = { PENDING: 'PENDING', PROCESSING: 'PROCESSING', SHIPPED: 'SHIPPED', DELIVERED: 'DELIVERED', CANCELLED: 'CANCELLED', RETURNED: 'RETURNED', REFUNDED: 'REFUNDED' };
  const placed = (now: Date) => Array.from({ length: store.orderCount }, (_, i) => store.order(i, now)).filter((o) => o !== null);

  beforeAll(async () => {
    sandbox = await startSandbox('etsy', { orders: 10_000, seed: 11 });
    store = sandbox.data.store('etsy');
  });
  afterAll(() => sandbox.stop());

  it('answers with Etsy auth errors, limits and rate-limit headers', async () => {
    const url = `${sandbox.url}/v3/application/shops/${store.spec.storeId}/receipts`;
    const auth = { authorization: `Bearer ${store.spec.token}` };
    const key = `${ctx().credentials.ETSY_API_KEY}`;
    const noSecret = await fetch(url, { headers: { ...auth, 'x-api-key': key } });
    expect(noSecret.status).toBe(403);
    expect(await noSecret.json()).toEqual({ error: 'Shared secret is required in x-api-key header' });
    const full = { ...auth, 'x-api-key': `${key}:${ctx().credentials.ETSY_SHARED_SECRET}` };
    const tooMany = await fetch(`${url}?limit=101`, { headers: full });
    expect(tooMany.status).toBe(400);
    const ok = await fetch(`${url}?limit=2`, { headers: full });
    expect(ok.status).toBe(200);
    for (const h of ['x-limit-per-second', 'x-remaining-this-second', 'x-limit-per-day', 'x-remaining-today']) expect(ok.headers.get(h)).toMatch(/^\d+$/);
    const body = (await ok.json()) as { count: number; results: { receipt_id: number }[] };
    expect(body.results).toHaveLength(2);
    expect(body.count).toBe(placed(NOW).length);
  });

  it('renders every raw receipt status over the orders’ lifetimes', () => {
    const seen = new Set<string>();
    const end = new Date(NOW.getTime() + 60 * 86_400_000);
    for (let i = 0; i < store.orderCount; i++) {
      for (const change of store.order(i, end)?.history ?? []) seen.add(receiptStatus(store.order(i, change.at)!));
    }
    expect([...seen].sort()).toEqual(Object.keys(ETSY_STATUS).sort());
  });

  it('walks every page once, delivered receipts first, and stops', async () => {
    const orders = placed(NOW);
    const delivered = orders.filter(wasDelivered).length;
    const size = 50;
    const result = await walkOrders(etsyConnector, ctx(), LONG_AGO, size);
    const ids = result.records.map((r) => r.externalOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(orders.length);
    expect(result.pages).toBe(Math.max(1, Math.ceil(delivered / size)) + Math.max(1, Math.ceil((orders.length - delivered) / size)));
  });

  it('fetches only the receipts changed since the last sync, status changes included', async () => {
    const later = new Date(NOW.getTime() + 3 * 86_400_000);
    await sandbox.control('/clock', { now: later.toISOString() });
    try {
      const result = await walkOrders(etsyConnector, ctx(), NOW);
      const expected = [...store.updatedBetween(NOW, null, later)].map((i) => store.order(i, later)!);
      expect(result.records.map((r) => r.externalOrderId).sort()).toEqual(expected.map((o) => o.id).sort());
      expect(expected.some((o) => o.createdAt < NOW)).toBe(true);
      const byId = new Map(result.records.map((r) => [r.externalOrderId, r]));
      for (const o of expected) expect(byId.get(o.id)?.status).toBe(unifiedOf[o.status]);
    } finally {
      await sandbox.control('/clock', { now: NOW.toISOString() });
    }
  });

  it('waits out 429s as retry-after says and loses nothing', async () => {
    await sandbox.control('/faults', { rateLimitNext: 2 });
    const started = Date.now();
    const result = await walkOrders(etsyConnector, ctx(), LONG_AGO);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(result.records.length).toBe(placed(NOW).length);
  });

  it('skips malformed receipts with their ids and keeps the rest', async () => {
    await sandbox.control('/faults', { malformedRate: 0.05 });
    try {
      const result = await walkOrders(etsyConnector, ctx(), LONG_AGO);
      const orders = Array.from({ length: store.orderCount }, (_, i) => store.order(i, NOW, 0.05)).filter((o) => o !== null);
      const broken = orders.filter((o) => o.malformed).map((o) => o.id);
      expect(broken.length).toBeGreaterThan(0);
      expect(result.skipped.map((s) => s.id).sort()).toEqual(broken.sort());
      expect(result.skipped.every((s) => s.reason.includes('grandtotal'))).toBe(true);
      expect(result.records.map((r) => r.externalOrderId).sort()).toEqual(orders.filter((o) => !o.malformed).map((o) => o.id).sort());
    } finally {
      await sandbox.control('/faults/reset');
    }
  });

  it('throws AuthError once the token has expired', async () => {
    await sandbox.control('/tokens/expire', { token: store.spec.token });
    try {
      await expect(etsyConnector.fetchOrders(ctx(), { updatedFrom: LONG_AGO })).rejects.toBeInstanceOf(AuthError);
    } finally {
      await sandbox.control('/tokens/restore', { token: store.spec.token });
    }
  });

  it('agrees with the sandbox truth: orders, totals, statuses and products', async () => {
    const truth = store.truth(NOW);
    const orders = await walkOrders(etsyConnector, ctx(), LONG_AGO);
    expect(orders.skipped).toEqual([]);
    expect(orders.unknownStatuses).toEqual([]);
    expect(new Set(orders.records.map((r) => r.externalOrderId)).size).toBe(truth.orders);
    const totals: Record<string, Decimal> = {};
    for (const r of orders.records) totals[r.currency] = (totals[r.currency] ?? new Decimal(0)).plus(r.totalAmount);
    expect(Object.fromEntries(Object.entries(totals).map(([c, t]) => [c, t.toFixed(2)]))).toEqual(truth.totals);
    const byStatus: Record<string, number> = Object.fromEntries(Object.keys(truth.byStatus).map((s) => [s, 0]));
    for (const r of orders.records) byStatus[r.status]!++;
    expect(byStatus).toEqual(truth.byStatus);

    const products = await walkProducts(etsyConnector, ctx(), 5);
    expect(products.skipped).toEqual([]);
    const ids = products.records.map((p) => p.externalProductId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(store.products(NOW).map((p) => p.variantId).sort());
    expect(products.records.length).toBe(truth.products);
  });
});
