import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { Decimal } from 'decimal.js';
import type { OrderStatus } from '../../src/generated/prisma/enums.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import { squareConnector } from '../../src/marketplaces/square/index.ts';
import {
  CatalogItem,
  InventoryCountsResponse,
  Order,
  SearchCatalogResponse,
} from '../../src/marketplaces/square/schemas.ts';
import {
  inStockByVariation,
  relatedLookups,
  SQUARE_STATUS,
  SQUARE_STATUS_FALLBACK,
  toUnified,
  toUnifiedOrder,
  toUnifiedProducts,
} from '../../src/marketplaces/square/to-unified.ts';
import type {
  ConnectorContext,
  OrdersPage,
  UnifiedOrderRow,
  UnifiedProductRow,
  UnifiedReturnRow,
} from '../../src/marketplaces/types.ts';
import { idField, validateEach } from '../../src/marketplaces/validate-records.ts';
import { fulfillmentType, returnOrderId } from '../../src/sandbox/square/render-order.ts';
import type { LifecycleStatus, SandboxOrder } from '../../src/sandbox/types.ts';
import { contextFor, NOW, silentLog, useSandbox, walkProducts } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/square/${name}.json`, import.meta.url), 'utf8'));
const order = (raw: unknown) => Order.parse(raw);
const LONG_AGO = new Date('2000-01-01T00:00:00Z');
const DAY = 86_400_000;
const LOCATION = 'LQ2DEMO7PZX0M';

type Raw = Record<string, unknown>;
const SHIPPED_REFUNDED = fixture('order-shipped-refunded') as Raw & { fulfillments: Raw[] };
/** the shipped, refunded fixture with its fulfillment (and anything else) changed */
function shippedRefunded(changes: Raw, fulfillment?: Raw) {
  const f = SHIPPED_REFUNDED.fulfillments[0]!;
  return order({
    ...SHIPPED_REFUNDED,
    ...changes,
    fulfillments: fulfillment ? [{ ...f, ...fulfillment }] : SHIPPED_REFUNDED.fulfillments,
  });
}

describe('square to-unified (own fixtures in the real payloads’ shapes)', () => {
  test('an OPEN order as RetrieveOrder returns it: every field', () => {
    const unknown: string[] = [];
    const expected: UnifiedOrderRow = {
      externalOrderId: 'Hx8TqW3nLp5VbR2kMz9JcY4sDfgZY',
      orderNumber: null,
      orderedAt: new Date('2026-03-02T09:41:17.380Z'),
      fulfilledAt: null,
      status: 'PENDING',
      marketplaceStatus: 'OPEN',
      totalAmount: '14.36',
      currency: 'USD',
      subtotalAmount: '19.15',
      taxAmount: '0',
      shippingAmount: '0',
      discountAmount: '4.79',
      refundedAmount: null,
      customerName: null,
      customerEmail: null,
      sourceUpdatedAt: new Date('2026-03-02T09:44:02.915Z'),
      cancelledAt: null,
      items: [
        {
          externalItemId: 'k2PbX7wQe9RtY4uI1oAsDf',
          externalProductId: null,
          externalVariantId: null,
          sku: null,
          title: 'Oat Latte',
          quantity: 1,
          unitPrice: '6.4',
          totalPrice: '6.4',
        },
        {
          externalItemId: 'Mn4BvC6xZq8WeR1tYu3IoP',
          externalProductId: null,
          externalVariantId: null,
          sku: null,
          title: 'Almond Croissant',
          quantity: 3,
          unitPrice: '4.25',
          totalPrice: '12.75',
        },
      ],
    };
    expect(toUnifiedOrder(order((fixture('order') as { order: unknown }).order), unknown)).toEqual(expected);
    expect(unknown).toEqual([]);
  });

  test('CreateOrder shape: unit price is base_price_money, the line total keeps its modifiers; a line tax, a line and an order discount', () => {
    const row = toUnifiedOrder(order((fixture('order-modifiers') as { order: unknown }).order), [])!;
    // 3 × $7.50 loaves + a $34.00 cake with $2.50 and $4.00 modifiers = $63.00; $2.50 coupon and 12% off: $9.76; 7.25% tax on the cake: $2.42
    expect(row).toMatchObject({
      orderNumber: 'cake-order-0418',
      totalAmount: '55.66',
      subtotalAmount: '63',
      taxAmount: '2.42',
      discountAmount: '9.76',
      shippingAmount: '0',
      status: 'PENDING',
      marketplaceStatus: 'OPEN',
    });
    expect(row.items).toEqual([
      {
        externalItemId: 'Sl4Vb7Nm1Qa3Ze5Xr8Tc0Y',
        externalProductId: null,
        externalVariantId: 'SDLOAFREG2K4M6P8R0T2V4X6',
        sku: null,
        title: 'Sourdough Loaf',
        quantity: 3,
        unitPrice: '7.5',
        totalPrice: '22.5',
      },
      {
        externalItemId: 'Lc6Hj9Wq2Ep4Ru7Ty1Io3P',
        externalProductId: null,
        externalVariantId: 'LYRCAKE8IN5B7D9F1H3J5L7N',
        sku: null,
        title: 'Layer Cake - 8 inch',
        quantity: 1,
        unitPrice: '34',
        totalPrice: '40.5',
      },
    ]);
  });

  describe('a SearchOrders page as Square records it', () => {
    const raw = (fixture('search-orders') as { orders: unknown[] }).orders;
    const unknown: string[] = [];
    const { valid, skipped } = validateEach(raw, Order, idField('id'), silentLog, 'square order');
    const mapped = valid.map((o) => toUnified(o, unknown));
    const rows = new Map(mapped.flatMap((m) => (m.order ? [[m.order.externalOrderId, m.order] as const] : [])));
    const returns = mapped.flatMap((m) => m.returns);
    const get = (id: string) => rows.get(id)!;

    test('every order is accepted: the empty OPEN one, custom amounts, the return order without totals', () => {
      expect(skipped).toEqual([]);
      expect(valid).toHaveLength(7);
      expect(mapped.flatMap((m) => m.problems)).toEqual([]);
      expect(unknown).toEqual([]);
      expect(rows.size).toBe(6);
    });

    test('the return order is no order: it is a return of the sale it names', () => {
      expect(rows.has('Bq2Wn5Er8Ty1Ui4Op7As0Df3GhjZY')).toBe(false);
      const expected: UnifiedReturnRow[] = [
        {
          externalReturnId: 'Bq2Wn5Er8Ty1Ui4Op7As0Df3GhjZY',
          saleExternalOrderId: 'cV3bN6mQ9wE2rT5yU8iO1pA4sLdZY',
          refundedAmount: '7.25',
          currency: 'USD',
          returnedAt: new Date('2026-03-05T09:31:14.552Z'),
          sourceUpdatedAt: new Date('2026-03-05T09:31:18.000Z'),
        },
      ];
      expect(returns).toEqual(expected);
      // the sale itself stays COMPLETED at Square and says nothing of the return
      expect(get('cV3bN6mQ9wE2rT5yU8iO1pA4sLdZY')).toMatchObject({
        status: 'DELIVERED',
        marketplaceStatus: 'COMPLETED',
        totalAmount: '43.5',
        refundedAmount: null,
      });
    });

    test('an OPEN order without line items and zero totals', () => {
      expect(get('Rz4Xc7Vb1Nm3Kq6Wt9Ey2Ug5HjkYY')).toMatchObject({
        status: 'PENDING',
        marketplaceStatus: 'OPEN',
        totalAmount: '0',
        subtotalAmount: '0',
        currency: 'USD',
        items: [],
        fulfilledAt: null,
      });
    });

    test('in-person sales: handed over when they close; custom amounts have no name and no catalog object', () => {
      expect(get('Tg8Hn2Jm5Kl9Pq3Ws6Ed1Rf4VbcZY')).toMatchObject({
        status: 'DELIVERED',
        fulfilledAt: new Date('2026-03-05T08:20:03.377Z'),
        totalAmount: '2.75',
        items: [
          {
            externalItemId: 'Ux7Yw2Qe5Rt8Yu1Io4PaSd',
            externalVariantId: null,
            sku: null,
            title: 'Custom amount',
            quantity: 1,
            unitPrice: '2.75',
            totalPrice: '2.75',
          },
        ],
      });
      expect(get('cV3bN6mQ9wE2rT5yU8iO1pA4sLdZY')).toMatchObject({
        orderedAt: new Date('2026-03-05T09:02:51.006Z'),
        fulfilledAt: new Date('2026-03-05T09:10:33.718Z'),
        items: [
          {
            externalVariantId: 'HSBLNDREG4X6C8V0B2N4M6Q8',
            title: 'House Blend Beans',
            quantity: 3,
            unitPrice: '14.5',
            totalPrice: '43.5',
          },
        ],
      });
    });

    test('CANCELED (voided card), a delivery fee as a service charge, an order discount', () => {
      expect(get('Lk3Jh6Gf9Ds2Aq5Zw8Xe1Cr4VtbYY')).toMatchObject({
        status: 'CANCELLED',
        marketplaceStatus: 'CANCELED',
        totalAmount: '0.9',
        cancelledAt: new Date('2026-03-06T11:45:12.914Z'),
        fulfilledAt: null,
      });
      expect(get('Ym6Tn9Bv2Cx5Zl8Kj1Hg4Fd7SaqZY')).toMatchObject({
        status: 'PENDING',
        totalAmount: '14.5',
        subtotalAmount: '12',
        shippingAmount: '2.5',
        taxAmount: '0',
      });
      expect(get('Ew4Rt7Yu0Io3Pa6Sd9Fg2Hj5KlzYY')).toMatchObject({
        status: 'DELIVERED',
        totalAmount: '6.8',
        subtotalAmount: '8',
        discountAmount: '1.2',
        items: [{ unitPrice: '8', totalPrice: '8' }],
      });
    });

    test('through the connector: orders and returns side by side on one page', async () => {
      const page = await withFakeSquare((ctx) =>
        squareConnector.fetchOrders(ctx, { updatedFrom: new Date('2026-03-01T00:00:00Z') }),
      );
      expect(page.records.map((r) => r.externalOrderId).sort()).toEqual([...rows.keys()].sort());
      expect(page.returns).toEqual(returns);
      expect(page.next).toBeNull();
    });
  });

  describe('refunds on the sale itself', () => {
    test('after the goods were handed over → RETURNED with the live refunds (a REJECTED one does not count)', () => {
      const expected: UnifiedOrderRow = {
        externalOrderId: 'Sd3Fg6Hj9Kl2Zx5Cv8Bn1Mq4WerZY',
        orderNumber: 'web-5531',
        orderedAt: new Date('2026-02-10T13:15:02.441Z'),
        fulfilledAt: new Date('2026-02-12T15:20:00.000Z'),
        status: 'RETURNED',
        marketplaceStatus: 'COMPLETED/SHIPMENT:COMPLETED/REFUND:APPROVED',
        totalAmount: '72.29',
        currency: 'USD',
        subtotalAmount: '60.5',
        taxAmount: '4.84',
        shippingAmount: '6.95',
        discountAmount: '0',
        refundedAmount: '19.44',
        customerName: 'Marisol Okafor',
        customerEmail: 'marisol.okafor@example.net',
        sourceUpdatedAt: new Date('2026-02-19T10:02:47.880Z'),
        cancelledAt: null,
        items: [
          {
            externalItemId: 'Gh2Jk4Lq6Wz8Xc0Vb2Nm4Q',
            externalProductId: null,
            externalVariantId: 'STONEMUG4R6T8Y0U2I4O6P8A',
            sku: null,
            title: 'Stoneware Mug - Speckled',
            quantity: 2,
            unitPrice: '18',
            totalPrice: '36',
          },
          {
            externalItemId: 'Yt5Re8Wq1As4Df7Gh0Jk3L',
            externalProductId: null,
            externalVariantId: 'DRIPCONE6Y8U0I2O4P6A8S0D',
            sku: null,
            title: 'Drip Cone',
            quantity: 1,
            unitPrice: '24.5',
            totalPrice: '24.5',
          },
        ],
      };
      expect(toUnifiedOrder(order(SHIPPED_REFUNDED), [])).toEqual(expected);
    });

    test('after the goods were handed over, the whole total back → RETURNED', () => {
      const whole = [
        {
          id: 'RfWhole1',
          amount_money: { amount: 7229, currency: 'USD' },
          status: 'COMPLETED',
          created_at: '2026-02-20T09:00:00.000Z',
        },
      ];
      expect(toUnifiedOrder(shippedRefunded({ refunds: whole }), [])).toMatchObject({
        status: 'RETURNED',
        marketplaceStatus: 'COMPLETED/SHIPMENT:COMPLETED/REFUND:COMPLETED',
        refundedAmount: '72.29',
        cancelledAt: null,
      });
      expect(toUnifiedOrder(shippedRefunded({ state: 'OPEN', refunds: whole }), [])).toMatchObject({
        status: 'RETURNED',
        refundedAmount: '72.29',
      });
    });

    // two live refunds adding up to the $72.29 total; the REJECTED $72.29 one of the fixture does not count
    const wholeBeforeShipping = [
      {
        id: 'RfPart1',
        amount_money: { amount: 5000, currency: 'USD' },
        status: 'APPROVED',
        created_at: '2026-02-11T10:00:00.000Z',
      },
      {
        id: 'RfPart2',
        amount_money: { amount: 2229, currency: 'USD' },
        status: 'PENDING',
        created_at: '2026-02-11T12:30:00.000Z',
      },
    ];
    const unshipped = { state: 'CANCELED', shipment_details: { canceled_at: '2026-02-11T12:30:00.000Z' } };
    const proposed = { state: 'PROPOSED', shipment_details: {} };

    test('before anything was handed over, the whole total back → CANCELLED, cancelled at the first refund', () => {
      const closed = toUnifiedOrder(shippedRefunded({ refunds: wholeBeforeShipping }, unshipped), [])!;
      expect(closed).toMatchObject({
        status: 'CANCELLED',
        marketplaceStatus: 'COMPLETED/SHIPMENT:CANCELED/REFUND:APPROVED,PENDING',
        refundedAmount: '72.29',
        fulfilledAt: null,
      });
      expect(closed.cancelledAt).toEqual(new Date('2026-02-11T10:00:00.000Z'));
      const open = toUnifiedOrder(
        shippedRefunded({ state: 'OPEN', closed_at: undefined, refunds: wholeBeforeShipping }, proposed),
        [],
      )!;
      expect(open).toMatchObject({
        status: 'CANCELLED',
        marketplaceStatus: 'OPEN/SHIPMENT:PROPOSED/REFUND:APPROVED,PENDING',
        refundedAmount: '72.29',
        fulfilledAt: null,
      });
      expect(open.cancelledAt).toEqual(new Date('2026-02-11T10:00:00.000Z'));
    });

    test('before anything was handed over, part of the total back → the state’s status stands, the refund kept', () => {
      // the fixture's refunds: $19.44 live of $72.29
      const open = toUnifiedOrder(shippedRefunded({ state: 'OPEN', closed_at: undefined }, proposed), [])!;
      expect(open).toMatchObject({
        status: 'PENDING',
        marketplaceStatus: 'OPEN/SHIPMENT:PROPOSED/REFUND:APPROVED',
        refundedAmount: '19.44',
        fulfilledAt: null,
        cancelledAt: null,
      });
      const closed = toUnifiedOrder(shippedRefunded({}, unshipped), [])!;
      expect(closed).toMatchObject({
        status: 'DELIVERED',
        marketplaceStatus: 'COMPLETED/SHIPMENT:CANCELED/REFUND:APPROVED',
        refundedAmount: '19.44',
        fulfilledAt: null,
        cancelledAt: null,
      });
      // an OPEN $20.00 order with $5.00 back
      const small = toUnifiedOrder(
        shippedRefunded(
          {
            state: 'OPEN',
            closed_at: undefined,
            total_money: { amount: 2000, currency: 'USD' },
            refunds: [{ id: 'RfFive', amount_money: { amount: 500, currency: 'USD' }, status: 'APPROVED' }],
          },
          proposed,
        ),
        [],
      )!;
      expect(small).toMatchObject({ status: 'PENDING', totalAmount: '20', refundedAmount: '5', cancelledAt: null });
      // one cent short of the whole is still partial
      const short = [{ id: 'RfShort', amount_money: { amount: 7228, currency: 'USD' }, status: 'APPROVED' }];
      expect(
        toUnifiedOrder(shippedRefunded({ state: 'OPEN', closed_at: undefined, refunds: short }, proposed), []),
      ).toMatchObject({ status: 'PENDING', refundedAmount: '72.28' });
    });

    test('CANCELED stays CANCELLED, cancelled when it closed; return_amounts on the sale → RETURNED', () => {
      expect(toUnifiedOrder(shippedRefunded({ state: 'CANCELED' }), [])).toMatchObject({
        status: 'CANCELLED',
        cancelledAt: new Date('2026-02-14T16:40:00.000Z'),
        refundedAmount: '19.44',
      });
      const returned = toUnifiedOrder(
        shippedRefunded({ refunds: [], return_amounts: { total_money: { amount: 1944, currency: 'USD' } } }),
        [],
      )!;
      expect(returned).toMatchObject({
        status: 'RETURNED',
        marketplaceStatus: 'COMPLETED/SHIPMENT:COMPLETED/RETURN',
        refundedAmount: '19.44',
      });
    });
  });

  describe('status table', () => {
    test('exactly the spec’s rows, by order.state, plus DRAFT', () => {
      expect(SQUARE_STATUS).toEqual({
        OPEN: 'PENDING',
        COMPLETED: 'DELIVERED',
        CANCELED: 'CANCELLED',
        DRAFT: 'PENDING',
      });
      expect(SQUARE_STATUS_FALLBACK).toBe('PENDING');
    });

    test.each([
      ['OPEN', 'PENDING'],
      ['COMPLETED', 'DELIVERED'],
      ['CANCELED', 'CANCELLED'],
      ['DRAFT', 'PENDING'],
    ])('%s → %s, whatever its fulfillment says', (state, unified) => {
      for (const f of [undefined, { state: 'PROPOSED', shipment_details: {} }, { state: 'COMPLETED' }]) {
        const unknown: string[] = [];
        const row = toUnifiedOrder(shippedRefunded({ state, refunds: [] }, f), unknown)!;
        expect(row.status).toBe(unified);
        expect(row.marketplaceStatus.split('/')[0]).toBe(state);
        expect(unknown).toEqual([]);
      }
    });

    test('an OPEN order whose shipment is out is PENDING, shipped at shipped_at', () => {
      expect(toUnifiedOrder(shippedRefunded({ state: 'OPEN', refunds: [] }), [])).toMatchObject({
        status: 'PENDING',
        marketplaceStatus: 'OPEN/SHIPMENT:COMPLETED',
        fulfilledAt: new Date('2026-02-12T15:20:00.000Z'),
      });
    });

    test('a state Square adds later → PENDING, reported', () => {
      const unknown: string[] = [];
      expect(toUnifiedOrder(shippedRefunded({ state: 'ON_HOLD', refunds: [] }), unknown)!.status).toBe('PENDING');
      expect(unknown).toEqual(['ON_HOLD']);
    });
  });

  test('fulfilledAt: picked_up_at, delivered_at (else completed_at), the latest of several, none while one is still out', () => {
    const at = (fulfillments: Raw[], state = 'COMPLETED') =>
      toUnifiedOrder(order({ ...SHIPPED_REFUNDED, state, refunds: [], fulfillments }), [])!.fulfilledAt;
    expect(
      at([{ type: 'PICKUP', state: 'COMPLETED', pickup_details: { picked_up_at: '2026-02-13T12:00:00.000Z' } }]),
    ).toEqual(new Date('2026-02-13T12:00:00.000Z'));
    expect(
      at([{ type: 'DELIVERY', state: 'COMPLETED', delivery_details: { completed_at: '2026-02-13T13:00:00.000Z' } }]),
    ).toEqual(new Date('2026-02-13T13:00:00.000Z'));
    expect(
      at([
        {
          type: 'DELIVERY',
          state: 'COMPLETED',
          delivery_details: { delivered_at: '2026-02-13T12:30:00.000Z', completed_at: '2026-02-13T13:00:00.000Z' },
        },
      ]),
    ).toEqual(new Date('2026-02-13T12:30:00.000Z'));
    const two = [
      { type: 'SHIPMENT', state: 'COMPLETED', shipment_details: { shipped_at: '2026-02-12T15:20:00.000Z' } },
      { type: 'SHIPMENT', state: 'COMPLETED', shipment_details: { shipped_at: '2026-02-13T09:00:00.000Z' } },
      { type: 'SHIPMENT', state: 'CANCELED', shipment_details: {} },
    ];
    expect(at(two, 'OPEN')).toEqual(new Date('2026-02-13T09:00:00.000Z'));
    expect(at([two[0]!, { type: 'SHIPMENT', state: 'RESERVED', shipment_details: {} }], 'OPEN')).toBeNull();
    // closed with its only fulfillment cancelled: nothing was handed over
    expect(at([two[2]!])).toBeNull();
    // closed with a fulfillment that names no time: handed over when it closed
    expect(at([{ type: 'SHIPMENT', state: 'COMPLETED' }])).toEqual(new Date('2026-02-14T16:40:00.000Z'));
  });

  describe('return orders', () => {
    const page = (fixture('search-orders') as { orders: Raw[] }).orders;
    const returnOrder = page.find((o) => o.id === 'Bq2Wn5Er8Ty1Ui4Op7As0Df3GhjZY')!;
    const ret = (returnOrder.returns as Raw[])[0]!;

    test('an exchange (returns[] and new line items) is both a return and a sale', () => {
      const exchange = {
        ...returnOrder,
        line_items: [
          {
            uid: 'ExLine1',
            name: 'House Blend Beans',
            quantity: '1',
            base_price_money: { amount: 1450, currency: 'USD' },
            total_money: { amount: 1450, currency: 'USD' },
          },
        ],
        net_amounts: { total_money: { amount: 725, currency: 'USD' } },
      };
      const m = toUnified(order(exchange), []);
      expect(m.returns).toHaveLength(1);
      // total_money absent: net (after the return) plus what was returned
      expect(m.order).toMatchObject({
        externalOrderId: 'Bq2Wn5Er8Ty1Ui4Op7As0Df3GhjZY',
        status: 'DELIVERED',
        totalAmount: '14.5',
        refundedAmount: null,
        marketplaceStatus: 'COMPLETED',
      });
    });

    test('the money back: the return’s own return_amounts, else its lines, else the refund', () => {
      const amountOf = (changes: Raw, r: Raw = {}) =>
        toUnified(order({ ...returnOrder, ...changes, returns: [{ ...ret, ...r }] }), []).returns[0]?.refundedAmount;
      expect(amountOf({ return_amounts: undefined }, { return_amounts: undefined })).toBe('7.25');
      expect(amountOf({ return_amounts: undefined }, { return_amounts: undefined, return_line_items: [] })).toBe(
        '7.25',
      );
      expect(amountOf({}, { return_amounts: { total_money: { amount: 500, currency: 'USD' } } })).toBe('5');
    });

    test('only a COMPLETED return order is a return: an OPEN one may still be cancelled, a CANCELED or DRAFT one returned nothing', () => {
      expect(toUnified(order(returnOrder), []).returns).toHaveLength(1);
      for (const state of ['OPEN', 'CANCELED', 'DRAFT'])
        expect(toUnified(order({ ...returnOrder, state }), [])).toEqual({ order: null, returns: [], problems: [] });
      // an OPEN exchange: the sale it makes is an order, the return not yet
      const exchange = {
        ...returnOrder,
        state: 'OPEN',
        line_items: [
          {
            uid: 'ExLine2',
            name: 'House Blend Beans',
            quantity: '1',
            base_price_money: { amount: 1450, currency: 'USD' },
            total_money: { amount: 1450, currency: 'USD' },
          },
        ],
        net_amounts: { total_money: { amount: 725, currency: 'USD' } },
      };
      const m = toUnified(order(exchange), []);
      expect(m.returns).toEqual([]);
      expect(m.order).toMatchObject({ status: 'PENDING', marketplaceStatus: 'OPEN', totalAmount: '14.5' });
    });

    test('an unlinked return names no sale and is reported', () => {
      const unlinked = toUnified(order({ ...returnOrder, returns: [{ ...ret, source_order_id: undefined }] }), []);
      expect(unlinked.returns).toEqual([]);
      expect(unlinked.problems).toEqual([expect.stringContaining('unlinked')]);
    });
  });

  test('a sale without total_money: from net_amounts, else from its lines', () => {
    const base = { ...SHIPPED_REFUNDED, refunds: [], total_money: undefined };
    expect(toUnifiedOrder(order(base), [])!.totalAmount).toBe('72.29');
    expect(toUnifiedOrder(order({ ...base, net_amounts: undefined }), [])!.totalAmount).toBe('65.34');
  });

  test('JPY has no minor unit; a cancelled order takes closed_at', () => {
    const row = toUnifiedOrder(order(fixture('order-jpy')), [])!;
    expect(row).toMatchObject({
      totalAmount: '4950',
      subtotalAmount: '4500',
      taxAmount: '450',
      currency: 'JPY',
      status: 'CANCELLED',
      marketplaceStatus: 'CANCELED',
    });
    expect(row.cancelledAt).toEqual(new Date('2025-04-01T05:30:00.000Z'));
    expect(row.items[0]).toMatchObject({ unitPrice: '1500', totalPrice: '4500', quantity: 3, title: 'Matcha - 100g' });
  });

  test('a malformed order is skipped with its id and the reason, the rest kept', () => {
    const good = fixture('order-jpy');
    const bad = { ...(fixture('order-jpy') as Raw), id: 'BADx1', total_money: { amount: '49.50', currency: 'JPY' } };
    const noLocation = { ...(fixture('order-jpy') as Raw), id: 'BADx2', location_id: undefined };
    const { valid, skipped } = validateEach([good, bad, noLocation], Order, idField('id'), silentLog, 'square order');
    expect(valid).toHaveLength(1);
    expect(skipped).toEqual([
      { id: 'BADx1', reason: expect.stringContaining('total_money.amount') },
      { id: 'BADx2', reason: expect.stringContaining('location_id') },
    ]);
  });

  describe('catalog and inventory', () => {
    const page = SearchCatalogResponse.parse(fixture('catalog-search'));
    const inventory = inStockByVariation(InventoryCountsResponse.parse(fixture('inventory-counts')).counts);
    const lookups = { locationId: LOCATION, inventory, ...relatedLookups(page.related_objects) };
    const items = page.objects.filter((o) => (o as Raw).type === 'ITEM').map((o) => CatalogItem.parse(o));
    const rows = items.filter((i) => !i.is_deleted).flatMap((i) => toUnifiedProducts(i, lookups));

    test('IN_STOCK counts: decimal strings, negative when oversold, fractions round down, other states ignored', () => {
      expect(Object.fromEntries(inventory)).toEqual({
        CB500VAR8Q7W6E5R4T3Y2U1I: 37,
        CB1LVAR2A3S4D5F6G7H8J9K0: -2,
        GIFTWRAPVAR4R5T6Y7U8I9O0: 14,
        SEASONMUGVAR9O8I7U6Y5T4R: 6,
      });
    });

    test('one row per live variation, with category, image, stock and status', () => {
      const common = {
        parentListingId: 'CLDBREWITEM2W4E6R8T0Y2U4',
        title: 'Cold Brew Concentrate',
        category: 'Beverages',
        currency: 'USD',
        sourceUpdatedAt: new Date('2026-01-22T09:30:00.000Z'),
      };
      const expected: UnifiedProductRow[] = [
        {
          ...common,
          externalId: 'CB500VAR8Q7W6E5R4T3Y2U1I',
          sku: 'CB-500',
          variantTitle: 'Bottle 500ml',
          imageUrl: 'https://items-images-production.s3.us-west-2.amazonaws.com/files/6f7e8d9c0b1a/original.jpeg',
          price: '12.99',
          inventory: 37,
          status: 'ACTIVE',
          marketplaceStatus: 'is_archived=false',
        },
        {
          ...common,
          externalId: 'CB1LVAR2A3S4D5F6G7H8J9K0',
          sku: 'CB-1L',
          variantTitle: 'Bottle 1L',
          imageUrl: 'https://items-images-production.s3.us-west-2.amazonaws.com/files/0a1b2c3d4e5f/original.jpeg',
          price: '21.99',
          inventory: -2,
          status: 'OUT_OF_STOCK',
          marketplaceStatus: 'is_archived=false/sold_out',
        },
        {
          externalId: 'GIFTWRAPVAR4R5T6Y7U8I9O0',
          parentListingId: 'GIFTWRAPITEM5T6Y7U8I9O0P',
          sku: null,
          title: 'Gift Wrap',
          variantTitle: null,
          category: 'Extras',
          imageUrl: null,
          price: null,
          currency: null,
          inventory: null,
          status: 'ACTIVE',
          marketplaceStatus: 'is_archived=false/track_inventory=false',
          sourceUpdatedAt: new Date('2026-01-10T11:00:00.000Z'),
        },
        {
          externalId: 'SEASONMUGVAR9O8I7U6Y5T4R',
          parentListingId: 'SEASONMUG1Q2W3E4R5T6Y7U8',
          sku: 'MUG-HOL',
          title: 'Holiday Mug',
          variantTitle: null,
          category: null,
          imageUrl: null,
          price: '16',
          currency: 'USD',
          inventory: 6,
          status: 'INACTIVE',
          marketplaceStatus: 'is_archived=true',
          sourceUpdatedAt: new Date('2026-01-15T15:00:00.000Z'),
        },
        {
          externalId: 'TAMPERVAR5T6Y7U8I9O0P1A2',
          parentListingId: 'TAMPERITEM3E4R5T6Y7U8I9O',
          sku: 'TAMP-58',
          title: 'Espresso Tamper',
          variantTitle: null,
          category: null,
          imageUrl: null,
          price: '34.5',
          currency: 'USD',
          inventory: null,
          status: 'INACTIVE',
          marketplaceStatus: 'is_archived=false/absent_at_location',
          sourceUpdatedAt: new Date('2026-01-18T12:00:00.000Z'),
        },
      ];
      expect(rows).toEqual(expected);
    });

    test('through the connector: SearchCatalogObjects with related objects, non-ITEM objects passed over, counts at the location', async () => {
      const { result, requests } = await withFakeSquare(async (ctx, reqs) => ({
        result: await walkProducts(squareConnector, ctx),
        requests: reqs,
      }));
      expect(result.skipped).toEqual([]);
      expect(result.records).toEqual(rows);
      const search = requests.find((r) => r.path === '/v2/catalog/search')!.body;
      expect(search).toMatchObject({
        object_types: ['ITEM'],
        include_related_objects: true,
        include_deleted_objects: false,
      });
      const counts = requests.find((r) => r.path === '/v2/inventory/counts/batch-retrieve')!.body as {
        catalog_object_ids: string[];
        location_ids: string[];
      };
      expect(counts.location_ids).toEqual([LOCATION]);
      expect(counts.catalog_object_ids).not.toContain('CBOLDVAR1L2K3J4H5G6F7D8S');
    });
  });
});

/** A stand-in Square answering with the fixtures, for the connector's own request/response handling. */
async function withFakeSquare<T>(
  run: (ctx: ConnectorContext, requests: { path: string; body: unknown }[]) => Promise<T>,
): Promise<T> {
  const requests: { path: string; body: unknown }[] = [];
  const answers: Record<string, unknown> = {
    '/v2/orders/search': fixture('search-orders'),
    '/v2/catalog/search': fixture('catalog-search'),
    '/v2/inventory/counts/batch-retrieve': fixture('inventory-counts'),
  };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const path = new URL(req.url!, 'http://x').pathname;
      requests.push({ path, body: text ? JSON.parse(text) : null });
      const answer = answers[path];
      res.writeHead(answer ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer ?? { errors: [{ code: 'NOT_FOUND' }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    return await run(
      {
        baseUrl: `http://127.0.0.1:${port}`,
        storeId: LOCATION,
        accessToken: 'EAAAfake',
        credentials: {},
        log: silentLog,
        http: { minDelayMs: 5, maxDelayMs: 20 },
      },
      requests,
    );
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

interface OrdersWalk {
  records: UnifiedOrderRow[];
  returns: UnifiedReturnRow[];
  pages: number;
  skipped: OrdersPage['skipped'];
  unknownStatuses: string[];
}

/** Follows `next` like test/helpers' walk, keeping the returns beside the orders. */
async function walkAll(
  ctx: ConnectorContext,
  updatedFrom: Date,
  pageSize?: number,
  updatedTo?: Date,
): Promise<OrdersWalk> {
  const out: OrdersWalk = { records: [], returns: [], pages: 0, skipped: [], unknownStatuses: [] };
  let cursor: string | null = null;
  do {
    const page: OrdersPage = await squareConnector.fetchOrders(ctx, {
      updatedFrom,
      cursor,
      ...(pageSize && { pageSize }),
      ...(updatedTo && { updatedTo }),
    });
    out.pages++;
    out.records.push(...page.records);
    out.returns.push(...(page.returns ?? []));
    out.skipped.push(...page.skipped);
    for (const s of page.unknownStatuses) if (!out.unknownStatuses.includes(s)) out.unknownStatuses.push(s);
    if (page.next !== null && page.next === cursor) throw new Error('the same cursor twice');
    cursor = page.next;
    if (out.pages > 10_000) throw new Error('the connector does not stop');
  } while (cursor !== null);
  return out;
}

/** What the sync makes of a walk: every sale a return names is RETURNED with at least the sum of its returns (a cancelled one stays CANCELLED). */
function applyReturns(w: OrdersWalk): UnifiedOrderRow[] {
  const back = new Map<string, Decimal>();
  for (const r of w.returns)
    back.set(r.saleExternalOrderId, (back.get(r.saleExternalOrderId) ?? new Decimal(0)).plus(r.refundedAmount));
  return w.records.map((o) => {
    const refunded = back.get(o.externalOrderId);
    if (!refunded || o.status === 'CANCELLED') return o;
    return { ...o, status: 'RETURNED', refundedAmount: Decimal.max(refunded, o.refundedAmount ?? 0).toFixed() };
  });
}

/** What each sandbox lifecycle state reads as on Square, once its returns are applied. */
const AS_UNIFIED: Record<LifecycleStatus, OrderStatus> = {
  PENDING: 'PENDING',
  PROCESSING: 'PENDING',
  SHIPPED: 'PENDING',
  DELIVERED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
  REFUNDED: 'CANCELLED',
  RETURNED: 'RETURNED',
};

describe('square connector against the sandbox', () => {
  const sandbox = useSandbox('square', { orders: 12_500, seed: 7 });
  const connector = squareConnector;
  const ctx = () => contextFor(sandbox(), 'square');
  const store = () => sandbox().data.store('square');
  const salesAt = (indices: Int32Array, at: Date) => [...indices].map((i) => store().order(i, at)!);
  const idsOf = (indices: Int32Array, at: Date) =>
    salesAt(indices, at)
      .map((o) => o.id)
      .sort();
  const returnIdsOf = (indices: Int32Array, at: Date) =>
    salesAt(indices, at)
      .filter((o) => o.status === 'RETURNED')
      .map(returnOrderId)
      .sort();

  let full: OrdersWalk;
  beforeAll(async () => {
    full = await walkAll(ctx(), LONG_AGO);
  });

  test('defaults to the real API host', () => {
    expect(connector.defaultBaseUrl('L8GFZ7X9Q2M1K')).toBe('https://connect.squareup.com');
  });

  test('pagination: every sale and every return order exactly once, as many pages as the size implies', async () => {
    const all = store().updatedBetween(LONG_AGO, null, NOW);
    const expected = idsOf(all, NOW);
    const expectedReturns = returnIdsOf(all, NOW);
    expect(expected.length).toBeGreaterThan(900);
    expect(expectedReturns.length).toBeGreaterThan(30);
    const result = await walkAll(ctx(), LONG_AGO, 100);
    const ids = result.records.map((r) => r.externalOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(expected);
    expect(result.returns.map((r) => r.externalReturnId).sort()).toEqual(expectedReturns);
    expect(result.pages).toBe(Math.ceil((expected.length + expectedReturns.length) / 100));
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
    const query = {
      filter: { date_time_filter: { updated_at: { start_at: LONG_AGO.toISOString() } } },
      sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' },
    };
    expect(await post({ location_ids, query, limit: 1001 })).toMatchObject({
      status: 400,
      body: { errors: [{ code: 'VALUE_TOO_HIGH', field: 'limit' }] },
    });
    expect(await post({ location_ids: Array(11).fill(ctx().storeId), query })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'location_ids' }] },
    });
    expect(await post({ location_ids, query: { ...query, sort: { sort_field: 'CREATED_AT' } } })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'query.sort.sort_field' }] },
    });
    const first = await post({ location_ids, query, limit: 10 });
    const cursor = (first.body as { cursor?: string }).cursor;
    expect(cursor).toBeDefined();
    expect(
      await post({ location_ids, query: { ...query, sort: { sort_field: 'UPDATED_AT', sort_order: 'DESC' } }, cursor }),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
  });

  test('return orders are orders to SearchOrders: created at the return, by created_at too, with no total_* fields', async () => {
    const returned = salesAt(store().updatedBetween(LONG_AGO, null, NOW), NOW).filter((o) => o.status === 'RETURNED');
    const sale = returned[returned.length - 1]!;
    const returnAt = sale.history.find((h) => h.status === 'RETURNED')!.at;
    const res = await fetch(`${sandbox().url}/v2/orders/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx().accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        location_ids: [ctx().storeId],
        query: {
          filter: {
            date_time_filter: { created_at: { start_at: returnAt.toISOString(), end_at: returnAt.toISOString() } },
          },
          sort: { sort_field: 'CREATED_AT', sort_order: 'ASC' },
        },
      }),
    });
    const { orders } = (await res.json()) as { orders: Raw[] };
    const ret = orders.find((o) => o.id === returnOrderId(sale))!;
    expect(ret).toMatchObject({
      state: 'COMPLETED',
      created_at: returnAt.toISOString(),
      returns: [{ source_order_id: sale.id }],
      refunds: [{ status: 'APPROVED', transaction_id: sale.id }],
    });
    expect(Object.keys(ret).filter((k) => k.startsWith('total_') || k === 'line_items')).toEqual([]);
    expect((ret.net_amounts as { total_money: { amount: number } }).total_money.amount).toBe(-sale.refunded);
    // the sale, created long before, is not in that window
    expect(orders.some((o) => o.id === sale.id)).toBe(false);
  });

  test('incremental: only orders changed since the last sync, status changes and returns included', async () => {
    const later = new Date(NOW.getTime() + 3 * DAY);
    await sandbox().control('/clock', { advanceMs: 3 * DAY });
    const changed = store().updatedBetween(NOW, null, later);
    const result = await walkAll(ctx(), NOW, 200);
    expect(result.records.map((r) => r.externalOrderId).sort()).toEqual(idsOf(changed, later));
    expect(result.returns.map((r) => r.externalReturnId).sort()).toEqual(returnIdsOf(changed, later));
    expect(result.records.every((r) => r.sourceUpdatedAt >= NOW)).toBe(true);
    expect(result.records.some((r) => r.orderedAt < NOW)).toBe(true);
  });

  test('updatedTo bounds the window (exclusive)', async () => {
    const from = new Date(NOW.getTime() - 10 * DAY);
    const to = new Date(NOW.getTime() - 5 * DAY);
    const result = await walkAll(ctx(), from, 50, to);
    const window = store().updatedBetween(from, to, NOW);
    expect(result.records.map((r) => r.externalOrderId).sort()).toEqual(idsOf(window, NOW));
    expect(result.returns.map((r) => r.externalReturnId).sort()).toEqual(returnIdsOf(window, NOW));
  });

  test('429 RATE_LIMITED: waits as told and loses nothing', async () => {
    const expected = store().updatedBetween(LONG_AGO, null, NOW).length;
    await sandbox().control('/faults', { rateLimitNext: 2 });
    const started = Date.now();
    const result = await walkAll(ctx(), LONG_AGO, 500);
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
    const result = await walkAll(ctx(), LONG_AGO, 250);
    expect(result.skipped.map((s) => s.id).sort()).toEqual(malformed.sort());
    expect(result.skipped.every((s) => s.reason.includes('total_money.amount'))).toBe(true);
    expect(result.records.length + result.skipped.length).toBe(all.length);
  });

  test('an expired token is an AuthError', async () => {
    await sandbox().control('/tokens/expire', { token: ctx().accessToken });
    await expect(connector.fetchOrders(ctx(), { updatedFrom: LONG_AGO })).rejects.toBeInstanceOf(AuthError);
    await expect(connector.fetchProducts(ctx(), {})).rejects.toBeInstanceOf(AuthError);
  });

  test('truth: a full walk, its returns applied, equals the sandbox’s own totals and statuses; a return order is no order', async () => {
    const truth = store().truth(NOW);
    expect(full.skipped).toEqual([]);
    expect(full.unknownStatuses).toEqual([]);
    expect(new Set(full.records.map((r) => r.externalOrderId)).size).toBe(full.records.length);
    expect(full.records).toHaveLength(truth.orders);
    const served = (await (await fetch(`${sandbox().url}/_sandbox/truth`)).json()) as { orders: number }[];
    expect(served[0]!.orders).toBe(full.records.length);

    const orders = applyReturns(full);
    const totals: Record<string, Decimal> = {};
    for (const r of orders) totals[r.currency] = (totals[r.currency] ?? new Decimal(0)).plus(r.totalAmount);
    expect(Object.fromEntries(Object.entries(totals).map(([c, d]) => [c, d.toFixed(2)]))).toEqual(truth.totals);

    const expected: Record<string, number> = {};
    for (const [status, n] of Object.entries(truth.byStatus) as [LifecycleStatus, number][])
      if (n > 0) expected[AS_UNIFIED[status]] = (expected[AS_UNIFIED[status]] ?? 0) + n;
    const got: Record<string, number> = {};
    for (const r of orders) got[r.status] = (got[r.status] ?? 0) + 1;
    expect(got).toEqual(expected);

    for (const r of orders) {
      const sum = new Decimal(r.subtotalAmount!).plus(r.shippingAmount!).plus(r.taxAmount!).minus(r.discountAmount!);
      expect(sum.eq(r.totalAmount)).toBe(true);
      if (r.status === 'RETURNED' || r.status === 'CANCELLED')
        expect(r.refundedAmount === null || new Decimal(r.refundedAmount).lte(r.totalAmount)).toBe(true);
    }
  });

  test('each sale as the sandbox knows it: status, refunds, returns and fulfilledAt', () => {
    const sales = new Map(salesAt(store().updatedBetween(LONG_AGO, null, NOW), NOW).map((o) => [o.id, o]));
    const returnsBySale = new Map(full.returns.map((r) => [r.saleExternalOrderId, r]));
    const atOf = (o: SandboxOrder, s: LifecycleStatus) => o.history.find((h) => h.status === s)?.at ?? null;
    for (const row of applyReturns(full)) {
      const o = sales.get(row.externalOrderId)!;
      expect(row.status).toBe(AS_UNIFIED[o.status]);
      expect(row.totalAmount).toBe(new Decimal(o.total).div(100).toFixed());
      const ret = returnsBySale.get(o.id);
      if (o.status === 'RETURNED') {
        expect(ret).toMatchObject({
          externalReturnId: returnOrderId(o),
          refundedAmount: new Decimal(o.refunded).div(100).toFixed(),
          currency: 'USD',
          returnedAt: atOf(o, 'RETURNED'),
        });
      } else expect(ret).toBeUndefined();
      if (o.status === 'REFUNDED')
        expect(row).toMatchObject({
          refundedAmount: new Decimal(o.refunded).div(100).toFixed(),
          marketplaceStatus: expect.stringContaining('/REFUND:APPROVED'),
        });
      // handed over: shipped, picked up, or closed in person
      const type = fulfillmentType(o);
      const handedOver = type === 'SHIPMENT' ? atOf(o, 'SHIPPED') : atOf(o, 'DELIVERED');
      const expectedFulfilledAt = o.status === 'CANCELLED' || o.status === 'REFUNDED' ? null : handedOver;
      expect({ id: o.id, fulfilledAt: row.fulfilledAt }).toEqual({ id: o.id, fulfilledAt: expectedFulfilledAt });
    }
  });

  test('the sandbox renders every raw status of the spec’s table (and DRAFT), each mapped as the table says', async () => {
    const seen = new Map<string, Set<OrderStatus>>();
    const note = (r: UnifiedOrderRow) => {
      const state = r.marketplaceStatus.split('/')[0]!;
      if (!seen.has(state)) seen.set(state, new Set());
      seen.get(state)!.add(r.status);
    };
    full.records.forEach(note);
    // an order is PENDING for minutes to hours only: look at a few just after they were placed
    const s = store();
    const last = s.firstIndexAt(NOW);
    for (let i = last - 12; i < last; i++) {
      const placed = s.createdAt(i);
      await sandbox().control('/clock', { now: new Date(placed.getTime() + 5 * 60_000).toISOString() });
      const page = await connector.fetchOrders(ctx(), { updatedFrom: placed });
      const row = page.records.find((r) => r.externalOrderId === s.order(i, placed)!.id)!;
      expect(row.status).toBe('PENDING');
      note(row);
    }
    expect([...seen.keys()].sort()).toEqual(['CANCELED', 'COMPLETED', 'DRAFT', 'OPEN']);
    // as the table says, unless a refund on the sale overrides it (a later "/REFUND:…" segment)
    for (const r of full.records) {
      const state = r.marketplaceStatus.split('/')[0]!;
      if (!/\/REFUND/i.test(r.marketplaceStatus))
        expect({ state, status: r.status }).toEqual({
          state,
          status: { OPEN: 'PENDING', COMPLETED: 'DELIVERED', CANCELED: 'CANCELLED', DRAFT: 'PENDING' }[state],
        });
    }
    expect(seen.get('OPEN')).toEqual(new Set(['PENDING']));
    expect(seen.get('DRAFT')).toEqual(new Set(['PENDING']));
    expect(seen.get('CANCELED')).toEqual(new Set(['CANCELLED']));
    // COMPLETED reads DELIVERED, or CANCELLED when its refund came before anything was handed over
    expect(seen.get('COMPLETED')).toEqual(new Set(['DELIVERED', 'CANCELLED']));
    const overridden = full.records.filter(
      (r) => r.marketplaceStatus.startsWith('COMPLETED/') && r.status === 'CANCELLED',
    );
    expect(overridden.every((r) => r.fulfilledAt === null && /\/REFUND:APPROVED$/.test(r.marketplaceStatus))).toBe(
      true,
    );
    // refunds before completion (on the sale) and after it (return orders) are both there
    expect(
      full.records.filter(
        (r) => r.marketplaceStatus.startsWith('CANCELED/') && r.marketplaceStatus.endsWith('/REFUND:APPROVED'),
      ).length,
    ).toBeGreaterThan(0);
    expect(full.returns.length).toBeGreaterThan(0);
    expect(applyReturns(full).filter((r) => r.status === 'RETURNED').length).toBe(full.returns.length);
  });

  test('products: one row per variation, stock untracked and negative, categories and images', async () => {
    const truth = store().truth(NOW);
    const products = await walkProducts(connector, ctx());
    expect(products.skipped).toEqual([]);
    expect(products.records).toHaveLength(truth.products);
    const ids = new Set(products.records.map((p) => p.externalId));
    expect(ids.size).toBe(truth.products);
    expect(
      full.records.every((o) => o.items.every((i) => i.externalVariantId !== null && ids.has(i.externalVariantId))),
    ).toBe(true);

    const bySku = new Map(
      store()
        .products(NOW)
        .map((c) => [c.sku, c]),
    );
    for (const p of products.records) {
      const c = bySku.get(p.sku!)!;
      expect(p).toMatchObject({
        title: c.title,
        category: c.category,
        price: new Decimal(c.price).div(100).toFixed(),
        currency: 'USD',
        inventory: c.tracked ? c.inventory : null,
      });
      expect(p.imageUrl).toMatch(
        new RegExp(
          `^https://items-images-production\\.s3\\.us-west-2\\.amazonaws\\.com/files/[0-9a-f]{40}/${c.image.replace('.', '\\.')}$`,
        ),
      );
      const forSale = c.status === 'active';
      expect(p.status).toBe(!forSale ? 'INACTIVE' : c.tracked && c.inventory <= 0 ? 'OUT_OF_STOCK' : 'ACTIVE');
    }
    expect(products.records.some((p) => p.inventory === null)).toBe(true);
    expect(products.records.some((p) => p.inventory !== null && p.inventory < 0)).toBe(true);
  });
});
