import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import type { OrderStatus } from '../../src/generated/prisma/enums.ts';
import { ebayConnector } from '../../src/marketplaces/ebay/index.ts';
import {
  inventoryItemSchema,
  offerSchema,
  offersPageSchema,
  orderSchema,
} from '../../src/marketplaces/ebay/schemas.ts';
import { toUnifiedOrder, toUnifiedProduct } from '../../src/marketplaces/ebay/to-unified.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { ebayImageUrl } from '../../src/sandbox/ebay/render-inventory.ts';
import type { SandboxOrder } from '../../src/sandbox/types.ts';
import { contextFor, NOW, useSandbox, walk, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const DAY = 86_400_000;
const LONG_AGO = new Date(NOW.getTime() - 400 * DAY);
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/ebay/${name}.json`, import.meta.url), 'utf8'));
const order = (name = 'order') => orderSchema.parse(fixture(name));
const offerOf = (patch: Record<string, unknown> = {}) =>
  offerSchema.parse({ ...(offersPageSchema.parse(fixture('offers')).offers[0] as object), ...patch });

/**
 * What an order reads as, by `orderFulfillmentStatus/orderPaymentStatus`, written out from the
 * spec's eBay rows (NOT_STARTED → PENDING, IN_PROGRESS → SHIPPED, FULFILLED → DELIVERED) and the
 * refund rule: after anything shipped a refund is RETURNED; before, a full refund CANCELLED and a
 * partial one leaves the order as it was. An unpaid or failed payment is still PENDING.
 */
const EXPECTED_BY_RAW: Record<string, OrderStatus> = {
  'NOT_STARTED/PENDING': 'PENDING',
  'NOT_STARTED/FAILED': 'PENDING',
  'NOT_STARTED/PAID': 'PENDING',
  'NOT_STARTED/PARTIALLY_REFUNDED': 'PENDING',
  'NOT_STARTED/FULLY_REFUNDED': 'CANCELLED',
  'IN_PROGRESS/PAID': 'SHIPPED',
  'IN_PROGRESS/PARTIALLY_REFUNDED': 'RETURNED',
  'IN_PROGRESS/FULLY_REFUNDED': 'RETURNED',
  'FULFILLED/PAID': 'DELIVERED',
  'FULFILLED/PARTIALLY_REFUNDED': 'RETURNED',
  'FULFILLED/FULLY_REFUNDED': 'RETURNED',
};

/** The spec's CANCELLED row is eBay's cancelState CANCELED, which leads marketplaceStatus whatever follows. */
function statusOfRaw(marketplaceStatus: string): OrderStatus {
  const segments = marketplaceStatus.split('/');
  if (segments[0] === 'CANCELED') return 'CANCELLED';
  const expected = EXPECTED_BY_RAW[segments.slice(0, 2).join('/')];
  if (!expected) throw new Error(`no expectation written for ${marketplaceStatus}`);
  return expected;
}

describe('eBay to-unified', () => {
  it('maps an order: lineItemCost is unit price × quantity, no ship time in getOrders', () => {
    const unknown: string[] = [];
    expect(toUnifiedOrder(order(), unknown)).toEqual({
      externalOrderId: '11-08263-41957',
      orderNumber: '2291',
      orderedAt: new Date('2026-08-03T16:42:09.000Z'),
      fulfilledAt: null,
      status: 'PENDING',
      marketplaceStatus: 'NOT_STARTED/PAID',
      totalAmount: '86.00',
      currency: 'USD',
      subtotalAmount: '86.00',
      taxAmount: '0.00',
      shippingAmount: '0.00',
      discountAmount: '0.00',
      refundedAmount: '0.00',
      customerName: 'Ines Okafor',
      customerEmail: null,
      sourceUpdatedAt: new Date('2026-08-03T16:45:51.000Z'),
      cancelledAt: null,
      items: [
        {
          externalItemId: '10071188420311',
          externalProductId: '305518820043',
          externalVariantId: null,
          sku: 'LAMP-WAL',
          title: 'Walnut Desk Lamp',
          quantity: 1,
          unitPrice: '62.00',
          totalPrice: '62.00',
        },
        {
          externalItemId: '10071188420312',
          externalProductId: '305518820077',
          externalVariantId: '604412093318',
          sku: 'SOCK-M',
          title: 'Merino Wool Socks - M',
          quantity: 3,
          unitPrice: '8.00',
          totalPrice: '24.00',
        },
      ],
    } satisfies UnifiedOrderRow);
    expect(unknown).toEqual([]);
  });

  it('reads a production-shaped order: one-decimal amounts, a big quantity, a minimal buyer', () => {
    // the shape of the production order the real-payload search found (lineItemCost "4085.0", quantity 19, "0.0" amounts)
    const row = toUnifiedOrder(order('order-bulk'), []);
    expect(row).toMatchObject({
      status: 'DELIVERED',
      marketplaceStatus: 'FULFILLED/PAID',
      totalAmount: '1932.00',
      currency: 'USD',
      shippingAmount: '0.00',
      customerName: 'Quarry Tools Ltd',
      fulfilledAt: null,
    });
    expect(row.items).toEqual([
      {
        externalItemId: '10082277140019',
        externalProductId: '306102274418',
        externalVariantId: null,
        sku: 'BOARD-BMB',
        title: 'Bamboo Cutting Board (trade pack)',
        quantity: 23,
        unitPrice: '84.00',
        totalPrice: '1932.00',
      },
    ]);
  });

  it('maps tax, a negative priceDiscount and refunds after shipping (pending counted, failed not) as RETURNED', () => {
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
      {
        externalItemId: '10091127730201',
        externalProductId: '267501938210',
        externalVariantId: '610044871',
        sku: 'TEE-ORG-M',
        title: 'Organic Cotton T-Shirt - M',
        quantity: 3,
        unitPrice: '20.00',
        totalPrice: '60.00',
      },
    ]);
    expect(
      new Decimal(row.subtotalAmount!)
        .plus(row.shippingAmount!)
        .plus(row.taxAmount!)
        .minus(row.discountAmount!)
        .toFixed(2),
    ).toBe(row.totalAmount);
  });

  it('maps a cancelled order (cancelState CANCELED) with its cancel time and refund', () => {
    expect(toUnifiedOrder(order('order-cancelled'), [])).toMatchObject({
      status: 'CANCELLED',
      marketplaceStatus: 'CANCELED/NOT_STARTED/FULLY_REFUNDED',
      totalAmount: '48.20',
      currency: 'GBP',
      shippingAmount: '3.20',
      refundedAmount: '48.20',
      customerName: 'Arjun Mehta',
      cancelledAt: new Date('2026-08-05T22:40:17.000Z'),
      items: [{ sku: 'SCARF-NAVY', quantity: 1, unitPrice: '45.00', totalPrice: '45.00' }],
    });
  });

  it('takes the whole total as refunded when FULLY_REFUNDED lists no refund', () => {
    const { paymentSummary: _listed, ...unlisted } = { ...order(), orderPaymentStatus: 'FULLY_REFUNDED' };
    // before shipping: CANCELLED, as of the last change (no refund date to go by)
    expect(toUnifiedOrder(unlisted, [])).toMatchObject({
      status: 'CANCELLED',
      totalAmount: '86.00',
      refundedAmount: '86.00',
      cancelledAt: new Date('2026-08-03T16:45:51.000Z'),
    });
    expect(toUnifiedOrder({ ...unlisted, paymentSummary: { refunds: [] } }, []).refundedAmount).toBe('86.00');
    // a failed refund returned nothing, so none is listed either
    const failed = { refundStatus: 'FAILED', amount: { value: '86.0', currency: 'USD' } };
    expect(toUnifiedOrder({ ...unlisted, paymentSummary: { refunds: [failed] } }, []).refundedAmount).toBe('86.00');
    // after shipping: RETURNED
    expect(toUnifiedOrder({ ...unlisted, orderFulfillmentStatus: 'FULFILLED' }, [])).toMatchObject({
      status: 'RETURNED',
      refundedAmount: '86.00',
      cancelledAt: null,
    });
    // listed refunds are taken as listed, dated by the last
    const listed = [
      { refundStatus: 'REFUNDED', amount: { value: '60.0', currency: 'USD' }, refundDate: '2026-08-04T09:00:00.000Z' },
      { refundStatus: 'PENDING', amount: { value: '26.0', currency: 'USD' }, refundDate: '2026-08-04T10:30:00.000Z' },
    ];
    expect(toUnifiedOrder({ ...unlisted, paymentSummary: { refunds: listed } }, [])).toMatchObject({
      refundedAmount: '86.00',
      cancelledAt: new Date('2026-08-04T10:30:00.000Z'),
    });
    expect(toUnifiedOrder({ ...unlisted, paymentSummary: { refunds: listed.slice(0, 1) } }, []).refundedAmount).toBe(
      '60.00',
    );
  });

  const rows: [
    fulfillment: string,
    payment: string,
    cancelState: string,
    status: OrderStatus,
    marketplaceStatus: string,
  ][] = [
    ['NOT_STARTED', 'PENDING', 'NONE_REQUESTED', 'PENDING', 'NOT_STARTED/PENDING'],
    ['NOT_STARTED', 'FAILED', 'NONE_REQUESTED', 'PENDING', 'NOT_STARTED/FAILED'],
    ['NOT_STARTED', 'PAID', 'NONE_REQUESTED', 'PENDING', 'NOT_STARTED/PAID'],
    ['IN_PROGRESS', 'PAID', 'NONE_REQUESTED', 'SHIPPED', 'IN_PROGRESS/PAID'],
    ['FULFILLED', 'PAID', 'NONE_REQUESTED', 'DELIVERED', 'FULFILLED/PAID'],
    ['NOT_STARTED', 'FULLY_REFUNDED', 'CANCELED', 'CANCELLED', 'CANCELED/NOT_STARTED/FULLY_REFUNDED'],
    ['NOT_STARTED', 'FAILED', 'CANCELED', 'CANCELLED', 'CANCELED/NOT_STARTED/FAILED'],
    // refunds before shipping cancel, after shipping return
    ['NOT_STARTED', 'FULLY_REFUNDED', 'NONE_REQUESTED', 'CANCELLED', 'NOT_STARTED/FULLY_REFUNDED'],
    ['NOT_STARTED', 'PARTIALLY_REFUNDED', 'NONE_REQUESTED', 'PENDING', 'NOT_STARTED/PARTIALLY_REFUNDED'],
    ['IN_PROGRESS', 'PARTIALLY_REFUNDED', 'NONE_REQUESTED', 'RETURNED', 'IN_PROGRESS/PARTIALLY_REFUNDED'],
    ['FULFILLED', 'FULLY_REFUNDED', 'NONE_REQUESTED', 'RETURNED', 'FULFILLED/FULLY_REFUNDED'],
    ['FULFILLED', 'PARTIALLY_REFUNDED', 'NONE_REQUESTED', 'RETURNED', 'FULFILLED/PARTIALLY_REFUNDED'],
    // an open cancel request does not cancel yet
    ['FULFILLED', 'PAID', 'IN_PROGRESS', 'DELIVERED', 'FULFILLED/PAID/CANCEL_IN_PROGRESS'],
  ];

  it.each(rows)(
    'maps %s / %s / cancelState %s to %s',
    (fulfillment, payment, cancelState, status, marketplaceStatus) => {
      const input = {
        ...order(),
        orderFulfillmentStatus: fulfillment,
        orderPaymentStatus: payment,
        cancelStatus: { cancelState },
      };
      const unknown: string[] = [];
      const row = toUnifiedOrder(input, unknown);
      expect([row.status, row.marketplaceStatus]).toEqual([status, marketplaceStatus]);
      expect(statusOfRaw(row.marketplaceStatus)).toBe(status);
      expect(unknown).toEqual([]);
    },
  );

  it('sends an unknown fulfillment status to the fallback and reports it', () => {
    const unknown: string[] = [];
    const row = toUnifiedOrder({ ...order(), orderFulfillmentStatus: 'ON_HOLD' }, unknown);
    // not shipped yet, as far as the table can tell
    expect([row.status, row.marketplaceStatus]).toEqual(['PENDING', 'ON_HOLD/PAID']);
    expect(unknown).toEqual(['ON_HOLD']);
  });

  it('takes an order with only the fields it needs, and skips none of them silently', () => {
    const minimal = orderSchema.parse({
      orderId: '01-00001-00001',
      creationDate: '2026-08-01T00:00:00.000Z',
      orderFulfillmentStatus: 'NOT_STARTED',
      pricingSummary: { total: { value: '9.5', currency: 'EUR' } },
      lineItems: [{ lineItemId: '1', lineItemCost: { value: '9.5', currency: 'EUR' }, quantity: 2 }],
    });
    expect(toUnifiedOrder(minimal, [])).toMatchObject({
      status: 'PENDING',
      marketplaceStatus: 'NOT_STARTED',
      totalAmount: '9.50',
      subtotalAmount: null,
      sourceUpdatedAt: new Date('2026-08-01T00:00:00.000Z'),
      items: [{ title: '', sku: null, quantity: 2, unitPrice: '4.75', totalPrice: '9.50' }],
    });
    for (const broken of [
      { orderId: 'x' },
      {
        ...(fixture('order') as object),
        lineItems: [{ lineItemId: '1', quantity: 0, lineItemCost: { value: '1.0', currency: 'USD' } }],
      },
    ]) {
      expect(orderSchema.safeParse(broken).success).toBe(false);
    }
  });

  it('rejects an order whose amounts mix currencies', () => {
    const base = order();
    const mixed = {
      ...base,
      pricingSummary: { ...base.pricingSummary, deliveryCost: { value: '1.0', currency: 'GBP' } },
    };
    expect(() => toUnifiedOrder(mixed, [])).toThrow(/GBP/);
  });

  it('maps an inventory item with its offer: SKU as id, store category, first image, stock', () => {
    const item = inventoryItemSchema.parse(fixture('inventory-item'));
    expect(toUnifiedProduct(item, offerOf())).toEqual({
      externalId: 'LAMP-WAL',
      parentListingId: '305518820043',
      sku: 'LAMP-WAL',
      title: 'Walnut Desk Lamp',
      variantTitle: null,
      category: 'Home > Lighting',
      imageUrl: 'https://i.ebayimg.com/images/g/Zq4AAeSwTl9nR2kd/s-l1600.jpg',
      price: '62.00',
      currency: 'USD',
      inventory: 7,
      status: 'ACTIVE',
      marketplaceStatus: 'PUBLISHED/ACTIVE',
      sourceUpdatedAt: null,
    });
    expect(toUnifiedProduct(item, null)).toMatchObject({
      parentListingId: null,
      price: null,
      currency: null,
      category: null,
      status: 'INACTIVE',
      marketplaceStatus: null,
    });
  });

  it('reads stock and listing states: untracked, sold out, ended, unpublished', () => {
    const untracked = inventoryItemSchema.parse(fixture('inventory-item-untracked'));
    expect(toUnifiedProduct(untracked, offerOf({ sku: 'PRINT-A3', storeCategoryNames: undefined }))).toMatchObject({
      externalId: 'PRINT-A3',
      inventory: null,
      status: 'ACTIVE',
      imageUrl: null,
      category: null,
    });
    const item = inventoryItemSchema.parse(fixture('inventory-item'));
    const none = { ...item, availability: { shipToLocationAvailability: { quantity: 0 } } };
    expect(
      toUnifiedProduct(none, offerOf({ listing: { listingId: '1', listingStatus: 'OUT_OF_STOCK' } })),
    ).toMatchObject({ inventory: 0, status: 'OUT_OF_STOCK', marketplaceStatus: 'PUBLISHED/OUT_OF_STOCK' });
    expect(toUnifiedProduct(item, offerOf({ listing: { listingId: '1', listingStatus: 'ENDED' } }))).toMatchObject({
      status: 'INACTIVE',
      marketplaceStatus: 'PUBLISHED/ENDED',
    });
    expect(toUnifiedProduct(item, offerOf({ status: 'UNPUBLISHED', listing: undefined }))).toMatchObject({
      status: 'INACTIVE',
      marketplaceStatus: 'UNPUBLISHED',
      parentListingId: null,
    });
  });
});

/** What the connector should make of a sandbox order (eBay's three fields have no DELIVERED of their own). */
function expectedStatus(o: SandboxOrder): OrderStatus {
  switch (o.status) {
    case 'PENDING':
    case 'PROCESSING':
      return 'PENDING';
    // IN_PROGRESS (partly shipped) exists only for orders of several lines; a single line is FULFILLED
    case 'SHIPPED':
      return o.lines.length > 1 ? 'SHIPPED' : 'DELIVERED';
    case 'REFUNDED':
      return 'CANCELLED';
    default:
      return o.status;
  }
}

describe('eBay connector against the sandbox', () => {
  const sandbox = useSandbox('ebay', { orders: 3000, seed: 6 });
  const idsOf = (rows: UnifiedOrderRow[]) => rows.map((r) => r.externalOrderId);
  const expectedIds = (key: string, from: Date | null, now: Date) => {
    const store = sandbox().data.store(key);
    return Array.from(store.updatedBetween(from, null, now), (i) => store.order(i, now)!.id);
  };

  it('shows every raw status of the spec table over two months of 3-hourly syncs, each mapped as the table says', async () => {
    const step = 3 * 3_600_000;
    const seen = new Map<string, Set<OrderStatus>>();
    const start = NOW.getTime() - 60 * DAY;
    const from = new Map<string, Date>(['ebay-us', 'ebay-uk'].map((key) => [key, new Date(start)]));
    for (let at = start + step; at <= NOW.getTime(); at += step) {
      await sandbox().control('/clock', { now: new Date(at).toISOString() });
      for (const [key, since] of from) {
        const ctx = contextFor(sandbox(), key);
        const walked = await walk((cursor) =>
          ebayConnector.fetchOrders(ctx, { updatedFrom: since, updatedTo: new Date(at + 1), cursor, pageSize: 200 }),
        );
        expect(walked.unknownStatuses).toEqual([]);
        for (const r of walked.records) {
          expect(r.status).toBe(statusOfRaw(r.marketplaceStatus));
          const k = r.marketplaceStatus.split('/').slice(0, 2).join('/');
          seen.set(k, (seen.get(k) ?? new Set()).add(r.status));
        }
        from.set(key, new Date(at + 1));
      }
    }
    const firsts = new Set([...seen.keys()].map((k) => k.split('/')[0]));
    // the table's rows: NOT_STARTED, IN_PROGRESS, FULFILLED, CANCELLED (eBay's CANCELED), RETURNED
    expect([...firsts].sort()).toEqual(['CANCELED', 'FULFILLED', 'IN_PROGRESS', 'NOT_STARTED']);
    expect(seen.get('NOT_STARTED/PENDING')).toEqual(new Set(['PENDING']));
    expect(seen.get('NOT_STARTED/PAID')).toEqual(new Set(['PENDING']));
    expect(seen.get('IN_PROGRESS/PAID')).toEqual(new Set(['SHIPPED']));
    expect(seen.get('FULFILLED/PAID')).toEqual(new Set(['DELIVERED']));
    expect(seen.get('CANCELED/NOT_STARTED')).toEqual(new Set(['CANCELLED']));
    // the returned case and a refund before shipping
    expect(seen.get('FULFILLED/FULLY_REFUNDED')).toEqual(new Set(['RETURNED']));
    expect(seen.get('NOT_STARTED/FULLY_REFUNDED')).toEqual(new Set(['CANCELLED']));
  });

  it('answers eBay 400s for limit > 200, a range over 90 days and an unencoded filter', async () => {
    const get = async (query: string) => {
      const res = await fetch(`${sandbox().url}/sell/fulfillment/v1/order?${query}`, {
        headers: { authorization: `Bearer ${contextFor(sandbox(), 'ebay-us').accessToken}` },
      });
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
    const walked = await walk((cursor) =>
      ebayConnector.fetchOrders(ctx, { updatedFrom: from, updatedTo, cursor, pageSize: 25 }),
    );
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
    expect(walked.records.some((r) => r.orderedAt < NOW)).toBe(true);
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

  it('skips malformed orders with their ids and reasons, and keeps the rest', async () => {
    await sandbox().control('/faults', { malformedRate: 0.05 });
    const store = sandbox().data.store('ebay-us');
    const all = Array.from(store.updatedBetween(null, null, NOW), (i) => store.order(i, NOW, 0.05)!);
    const broken = all.filter((o) => o.malformed).map((o) => o.id);
    expect(broken.length).toBeGreaterThan(0);
    const walked = await walkOrders(ebayConnector, contextFor(sandbox(), 'ebay-us'), LONG_AGO, 100);
    expect(walked.skipped.map((s) => s.id).sort()).toEqual([...broken].sort());
    expect(
      walked.skipped.every(
        (s) => s.reason.includes('pricingSummary.total.value') && s.reason.includes('decimal string'),
      ),
    ).toBe(true);
    expect(idsOf(walked.records).sort()).toEqual(
      all
        .filter((o) => !o.malformed)
        .map((o) => o.id)
        .sort(),
    );
  });

  it('throws AuthError when the token has expired', async () => {
    const ctx = contextFor(sandbox(), 'ebay-uk');
    await sandbox().control('/tokens/expire', { token: ctx.accessToken });
    await expect(ebayConnector.fetchOrders(ctx, { updatedFrom: LONG_AGO })).rejects.toBeInstanceOf(AuthError);
    await expect(ebayConnector.fetchProducts(ctx, {})).rejects.toBeInstanceOf(AuthError);
  });

  it.each(['ebay-us', 'ebay-uk'])(
    'a full walk of %s equals the truth: orders, totals, statuses, products',
    async (key) => {
      const store = sandbox().data.store(key);
      const truth = store.truth(NOW);
      const ctx = contextFor(sandbox(), key);
      const orders = await walkOrders(ebayConnector, ctx, LONG_AGO);
      expect(orders.skipped).toEqual([]);
      expect(orders.unknownStatuses).toEqual([]);
      expect(new Set(idsOf(orders.records)).size).toBe(orders.records.length);
      expect(orders.records).toHaveLength(truth.orders);
      const totals: Record<string, Decimal> = {};
      for (const r of orders.records) totals[r.currency] = (totals[r.currency] ?? new Decimal(0)).plus(r.totalAmount);
      expect(Object.fromEntries(Object.entries(totals).map(([c, v]) => [c, v.toFixed(2)]))).toEqual(truth.totals);
      const byId = new Map(orders.records.map((r) => [r.externalOrderId, r]));
      for (const i of store.updatedBetween(null, null, NOW)) {
        const o = store.order(i, NOW)!;
        const row = byId.get(o.id)!;
        expect([o.id, row.status]).toEqual([o.id, expectedStatus(o)]);
        expect(row.fulfilledAt).toBeNull();
        expect(row.items.reduce((a, l) => a + l.quantity, 0)).toBe(o.lines.reduce((a, l) => a + l.quantity, 0));
        if (o.status === 'RETURNED' || o.status === 'REFUNDED')
          expect(row.refundedAmount).toBe(new Decimal(o.refunded).div(100).toFixed(2));
      }

      const products = await walkProducts(ebayConnector, ctx, 7);
      expect(products.skipped).toEqual([]);
      expect(products.records).toHaveLength(truth.products);
      expect(products.pages).toBe(Math.ceil(truth.products / 7));
      const bySku = new Map(products.records.map((p) => [p.externalId, p]));
      expect(bySku.size).toBe(truth.products);
      const catalog = store.products(NOW);
      expect(catalog.some((c) => !c.tracked) && catalog.some((c) => c.tracked && c.inventory < 0)).toBe(true);
      for (const item of catalog) {
        const p = bySku.get(item.sku)!;
        const inventory = item.tracked ? Math.max(0, item.inventory) : null;
        const status = item.status !== 'active' ? 'INACTIVE' : inventory === 0 ? 'OUT_OF_STOCK' : 'ACTIVE';
        expect(p).toMatchObject({
          sku: item.sku,
          parentListingId: item.productId,
          title: item.title,
          price: new Decimal(item.price).div(100).toFixed(2),
          currency: store.spec.currency,
          inventory,
          category: item.category,
          imageUrl: ebayImageUrl(item),
          status,
        });
      }
    },
  );
});
