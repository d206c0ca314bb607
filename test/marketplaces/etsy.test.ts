import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import type { OrderStatus } from '../../src/generated/prisma/enums.ts';
import { etsyConnector } from '../../src/marketplaces/etsy/index.ts';
import { InventorySchema, ListingSchema, ReceiptSchema } from '../../src/marketplaces/etsy/schemas.ts';
import { toUnifiedOrder, toUnifiedProducts } from '../../src/marketplaces/etsy/to-unified.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { etsyImageUrl, etsyQuantity, groupListings, listingState } from '../../src/sandbox/etsy/render-listing.ts';
import type { StoreData } from '../../src/sandbox/generator/index.ts';
import type { LifecycleStatus } from '../../src/sandbox/types.ts';
import { contextFor, NOW, type OneSandbox, startSandbox, walk, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/etsy/${name}.json`, import.meta.url), 'utf8'));
const receipt = (patch: Record<string, unknown> = {}, name = 'receipt') =>
  ReceiptSchema.parse({ ...(fixture(name) as object), ...patch });
const usd = (amount: number) => ({ amount, divisor: 100, currency_code: 'USD' });
const LONG_AGO = new Date('2001-01-01T00:00:00Z');
const DAY = 86_400_000;

/**
 * What a receipt reads as, by its marketplaceStatus (lower-cased: live receipts come capitalised
 * too), written out from the spec's Etsy rows (open → PENDING, paid → CONFIRMED, completed →
 * DELIVERED, canceled → CANCELLED; payment processing is not paid yet, like open) and the refund
 * rule: after shipping a refund is RETURNED; before, a full one CANCELLED, a partial one leaves the
 * paid receipt CONFIRMED.
 */
const EXPECTED_BY_RAW: Record<string, OrderStatus> = {
  open: 'PENDING',
  'payment processing': 'PENDING',
  paid: 'CONFIRMED',
  completed: 'DELIVERED',
  canceled: 'CANCELLED',
  'fully refunded/not shipped': 'CANCELLED',
  'partially refunded/not shipped': 'CONFIRMED',
  'fully refunded/shipped': 'RETURNED',
  'partially refunded/shipped': 'RETURNED',
};

function statusOfRaw(marketplaceStatus: string): OrderStatus {
  const expected = EXPECTED_BY_RAW[marketplaceStatus.toLowerCase()];
  if (!expected) throw new Error(`no expectation written for ${marketplaceStatus}`);
  return expected;
}

describe('etsy to-unified', () => {
  it('maps a paid receipt field by field', () => {
    const unknown: string[] = [];
    expect(toUnifiedOrder(receipt(), unknown)).toEqual({
      externalOrderId: '3187720455',
      orderNumber: '3187720455',
      orderedAt: new Date(1786099521 * 1000),
      fulfilledAt: null,
      status: 'CONFIRMED',
      marketplaceStatus: 'paid',
      totalAmount: '73.22',
      currency: 'USD',
      subtotalAmount: '67',
      taxAmount: '5.42',
      shippingAmount: '7.5',
      discountAmount: '6.7',
      refundedAmount: '0',
      customerName: 'Marisol Vega',
      customerEmail: null,
      sourceUpdatedAt: new Date(1786103140 * 1000),
      cancelledAt: null,
      items: [
        {
          externalItemId: '4410092231',
          externalProductId: '1620044187',
          externalVariantId: '20118800312',
          sku: 'CANDLE-CEDAR',
          title: 'Soy Wax Candle',
          quantity: 2,
          unitPrice: '22',
          totalPrice: '44',
        },
        {
          externalItemId: '4410092232',
          externalProductId: '1620044230',
          externalVariantId: '20118800977',
          sku: 'PLANT-LARGE',
          title: 'Terracotta Planter',
          quantity: 1,
          unitPrice: '23',
          totalPrice: '23',
        },
      ],
    } satisfies UnifiedOrderRow);
    expect(unknown).toEqual([]);
  });

  it('maps a completed receipt (capitalised, as live receipts send it): DELIVERED, shipped at its first shipment', () => {
    const unknown: string[] = [];
    const row = toUnifiedOrder(receipt({}, 'receipt-completed'), unknown);
    expect(row).toMatchObject({
      status: 'DELIVERED',
      marketplaceStatus: 'Completed',
      fulfilledAt: new Date(1786276402 * 1000),
      totalAmount: '73.22',
      sourceUpdatedAt: new Date(1786360055 * 1000),
    });
    expect(unknown).toEqual([]);
    // no shipments recorded: the transactions' shipped times
    expect(toUnifiedOrder(receipt({ shipments: [] }, 'receipt-completed'), []).fulfilledAt).toEqual(
      new Date(1786276402 * 1000),
    );
  });

  it('maps a partial refund after shipping as RETURNED, in a currency without minor units', () => {
    const row = toUnifiedOrder(receipt({}, 'receipt-refunded'), []);
    expect(row).toMatchObject({
      status: 'RETURNED',
      marketplaceStatus: 'partially refunded/shipped',
      currency: 'JPY',
      totalAmount: '9350',
      subtotalAmount: '8500',
      shippingAmount: '850',
      refundedAmount: '4250',
      cancelledAt: null,
      fulfilledAt: new Date(1786276402 * 1000),
    });
    expect(row.items).toEqual([
      {
        externalItemId: '4410092231',
        externalProductId: '1620044187',
        externalVariantId: '20118800312',
        sku: 'CANDLE-CEDAR',
        title: 'Soy Wax Candle',
        quantity: 2,
        unitPrice: '4250',
        totalPrice: '8500',
      },
    ]);
  });

  const table: [raw: string, patch: Record<string, unknown>, status: OrderStatus, marketplaceStatus: string][] = [
    ['open', { is_paid: false }, 'PENDING', 'open'],
    ['payment processing', { is_paid: false }, 'PENDING', 'payment processing'],
    ['Payment Processing', { is_paid: false }, 'PENDING', 'Payment Processing'],
    ['paid', {}, 'CONFIRMED', 'paid'],
    ['Paid', {}, 'CONFIRMED', 'Paid'],
    ['completed', { is_shipped: true }, 'DELIVERED', 'completed'],
    ['canceled', {}, 'CANCELLED', 'canceled'],
    [
      'fully refunded',
      { refunds: [{ amount: usd(7322), created_timestamp: 1786200000 }] },
      'CANCELLED',
      'fully refunded/not shipped',
    ],
    [
      'partially refunded',
      { refunds: [{ amount: usd(750), created_timestamp: 1786200000 }] },
      'CONFIRMED',
      'partially refunded/not shipped',
    ],
    [
      'fully refunded',
      { is_shipped: true, refunds: [{ amount: usd(7322), created_timestamp: 1786900000 }] },
      'RETURNED',
      'fully refunded/shipped',
    ],
    [
      'Fully Refunded',
      { is_shipped: true, refunds: [{ amount: usd(7322), created_timestamp: 1786900000 }] },
      'RETURNED',
      'Fully Refunded/shipped',
    ],
  ];

  it.each(table)('maps %s (%j) to %s', (raw, patch, status, marketplaceStatus) => {
    const unknown: string[] = [];
    const row = toUnifiedOrder(receipt({ status: raw, ...patch }), unknown);
    expect([row.status, row.marketplaceStatus]).toEqual([status, marketplaceStatus]);
    expect(statusOfRaw(row.marketplaceStatus)).toBe(status);
    expect(unknown).toEqual([]);
  });

  it('dates a cancellation: a canceled receipt by its last update, a refund before shipping by the refund', () => {
    expect(toUnifiedOrder(receipt({ status: 'canceled' }), []).cancelledAt).toEqual(new Date(1786103140 * 1000));
    const refunded = toUnifiedOrder(
      receipt({
        status: 'fully refunded',
        refunds: [
          { amount: usd(7000), created_timestamp: 1786200000 },
          { amount: usd(322), created_timestamp: 1786200500 },
        ],
      }),
      [],
    );
    expect([refunded.cancelledAt, refunded.refundedAmount]).toEqual([new Date(1786200500 * 1000), '73.22']);
  });

  it('maps a status outside the table by the receipt flags, and reports it', () => {
    const unknown: string[] = [];
    expect(toUnifiedOrder(receipt({ status: 'processing' }), unknown).status).toBe('CONFIRMED');
    expect(toUnifiedOrder(receipt({ status: 'processing', is_shipped: true }), unknown).status).toBe('DELIVERED');
    expect(toUnifiedOrder(receipt({ status: 'processing', is_paid: false }), unknown).status).toBe('PENDING');
    expect(unknown).toEqual(['processing']);
  });

  it('takes a receipt with only what it needs, either timestamp spelling, and rejects what it cannot map', () => {
    const minimal = ReceiptSchema.parse({
      receipt_id: 1,
      status: 'open',
      create_timestamp: 1786000000,
      grandtotal: usd(500),
    });
    expect(toUnifiedOrder(minimal, [])).toMatchObject({
      orderedAt: new Date(1786000000 * 1000),
      sourceUpdatedAt: new Date(1786000000 * 1000),
      totalAmount: '5',
      subtotalAmount: null,
      items: [],
      fulfilledAt: null,
    });
    const base = fixture('receipt') as Record<string, unknown>;
    const { created_timestamp: _a, create_timestamp: _b, ...noTime } = base;
    for (const broken of [
      noTime,
      { ...base, grandtotal: undefined },
      { ...base, grandtotal: { amount: 5, divisor: 0, currency_code: 'USD' } },
      { ...base, grandtotal: { amount: '73.22', currency_code: 'USD' } },
    ]) {
      expect(ReceiptSchema.safeParse(broken).success).toBe(false);
    }
  });

  it('makes one product row per live variant of a listing with its inventory and images attached', () => {
    const listing = ListingSchema.parse(fixture('listing'));
    const rows = toUnifiedProducts(listing, InventorySchema.parse(listing.inventory));
    const common = {
      parentListingId: '1620044187',
      title: 'Soy Wax Candle',
      category: null,
      // the rank-1 image, wherever it stands in the array
      imageUrl: 'https://i.etsystatic.com/30551872/r/il/d8c3a5/5518824401/il_570xN.5518824401_m2kt.jpg',
      currency: 'USD',
      sourceUpdatedAt: new Date(1785990012 * 1000),
    };
    expect(rows).toEqual([
      {
        ...common,
        externalId: '20118800311',
        sku: 'CANDLE-LAV',
        variantTitle: 'Lavender',
        price: '22',
        inventory: 0,
        status: 'OUT_OF_STOCK',
        marketplaceStatus: 'active',
      },
      {
        ...common,
        externalId: '20118800312',
        sku: 'CANDLE-CEDAR',
        variantTitle: 'Cedar',
        price: '22',
        inventory: 26,
        status: 'ACTIVE',
        marketplaceStatus: 'active',
      },
      {
        ...common,
        externalId: '20118800313',
        sku: 'CANDLE-FIG',
        variantTitle: 'Fig',
        price: '24.5',
        inventory: 4,
        status: 'INACTIVE',
        marketplaceStatus: 'active/disabled',
      },
    ]);
  });

  it('gives a listing without variations the listing id, and reads its states', () => {
    const listing = ListingSchema.parse(fixture('listing-single'));
    const inventory = InventorySchema.parse(fixture('inventory'));
    expect(toUnifiedProducts(listing, inventory)).toEqual([
      {
        externalId: '1620044302',
        parentListingId: '1620044302',
        sku: 'NOTE-A5',
        title: 'Linen Notebook A5',
        variantTitle: null,
        category: null,
        imageUrl: null,
        price: '12.5',
        currency: 'USD',
        inventory: 0,
        status: 'OUT_OF_STOCK',
        marketplaceStatus: 'sold_out',
        sourceUpdatedAt: new Date(1785400877 * 1000),
      },
    ]);
    for (const state of ['inactive', 'draft', 'expired'])
      expect(toUnifiedProducts({ ...listing, state }, inventory)[0]!.status).toBe('INACTIVE');
    const stocked = {
      products: [
        { ...inventory.products[0]!, offerings: [{ ...inventory.products[0]!.offerings[0]!, quantity: 999 }] },
      ],
    };
    expect(toUnifiedProducts({ ...listing, state: 'active' }, stocked)[0]).toMatchObject({
      status: 'ACTIVE',
      inventory: 999,
    });
  });
});

/** What the connector should make of a sandbox order. */
const EXPECTED: Record<LifecycleStatus, OrderStatus> = {
  PENDING: 'PENDING',
  PROCESSING: 'CONFIRMED',
  // Etsy's `completed` (marked shipped) is the table's DELIVERED
  SHIPPED: 'DELIVERED',
  DELIVERED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
  REFUNDED: 'CANCELLED',
  RETURNED: 'RETURNED',
};

describe('etsy connector against the sandbox', () => {
  let sandbox: OneSandbox;
  let store: StoreData;
  const ctx = () => contextFor(sandbox, 'etsy');
  const placed = (now: Date) =>
    Array.from({ length: store.orderCount }, (_, i) => store.order(i, now)).filter((o) => o !== null);

  beforeAll(async () => {
    sandbox = await startSandbox('etsy', { orders: 10_000, seed: 36 });
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
    for (const h of ['x-limit-per-second', 'x-remaining-this-second', 'x-limit-per-day', 'x-remaining-today'])
      expect(ok.headers.get(h)).toMatch(/^\d+$/);
    const body = (await ok.json()) as { count: number; results: { receipt_id: number }[] };
    expect(body.results).toHaveLength(2);
    expect(body.count).toBe(placed(NOW).length);
    const listings = `${sandbox.url}/v3/application/shops/${store.spec.storeId}/listings`;
    expect((await fetch(`${listings}?includes=Images,Bogus`, { headers: full })).status).toBe(400);
    const withImages = (await (
      await fetch(`${listings}?includes=Images&includes=Inventory&limit=1`, { headers: full })
    ).json()) as { results: { images: unknown[]; inventory: unknown }[] };
    expect(withImages.results[0]!.images.length).toBeGreaterThan(0);
    expect(withImages.results[0]!.inventory).toBeDefined();
  });

  it('shows every raw status of the spec table over a month of 2-hourly syncs, each mapped as the table says', async () => {
    const step = 2 * 3_600_000;
    const seen = new Map<string, Set<OrderStatus>>();
    let from = new Date(NOW.getTime() - 30 * DAY);
    try {
      for (let at = from.getTime() + step; at <= NOW.getTime(); at += step) {
        await sandbox.control('/clock', { now: new Date(at).toISOString() });
        const walked = await walk((cursor) =>
          etsyConnector.fetchOrders(ctx(), { updatedFrom: from, updatedTo: new Date(at + 1), cursor }),
        );
        expect(walked.unknownStatuses).toEqual([]);
        for (const r of walked.records) {
          expect(r.status).toBe(statusOfRaw(r.marketplaceStatus));
          seen.set(r.marketplaceStatus, (seen.get(r.marketplaceStatus) ?? new Set()).add(r.status));
        }
        from = new Date(at + 1);
      }
    } finally {
      await sandbox.control('/clock', { now: NOW.toISOString() });
    }
    const firsts = new Set([...seen.keys()].map((k) => k.split('/')[0]!.toLowerCase()));
    for (const raw of ['open', 'paid', 'completed', 'canceled']) expect(firsts).toContain(raw);
    expect(seen.get('open')).toEqual(new Set(['PENDING']));
    expect(seen.get('paid')).toEqual(new Set(['CONFIRMED']));
    expect(seen.get('completed')).toEqual(new Set(['DELIVERED']));
    expect(seen.get('canceled')).toEqual(new Set(['CANCELLED']));
    // capitalised, as some live receipts come
    expect(seen.get('Completed')).toEqual(new Set(['DELIVERED']));
    // refunds before and after shipping
    expect(seen.get('fully refunded/not shipped')).toEqual(new Set(['CANCELLED']));
    expect(seen.get('fully refunded/shipped')).toEqual(new Set(['RETURNED']));
  }, 60_000);

  it('walks every page once and stops', async () => {
    const orders = placed(NOW);
    const size = 50;
    const result = await walkOrders(etsyConnector, ctx(), LONG_AGO, size);
    const ids = result.records.map((r) => r.externalOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(orders.length);
    expect(result.pages).toBe(Math.ceil(orders.length / size));
  });

  it('fetches only the receipts changed since the last sync, status changes included', async () => {
    const later = new Date(NOW.getTime() + 3 * DAY);
    await sandbox.control('/clock', { now: later.toISOString() });
    try {
      const result = await walkOrders(etsyConnector, ctx(), NOW);
      const expected = [...store.updatedBetween(NOW, null, later)].map((i) => store.order(i, later)!);
      expect(result.records.map((r) => r.externalOrderId).sort()).toEqual(expected.map((o) => o.id).sort());
      expect(expected.some((o) => o.createdAt < NOW)).toBe(true);
      const byId = new Map(result.records.map((r) => [r.externalOrderId, r]));
      for (const o of expected) expect(byId.get(o.id)?.status).toBe(EXPECTED[o.status]);
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

  it('skips malformed receipts with their ids and reasons, and keeps the rest', async () => {
    await sandbox.control('/faults', { malformedRate: 0.05 });
    try {
      const result = await walkOrders(etsyConnector, ctx(), LONG_AGO);
      const orders = Array.from({ length: store.orderCount }, (_, i) => store.order(i, NOW, 0.05)).filter(
        (o) => o !== null,
      );
      const broken = orders.filter((o) => o.malformed).map((o) => o.id);
      expect(broken.length).toBeGreaterThan(0);
      expect(result.skipped.map((s) => s.id).sort()).toEqual(broken.sort());
      expect(result.skipped.every((s) => s.reason.includes('grandtotal'))).toBe(true);
      expect(result.records.map((r) => r.externalOrderId).sort()).toEqual(
        orders
          .filter((o) => !o.malformed)
          .map((o) => o.id)
          .sort(),
      );
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

  it('agrees with the sandbox truth: orders, totals, statuses, ship times and products', async () => {
    const truth = store.truth(NOW);
    const orders = await walkOrders(etsyConnector, ctx(), LONG_AGO);
    expect(orders.skipped).toEqual([]);
    expect(orders.unknownStatuses).toEqual([]);
    expect(new Set(orders.records.map((r) => r.externalOrderId)).size).toBe(truth.orders);
    const totals: Record<string, Decimal> = {};
    for (const r of orders.records) totals[r.currency] = (totals[r.currency] ?? new Decimal(0)).plus(r.totalAmount);
    expect(Object.fromEntries(Object.entries(totals).map(([c, t]) => [c, t.toFixed(2)]))).toEqual(truth.totals);
    const byStatus: Record<string, number> = {};
    for (const [s, n] of Object.entries(truth.byStatus) as [LifecycleStatus, number][])
      if (n) byStatus[EXPECTED[s]] = (byStatus[EXPECTED[s]] ?? 0) + n;
    const got: Record<string, number> = {};
    for (const r of orders.records) got[r.status] = (got[r.status] ?? 0) + 1;
    expect(got).toEqual(byStatus);
    const byId = new Map(orders.records.map((r) => [r.externalOrderId, r]));
    for (const o of placed(NOW)) {
      const shipped = o.history.find((h) => h.status === 'SHIPPED')?.at ?? null;
      expect(byId.get(o.id)!.fulfilledAt).toEqual(shipped && new Date(Math.floor(shipped.getTime() / 1000) * 1000));
    }

    const products = await walkProducts(etsyConnector, ctx(), 5);
    expect(products.skipped).toEqual([]);
    const ids = products.records.map((p) => p.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      store
        .products(NOW)
        .map((p) => p.variantId)
        .sort(),
    );
    expect(products.records.length).toBe(truth.products);
    const catalog = store.products(NOW);
    expect(catalog.some((c) => !c.tracked) && catalog.some((c) => c.tracked && c.inventory < 0)).toBe(true);
    const rows = new Map(products.records.map((p) => [p.externalId, p]));
    for (const listing of groupListings(catalog)) {
      const state = listingState(listing);
      for (const item of listing.items) {
        const quantity = etsyQuantity(item);
        const forSale = (state === 'active' || state === 'sold_out') && item.status === 'active';
        expect(rows.get(item.variantId)).toMatchObject({
          sku: item.sku,
          parentListingId: item.productId,
          inventory: quantity,
          price: new Decimal(item.price).div(100).toFixed(),
          category: null,
          imageUrl: etsyImageUrl(listing.items[0]!, store.spec.storeId, '570xN'),
          status: !forSale ? 'INACTIVE' : quantity === 0 || state === 'sold_out' ? 'OUT_OF_STOCK' : 'ACTIVE',
          marketplaceStatus: item.status === 'active' ? state : `${state}/disabled`,
        });
      }
    }
  });
});
