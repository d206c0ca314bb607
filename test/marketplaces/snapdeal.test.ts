import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { AuthError } from '../../src/marketplaces/http.ts';
import { snapdealConnector } from '../../src/marketplaces/snapdeal/index.ts';
import { packagesEnvelope, productsEnvelope, sellerPackageSchema, supcDetailSchema } from '../../src/marketplaces/snapdeal/schemas.ts';
import { packageToUnified, STATUS_FALLBACK, STATUS_TABLE, supcToUnified } from '../../src/marketplaces/snapdeal/to-unified.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { idField, validateEach } from '../../src/marketplaces/validate-records.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import { contextFor, NOW, silentLog, startSandbox, walkOrders, walkProducts, type OneSandbox } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/snapdeal/${name}`, import.meta.url), 'utf8'));
const H = 3_600_000;
const FAR_PAST = new Date(0);

function packagesOf(name: string) {
  const { payload } = packagesEnvelope.parse(fixture(name));
  return validateEach(payload.packages, sellerPackageSchema, idField('packageReferenceCode'), silentLog, 'snapdeal package');
}

describe('snapdeal to-unified (fixtures)', () => {
  it('maps the documented orders/new example: two sub-orders of one SKU are one item of quantity 2', () => {
    const { valid, skipped } = packagesOf('orders-new.json');
    expect(skipped).toEqual([]);
    const unknown: string[] = [];
    expect(packageToUnified(valid[0]!, unknown)).toEqual({
      externalOrderId: 'SLP556018',
      orderNumber: '22212345678',
      orderDate: new Date(1717488000000),
      status: 'PENDING',
      marketplaceStatus: 'PFF',
      totalAmount: '798',
      currency: 'INR',
      subtotalAmount: '798',
      taxAmount: null,
      shippingAmount: '0',
      discountAmount: null,
      refundedAmount: null,
      customerName: 'Rahul S',
      customerEmail: null,
      sourceUpdatedAt: new Date(1717488000000),
      cancelledAt: null,
      items: [
        { externalItemId: 'SI823006', externalProductId: 'SDL001124991', externalVariantId: 'TS-BLK-M', sku: 'TS-BLK-M', title: 'Cotton T-Shirt Black M', quantity: 2, unitPrice: '399', totalPrice: '798' },
      ],
    });
    expect(unknown).toEqual([]);
  });

  it('maps every row of the status table, and an unknown status to the fallback', () => {
    const { valid } = packagesOf('orders-statuses.json');
    const unknown: string[] = [];
    const rows = valid.map((p) => packageToUnified(p, unknown));
    const expected: Record<string, string> = {
      PFF: 'PENDING',
      PRNT: 'PROCESSING',
      SHP: 'SHIPPED',
      VENDOR_MARKED_DELIVERED: 'DELIVERED',
      OOS: 'CANCELLED',
      CANCELLED: 'CANCELLED',
      RETURNED: 'RETURNED',
      MANIFESTED: STATUS_FALLBACK,
    };
    expect(Object.fromEntries(rows.map((r) => [r.marketplaceStatus, r.status]))).toEqual(expected);
    expect({ ...STATUS_TABLE, MANIFESTED: STATUS_FALLBACK }).toEqual(expected);
    expect(STATUS_FALLBACK).toBe('PROCESSING');
    expect(unknown).toEqual(['MANIFESTED']);
    for (const r of rows) {
      expect(r.cancelledAt).toEqual(r.status === 'CANCELLED' ? r.sourceUpdatedAt : null);
      expect(r.sourceUpdatedAt.getTime()).toBeGreaterThan(r.orderDate.getTime());
    }
  });

  it('sums price + shippingCharge over the sub-orders and groups by SKU', () => {
    const { valid } = packagesOf('orders-statuses.json');
    const row = packageToUnified(valid[0]!, []);
    expect(row).toMatchObject({ externalOrderId: 'SLP556020', orderNumber: '22212345700', subtotalAmount: '2377', shippingAmount: '80', totalAmount: '2457', customerEmail: 'rahul@example.com' });
    expect(row.items).toEqual([
      { externalItemId: 'SI823100', externalProductId: 'SDL001124991', externalVariantId: 'TS-BLK-M', sku: 'TS-BLK-M', title: 'Cotton T-Shirt Black M', quantity: 2, unitPrice: '399', totalPrice: '798' },
      { externalItemId: 'SI823102', externalProductId: 'SDL009900112', externalVariantId: 'TOTE', sku: 'TOTE', title: 'Canvas Tote Bag', quantity: 1, unitPrice: '1579', totalPrice: '1579' },
    ]);
  });

  it('maps products and skips a malformed one with its id', () => {
    const { payload } = productsEnvelope.parse(fixture('products-search.json'));
    const { valid, skipped } = validateEach(payload.supcDetails, supcDetailSchema, idField('supc'), silentLog, 'snapdeal product');
    expect(skipped).toEqual([{ id: 'SDL000000BAD', reason: expect.stringContaining('competitivePrice') }]);
    expect(valid.map(supcToUnified)).toEqual([
      { externalProductId: 'SDL001124991', parentListingId: '123456', sku: 'TS-BLK-M', title: 'Cotton T-Shirt Black', variantTitle: 'M / Black', price: '399', currency: 'INR', inventoryQuantity: null, status: 'active', sourceUpdatedAt: null },
      { externalProductId: 'SDL009900112', parentListingId: null, sku: null, title: 'Canvas Tote Bag', variantTitle: null, price: '1579', currency: 'INR', inventoryQuantity: 12, status: 'inactive', sourceUpdatedAt: null },
    ]);
  });
});

describe('snapdeal connector against the sandbox', () => {
  let sandbox: OneSandbox;
  const store = () => sandbox.data.store('snapdeal');
  const ctx = () => contextFor(sandbox, 'snapdeal');
  const ids = (rows: readonly UnifiedOrderRow[]) => rows.map((r) => r.externalOrderId);
  const allIds = (now: Date) =>
    Array.from({ length: store().orderCount }, (_, i) => sandbox.state.order(store(), i)).flatMap((o) => (o && o.createdAt <= now ? [o] : []));

  beforeAll(async () => {
    sandbox = await startSandbox('snapdeal', { orders: 8000, seed: 7 });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.control('/faults/reset');
    await sandbox.control('/tokens/restore');
    await sandbox.control('/clock', { now: NOW.toISOString() });
  });

  it('refuses an order listing without fModes (400, Snapdeal envelope)', async () => {
    const res = await fetch(`${sandbox.url}/seller-api/orders/new?pageSize=5`, {
      headers: { clientId: SANDBOX_APP_CREDENTIALS.SNAPDEAL_CLIENT_ID!, 'X-Auth-Token': SANDBOX_APP_CREDENTIALS.SNAPDEAL_AUTH_TOKEN!, 'X-Seller-AuthZ-Token': store().spec.token },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ metadata: { message: 'fModes is mandatory', requestedURI: '/seller-api/orders/new' }, payload: null });
  });

  it('pages through every listing: each order exactly once, then stops', async () => {
    const result = await walkOrders(snapdealConnector, ctx(), FAR_PAST, 7);
    const truth = store().truth(NOW);
    expect(result.pages).toBeGreaterThan(truth.orders / 7);
    expect(new Set(ids(result.records)).size).toBe(result.records.length);
    expect(result.records).toHaveLength(truth.orders);
  });

  it('fetches only what changed since updatedFrom, status changes included', async () => {
    await sandbox.control('/clock', { advanceMs: 36 * H });
    const later = new Date(NOW.getTime() + 36 * H);
    const result = await walkOrders(snapdealConnector, ctx(), NOW, 20);
    const expected = Array.from(store().updatedBetween(NOW, null, later), (i) => store().order(i, later)!.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(result.records).sort()).toEqual([...expected].sort());
    expect(result.records.some((r) => r.orderDate < NOW)).toBe(true);
    for (const r of result.records) expect(r.sourceUpdatedAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
  });

  it('waits out 429s as the server asks, losing nothing', async () => {
    await sandbox.control('/faults', { rateLimitNext: 2 });
    const started = Date.now();
    const result = await walkOrders(snapdealConnector, ctx(), FAR_PAST);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1950);
    expect(new Set(ids(result.records)).size).toBe(store().truth(NOW).orders);
  });

  it('skips malformed packages with their ids and keeps every other order', async () => {
    await sandbox.control('/faults', { malformedRate: 0.05 });
    const orders = allIds(NOW);
    const malformed = orders.filter((o) => o.malformed).map((o) => o.id);
    expect(malformed.length).toBeGreaterThan(0);
    const result = await walkOrders(snapdealConnector, ctx(), FAR_PAST);
    expect(result.skipped.map((s) => s.id).sort()).toEqual([...malformed].sort());
    for (const s of result.skipped) expect(s.reason).not.toBe('');
    expect(ids(result.records).sort()).toEqual(orders.filter((o) => !o.malformed).map((o) => o.id).sort());
  });

  it('throws AuthError once the seller token has expired', async () => {
    await sandbox.control('/tokens/expire', { token: store().spec.token });
    await expect(snapdealConnector.fetchOrders(ctx(), { updatedFrom: FAR_PAST })).rejects.toBeInstanceOf(AuthError);
    await expect(snapdealConnector.fetchProducts(ctx(), {})).rejects.toBeInstanceOf(AuthError);
  });

  it('a full walk equals the truth: count, INR total to the paisa, statuses, products', async () => {
    const truth = store().truth(NOW);
    const orders = await walkOrders(snapdealConnector, ctx(), FAR_PAST);
    expect(orders.skipped).toEqual([]);
    expect(orders.unknownStatuses).toEqual([]);
    expect(new Set(ids(orders.records)).size).toBe(orders.records.length);
    expect(orders.records).toHaveLength(truth.orders);
    const total = orders.records.reduce((acc, r) => acc.plus(r.totalAmount), new Decimal(0));
    expect(total.toFixed(2)).toBe(truth.totals.INR);
    // Snapdeal has no refund state: an order refunded before dispatch is a cancelled sub-order
    const expectedByStatus: Record<string, number> = { ...truth.byStatus, CANCELLED: truth.byStatus.CANCELLED + truth.byStatus.REFUNDED, REFUNDED: 0 };
    const byStatus: Record<string, number> = Object.fromEntries(Object.keys(expectedByStatus).map((s) => [s, 0]));
    for (const r of orders.records) byStatus[r.status]!++;
    expect(byStatus).toEqual(expectedByStatus);

    const products = await walkProducts(snapdealConnector, ctx(), 7);
    expect(products.skipped).toEqual([]);
    expect(products.records).toHaveLength(truth.products);
    expect(new Set(products.records.map((p) => p.externalProductId)).size).toBe(truth.products);
    const skus = new Set(products.records.map((p) => p.sku));
    for (const r of orders.records) for (const item of r.items) expect(skus.has(item.sku)).toBe(true);
  });

  it('shows every raw status of the table across the generated orders', async () => {
    const seen = new Set((await walkOrders(snapdealConnector, ctx(), FAR_PAST)).records.map((r) => r.marketplaceStatus));
    // a package is PFF only for minutes after it is placed: look just after the newest order arrives
    const newest = allIds(NOW).reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
    await sandbox.control('/clock', { now: new Date(newest.createdAt.getTime() + 1000).toISOString() });
    for (const r of (await walkOrders(snapdealConnector, ctx(), newest.createdAt)).records) seen.add(r.marketplaceStatus);
    expect([...seen].sort()).toEqual(Object.keys(STATUS_TABLE).sort());
  });
});
