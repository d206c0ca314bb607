import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { composeExampleOrder, composeRecordedVariants } from '../../scripts/real-payloads/shopify.ts';
import type { OrderStatus } from '../../src/generated/prisma/enums.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import { dec, sumMoney } from '../../src/marketplaces/money.ts';
import { throttleDelayMs } from '../../src/marketplaces/shopify/client.ts';
import { shopifyConnector } from '../../src/marketplaces/shopify/index.ts';
import {
  OrderSchema,
  OrdersDataSchema,
  type ShopifyOrder,
  VariantSchema,
  VariantsDataSchema,
} from '../../src/marketplaces/shopify/schemas.ts';
import { toUnifiedOrder, toUnifiedProduct } from '../../src/marketplaces/shopify/to-unified.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { idField, validateEach } from '../../src/marketplaces/validate-records.ts';
import { formatMinor } from '../../src/sandbox/generator/index.ts';
import { CatalogView, renderOrder, shopifyDecimal } from '../../src/sandbox/shopify/render.ts';
import type { LifecycleStatus } from '../../src/sandbox/types.ts';
import { contextFor, NOW, silentLog, useSandbox, walk, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/shopify/${name}`, import.meta.url), 'utf8'));
const orderGid = (id: string) => `gid://shopify/Order/${id}`;
const money = (amount: string, currencyCode = 'USD') => ({ shopMoney: { amount, currencyCode } });

/** The spec's status table for Shopify, by the first "/"-segment of marketplaceStatus. */
const SPEC_TABLE: Record<string, OrderStatus> = {
  UNFULFILLED: 'PENDING',
  FULFILLED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
};

/**
 * Every `displayFulfillmentStatus` (OrderDisplayFulfillmentStatus) on a paid order with no refund:
 * the spec's two rows as written, the others by the stage the goods are at. Nothing handed over
 * yet is PENDING, some parcels out SHIPPED, every item back in stock before shipping CANCELLED,
 * nothing to ship (gift cards) as complete as fulfilled.
 */
const FULFILLMENT_AS: Record<string, OrderStatus> = {
  UNFULFILLED: 'PENDING',
  FULFILLED: 'DELIVERED',
  OPEN: 'PENDING',
  SCHEDULED: 'PENDING',
  ON_HOLD: 'PENDING',
  PENDING_FULFILLMENT: 'PENDING',
  IN_PROGRESS: 'PENDING',
  REQUEST_DECLINED: 'PENDING',
  PARTIALLY_FULFILLED: 'SHIPPED',
  RESTOCKED: 'CANCELLED',
  FULFILLMENT_NOT_REQUIRED: 'DELIVERED',
};

/** What each sandbox lifecycle state reads as through Shopify (documented in to-unified.ts and the sandbox's render.ts). */
const LIFECYCLE_AS: Record<LifecycleStatus, OrderStatus> = {
  PENDING: 'PENDING',
  // paid, nothing handed over yet
  PROCESSING: 'PENDING',
  // FULFILLED is DELIVERED by the spec's table, delivery event or not
  SHIPPED: 'DELIVERED',
  DELIVERED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
  // refunded before shipping
  REFUNDED: 'CANCELLED',
  RETURNED: 'RETURNED',
};

/** The marketplaceStatus convention: when a refund or return overrides the first segment's mapping, a later segment says so. */
function followsConvention(row: UnifiedOrderRow): boolean {
  const [first, ...rest] = row.marketplaceStatus.split('/');
  const byTable = SPEC_TABLE[first!] ?? FULFILLMENT_AS[first!];
  return row.status === byTable || rest.some((s) => /REFUND|RETURN/i.test(s));
}

describe('shopify mapping (fixtures)', () => {
  const page = OrdersDataSchema.parse((fixture('orders-page.json') as { data: unknown }).data).orders;
  const base = OrderSchema.parse(page.nodes[0]);
  const shipped = OrderSchema.parse(page.nodes[1]);

  it('maps every field of an order, one-decimal amounts included', () => {
    const unknown: string[] = [];
    expect(toUnifiedOrder(base, unknown)).toEqual({
      externalOrderId: 'gid://shopify/Order/6120449001',
      orderNumber: '#1041',
      orderedAt: new Date('2026-09-14T15:22:08Z'),
      fulfilledAt: null,
      status: 'PENDING',
      marketplaceStatus: 'UNFULFILLED/PAID',
      totalAmount: '61.0',
      currency: 'USD',
      // Shopify's after-discount subtotal 51.75 plus the 5.75 discount
      subtotalAmount: '57.5',
      taxAmount: '4.25',
      shippingAmount: '5.0',
      discountAmount: '5.75',
      refundedAmount: '0.0',
      customerName: 'Mara Okafor',
      customerEmail: 'mara.okafor@example.net',
      sourceUpdatedAt: new Date('2026-09-14T15:25:40Z'),
      cancelledAt: null,
      items: [
        {
          externalItemId: 'gid://shopify/LineItem/15550001',
          externalProductId: 'gid://shopify/Product/8801001',
          externalVariantId: 'gid://shopify/ProductVariant/4470001',
          sku: 'POUR-SLATE',
          title: 'Pour-Over Set - Slate',
          quantity: 2,
          unitPrice: '24.0',
          totalPrice: '48.0',
        },
        {
          externalItemId: 'gid://shopify/LineItem/15550002',
          externalProductId: 'gid://shopify/Product/8801002',
          externalVariantId: 'gid://shopify/ProductVariant/4470009',
          sku: null,
          title: 'Beeswax Wrap',
          quantity: 1,
          unitPrice: '9.5',
          totalPrice: '9.5',
        },
      ],
    });
    expect(unknown).toEqual([]);
    const row = toUnifiedOrder(base, []);
    expect(
      dec(row.totalAmount).equals(
        dec(sumMoney([row.subtotalAmount!, row.shippingAmount!, row.taxAmount!])).minus(row.discountAmount!),
      ),
    ).toBe(true);
  });

  it('reads fulfilledAt from the earliest fulfillment that was not cancelled; FULFILLED is DELIVERED', () => {
    const row = toUnifiedOrder(shipped, []);
    expect(row).toMatchObject({
      status: 'DELIVERED',
      marketplaceStatus: 'FULFILLED/PAID',
      fulfilledAt: new Date('2026-09-03T10:30:00Z'),
      totalAmount: '1999.0',
      currency: 'EUR',
      customerName: null,
      // a guest order: the order's own email
      customerEmail: 'guest.7731@example.org',
      items: [
        {
          externalItemId: 'gid://shopify/LineItem/15550310',
          externalProductId: null,
          externalVariantId: null,
          quantity: 1,
          unitPrice: '1999.0',
          totalPrice: '1999.0',
        },
      ],
    });
    expect(dec(row.totalAmount).toFixed(2)).toBe('1999.00');
    // only a cancelled fulfillment: nothing was handed over
    expect(toUnifiedOrder({ ...shipped, fulfillments: [shipped.fulfillments[1]!] }, []).fulfilledAt).toBeNull();
  });

  const withStatus = (
    financial: string | null,
    fulfillment: string,
    extra: Partial<ShopifyOrder> = {},
  ): ShopifyOrder => ({
    ...base,
    displayFinancialStatus: financial,
    displayFulfillmentStatus: fulfillment,
    ...extra,
  });
  const statusOf = (o: ShopifyOrder) => {
    const unknown: string[] = [];
    const row = toUnifiedOrder(o, unknown);
    return { status: row.status, marketplaceStatus: row.marketplaceStatus, unknown };
  };
  const inTransit = {
    fulfillments: [{ createdAt: '2026-09-15T09:00:00Z', displayStatus: 'IN_TRANSIT', status: 'SUCCESS' }],
  };

  it('holds every row of the spec’s status table, with the raw value first in marketplaceStatus', () => {
    expect(statusOf(withStatus('PAID', 'UNFULFILLED'))).toEqual({
      status: 'PENDING',
      marketplaceStatus: 'UNFULFILLED/PAID',
      unknown: [],
    });
    // literally: a FULFILLED order is DELIVERED while its parcel is still in transit
    expect(statusOf(withStatus('PAID', 'FULFILLED', inTransit))).toEqual({
      status: 'DELIVERED',
      marketplaceStatus: 'FULFILLED/PAID',
      unknown: [],
    });
    expect(statusOf(withStatus('VOIDED', 'UNFULFILLED', { cancelledAt: '2026-09-15T08:00:00Z' }))).toEqual({
      status: 'CANCELLED',
      marketplaceStatus: 'CANCELLED/UNFULFILLED/VOIDED',
      unknown: [],
    });
  });

  it.each(Object.entries(FULFILLMENT_AS))('fulfillment %s → %s (paid, no refund)', (raw, unified) => {
    expect(statusOf(withStatus('PAID', raw))).toEqual({
      status: unified,
      marketplaceStatus: `${raw}/PAID`,
      unknown: [],
    });
  });

  it('makes a refund before shipping CANCELLED and one after shipping RETURNED, and says so in marketplaceStatus', () => {
    const refunded = { totalRefundedSet: money('61.0') };
    const cases: [ShopifyOrder, OrderStatus, string][] = [
      [withStatus('REFUNDED', 'UNFULFILLED', refunded), 'CANCELLED', 'UNFULFILLED/REFUNDED'],
      [withStatus('REFUNDED', 'RESTOCKED', refunded), 'CANCELLED', 'RESTOCKED/REFUNDED'],
      [
        withStatus('REFUNDED', 'UNFULFILLED', { ...refunded, cancelledAt: '2026-09-15T08:00:00Z' }),
        'CANCELLED',
        'CANCELLED/UNFULFILLED/REFUNDED',
      ],
      [withStatus('REFUNDED', 'FULFILLED', { ...refunded, ...inTransit }), 'RETURNED', 'FULFILLED/REFUNDED'],
      [
        withStatus('REFUNDED', 'PARTIALLY_FULFILLED', { ...refunded, ...inTransit }),
        'RETURNED',
        'PARTIALLY_FULFILLED/REFUNDED',
      ],
      [
        withStatus('REFUNDED', 'FULFILLED', { ...refunded, ...inTransit, returnStatus: 'RETURNED' }),
        'RETURNED',
        'FULFILLED/REFUNDED/returnStatus=RETURNED',
      ],
      // goods back, money not yet
      [
        withStatus('PAID', 'FULFILLED', { returnStatus: 'RETURNED' }),
        'RETURNED',
        'FULFILLED/PAID/returnStatus=RETURNED',
      ],
      [
        withStatus('PAID', 'FULFILLED', { returnStatus: 'INSPECTION_COMPLETE' }),
        'RETURNED',
        'FULFILLED/PAID/returnStatus=INSPECTION_COMPLETE',
      ],
      // a part refunded after anything was handed over is a return too
      [
        withStatus('PARTIALLY_REFUNDED', 'FULFILLED', { totalRefundedSet: money('5.0'), ...inTransit }),
        'RETURNED',
        'FULFILLED/PARTIALLY_REFUNDED',
      ],
      [
        withStatus('PARTIALLY_REFUNDED', 'PARTIALLY_FULFILLED', { totalRefundedSet: money('5.0'), ...inTransit }),
        'RETURNED',
        'PARTIALLY_FULFILLED/PARTIALLY_REFUNDED',
      ],
      // a fulfillment that went out says so whatever the order's fulfillment status
      [
        withStatus('PARTIALLY_REFUNDED', 'RESTOCKED', { totalRefundedSet: money('5.0'), ...inTransit }),
        'RETURNED',
        'RESTOCKED/PARTIALLY_REFUNDED',
      ],
      // before that, a part refunded leaves the order as it was: the rest still ships
      [
        withStatus('PARTIALLY_REFUNDED', 'UNFULFILLED', { totalRefundedSet: money('5.0') }),
        'PENDING',
        'UNFULFILLED/PARTIALLY_REFUNDED',
      ],
      [
        withStatus('PARTIALLY_REFUNDED', 'ON_HOLD', { totalRefundedSet: money('5.0') }),
        'PENDING',
        'ON_HOLD/PARTIALLY_REFUNDED',
      ],
      // a return still under way changes nothing
      [
        withStatus('PAID', 'FULFILLED', { returnStatus: 'RETURN_REQUESTED' }),
        'DELIVERED',
        'FULFILLED/PAID/returnStatus=RETURN_REQUESTED',
      ],
      // an expired or voided payment on an open order: still waiting
      [withStatus('EXPIRED', 'UNFULFILLED'), 'PENDING', 'UNFULFILLED/EXPIRED'],
    ];
    for (const [order, status, marketplaceStatus] of cases) {
      const row = toUnifiedOrder(order, []);
      expect([row.status, row.marketplaceStatus]).toEqual([status, marketplaceStatus]);
      expect(followsConvention(row)).toBe(true);
    }
    expect(toUnifiedOrder(cases[0]![0], []).refundedAmount).toBe('61.0');
  });

  it('dates a cancellation: by cancelledAt, else (refunded before shipping, restocked) by the latest refund, else the last update', () => {
    const refunded = { totalRefundedSet: money('61.0') };
    const refunds = {
      refunds: [{ createdAt: '2026-09-15T10:00:00Z' }, { createdAt: null }, { createdAt: '2026-09-16T12:30:00Z' }],
    };
    const cancelledAt = (o: ShopifyOrder) => toUnifiedOrder(o, []).cancelledAt;
    expect(
      cancelledAt(
        withStatus('REFUNDED', 'UNFULFILLED', { ...refunded, ...refunds, updatedAt: '2026-09-20T00:00:00Z' }),
      ),
    ).toEqual(new Date('2026-09-16T12:30:00Z'));
    expect(
      cancelledAt(withStatus('PARTIALLY_REFUNDED', 'RESTOCKED', { totalRefundedSet: money('5.0'), ...refunds })),
    ).toEqual(new Date('2026-09-16T12:30:00Z'));
    // no refund listed: the order's last update (base: 2026-09-14T15:25:40Z)
    expect(cancelledAt(withStatus('REFUNDED', 'UNFULFILLED', refunded))).toEqual(new Date('2026-09-14T15:25:40Z'));
    expect(cancelledAt(withStatus('PAID', 'RESTOCKED'))).toEqual(new Date('2026-09-14T15:25:40Z'));
    // Shopify's cancel dates itself
    expect(
      cancelledAt(
        withStatus('REFUNDED', 'UNFULFILLED', { ...refunded, ...refunds, cancelledAt: '2026-09-15T08:00:00Z' }),
      ),
    ).toEqual(new Date('2026-09-15T08:00:00Z'));
    // not cancelled: none, refunds or not
    expect(cancelledAt(withStatus('REFUNDED', 'FULFILLED', { ...refunded, ...refunds, ...inTransit }))).toBeNull();
    expect(
      cancelledAt(withStatus('PARTIALLY_REFUNDED', 'UNFULFILLED', { totalRefundedSet: money('5.0'), ...refunds })),
    ).toBeNull();
  });

  it('maps unknown raw statuses to the documented fallback and reports them', () => {
    expect(statusOf(withStatus('PAID', 'TELEPORTED'))).toEqual({
      status: 'PENDING',
      marketplaceStatus: 'TELEPORTED/PAID',
      unknown: ['TELEPORTED'],
    });
    expect(statusOf(withStatus('PAID_IN_GOLD', 'FULFILLED'))).toMatchObject({
      status: 'DELIVERED',
      unknown: ['PAID_IN_GOLD'],
    });
    expect(statusOf(withStatus('PAID', 'FULFILLED', { returnStatus: 'LOST_AT_SEA' }))).toMatchObject({
      status: 'DELIVERED',
      unknown: ['LOST_AT_SEA'],
    });
  });

  it('maps every field of a product variant: untracked, oversold, category and image', () => {
    const data = VariantsDataSchema.parse((fixture('variants-page.json') as { data: unknown }).data);
    const { valid, skipped } = validateEach(
      data.productVariants.nodes,
      VariantSchema,
      idField('id'),
      silentLog,
      'shopify variant',
    );
    expect(skipped).toEqual([]);
    const image = 'https://cdn.shopify.com/s/files/1/0412/3456/7890/files/pour-over-slate.jpg?v=1755680400';
    expect(valid.map((v) => toUnifiedProduct(v, data.shop.currencyCode))).toEqual([
      {
        externalId: 'gid://shopify/ProductVariant/4470001',
        parentListingId: 'gid://shopify/Product/8801001',
        sku: 'POUR-SLATE',
        title: 'Pour-Over Set',
        variantTitle: 'Slate',
        category: 'Coffee Makers',
        imageUrl: image,
        price: '24.00',
        currency: 'USD',
        inventory: 31,
        status: 'ACTIVE',
        marketplaceStatus: 'ACTIVE',
        sourceUpdatedAt: new Date('2026-08-20T10:00:00Z'),
      },
      // oversold: the negative count stays
      expect.objectContaining({
        externalId: 'gid://shopify/ProductVariant/4470002',
        variantTitle: 'Sand',
        inventory: -3,
        status: 'OUT_OF_STOCK',
        imageUrl: image,
      }),
      {
        externalId: 'gid://shopify/ProductVariant/4470020',
        parentListingId: 'gid://shopify/Product/8801010',
        sku: 'CANDLE-FIG',
        title: 'Fig Leaf Candle',
        variantTitle: null,
        // no taxonomy category: the merchant's product type
        category: 'Candles',
        imageUrl: null,
        price: '18.50',
        currency: 'USD',
        // not tracked: the stale -7 is no stock figure
        inventory: null,
        status: 'ACTIVE',
        marketplaceStatus: 'ACTIVE',
        sourceUpdatedAt: new Date('2026-07-02T12:00:00Z'),
      },
      {
        externalId: 'gid://shopify/ProductVariant/4470030',
        parentListingId: 'gid://shopify/Product/8801020',
        sku: null,
        title: 'Sample Pack',
        variantTitle: null,
        category: null,
        // the preview is not READY yet
        imageUrl: null,
        price: '12.50',
        currency: 'USD',
        inventory: 4,
        status: 'INACTIVE',
        marketplaceStatus: 'DRAFT',
        sourceUpdatedAt: new Date('2026-06-30T08:00:00Z'),
      },
    ]);
  });

  it('skips a malformed record with its id and keeps the rest', () => {
    const bad = { ...(page.nodes[0] as object), id: 'gid://shopify/Order/1', totalPriceSet: money('USD 12.00') };
    const { valid, skipped } = validateEach(
      [bad, page.nodes[0]],
      OrderSchema,
      idField('id'),
      silentLog,
      'shopify order',
    );
    expect(valid.map((o) => o.id)).toEqual(['gid://shopify/Order/6120449001']);
    expect(skipped).toEqual([
      { id: 'gid://shopify/Order/1', reason: expect.stringContaining('totalPriceSet.shopMoney.amount') },
    ]);
  });

  it('reads the wait from a THROTTLED answer: (requested − available) / restoreRate', () => {
    expect(throttleDelayMs({ status: 200, headers: new Headers(), body: fixture('throttled.json') })).toBe(2000);
    expect(throttleDelayMs({ status: 200, headers: new Headers(), body: fixture('orders-page.json') })).toBeNull();
  });
});

describe('shopify: the shapes of the real responses (our own fixtures in them)', () => {
  it('reads an orders response shaped like shopify.dev’s example (edges, fewer fields, one-decimal amounts)', () => {
    const nodes = (fixture('orders-example-shape.json') as { orders: { edges: { node: unknown }[] } }).orders.edges.map(
      (e) => e.node,
    );
    const rows = nodes.map((n) => toUnifiedOrder(OrderSchema.parse(composeExampleOrder(n)), []));
    expect(
      rows.map((r) => ({
        id: r.externalOrderId,
        total: r.totalAmount,
        currency: r.currency,
        orderedAt: r.orderedAt,
        status: r.status,
        marketplaceStatus: r.marketplaceStatus,
        email: r.customerEmail,
      })),
    ).toEqual([
      {
        id: 'gid://shopify/Order/730112001',
        total: '116000.0',
        currency: 'JPY',
        orderedAt: new Date('2026-03-09T04:30:00Z'),
        status: 'PENDING',
        marketplaceStatus: 'UNFULFILLED/AUTHORIZED',
        email: 'kenji.sato@example.jp',
      },
      {
        id: 'gid://shopify/Order/730112002',
        total: '89.9',
        currency: 'GBP',
        orderedAt: new Date('2026-03-10T23:59:59Z'),
        status: 'DELIVERED',
        marketplaceStatus: 'FULFILLED/PAID',
        email: 'ali.hassan@example.co.uk',
      },
    ]);
    expect(dec(rows[0]!.totalAmount).equals(116000)).toBe(true);
    expect(rows[1]!.subtotalAmount).toBe('84.9');
    expect(rows[0]!.items.map((i) => [i.title, i.sku, i.quantity, i.externalVariantId])).toEqual([
      ['Cast Iron Kettle - Black', 'KETTLE-BLK', 4, 'gid://shopify/ProductVariant/55001'],
      ['Tea Towel', null, 2, null],
    ]);
    expect(rows[1]!.items).toEqual([]);
  });

  it('reads a products { variants } response with each variant composed with its product', () => {
    const variants = composeRecordedVariants(fixture('products-recorded-shape.json'));
    const { valid, skipped } = validateEach(variants, VariantSchema, idField('id'), silentLog, 'shopify variant');
    expect(skipped).toEqual([]);
    expect(valid.map((v) => toUnifiedProduct(v, 'USD'))).toEqual([
      {
        externalId: 'gid://shopify/ProductVariant/8800101',
        parentListingId: 'gid://shopify/Product/9900101',
        sku: 'APRON-OAT',
        title: 'Linen Apron',
        variantTitle: 'Oat',
        category: 'Aprons',
        imageUrl: null,
        price: '32.00',
        currency: 'USD',
        inventory: 12,
        status: 'ACTIVE',
        marketplaceStatus: 'ACTIVE',
        sourceUpdatedAt: new Date('2026-05-02T07:10:00Z'),
      },
      expect.objectContaining({
        externalId: 'gid://shopify/ProductVariant/8800102',
        sku: null,
        inventory: -4,
        status: 'OUT_OF_STOCK',
        sourceUpdatedAt: new Date('2026-05-09T18:02:11Z'),
      }),
      expect.objectContaining({
        externalId: 'gid://shopify/ProductVariant/8800201',
        title: 'Old Mug',
        variantTitle: null,
        category: null,
        price: '9.00',
        inventory: 0,
        status: 'INACTIVE',
        marketplaceStatus: 'ARCHIVED',
      }),
    ]);
  });
});

describe('shopify sandbox rendering', () => {
  it('prints Decimal amounts as Shopify does: as few decimals as needed, at least one', () => {
    expect([
      shopifyDecimal(2400, 2),
      shopifyDecimal(199900, 2),
      shopifyDecimal(1499, 2),
      shopifyDecimal(1250, 2),
      shopifyDecimal(0, 2),
      shopifyDecimal(116000, 0),
    ]).toEqual(['24.0', '1999.0', '14.99', '12.5', '0.0', '116000.0']);
  });
});

describe('shopify connector against the sandbox', () => {
  const sandbox = useSandbox('shopify', { orders: 2000, seed: 11 });
  const stores = ['shopify-us', 'shopify-eu'];
  const ALL = new Date('2000-01-01T00:00:00Z');

  it('renders every lifecycle state as raw statuses that map as the table says, with fulfilledAt at shipping', () => {
    const store = sandbox().data.store('shopify-us');
    const catalog = new CatalogView(store);
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const full = store.order(i, new Date('2030-01-01T00:00:00Z'))!;
      for (const change of full.history) {
        const order = store.order(i, change.at)!;
        const r = renderOrder(order, catalog);
        const node = OrderSchema.parse({
          ...r,
          lineItems: r.lineItems({ first: 50 }),
          fulfillments: r.fulfillments({ first: 10 }),
          refunds: r.refunds({ first: 10 }),
        });
        const unknown: string[] = [];
        const row = toUnifiedOrder(node, unknown);
        expect([order.status, row.status, unknown]).toEqual([order.status, LIFECYCLE_AS[order.status], []]);
        expect(followsConvention(row)).toBe(true);
        expect(dec(row.totalAmount).equals(dec(formatMinor(order.total, store.spec.exponent)))).toBe(true);
        // Shopify prints whole seconds
        const shippedAt = order.history.find((c) => c.status === 'SHIPPED')?.at ?? null;
        expect(row.fulfilledAt).toEqual(shippedAt && new Date(Math.floor(shippedAt.getTime() / 1000) * 1000));
        // a PARTIALLY_REFUNDED return keeps the shipping charge
        const refunded =
          node.displayFinancialStatus === 'PARTIALLY_REFUNDED' ? order.total - order.shipping : order.total;
        if (order.status === 'REFUNDED' || order.status === 'RETURNED')
          expect(dec(row.refundedAmount!).equals(dec(formatMinor(refunded, store.spec.exponent)))).toBe(true);
        // refunded before shipping without Shopify's cancel: dated by the refund, made with the order's last change
        if (order.status === 'REFUNDED')
          expect(row.cancelledAt).toEqual(new Date(Math.floor(order.updatedAt.getTime() / 1000) * 1000));
        seen
          .add(`fulfillment:${node.displayFulfillmentStatus}`)
          .add(`financial:${node.displayFinancialStatus}`)
          .add(`return:${node.returnStatus}`);
      }
    }
    const rendered = [
      'UNFULFILLED',
      'FULFILLED',
      'RESTOCKED',
      'OPEN',
      'IN_PROGRESS',
      'ON_HOLD',
      'SCHEDULED',
      'PENDING_FULFILLMENT',
      'REQUEST_DECLINED',
    ].map((s) => `fulfillment:${s}`);
    const financial = [
      'PENDING',
      'AUTHORIZED',
      'PARTIALLY_PAID',
      'PAID',
      'PARTIALLY_REFUNDED',
      'REFUNDED',
      'VOIDED',
    ].map((s) => `financial:${s}`);
    const returns = ['RETURNED', 'INSPECTION_COMPLETE', 'NO_RETURN'].map((s) => `return:${s}`);
    expect([...rendered, ...financial, ...returns].filter((t) => !seen.has(t))).toEqual([]);
  });

  it('prints every money amount as a Shopify Decimal, a variant price as Money, and stock, category and image', async () => {
    const ctx = contextFor(sandbox(), 'shopify-us');
    const res = await fetch(`${sandbox().url}/admin/api/2026-07/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Shopify-Access-Token': ctx.accessToken },
      body: JSON.stringify({
        query: `{ orders(first: 250) { nodes { totalPriceSet { shopMoney { amount } } subtotalPriceSet { shopMoney { amount } } lineItems(first: 5) { nodes { originalUnitPriceSet { shopMoney { amount } } } } } }
          productVariants(first: 250) { nodes { price inventoryQuantity inventoryItem { tracked } product { productType category { name } featuredMedia { preview { image { url } } } } } } }`,
      }),
    });
    type Amount = { shopMoney: { amount: string } };
    const body = (await res.json()) as {
      data: {
        orders: {
          nodes: {
            totalPriceSet: Amount;
            subtotalPriceSet: Amount;
            lineItems: { nodes: { originalUnitPriceSet: Amount }[] };
          }[];
        };
        productVariants: {
          nodes: {
            price: string;
            inventoryQuantity: number;
            inventoryItem: { tracked: boolean };
            product: {
              productType: string;
              category: { name: string } | null;
              featuredMedia: { preview: { image: { url: string } } };
            };
          }[];
        };
      };
    };
    const amounts = body.data.orders.nodes
      .flatMap((o) => [o.totalPriceSet, o.subtotalPriceSet, ...o.lineItems.nodes.map((l) => l.originalUnitPriceSet)])
      .map((m) => m.shopMoney.amount);
    expect(amounts.filter((a) => !/^\d+\.(\d*[1-9]|0)$/.test(a))).toEqual([]);
    expect(amounts.some((a) => a.endsWith('.0'))).toBe(true);
    const variants = body.data.productVariants.nodes;
    expect(variants.filter((v) => !/^\d+\.\d\d$/.test(v.price))).toEqual([]);
    expect(variants.some((v) => !v.inventoryItem.tracked)).toBe(true);
    expect(variants.some((v) => v.inventoryItem.tracked && v.inventoryQuantity < 0)).toBe(true);
    expect(variants.some((v) => v.product.category === null)).toBe(true);
    expect(
      variants.filter(
        (v) =>
          !v.product.productType ||
          !/^https:\/\/cdn\.shopify\.com\/s\/files\/1\/\d{4}\/\d{4}\/\d{4}\/files\/[a-z0-9-]+\.jpg\?v=\d+$/.test(
            v.product.featuredMedia.preview.image.url,
          ),
      ),
    ).toEqual([]);
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
    const changedOld = walk.records.filter((r) => r.orderedAt < NOW);
    expect(changedOld.length).toBeGreaterThan(0);
    expect(walk.records.every((r) => r.sourceUpdatedAt >= NOW)).toBe(true);

    const bounded = await shopifyConnector.fetchOrders(ctx, {
      updatedFrom: NOW,
      updatedTo: new Date(NOW.getTime() + 86_400_000),
      pageSize: 250,
    });
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
    const { records } = await walk((cursor) =>
      shopifyConnector.fetchProducts(ctx, { updatedFrom: from, cursor, pageSize: 5 }),
    );
    const expected = sandbox()
      .data.store('shopify-us')
      .products(NOW)
      .filter((c) => c.updatedAt >= from);
    expect(expected.length).toBeGreaterThan(0);
    expect(records.map((p) => p.externalId).sort()).toEqual(
      expected.map((c) => `gid://shopify/ProductVariant/${c.variantId}`).sort(),
    );
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
    expect(orders.unknownStatuses).toEqual([]);
    const placed = Array.from(store.updatedBetween(null, null, NOW), (i) => store.order(i, NOW)!);
    const expectedTotals = new Map(placed.map((o) => [orderGid(o.id), formatMinor(o.total, store.spec.exponent)]));
    expect(
      orders.records.filter((r) => !dec(r.totalAmount).equals(dec(expectedTotals.get(r.externalOrderId)!))),
    ).toEqual([]);
    expect(ids.length).toBe(truth.orders);
    const currencies = [...new Set(orders.records.map((r) => r.currency))];
    const totals = Object.fromEntries(
      currencies.map((c) => [
        c,
        dec(sumMoney(orders.records.filter((r) => r.currency === c).map((r) => r.totalAmount))).toFixed(2),
      ]),
    );
    expect(totals).toEqual(truth.totals);
    const expectedStatus: Partial<Record<OrderStatus, number>> = {};
    for (const [s, n] of Object.entries(truth.byStatus) as [LifecycleStatus, number][])
      if (n) expectedStatus[LIFECYCLE_AS[s]] = (expectedStatus[LIFECYCLE_AS[s]] ?? 0) + n;
    const byStatus: Partial<Record<OrderStatus, number>> = {};
    for (const r of orders.records) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    expect(byStatus).toEqual(expectedStatus);
    expect(orders.records.filter((r) => !followsConvention(r))).toEqual([]);

    const variantIds = products.records.map((p) => p.externalId);
    expect(new Set(variantIds).size).toBe(truth.products);
    expect(variantIds.length).toBe(truth.products);
    expect(
      products.records.every(
        (p) => p.currency === store.spec.currency && p.parentListingId?.startsWith('gid://shopify/Product/'),
      ),
    ).toBe(true);

    // stock, category, image and status as the catalog has them
    const catalog = store.products(NOW);
    const firstOfProduct = new Map<string, string>();
    for (const c of store.catalog) if (!firstOfProduct.has(c.productId)) firstOfProduct.set(c.productId, c.image);
    const expectedProducts = catalog.map((c) => {
      const productActive = store.catalog.some((o) => o.productId === c.productId && o.status === 'active');
      const inventory = c.tracked ? c.inventory : null;
      return {
        externalId: `gid://shopify/ProductVariant/${c.variantId}`,
        sku: c.sku,
        price: formatMinor(c.price, store.spec.exponent),
        inventory,
        category: c.category,
        image: firstOfProduct.get(c.productId),
        status: !productActive ? 'INACTIVE' : inventory !== null && inventory <= 0 ? 'OUT_OF_STOCK' : 'ACTIVE',
      };
    });
    const got = products.records.map((p) => ({
      externalId: p.externalId,
      sku: p.sku,
      price: p.price,
      inventory: p.inventory,
      category: p.category,
      image: p.imageUrl?.match(/\/files\/([^/?]+)\?v=\d+$/)?.[1],
      status: p.status,
    }));
    const byId = (a: { externalId: string }, b: { externalId: string }) => a.externalId.localeCompare(b.externalId);
    expect(got.sort(byId)).toEqual(expectedProducts.sort(byId));
  });
});

describe('shopify sandbox shows every status of the spec’s table, through the connector', () => {
  const sandbox = useSandbox('shopify', { orders: 20000, seed: 5 });

  it('renders UNFULFILLED, FULFILLED and cancelled orders, and refunds before and after shipping, mapped as the table says', async () => {
    const rows: UnifiedOrderRow[] = [];
    const unknown: string[] = [];
    for (const key of ['shopify-us', 'shopify-eu']) {
      const walked = await walkOrders(
        shopifyConnector,
        contextFor(sandbox(), key),
        new Date(NOW.getTime() - 120 * 86_400_000),
        250,
      );
      rows.push(...walked.records);
      unknown.push(...walked.unknownStatuses);
    }
    expect(unknown).toEqual([]);
    const first = (r: UnifiedOrderRow) => r.marketplaceStatus.split('/')[0]!;
    const segments = (r: UnifiedOrderRow) => r.marketplaceStatus.split('/').slice(1);
    // each row of the table, as written
    for (const [raw, unified] of Object.entries(SPEC_TABLE)) {
      const shown = rows.filter((r) => first(r) === raw);
      expect([raw, shown.some((r) => r.status === unified)]).toEqual([raw, true]);
    }
    expect(rows.filter((r) => first(r) === 'CANCELLED' && r.status !== 'CANCELLED')).toEqual([]);
    // every other outcome is a refund or a return, and says so
    expect(rows.filter((r) => !followsConvention(r))).toEqual([]);
    const refundedBeforeShipping = rows.filter((r) => r.status === 'CANCELLED' && segments(r).includes('REFUNDED'));
    expect(new Set(refundedBeforeShipping.map(first))).toEqual(new Set(['UNFULFILLED', 'RESTOCKED', 'CANCELLED']));
    expect(
      refundedBeforeShipping.every((r) => r.fulfilledAt === null && dec(r.refundedAmount!).equals(dec(r.totalAmount))),
    ).toBe(true);
    const refundedAfterShipping = rows.filter(
      (r) => r.status === 'RETURNED' && first(r) === 'FULFILLED' && segments(r).includes('REFUNDED'),
    );
    expect(refundedAfterShipping.length).toBeGreaterThan(0);
    expect(new Set(refundedAfterShipping.map((r) => segments(r)[1] ?? 'NO_RETURN'))).toEqual(
      new Set(['returnStatus=RETURNED', 'returnStatus=INSPECTION_COMPLETE', 'NO_RETURN']),
    );
    expect(refundedAfterShipping.every((r) => r.fulfilledAt !== null && r.fulfilledAt >= r.orderedAt)).toBe(true);
    // a part refunded after shipping is a return as well, with what went back
    const partlyAfterShipping = rows.filter(
      (r) => first(r) === 'FULFILLED' && segments(r).includes('PARTIALLY_REFUNDED'),
    );
    expect(partlyAfterShipping.length).toBeGreaterThan(0);
    expect(
      partlyAfterShipping.every(
        (r) =>
          r.status === 'RETURNED' &&
          r.fulfilledAt !== null &&
          dec(r.refundedAmount!).gt(0) &&
          dec(r.refundedAmount!).lt(dec(r.totalAmount)),
      ),
    ).toBe(true);
    expect(rows.filter((r) => r.status === 'DELIVERED' && r.fulfilledAt === null)).toEqual([]);
  });
});
