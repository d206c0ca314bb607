import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderStatus } from '../../src/generated/prisma/enums.ts';
import { bigcommerceConnector as connector } from '../../src/marketplaces/bigcommerce/index.ts';
import {
  categoryPageSchema,
  orderProductsSchema,
  orderSchema,
  productSchema,
} from '../../src/marketplaces/bigcommerce/schemas.ts';
import { toUnifiedOrder, toUnifiedProducts } from '../../src/marketplaces/bigcommerce/to-unified.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import { Decimal } from '../../src/marketplaces/money.ts';
import type { ConnectorContext, UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { idField, validateEach } from '../../src/marketplaces/validate-records.ts';
import { renderOrder, renderOrderProducts } from '../../src/sandbox/bigcommerce/render-order.ts';
import { formatMinor } from '../../src/sandbox/generator/index.ts';
import type { LifecycleStatus } from '../../src/sandbox/types.ts';
import { contextFor, NOW, silentLog, useSandbox, walk, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/bigcommerce/${name}`, import.meta.url), 'utf8'));
const ORDERS = fixture('orders-page.json') as Record<string, unknown>[];
const ORDER = ORDERS[0]!;
const ORDER_PRODUCTS = orderProductsSchema.parse(fixture('order-products.json'));
const PRODUCTS = (fixture('products-page.json') as { data: unknown[] }).data;
const CATEGORY_NAMES = new Map(
  categoryPageSchema
    .parse(fixture('categories.json'))
    .data.map((c) => [(c as { category_id: number }).category_id, (c as { name: string }).name]),
);

const mapOrder = (raw: Record<string, unknown>, unknown: string[] = []) =>
  toUnifiedOrder(orderSchema.parse(raw), ORDER_PRODUCTS, unknown);
const byId = (rows: UnifiedOrderRow[]) => new Map(rows.map((r) => [r.externalOrderId, r]));

/** The spec's status table for BigCommerce, by the `status` text the API sends. */
const SPEC_TABLE: Record<string, OrderStatus> = {
  Shipped: 'SHIPPED',
  Completed: 'DELIVERED',
  Cancelled: 'CANCELLED',
  Refunded: 'RETURNED',
};

/**
 * Every v2 status id (the order-statuses docs: 0…14) and what it reads as before anything shipped:
 * the spec's four rows as written, the others by the stage the goods are at, 13 and 14 by the
 * refund rule (a dispute gives the payment back: CANCELLED; a part refunded leaves the rest to ship).
 */
const STATUS_IDS: [id: number, text: string, status: OrderStatus][] = [
  [0, 'Incomplete', 'PENDING'],
  [1, 'Pending', 'PENDING'],
  [2, 'Shipped', 'SHIPPED'],
  [3, 'Partially Shipped', 'SHIPPED'],
  [4, 'Refunded', 'RETURNED'],
  [5, 'Cancelled', 'CANCELLED'],
  [6, 'Declined', 'CANCELLED'],
  [7, 'Awaiting Payment', 'PENDING'],
  [8, 'Awaiting Pickup', 'CONFIRMED'],
  [9, 'Awaiting Shipment', 'CONFIRMED'],
  [10, 'Completed', 'DELIVERED'],
  [11, 'Awaiting Fulfillment', 'CONFIRMED'],
  [12, 'Manual Verification Required', 'PENDING'],
  [13, 'Disputed', 'CANCELLED'],
  [14, 'Partially Refunded', 'CONFIRMED'],
];
/** What each sandbox lifecycle state reads as on BigCommerce (REFUNDED is a refund before shipping). */
const AS_UNIFIED: Record<LifecycleStatus, OrderStatus> = {
  PENDING: 'PENDING',
  PROCESSING: 'CONFIRMED',
  SHIPPED: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
  REFUNDED: 'CANCELLED',
  RETURNED: 'RETURNED',
};

describe('bigcommerce to-unified (own fixtures in the recorded shapes)', () => {
  it('maps every field of an order and its lines, a custom product among them', () => {
    const unknown: string[] = [];
    expect(mapOrder(ORDER, unknown)).toEqual({
      externalOrderId: '100',
      orderNumber: '100',
      orderedAt: new Date('2026-11-02T08:14:09Z'),
      fulfilledAt: null,
      status: 'CONFIRMED',
      marketplaceStatus: 'Awaiting Fulfillment',
      totalAmount: '663.00',
      currency: 'ZAR',
      // subtotal_inc_tax: the lines are with tax too
      subtotalAmount: '598.00',
      taxAmount: '78.00',
      shippingAmount: '65.00',
      discountAmount: '0.00',
      refundedAmount: '0.00',
      customerName: 'Thandi Mokoena',
      customerEmail: 'thandi.mokoena@example.org',
      sourceUpdatedAt: new Date('2026-11-02T09:30:41Z'),
      cancelledAt: null,
      items: [
        {
          externalItemId: '201',
          externalProductId: '112',
          externalVariantId: '340',
          sku: 'RT-TIN-250',
          title: 'Rooibos Tea Tin',
          quantity: 2,
          unitPrice: '172.50',
          totalPrice: '345.00',
        },
        // a custom product: product_id 0, no variant_id, an empty SKU
        {
          externalItemId: '202',
          externalProductId: null,
          externalVariantId: null,
          sku: null,
          title: 'Hand-painted gift card',
          quantity: 1,
          unitPrice: '253.00',
          totalPrice: '253.00',
        },
      ],
    });
    expect(unknown).toEqual([]);
  });

  it('lines carry tax as the spec maps them (price_inc_tax) and add up to the subtotal (subtotal_inc_tax)', () => {
    const row = mapOrder(ORDER);
    const lines = row.items.reduce((sum, i) => sum.plus(i.totalPrice), new Decimal(0));
    expect(lines.toFixed(2)).toBe('598.00');
    expect(row.subtotalAmount).toBe('598.00');
    expect(row.items.reduce((n, i) => n + i.quantity, 0)).toBe(ORDER.items_total);
  });

  it('reads a whole page: statuses, transactional currency, ship dates, refunds, empty names', () => {
    const { valid, skipped } = validateEach(ORDERS, orderSchema, idField('id'), silentLog, 'order');
    expect(skipped).toEqual([]);
    const unknown: string[] = [];
    const rows = byId(valid.map((o) => toUnifiedOrder(o, [], unknown)));
    expect(unknown).toEqual([]);
    // shown in USD on the storefront, paid (and recorded) in ZAR
    expect(rows.get('101')).toMatchObject({
      status: 'SHIPPED',
      marketplaceStatus: 'Shipped/captured',
      totalAmount: '256.00',
      currency: 'ZAR',
      discountAmount: '20.00',
      orderedAt: new Date('2026-11-03T17:45:00Z'),
      fulfilledAt: new Date('2026-11-05T10:02:13Z'),
      cancelledAt: null,
    });
    // the spec: 4 Refunded → RETURNED; the merchant's renamed label comes last
    expect(rows.get('102')).toMatchObject({
      status: 'RETURNED',
      marketplaceStatus: 'Refunded/refunded/Refunded - returned to stock',
      totalAmount: '252.00',
      refundedAmount: '252.00',
      fulfilledAt: new Date('2026-10-16T07:55:31Z'),
    });
    // refunded in part before anything shipped: the rest still ships (CONFIRMED), the refund kept
    expect(rows.get('103')).toMatchObject({
      status: 'CONFIRMED',
      marketplaceStatus: 'Partially Refunded/partially refunded',
      totalAmount: '114.99',
      refundedAmount: '40.00',
      fulfilledAt: null,
      cancelledAt: null,
      customerName: null,
      customerEmail: null,
    });
  });

  it.each(STATUS_IDS)('status_id %i (%s) → %s before anything shipped', (id, text, status) => {
    const unknown: string[] = [];
    expect(mapOrder({ ...ORDER, status_id: id, status: text, custom_status: text }, unknown)).toMatchObject({
      status,
      marketplaceStatus: text,
    });
    expect(unknown).toEqual([]);
  });

  it('keeps the spec rows as written whether or not goods shipped, and applies the refund rule to 13 and 14', () => {
    const shipped = { ...ORDER, items_shipped: 3, date_shipped: 'Tue, 03 Nov 2026 10:00:00 +0000' };
    for (const [id, status] of [
      [2, 'SHIPPED'],
      [10, 'DELIVERED'],
      [5, 'CANCELLED'],
      [4, 'RETURNED'],
    ] as const) {
      expect(mapOrder({ ...ORDER, status_id: id }).status).toBe(status);
      expect(mapOrder({ ...shipped, status_id: id }).status).toBe(status);
    }
    const whole = { ...ORDER, refunded_amount: ORDER.total_inc_tax };
    // before shipping: a dispute or a whole refund cancels, a part refunded leaves the rest to ship
    expect(mapOrder({ ...ORDER, status_id: 13 }).status).toBe('CANCELLED');
    expect(mapOrder({ ...ORDER, status_id: 14, refunded_amount: '1.0000' }).status).toBe('CONFIRMED');
    expect(mapOrder({ ...whole, status_id: 14 }).status).toBe('CANCELLED');
    for (const id of [13, 14]) {
      expect(mapOrder({ ...shipped, status_id: id }).status).toBe('RETURNED');
      // a ship date alone says goods left
      expect(mapOrder({ ...ORDER, status_id: id, date_shipped: 'Tue, 03 Nov 2026 10:00:00 +0000' }).status).toBe(
        'RETURNED',
      );
    }
  });

  it('maps an unknown status_id to the documented fallback and reports it', () => {
    const unknown: string[] = [];
    const novel = { ...ORDER, status_id: 42, status: 'Something New', custom_status: 'Something New' };
    expect(mapOrder(novel, unknown)).toMatchObject({ status: 'PENDING', marketplaceStatus: 'Something New' });
    expect(mapOrder({ ...novel, items_shipped: 1 }, unknown).status).toBe('SHIPPED');
    expect(unknown).toEqual(['42']);
  });

  it('reads money written with fewer than 4 places ("698.5", "8", "0"), as the v2 spec allows', () => {
    const short = {
      ...ORDER,
      id: 7,
      subtotal_ex_tax: '600',
      subtotal_inc_tax: '690',
      shipping_cost_ex_tax: '8',
      total_tax: '90.5',
      total_inc_tax: '698.5',
      discount_amount: '0',
      coupon_discount: '0',
      refunded_amount: '0',
    };
    const { valid, skipped } = validateEach([short, ORDER], orderSchema, idField('id'), silentLog, 'order');
    expect(skipped).toEqual([]);
    expect(toUnifiedOrder(valid[0]!, [], [])).toMatchObject({
      externalOrderId: '7',
      totalAmount: '698.50',
      subtotalAmount: '690.00',
      taxAmount: '90.50',
      shippingAmount: '8.00',
      discountAmount: '0.00',
      refundedAmount: '0.00',
    });
  });

  it('skips an order whose money is not a decimal string, naming it and the field', () => {
    const { valid, skipped } = validateEach(
      [{ ...ORDER, id: 7, total_inc_tax: 'R663.00' }, { ...ORDER, id: 8, total_tax: 78 }, ORDER],
      orderSchema,
      idField('id'),
      silentLog,
      'order',
    );
    expect(valid.map((o) => o.id)).toEqual([100]);
    expect(skipped).toEqual([
      { id: '7', reason: expect.stringContaining('total_inc_tax') },
      { id: '8', reason: expect.stringContaining('total_tax') },
    ]);
  });

  it('maps one product row per variant: tracked by variant or product, untracked, sale price, category, image', () => {
    const rows = PRODUCTS.flatMap((p) => toUnifiedProducts(productSchema.parse(p), 'ZAR', CATEGORY_NAMES));
    const cdn = 'https://cdn11.bigcommerce.com/s-q7x2m4k9zt/products';
    const at = (iso: string) => new Date(iso);
    expect(rows).toEqual([
      // the thumbnail (is_thumbnail) is the product's picture even when not first by sort order
      {
        externalId: '340',
        parentListingId: '112',
        sku: 'RT-TIN-250',
        title: 'Rooibos Tea Tin',
        variantTitle: '250 g',
        category: 'Tea',
        imageUrl: `${cdn}/112/images/903/rooibos-tin-500.1790000000.386.513.jpg?c=1`,
        price: '150.00',
        currency: 'ZAR',
        inventory: 14,
        status: 'ACTIVE',
        marketplaceStatus: 'available/visible',
        sourceUpdatedAt: at('2026-10-28T14:03:11Z'),
      },
      // a variant's own picture and price; tracked by variant and none left
      {
        externalId: '341',
        parentListingId: '112',
        sku: 'RT-TIN-500',
        title: 'Rooibos Tea Tin',
        variantTitle: '500 g',
        category: 'Tea',
        imageUrl: `${cdn}/112/images/903/rooibos-tin-500.1790000000.1280.1280.jpg?c=1`,
        price: '260.00',
        currency: 'ZAR',
        inventory: 0,
        status: 'OUT_OF_STOCK',
        marketplaceStatus: 'available/visible',
        sourceUpdatedAt: at('2026-10-28T14:03:11Z'),
      },
      // tracked by product; on sale: the storefront price
      {
        externalId: '350',
        parentListingId: '115',
        sku: 'TEAPOT-1L',
        title: 'Ceramic Teapot',
        variantTitle: null,
        category: 'Teaware & Gifts',
        imageUrl: null,
        price: '399.00',
        currency: 'ZAR',
        inventory: 6,
        status: 'ACTIVE',
        marketplaceStatus: 'available/visible',
        sourceUpdatedAt: at('2026-10-30T08:00:00Z'),
      },
      // not tracked: inventory null, not 0; hidden and disabled: INACTIVE
      {
        externalId: '360',
        parentListingId: '118',
        sku: 'WRAP-RED',
        title: 'Gift Wrapping Service',
        variantTitle: 'Red',
        category: null,
        imageUrl: `${cdn}/118/images/910/gift-wrap.1790000000.386.513.jpg?c=1`,
        price: '35.00',
        currency: 'ZAR',
        inventory: null,
        status: 'INACTIVE',
        marketplaceStatus: 'disabled/not visible',
        sourceUpdatedAt: at('2026-06-11T19:45:27Z'),
      },
      {
        externalId: '361',
        parentListingId: '118',
        sku: 'WRAP-GOLD',
        title: 'Gift Wrapping Service',
        variantTitle: 'Gold',
        category: null,
        imageUrl: `${cdn}/118/images/910/gift-wrap.1790000000.386.513.jpg?c=1`,
        price: '35.00',
        currency: 'ZAR',
        inventory: null,
        status: 'INACTIVE',
        marketplaceStatus: 'disabled/not visible/purchasing disabled',
        sourceUpdatedAt: at('2026-06-11T19:45:27Z'),
      },
    ]);
  });

  it('an untracked product that is for sale is ACTIVE, never out of stock', () => {
    const product = productSchema.parse({ ...(PRODUCTS[2] as object), is_visible: true, availability: 'available' });
    expect(toUnifiedProducts(product, 'ZAR').map((r) => [r.inventory, r.status, r.category])).toEqual([
      [null, 'ACTIVE', null],
      [null, 'INACTIVE', null],
    ]);
  });
});

describe('bigcommerce sandbox + connector', () => {
  const sandbox = useSandbox('bigcommerce', { orders: 8000, seed: 11 });
  let ctx: ConnectorContext;
  const store = () => sandbox().data.store('bigcommerce');
  const orderIds = (indices: Iterable<number>) => [...indices].map((i) => store().order(i, NOW)!.id).sort();
  const allOrders = (pageSize = 250) => walkOrders(connector, ctx, new Date('2000-01-01T00:00:00Z'), pageSize);
  const api = (path: string, token = store().spec.token, hash = store().spec.storeId) =>
    fetch(`${sandbox().url}/stores/${hash}${path}`, { headers: { 'X-Auth-Token': token } });

  beforeAll(() => {
    ctx = contextFor(sandbox(), 'bigcommerce');
  });

  it('renders every one of the fifteen statuses over the lifecycles, each mapping to its state', () => {
    const seen = new Set<number>();
    for (const data of sandbox().data.storesOf('bigcommerce')) {
      for (let i = 0; i < data.orderCount; i++) {
        const plan = data.order(i, new Date('2030-01-01T00:00:00Z'))!.history;
        for (const change of plan) {
          const order = data.order(i, change.at)!;
          const raw = orderSchema.parse(renderOrder(order, 'http://sandbox/stores/x'));
          const row = toUnifiedOrder(raw, orderProductsSchema.parse(renderOrderProducts(order)), []);
          expect(row.status).toBe(AS_UNIFIED[order.status]);
          expect(row.totalAmount).toBe(formatMinor(order.total, order.store.exponent));
          // v2 dates have second precision
          const shipped = order.history.find((c) => c.status === 'SHIPPED')?.at;
          expect(row.fulfilledAt).toEqual(shipped ? new Date(Math.floor(shipped.getTime() / 1000) * 1000) : null);
          seen.add(raw.status_id);
        }
      }
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(STATUS_IDS.map(([id]) => id));
  });

  it('shows every raw status of the spec table through the connector, mapped as the table says, and refunds before and after shipping', async () => {
    const { records } = await allOrders();
    const first = (r: UnifiedOrderRow) => r.marketplaceStatus.split('/')[0]!;
    for (const [raw, status] of Object.entries(SPEC_TABLE)) {
      const rows = records.filter((r) => first(r) === raw);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.status).toBe(status);
    }
    // refunded before shipping: CANCELLED with the money given back, no ship date
    const before = records.filter((r) => r.status === 'CANCELLED' && new Decimal(r.refundedAmount!).gt(0));
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((r) => r.fulfilledAt === null && /refund/i.test(r.marketplaceStatus))).toBe(true);
    // refunded after shipping: RETURNED with a ship date
    const after = records.filter((r) => r.status === 'RETURNED');
    expect(after.length).toBeGreaterThan(0);
    expect(
      after.every(
        (r) => r.fulfilledAt !== null && new Decimal(r.refundedAmount!).gt(0) && /refund/i.test(r.marketplaceStatus),
      ),
    ).toBe(true);
    expect(new Set(after.map(first))).toEqual(new Set(['Refunded', 'Partially Refunded']));
    // shipped and delivered orders say when they left
    expect(
      records
        .filter((r) => r.status === 'SHIPPED' || r.status === 'DELIVERED')
        .every((r) => r.fulfilledAt !== null && r.fulfilledAt <= r.sourceUpdatedAt),
    ).toBe(true);
    // custom products come through without product or variant
    const custom = records.flatMap((r) => r.items).filter((i) => i.externalProductId === null);
    expect(custom.length).toBeGreaterThan(0);
    expect(custom.every((i) => i.externalVariantId === null && i.title.includes('(custom order)'))).toBe(true);
  });

  it('speaks the API: X-Auth-Token, limits with 400s, 204 on an empty page, rate-limit headers', async () => {
    const ok = await api('/v2/orders?limit=5');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-rate-limit-requests-quota')).toMatch(/^\d+$/);
    expect(ok.headers.get('x-rate-limit-time-window-ms')).toBe('30000');
    const first = ((await ok.json()) as Record<string, unknown>[])[0]!;
    expect(first.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(first.total_inc_tax).toMatch(/^\d+\.\d{4}$/);
    expect(first.shipping_addresses).toEqual({
      url: expect.stringMatching(/\/v2\/orders\/\d+\/shipping_addresses$/),
      resource: expect.stringMatching(/^\/orders\/\d+\/shipping_addresses$/),
    });
    const over = await api('/v2/orders?limit=251');
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual([{ status: 400, message: expect.any(String) }]);
    expect((await api('/v3/catalog/products?limit=251')).status).toBe(400);
    const empty = await api('/v2/orders?page=100000');
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    expect((await api('/v2/orders', 'wrong-token')).status).toBe(401);
    const product = (await (await api('/v3/catalog/products?include=variants&limit=1')).json()) as {
      data: Record<string, unknown>[];
    };
    expect(typeof product.data[0]!.price).toBe('number');
    expect(product.data[0]!.date_modified).toMatch(/\+00:00$/);
    expect(product.data[0]).not.toHaveProperty('images');
    const categories = (await (await api('/v3/catalog/trees/categories?category_id:in=18,19')).json()) as {
      data: { category_id: number; name: string }[];
    };
    expect(categories.data.map((c) => c.category_id)).toEqual([18, 19]);
  });

  it('renders the catalog: untracked stock as "none" with level 0, no negative levels, categories and CDN images', async () => {
    const body = (await (await api('/v3/catalog/products?include=variants,images&limit=250')).json()) as {
      data: Record<string, unknown>[];
    };
    const products = body.data.map((p) => productSchema.parse(p));
    expect(products.some((p) => p.inventory_tracking === 'none')).toBe(true);
    for (const p of products) {
      const levels = [p.inventory_level!, ...p.variants.map((v) => v.inventory_level!)];
      expect(levels.every((l) => l >= 0)).toBe(true);
      if (p.inventory_tracking === 'none') expect(levels.every((l) => l === 0)).toBe(true);
      expect(p.images.length).toBeGreaterThan(0);
      expect(p.images[0]!.url_standard).toMatch(
        new RegExp(
          `^https://cdn11\\.bigcommerce\\.com/s-${store().spec.storeId}/products/${p.id}/images/\\d+/[a-z0-9-]+\\.\\d+\\.386\\.513\\.jpg\\?c=1$`,
        ),
      );
      expect(p.categories).toHaveLength(1);
    }
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
    const expected = new Map(
      [...store().updatedBetween(NOW, null, now)].map((i) => [store().order(i, now)!.id, store().order(i, now)!]),
    );
    expect(walked.records.map((r) => r.externalOrderId).sort()).toEqual([...expected.keys()].sort());
    const changed = walked.records.filter((r) => r.orderedAt < NOW);
    expect(changed.length).toBeGreaterThan(0);
    for (const row of walked.records) {
      expect(row.status).toBe(AS_UNIFIED[expected.get(row.externalOrderId)!.status]);
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
    expect(walked.records.length).toBe(
      store().updatedBetween(new Date(NOW.getTime() - 7 * 86_400_000), null, NOW).length,
    );
  });

  it('skips malformed orders with their ids and keeps the rest', async () => {
    await sandbox().control('/faults', { malformedRate: 0.05 });
    const walked = await allOrders();
    const all = [...store().updatedBetween(null, null, NOW)];
    const broken = all.filter((i) => store().order(i, NOW, 0.05)!.malformed);
    expect(broken.length).toBeGreaterThan(0);
    expect(walked.skipped.map((s) => s.id).sort()).toEqual(orderIds(broken));
    expect(walked.skipped.every((s) => s.reason.includes('total_inc_tax'))).toBe(true);
    expect(walked.records.map((r) => r.externalOrderId).sort()).toEqual(
      orderIds(all.filter((i) => !broken.includes(i))),
    );
  });

  it('throws AuthError once the token is revoked', async () => {
    await sandbox().control('/tokens/expire', { token: ctx.accessToken });
    await expect(connector.fetchOrders(ctx, { updatedFrom: NOW })).rejects.toBeInstanceOf(AuthError);
    await expect(connector.fetchProducts(ctx, {})).rejects.toBeInstanceOf(AuthError);
  });

  it('agrees with the truth: orders, totals to the cent, statuses, products with stock, category and picture', async () => {
    const truth = store().truth(NOW);
    const orders = await allOrders();
    expect(orders.skipped).toEqual([]);
    expect(orders.unknownStatuses).toEqual([]);
    expect(new Set(orders.records.map((r) => r.externalOrderId)).size).toBe(truth.orders);
    const totals: Record<string, Decimal> = {};
    const byStatus: Record<string, number> = {};
    const expectedByStatus: Record<string, number> = {};
    for (const [s, n] of Object.entries(truth.byStatus) as [LifecycleStatus, number][])
      if (n) expectedByStatus[AS_UNIFIED[s]] = (expectedByStatus[AS_UNIFIED[s]] ?? 0) + n;
    for (const row of orders.records) {
      totals[row.currency] = (totals[row.currency] ?? new Decimal(0)).plus(row.totalAmount);
      byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    }
    expect(Object.fromEntries(Object.entries(totals).map(([c, t]) => [c, t.toFixed(2)]))).toEqual(truth.totals);
    expect(byStatus).toEqual(expectedByStatus);

    const products = await walkProducts(connector, ctx, 7);
    const ids = products.records.map((r) => r.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(truth.products);
    expect(products.records.every((r) => r.currency === 'USD' && r.parentListingId !== null)).toBe(true);
    const catalog = new Map(
      store()
        .products(NOW)
        .map((item) => [item.variantId, item]),
    );
    for (const row of products.records) {
      const item = catalog.get(row.externalId)!;
      const first = store()
        .products(NOW)
        .find((i) => i.productId === item.productId)!;
      expect(row.category).toBe(item.category);
      expect(row.imageUrl).toContain(`/${item.image.replace(/\.jpg$/, '')}.`);
      // BigCommerce tracks per product (the sandbox: by its first variant) and shows no oversold stock
      expect(row.inventory).toBe(first.tracked ? Math.max(0, item.inventory) : null);
      if (row.inventory === null) expect(row.status).not.toBe('OUT_OF_STOCK');
    }
    expect(products.records.some((r) => r.inventory === null)).toBe(true);
    const oversold = products.records.filter((r) => catalog.get(r.externalId)!.inventory < 0 && r.inventory !== null);
    expect(oversold.every((r) => r.inventory === 0 && (r.status === 'OUT_OF_STOCK' || r.status === 'INACTIVE'))).toBe(
      true,
    );

    const since = new Date(NOW.getTime() - 30 * 86_400_000);
    const recent = await walk((cursor) => connector.fetchProducts(ctx, { updatedFrom: since, cursor }));
    expect(recent.records.length).toBeGreaterThan(0);
    expect(recent.records.length).toBeLessThan(truth.products);
    expect(recent.records.every((r) => r.sourceUpdatedAt! >= since)).toBe(true);
  });

  it('serves the outlet store too: its own hash and token, the same order and product ids, its own data', async () => {
    const outlet = sandbox().data.store('bigcommerce-outlet');
    const outletCtx = contextFor(sandbox(), 'bigcommerce-outlet');
    expect((await api('/v2/orders?limit=1', outlet.spec.token)).status).toBe(401);
    const [main, other] = await Promise.all([
      allOrders(),
      walkOrders(connector, outletCtx, new Date('2000-01-01T00:00:00Z'), 250),
    ]);
    expect(other.records.length).toBe(outlet.truth(NOW).orders);
    const total = other.records.reduce((sum, r) => sum.plus(r.totalAmount), new Decimal(0));
    expect({ USD: total.toFixed(2) }).toEqual(outlet.truth(NOW).totals);
    const mainById = byId(main.records);
    const shared = other.records.filter((r) => mainById.has(r.externalOrderId));
    expect(shared.map((r) => r.externalOrderId)).toContain('100');
    expect(shared.some((r) => r.orderedAt.getTime() !== mainById.get(r.externalOrderId)!.orderedAt.getTime())).toBe(
      true,
    );
    const products = await walkProducts(connector, outletCtx);
    expect(products.records.length).toBe(outlet.truth(NOW).products);
  });
});
