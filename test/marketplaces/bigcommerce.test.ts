import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { bigcommerceConnector as connector } from '../../src/marketplaces/bigcommerce/index.ts';
import { orderProductsSchema, orderSchema, productSchema } from '../../src/marketplaces/bigcommerce/schemas.ts';
import { STATUS_FALLBACK, STATUS_TABLE, toUnifiedOrder, toUnifiedProducts } from '../../src/marketplaces/bigcommerce/to-unified.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import { Decimal } from '../../src/marketplaces/money.ts';
import type { ConnectorContext } from '../../src/marketplaces/types.ts';
import { renderOrder, renderOrderProducts } from '../../src/sandbox/bigcommerce/render-order.ts';
import { formatMinor } from '../../src/sandbox/generator/index.ts';
import { contextFor, NOW, useSandbox, walk, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/bigcommerce/${name}`, import.meta.url), 'utf8'));
const ORDER = fixture('order.json') as Record<string, unknown>;
const ORDER_PRODUCTS = orderProductsSchema.parse(fixture('order-products.json'));
const PRODUCT = (fixture('product.json') as { data: unknown }).data;

const mapOrder = (raw: Record<string, unknown>, unknown: string[] = []) => toUnifiedOrder(orderSchema.parse(raw), ORDER_PRODUCTS, unknown);

describe('bigcommerce to-unified (REFERENCE 5.7/5.8 payloads)', () => {
  it('maps every field of an order and its products', () => {
    const unknown: string[] = [];
    expect(mapOrder(ORDER, unknown)).toEqual({
      externalOrderId: '100',
      orderNumber: '100',
      orderDate: new Date('2018-01-10T21:05:30Z'),
      status: 'PROCESSING',
      marketplaceStatus: 'Awaiting Fulfillment',
      totalAmount: '121.98',
      currency: 'USD',
      subtotalAmount: '111.98',
      taxAmount: '10.00',
      shippingAmount: '0.00',
      discountAmount: '0.00',
      refundedAmount: '0.00',
      customerName: 'Jane Doe',
      customerEmail: 'janedoe@example.com',
      sourceUpdatedAt: new Date('2018-12-05T20:16:55Z'),
      cancelledAt: null,
      items: [
        { externalItemId: '65', externalProductId: '77', externalVariantId: '93', sku: 'S-ORAN', title: 'Fog Linen Chambray Towel - Beige Stripe', quantity: 1, unitPrice: '55.99', totalPrice: '55.99' },
        { externalItemId: '66', externalProductId: '80', externalVariantId: '99', sku: 'Jour-BLK', title: 'Journal', quantity: 1, unitPrice: '55.99', totalPrice: '55.99' },
      ],
    });
    expect(unknown).toEqual([]);
  });

  it('adds coupon and manual discounts and dates a cancellation by its last change', () => {
    const row = mapOrder({ ...ORDER, status_id: 5, status: 'Cancelled', discount_amount: '1.5000', coupon_discount: '2.2500' });
    expect(row.discountAmount).toBe('3.75');
    expect(row.status).toBe('CANCELLED');
    expect(row.cancelledAt).toEqual(new Date('2018-12-05T20:16:55Z'));
  });

  it.each(Object.entries(STATUS_TABLE))('status_id %s → %s', (id, status) => {
    const unknown: string[] = [];
    expect(mapOrder({ ...ORDER, status_id: Number(id) }, unknown).status).toBe(status);
    expect(unknown).toEqual([]);
  });

  it('maps a refund after shipping to RETURNED (4, 13, 14 with items_shipped > 0)', () => {
    for (const id of [4, 13, 14]) expect(mapOrder({ ...ORDER, status_id: id, items_shipped: 2 }).status).toBe('RETURNED');
  });

  it('maps an unknown status_id to the fallback and reports it', () => {
    const unknown: string[] = [];
    expect(mapOrder({ ...ORDER, status_id: 42, status: 'Something New' }, unknown).status).toBe(STATUS_FALLBACK);
    expect(unknown).toEqual(['42']);
  });

  it('maps one product row per variant', () => {
    expect(toUnifiedProducts(productSchema.parse(PRODUCT), 'USD')).toEqual([
      { externalProductId: '345', parentListingId: '174', sku: 'JAR-1L-CLR', title: '1L Le Parfait Jar', variantTitle: 'Clear', price: '7.95', currency: 'USD', inventoryQuantity: 8, status: 'active', sourceUpdatedAt: new Date('2018-09-05T20:42:07Z') },
      { externalProductId: '346', parentListingId: '174', sku: 'JAR-1L-AMB', title: '1L Le Parfait Jar', variantTitle: 'Amber', price: '8.50', currency: 'USD', inventoryQuantity: 4, status: 'active', sourceUpdatedAt: new Date('2018-09-05T20:42:07Z') },
    ]);
  });
});

describe('bigcommerce sandbox + connector', () => {
  const sandbox = useSandbox('bigcommerce', { orders: 8000, seed: 11 });
  let ctx: ConnectorContext;
  const store = () => sandbox().data.store('bigcommerce');
  const orderIds = (indices: Iterable<number>) => [...indices].map((i) => store().order(i, NOW)!.id).sort();
  const allOrders = (pageSize = 250) => walkOrders(connector, ctx, new Date('2000-01-01T00:00:00Z'), pageSize);
  const api = (path: string, token = store().spec.token) => fetch(`${sandbox().url}/stores/${store().spec.storeId}${path}`, { headers: { 'X-Auth-Token': token } });

  beforeAll(() => {
    ctx = contextFor(sandbox(), 'bigcommerce');
  });

  it('renders every raw status of the table, each mapping back to its lifecycle state', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 800; i++) {
      const plan = store().order(i, new Date('2030-01-01T00:00:00Z'))!.history;
      for (const change of plan) {
        const order = store().order(i, change.at)!;
        const raw = orderSchema.parse(renderOrder(order, 'http://sandbox/stores/x'));
        const row = toUnifiedOrder(raw, orderProductsSchema.parse(renderOrderProducts(order)), []);
        expect(row.status).toBe(order.status);
        expect(row.totalAmount).toBe(formatMinor(order.total, order.store.exponent));
        seen.add(String(raw.status_id));
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(STATUS_TABLE).sort());
  });

  it('speaks the API: X-Auth-Token, limits with 400s, 204 on an empty page, rate-limit headers', async () => {
    const ok = await api('/v2/orders?limit=5');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-rate-limit-requests-quota')).toMatch(/^\d+$/);
    expect(ok.headers.get('x-rate-limit-time-window-ms')).toBe('30000');
    const first = ((await ok.json()) as Record<string, unknown>[])[0]!;
    expect(first.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(first.total_inc_tax).toMatch(/^\d+\.\d{4}$/);
    const over = await api('/v2/orders?limit=251');
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual([{ status: 400, message: expect.any(String) }]);
    expect((await api('/v3/catalog/products?limit=251')).status).toBe(400);
    const empty = await api('/v2/orders?page=100000');
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    expect((await api('/v2/orders', 'wrong-token')).status).toBe(401);
    const product = (await (await api('/v3/catalog/products?include=variants&limit=1')).json()) as { data: { price: unknown; date_modified: string }[] };
    expect(typeof product.data[0]!.price).toBe('number');
    expect(product.data[0]!.date_modified).toMatch(/\+00:00$/);
  });

  it('pages through every order exactly once and stops after the last page', async () => {
    const n = store().truth(NOW).orders;
    const size = [...Array(41).keys()].map((k) => k + 20).find((s) => n % s === 0) ?? 37;
    const walked = await allOrders(size);
    const ids = walked.records.map((r) => r.externalOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(n);
    // a short page ends the walk; a full last page is followed by the 204
    expect(walked.pages).toBe(Math.floor(n / size) + 1);
    const beyond = await connector.fetchOrders(ctx, { updatedFrom: new Date(NOW.getTime() + 86_400_000) });
    expect(beyond).toEqual({ records: [], skipped: [], unknownStatuses: [], next: null });
  });

  it('fetches only what changed since the last sync, status changes included', async () => {
    const advanceMs = 2 * 86_400_000;
    await sandbox().control('/clock', { advanceMs });
    const now = new Date(NOW.getTime() + advanceMs);
    const walked = await walkOrders(connector, ctx, NOW, 50);
    const expected = new Map([...store().updatedBetween(NOW, null, now)].map((i) => [store().order(i, now)!.id, store().order(i, now)!]));
    expect(walked.records.map((r) => r.externalOrderId).sort()).toEqual([...expected.keys()].sort());
    const changed = walked.records.filter((r) => r.orderDate < NOW);
    expect(changed.length).toBeGreaterThan(0);
    for (const row of walked.records) {
      expect(row.status).toBe(expected.get(row.externalOrderId)!.status);
      expect(row.sourceUpdatedAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
    }
  });

  it('waits as long as X-Rate-Limit-Time-Reset-Ms says on a 429 and loses nothing', async () => {
    await sandbox().control('/faults', { rateLimitNext: 2 });
    const started = Date.now();
    const walked = await allOrders();
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(walked.records.length).toBe(store().truth(NOW).orders);
  });

  it('retries server errors', async () => {
    await sandbox().control('/faults', { failNext: 2 });
    const walked = await walkOrders(connector, ctx, new Date(NOW.getTime() - 7 * 86_400_000));
    expect(walked.records.length).toBe(store().updatedBetween(new Date(NOW.getTime() - 7 * 86_400_000), null, NOW).length);
  });

  it('skips malformed orders with their ids and keeps the rest', async () => {
    await sandbox().control('/faults', { malformedRate: 0.05 });
    const walked = await allOrders();
    const all = [...store().updatedBetween(null, null, NOW)];
    const broken = all.filter((i) => store().order(i, NOW, 0.05)!.malformed);
    expect(broken.length).toBeGreaterThan(0);
    expect(walked.skipped.map((s) => s.id).sort()).toEqual(orderIds(broken));
    expect(walked.skipped.every((s) => s.reason.includes('total_inc_tax'))).toBe(true);
    expect(walked.records.map((r) => r.externalOrderId).sort()).toEqual(orderIds(all.filter((i) => !broken.includes(i))));
  });

  it('throws AuthError once the token is revoked', async () => {
    await sandbox().control('/tokens/expire', { token: ctx.accessToken });
    await expect(connector.fetchOrders(ctx, { updatedFrom: NOW })).rejects.toBeInstanceOf(AuthError);
    await expect(connector.fetchProducts(ctx, {})).rejects.toBeInstanceOf(AuthError);
  });

  it('agrees with the truth: orders, totals to the cent, statuses, products', async () => {
    const truth = store().truth(NOW);
    const orders = await allOrders();
    expect(orders.skipped).toEqual([]);
    expect(orders.unknownStatuses).toEqual([]);
    expect(new Set(orders.records.map((r) => r.externalOrderId)).size).toBe(truth.orders);
    const totals: Record<string, Decimal> = {};
    const byStatus: Record<string, number> = Object.fromEntries(Object.keys(truth.byStatus).map((s) => [s, 0]));
    for (const row of orders.records) {
      totals[row.currency] = (totals[row.currency] ?? new Decimal(0)).plus(row.totalAmount);
      byStatus[row.status]!++;
    }
    expect(Object.fromEntries(Object.entries(totals).map(([c, t]) => [c, t.toFixed(2)]))).toEqual(truth.totals);
    expect(byStatus).toEqual(truth.byStatus);

    const products = await walkProducts(connector, ctx, 7);
    const ids = products.records.map((r) => r.externalProductId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(truth.products);
    expect(products.records.every((r) => r.currency === 'USD' && r.parentListingId !== null)).toBe(true);

    const since = new Date(NOW.getTime() - 30 * 86_400_000);
    const recent = await walk((cursor) => connector.fetchProducts(ctx, { updatedFrom: since, cursor }));
    expect(recent.records.length).toBeGreaterThan(0);
    expect(recent.records.length).toBeLessThan(truth.products);
    expect(recent.records.every((r) => r.sourceUpdatedAt! >= since)).toBe(true);
  });
});
