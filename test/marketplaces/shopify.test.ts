import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { AuthError } from '../../src/marketplaces/http.ts';
import { dec, sumMoney } from '../../src/marketplaces/money.ts';
import { throttleDelayMs } from '../../src/marketplaces/shopify/client.ts';
import { shopifyConnector } from '../../src/marketplaces/shopify/index.ts';
import { OrderSchema, OrdersDataSchema, VariantSchema, VariantsDataSchema, type ShopifyOrder } from '../../src/marketplaces/shopify/schemas.ts';
import { FINANCIAL_DEFERS, FINANCIAL_STATUS, FULFILLMENT_STATUS, orderToUnified, RETURN_STATUS_RETURNED, variantToUnified } from '../../src/marketplaces/shopify/to-unified.ts';
import { idField, validateEach } from '../../src/marketplaces/validate-records.ts';
import { formatMinor } from '../../src/sandbox/generator/index.ts';
import { CatalogView, renderOrder } from '../../src/sandbox/shopify/render.ts';
import { contextFor, NOW, silentLog, useSandbox, walk, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/shopify/${name}`, import.meta.url), 'utf8'));
const orderGid = (id: string) => `gid://shopify/Order/${id}`;

describe('shopify mapping (fixtures)', () => {
  const page = OrdersDataSchema.parse((fixture('orders-page.json') as { data: unknown }).data).orders;
  const base = OrderSchema.parse(page.nodes[0]);

  it('maps every field of an order', () => {
    const unknown: string[] = [];
    expect(orderToUnified(base, unknown)).toEqual({
      externalOrderId: 'gid://shopify/Order/450789469',
      orderNumber: '#1001',
      orderDate: new Date('2008-01-10T16:00:00Z'),
      status: 'PROCESSING',
      marketplaceStatus: 'PAID/UNFULFILLED',
      totalAmount: '405.96',
      currency: 'USD',
      subtotalAmount: '398',
      taxAmount: '7.96',
      shippingAmount: '0.00',
      discountAmount: '0.00',
      refundedAmount: '0.00',
      customerName: 'Bob Norman',
      customerEmail: 'bob.norman@mail.example.com',
      sourceUpdatedAt: new Date('2008-01-10T16:00:00Z'),
      cancelledAt: null,
      items: [
        {
          externalItemId: 'gid://shopify/LineItem/466157049',
          externalProductId: 'gid://shopify/Product/632910392',
          externalVariantId: 'gid://shopify/ProductVariant/39072856',
          sku: 'IPOD2008GREEN',
          title: 'IPod Nano - 8gb - green',
          quantity: 1,
          unitPrice: '199.00',
          totalPrice: '199.00',
        },
        {
          externalItemId: 'gid://shopify/LineItem/518995019',
          externalProductId: 'gid://shopify/Product/632910392',
          externalVariantId: 'gid://shopify/ProductVariant/49148385',
          sku: 'IPOD2008RED',
          title: 'IPod Nano - 8gb - red',
          quantity: 1,
          unitPrice: '199.00',
          totalPrice: '199.00',
        },
      ],
    });
    expect(unknown).toEqual([]);
  });

  it('adds the discounts back to Shopify’s after-discount subtotal, and reads cancellations', () => {
    const money = (amount: string) => ({ shopMoney: { amount, currencyCode: 'USD' } });
    const row = orderToUnified(
      { ...base, subtotalPriceSet: money('358.20'), totalDiscountsSet: money('39.80'), cancelledAt: '2008-01-11T09:30:00Z', displayFinancialStatus: 'VOIDED' },
      [],
    );
    expect(row).toMatchObject({ subtotalAmount: '398', discountAmount: '39.80', status: 'CANCELLED', cancelledAt: new Date('2008-01-11T09:30:00Z') });
    expect(row.marketplaceStatus).toBe('VOIDED/UNFULFILLED/CANCELLED');
  });

  const withStatus = (financial: string | null, fulfillment: string, extra: Partial<ShopifyOrder> = {}): ShopifyOrder => ({
    ...base,
    displayFinancialStatus: financial,
    displayFulfillmentStatus: fulfillment,
    ...extra,
  });
  const statusOf = (o: ShopifyOrder) => {
    const unknown: string[] = [];
    return { status: orderToUnified(o, unknown).status, unknown };
  };

  it.each(Object.entries(FINANCIAL_STATUS))('financial %s → %s', (raw, unified) => {
    expect(statusOf(withStatus(raw, 'FULFILLED'))).toEqual({ status: unified, unknown: [] });
  });

  it.each(Object.entries(FULFILLMENT_STATUS))('fulfillment %s → %s (when paid or partly refunded)', (raw, unified) => {
    for (const financial of FINANCIAL_DEFERS) expect(statusOf(withStatus(financial, raw))).toEqual({ status: unified, unknown: [] });
  });

  it('tells delivered, returned and cancelled orders apart', () => {
    const delivered = { fulfillments: [{ displayStatus: 'IN_TRANSIT' }, { displayStatus: 'DELIVERED' }] };
    expect(statusOf(withStatus('PAID', 'FULFILLED', delivered)).status).toBe('DELIVERED');
    expect(statusOf(withStatus('PAID', 'FULFILLED', { fulfillments: [{ displayStatus: 'OUT_FOR_DELIVERY' }] })).status).toBe('SHIPPED');
    for (const r of RETURN_STATUS_RETURNED) expect(statusOf(withStatus('REFUNDED', 'FULFILLED', { ...delivered, returnStatus: r })).status).toBe('RETURNED');
    expect(statusOf(withStatus('REFUNDED', 'FULFILLED', { returnStatus: 'RETURN_REQUESTED' })).status).toBe('REFUNDED');
    expect(statusOf(withStatus('PAID', 'UNFULFILLED', { cancelledAt: '2008-01-11T00:00:00Z' })).status).toBe('CANCELLED');
  });

  it('maps unknown raw statuses to the documented fallback and reports them', () => {
    expect(statusOf(withStatus('PAID', 'TELEPORTED'))).toEqual({ status: 'PROCESSING', unknown: ['TELEPORTED'] });
    expect(statusOf(withStatus('PAID_IN_GOLD', 'FULFILLED'))).toEqual({ status: 'SHIPPED', unknown: ['PAID_IN_GOLD'] });
  });

  it('maps every field of a product variant', () => {
    const data = VariantsDataSchema.parse((fixture('variants-page.json') as { data: unknown }).data);
    const { valid, skipped } = validateEach(data.productVariants.nodes, VariantSchema, idField('id'), silentLog, 'shopify variant');
    expect(skipped).toEqual([]);
    expect(valid.map((v) => variantToUnified(v, data.shop.currencyCode))).toEqual([
      {
        externalProductId: 'gid://shopify/ProductVariant/808950810',
        parentListingId: 'gid://shopify/Product/632910392',
        sku: 'IPOD2008PINK',
        title: 'IPod Nano - 8GB',
        variantTitle: 'Pink',
        price: '199.00',
        currency: 'USD',
        inventoryQuantity: 10,
        status: 'active',
        sourceUpdatedAt: new Date('2025-04-02T16:29:59Z'),
      },
      expect.objectContaining({ externalProductId: 'gid://shopify/ProductVariant/49148385', variantTitle: 'Red', inventoryQuantity: 20 }),
      {
        externalProductId: 'gid://shopify/ProductVariant/39072856',
        parentListingId: 'gid://shopify/Product/921728736',
        sku: null,
        title: 'Gift Card',
        variantTitle: null,
        price: '12.5',
        currency: 'USD',
        inventoryQuantity: null,
        status: 'draft',
        sourceUpdatedAt: new Date('2025-04-03T08:00:00Z'),
      },
    ]);
  });

  it('skips a malformed record with its id and keeps the rest', () => {
    const bad = { ...(page.nodes[0] as object), id: 'gid://shopify/Order/1', totalPriceSet: { shopMoney: { amount: 'USD 12.00', currencyCode: 'USD' } } };
    const { valid, skipped } = validateEach([bad, page.nodes[0]], OrderSchema, idField('id'), silentLog, 'shopify order');
    expect(valid.map((o) => o.id)).toEqual(['gid://shopify/Order/450789469']);
    expect(skipped).toEqual([{ id: 'gid://shopify/Order/1', reason: expect.stringContaining('totalPriceSet.shopMoney.amount') }]);
  });

  it('reads the wait from a THROTTLED answer: (requested − available) / restoreRate', () => {
    expect(throttleDelayMs({ status: 200, headers: new Headers(), body: fixture('throttled.json') })).toBe(2000);
    expect(throttleDelayMs({ status: 200, headers: new Headers(), body: fixture('orders-page.json') })).toBeNull();
  });
});

describe('shopify connector against the sandbox', () => {
  const sandbox = useSandbox('shopify', { orders: 2000, seed: 11 });
  const stores = ['shopify-us', 'shopify-eu'];
  const ALL = new Date('2000-01-01T00:00:00Z');

  it('renders every lifecycle state as raw statuses that map back to it, covering the whole status table', () => {
    const store = sandbox().data.store('shopify-us');
    const catalog = new CatalogView(store);
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const full = store.order(i, new Date('2030-01-01T00:00:00Z'))!;
      for (const change of full.history) {
        const order = store.order(i, change.at)!;
        const r = renderOrder(order, catalog);
        const node = OrderSchema.parse({ ...r, lineItems: r.lineItems({ first: 50 }), fulfillments: r.fulfillments({ first: 10 }) });
        const unknown: string[] = [];
        const row = orderToUnified(node, unknown);
        expect([row.status, unknown]).toEqual([order.status, []]);
        expect(row.totalAmount).toBe(formatMinor(order.total, store.spec.exponent));
        seen.add(`financial:${node.displayFinancialStatus}`).add(`fulfillment:${node.displayFulfillmentStatus}`).add(`return:${node.returnStatus}`);
      }
    }
    const table = [
      ...Object.keys(FINANCIAL_STATUS).map((s) => `financial:${s}`),
      ...Object.keys(FULFILLMENT_STATUS).map((s) => `fulfillment:${s}`),
      ...RETURN_STATUS_RETURNED.map((s) => `return:${s}`),
    ];
    expect(table.filter((t) => !seen.has(t))).toEqual([]);
  });

  it('pages through every order exactly once and stops', async () => {
    const ctx = contextFor(sandbox(), 'shopify-us');
    const expected = sandbox().data.store('shopify-us').truth(NOW).orders;
    const walk = await walkOrders(shopifyConnector, ctx, ALL, 37);
    const ids = walk.records.map((r) => r.externalOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(expected);
    expect(walk.pages).toBe(Math.ceil(expected / 37));
    const updated = walk.records.map((r) => r.sourceUpdatedAt.getTime());
    expect(updated).toEqual([...updated].sort((a, b) => a - b));
  });

  it('fetches only orders changed since the last sync, status changes included', async () => {
    const ctx = contextFor(sandbox(), 'shopify-us');
    const store = sandbox().data.store('shopify-us');
    await sandbox().control('/clock', { advanceMs: 3 * 86_400_000 });
    const later = new Date(NOW.getTime() + 3 * 86_400_000);
    const walk = await walkOrders(shopifyConnector, ctx, NOW, 50);
    const expected = Array.from(store.updatedBetween(NOW, null, later), (i) => orderGid(store.order(i, later)!.id));
    expect(walk.records.map((r) => r.externalOrderId).sort()).toEqual(expected.sort());
    const changedOld = walk.records.filter((r) => r.orderDate < NOW);
    expect(changedOld.length).toBeGreaterThan(0);
    expect(walk.records.every((r) => r.sourceUpdatedAt >= NOW)).toBe(true);

    const bounded = await shopifyConnector.fetchOrders(ctx, { updatedFrom: NOW, updatedTo: new Date(NOW.getTime() + 86_400_000), pageSize: 250 });
    expect(bounded.records.length).toBe(store.updatedBetween(NOW, new Date(NOW.getTime() + 86_400_000), later).length);
  });

  it('waits as long as the THROTTLED answer asks and loses nothing', async () => {
    const ctx = contextFor(sandbox(), 'shopify-eu');
    const expected = sandbox().data.store('shopify-eu').truth(NOW).orders;
    await sandbox().control('/faults', { rateLimitNext: 2 });
    const started = Date.now();
    const walk = await walkOrders(shopifyConnector, ctx, ALL, 50);
    // each throttled answer: requested 52 points, 0 available, 100 restored per second → 520 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 520);
    expect(new Set(walk.records.map((r) => r.externalOrderId)).size).toBe(expected);
  });

  it('keeps within a tight cost bucket', async () => {
    const ctx = contextFor(sandbox(), 'shopify-us');
    const expected = sandbox().data.store('shopify-us').truth(NOW).orders;
    await sandbox().control('/faults', { rateLimit: { burst: 210, perSecond: 40 } }); // a page costs ~102: the third one must wait, however slow the machine
    const before = (await (await fetch(`${sandbox().url}/_sandbox/stats`)).json()) as { requests: number };
    const walk = await walkOrders(shopifyConnector, ctx, ALL, 100);
    const after = (await (await fetch(`${sandbox().url}/_sandbox/stats`)).json()) as { requests: number };
    expect(new Set(walk.records.map((r) => r.externalOrderId)).size).toBe(expected);
    expect(after.requests - before.requests).toBeGreaterThan(walk.pages);
  });

  it('skips malformed orders with their ids and returns every other order', async () => {
    const ctx = contextFor(sandbox(), 'shopify-us');
    const store = sandbox().data.store('shopify-us');
    await sandbox().control('/faults', { malformedRate: 0.05 });
    const walk = await walkOrders(shopifyConnector, ctx, ALL, 100);
    const placed = Array.from(store.updatedBetween(null, null, NOW), (i) => store.order(i, NOW, 0.05)!);
    const malformed = placed.filter((o) => o.malformed).map((o) => orderGid(o.id));
    expect(malformed.length).toBeGreaterThan(0);
    expect(walk.skipped.map((s) => s.id).sort()).toEqual(malformed.sort());
    expect(walk.skipped.every((s) => s.reason.includes('totalPriceSet'))).toBe(true);
    expect(walk.records.length).toBe(placed.length - malformed.length);
  });

  it('retries Shopify 5xx answers', async () => {
    const ctx = contextFor(sandbox(), 'shopify-eu');
    await sandbox().control('/faults', { failNext: 2 });
    const walk = await walkOrders(shopifyConnector, ctx, ALL, 250);
    expect(walk.records.length).toBe(sandbox().data.store('shopify-eu').truth(NOW).orders);
  });

  it('filters products on updated_at', async () => {
    const ctx = contextFor(sandbox(), 'shopify-us');
    const from = new Date(NOW.getTime() - 30 * 86_400_000);
    const { records } = await walk((cursor) => shopifyConnector.fetchProducts(ctx, { updatedFrom: from, cursor, pageSize: 5 }));
    const expected = sandbox().data.store('shopify-us').products(NOW).filter((c) => c.updatedAt >= from);
    expect(expected.length).toBeGreaterThan(0);
    expect(records.map((p) => p.externalProductId).sort()).toEqual(expected.map((c) => `gid://shopify/ProductVariant/${c.variantId}`).sort());
  });

  it('throws AuthError once the token is expired', async () => {
    const ctx = contextFor(sandbox(), 'shopify-us');
    await sandbox().control('/tokens/expire', { token: ctx.accessToken });
    await expect(shopifyConnector.fetchOrders(ctx, { updatedFrom: ALL })).rejects.toBeInstanceOf(AuthError);
  });

  it('refuses `first` over 250 as Shopify does', async () => {
    const ctx = contextFor(sandbox(), 'shopify-us');
    const res = await fetch(`${sandbox().url}/admin/api/2026-07/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Shopify-Access-Token': ctx.accessToken },
      body: JSON.stringify({ query: '{ orders(first: 251) { nodes { id } } }' }),
    });
    const body = (await res.json()) as { errors: { message: string }[]; data: unknown };
    expect(body.data).toBeNull();
    expect(body.errors[0]!.message).toMatch(/less than or equal to 250/);
  });

  it.each(stores)('%s: a full walk equals the sandbox truth', async (key) => {
    const ctx = contextFor(sandbox(), key);
    const store = sandbox().data.store(key);
    const truth = store.truth(NOW);
    const orders = await walkOrders(shopifyConnector, ctx, ALL, 250);
    const products = await walkProducts(shopifyConnector, ctx, 10);

    const ids = orders.records.map((r) => r.externalOrderId);
    expect(new Set(ids).size).toBe(truth.orders);
    const placed = Array.from(store.updatedBetween(null, null, NOW), (i) => store.order(i, NOW)!);
    const expectedTotals = new Map(placed.map((o) => [orderGid(o.id), formatMinor(o.total, store.spec.exponent)]));
    expect(orders.records.filter((r) => r.totalAmount !== expectedTotals.get(r.externalOrderId))).toEqual([]);
    expect(ids.length).toBe(truth.orders);
    const currencies = [...new Set(orders.records.map((r) => r.currency))];
    const totals = Object.fromEntries(currencies.map((c) => [c, dec(sumMoney(orders.records.filter((r) => r.currency === c).map((r) => r.totalAmount))).toFixed(2)]));
    expect(totals).toEqual(truth.totals);
    const byStatus = { PENDING: 0, PROCESSING: 0, SHIPPED: 0, DELIVERED: 0, CANCELLED: 0, RETURNED: 0, REFUNDED: 0 };
    for (const r of orders.records) byStatus[r.status]++;
    expect(byStatus).toEqual(truth.byStatus);

    const variantIds = products.records.map((p) => p.externalProductId);
    expect(new Set(variantIds).size).toBe(truth.products);
    expect(variantIds.length).toBe(truth.products);
    expect(products.records.every((p) => p.currency === store.spec.currency && p.parentListingId?.startsWith('gid://shopify/Product/'))).toBe(true);
  });
});
