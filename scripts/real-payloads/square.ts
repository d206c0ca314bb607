/**
 * Square's real responses (../shared/real-payloads/square) through our schemas and mapper, next
 * to what a careful reader of each response expects (written by hand from the JSON).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { createLogger } from '../../src/logger.ts';
import {
  CatalogItem,
  InventoryCountsResponse,
  Order,
  SearchCatalogResponse,
  SearchOrdersResponse,
} from '../../src/marketplaces/square/schemas.ts';
import {
  inStockByVariation,
  relatedLookups,
  toUnified,
  toUnifiedProducts,
} from '../../src/marketplaces/square/to-unified.ts';
import type { UnifiedOrderRow, UnifiedProductRow, UnifiedReturnRow } from '../../src/marketplaces/types.ts';
import { idField, validateEach } from '../../src/marketplaces/validate-records.ts';
import type { Expectation, PayloadCheck } from './expectation.ts';

const log = createLogger({ level: 'silent' });

function valid<T>(file: string, records: readonly unknown[], schema: z.ZodType<T>): T[] {
  const { valid: ok, skipped } = validateEach(records, schema, idField('id'), log, `square ${file}`);
  if (skipped.length > 0)
    throw new Error(`${file}: rejected ${skipped.map((s) => `${s.id}: ${s.reason}`).join(' | ')}`);
  return ok;
}

/** Orders of a file → order rows and return rows; a record the mapper leaves out throws. */
function mapOrders(file: string, raw: readonly unknown[]) {
  const unknownStatuses: string[] = [];
  const orders: UnifiedOrderRow[] = [];
  const returns: UnifiedReturnRow[] = [];
  for (const o of valid(file, raw, Order)) {
    const m = toUnified(o, unknownStatuses);
    if (m.problems.length > 0) throw new Error(`${file}: order ${o.id}: ${m.problems.join('; ')}`);
    if (m.order) orders.push(m.order);
    returns.push(...m.returns);
  }
  return { orders, returns, unknownStatuses };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const lines = (o: UnifiedOrderRow) =>
  o.items.map((i) => [i.title, i.quantity, i.unitPrice, i.totalPrice, i.externalVariantId]);

/** The fields a reader checks on an order row. */
function orderView(o: UnifiedOrderRow) {
  return {
    status: o.status,
    state: o.marketplaceStatus.split('/')[0],
    totalAmount: o.totalAmount,
    currency: o.currency,
    orderedAt: iso(o.orderedAt),
    fulfilledAt: iso(o.fulfilledAt),
    lines: lines(o),
  };
}

function productView(p: UnifiedProductRow) {
  return {
    parent: p.parentListingId,
    title: p.title,
    variant: p.variantTitle,
    sku: p.sku,
    price: p.price,
    currency: p.currency,
    inventory: p.inventory,
    status: p.status,
  };
}

const read = (dir: string, file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));

function singleOrder(dir: string, file: string): Expectation[] {
  const { order } = read(dir, file) as { order: unknown };
  const { orders, returns, unknownStatuses } = mapOrders(file, [order]);
  const o = orders[0]!;
  const e = (what: string, expected: unknown, actual: unknown): Expectation => ({
    file,
    what: `order ${o?.externalOrderId}: ${what}`,
    expected,
    actual,
  });
  if (file === 'retrieve-order-spec-example.json') {
    return [
      e(
        'rows',
        { orders: 1, returns: 0, unknownStatuses: [] },
        { orders: orders.length, returns: returns.length, unknownStatuses },
      ),
      // OPEN, 50% off: $5.00 + 2 × $3.00 = $11.00, discount $5.50, total $5.50
      e(
        'order',
        {
          status: 'PENDING',
          state: 'OPEN',
          totalAmount: '5.5',
          currency: 'USD',
          orderedAt: '2020-05-18T16:30:49.614Z',
          fulfilledAt: null,
          lines: [
            ['Item 1', 1, '5', '5', null],
            ['Item 2', 2, '3', '6', null],
          ],
        },
        orderView(o),
      ),
      e(
        'subtotal, discount, tax, refunded',
        ['11', '5.5', '0', null],
        [o.subtotalAmount, o.discountAmount, o.taxAmount, o.refundedAmount],
      ),
    ];
  }
  // CreateOrder: $15.99 steak + 2 × $22.00 steak with a $0.50 modifier each ($45.00 gross), tax $5.10, discounts $4.33, total $61.76
  return [
    e(
      'rows',
      { orders: 1, returns: 0, unknownStatuses: [] },
      { orders: orders.length, returns: returns.length, unknownStatuses },
    ),
    e(
      'order',
      {
        status: 'PENDING',
        state: 'OPEN',
        totalAmount: '61.76',
        currency: 'USD',
        orderedAt: '2020-01-17T20:47:53.293Z',
        fulfilledAt: null,
        lines: [
          ['New York Strip Steak', 1, '15.99', '15.99', null],
          ['New York Steak - Larger', 2, '22', '45', 'BEMYCSMIJL46OCDV4KYIKXIB'],
        ],
      },
      orderView(o),
    ),
    e(
      'reference, subtotal, tax, discount',
      ['my-order-001', '60.99', '5.1', '4.33'],
      [o.orderNumber, o.subtotalAmount, o.taxAmount, o.discountAmount],
    ),
  ];
}

function searchOrders(dir: string): Expectation[] {
  const file = 'search-orders-nango-recorded.json';
  const { orders: raw } = SearchOrdersResponse.parse(read(dir, file));
  const { orders, returns, unknownStatuses } = mapOrders(file, raw);
  const byId = new Map(orders.map((o) => [o.externalOrderId, o]));
  const e = (what: string, expected: unknown, actual: unknown): Expectation => ({ file, what, expected, actual });
  const count = (status: string) => orders.filter((o) => o.status === status).length;

  // [status, total, lines as (title, quantity, unit price)] of every sale, read off the JSON
  const coffee = (q: number) => ['Seed Coffee', q, '5'];
  const muffin = (q: number) => ['Seed Muffin', q, '3.5'];
  const custom = (unit: string) => ['Custom amount', 1, unit];
  const expected: Record<string, [string, string, unknown[][]]> = {
    RkoyN9seSMN4sswQ3d2uEJd2Tf8YY: ['PENDING', '0', []],
    FUlJaC68SZ0OkQVgwHQEKzwyFdPZY: ['DELIVERED', '1', [custom('1')]],
    nT6eTFlDa7Ko7PDjNEJX7ij1jpeZY: ['DELIVERED', '10', [coffee(2)]],
    j5Y3dtdONLZvd5gqwBQ5Y1TCEdeZY: ['PENDING', '5', [coffee(1)]],
    frsgz97rC03CvRuBk70gFEaK5PZZY: ['PENDING', '3.5', [muffin(1)]],
    bjZysp0mhCUNdY1gzdko2hJi1x5YY: ['CANCELLED', '0.5', [custom('0.5')]],
    '1iUjSSEVhZ7E8dD2Lhz8o76NdjEZY': ['CANCELLED', '5', [coffee(1)]],
    FCcZuQWREOuHs2AW8YLvsGsB7UDZY: ['CANCELLED', '3.5', [muffin(1)]],
    NmITWtUPIdut8WGBGjDddVdM7RVZY: ['CANCELLED', '5', [coffee(1)]],
    VSUJtIvOng1Ofvx26IrF7mjm9fGZY: ['CANCELLED', '10.5', [muffin(3)]],
    dS0EELOTPqsLUOSI945YIveikueZY: ['CANCELLED', '1', [custom('1')]],
    btstO1ETK8UXjo9TFql0tkvK1CHZY: ['CANCELLED', '1.5', [custom('1.5')]],
    n1LO5eMd9Ctx6QuPcfrUiszY7pPZY: ['PENDING', '1', [custom('1')]],
    '1IT9M8fjBC5k4FNFFSAqL1HNELfZY': ['CANCELLED', '5', [coffee(1)]],
    VGgiJ8o6KTFnKslNqcZU6DUJ2xUZY: ['CANCELLED', '3.5', [muffin(1)]],
    jb5xcmK9WdiTRRDdRetjAmJpxjJZY: ['DELIVERED', '3.15', [muffin(1)]],
    PVznPNmZ07WUhDc4tNVKbccZq9VZY: ['PENDING', '5', [coffee(1)]],
    zZQj6A2pyoiKWffC1nClrACHxsFZY: ['PENDING', '3.5', [muffin(1)]],
    B65R0telSohspoOioutxtmZVyGLZY: ['PENDING', '5', [coffee(1)]],
    zH7XvUM331TWswjEF0Ioe6rsDxdZY: ['PENDING', '5', [coffee(1)]],
    '1SkBL8V7OTmPRnDhH0BV7oPdNxAZY': ['PENDING', '6', [coffee(1)]],
    luEUdkUUk9IdzHBvD04eYsd52nYZY: ['PENDING', '6', [coffee(1)]],
    DzxnItnp9mqB3koqKm9FK37WoBbZY: ['PENDING', '6', [coffee(1)]],
  };
  const out: Expectation[] = [
    // 24 orders: 23 sales and 1 COMPLETED return order (no total_money, returns[] naming nT6e…)
    e(
      'rows',
      { orders: 23, returns: 1, unknownStatuses: [] },
      { orders: orders.length, returns: returns.length, unknownStatuses },
    ),
    e(
      'statuses (11 OPEN, 3 COMPLETED sales, 9 CANCELED)',
      { PENDING: 11, DELIVERED: 3, CANCELLED: 9 },
      { PENDING: count('PENDING'), DELIVERED: count('DELIVERED'), CANCELLED: count('CANCELLED') },
    ),
    e('the return order is not an order', false, byId.has('PfKGiDtJFOq2DpSxUNraSjVLMEMZY')),
    e(
      'return PfKGiDtJFOq2DpSxUNraSjVLMEMZY',
      [
        {
          externalReturnId: 'PfKGiDtJFOq2DpSxUNraSjVLMEMZY',
          saleExternalOrderId: 'nT6eTFlDa7Ko7PDjNEJX7ij1jpeZY',
          refundedAmount: '2',
          currency: 'USD',
          returnedAt: '2026-07-15T19:26:35.853Z',
          sourceUpdatedAt: '2026-07-15T19:26:39.000Z',
        },
      ],
      returns.map((r) => ({ ...r, returnedAt: iso(r.returnedAt), sourceUpdatedAt: iso(r.sourceUpdatedAt) })),
    ),
  ];
  for (const [id, [status, total, items]] of Object.entries(expected)) {
    const o = byId.get(id);
    out.push(
      e(
        `order ${id}: status, total, lines`,
        [status, total, 'USD', items],
        o ? [o.status, o.totalAmount, o.currency, o.items.map((i) => [i.title, i.quantity, i.unitPrice])] : null,
      ),
    );
  }
  const sale = byId.get('nT6eTFlDa7Ko7PDjNEJX7ij1jpeZY');
  const muffinSale = byId.get('jb5xcmK9WdiTRRDdRetjAmJpxjJZY');
  const delivery = byId.get('1SkBL8V7OTmPRnDhH0BV7oPdNxAZY');
  const cancelled = byId.get('bjZysp0mhCUNdY1gzdko2hJi1x5YY');
  out.push(
    // in-person sales: handed over when they closed
    e(
      'order nT6e…: ordered, closed (handed over), variation, marketplaceStatus',
      ['2026-07-15T19:25:48.847Z', '2026-07-15T19:26:19.256Z', 'KNE7SHMPLXXA6ZMIPY6GWJSK', 'COMPLETED'],
      [
        iso(sale?.orderedAt ?? null),
        iso(sale?.fulfilledAt ?? null),
        sale?.items[0]?.externalVariantId,
        sale?.marketplaceStatus,
      ],
    ),
    e(
      'order jb5x…: subtotal 3.50, discount 0.35 (10%), total 3.15',
      ['3.5', '0.35', '3.15'],
      [muffinSale?.subtotalAmount, muffinSale?.discountAmount, muffinSale?.totalAmount],
    ),
    e(
      'order 1SkB…: $5.00 coffee + $1.00 delivery fee (service charge)',
      ['5', '1', '6'],
      [delivery?.subtotalAmount, delivery?.shippingAmount, delivery?.totalAmount],
    ),
    e(
      'order bjZy…: cancelled when it closed, never handed over',
      ['2026-07-15T19:36:17.182Z', null],
      [iso(cancelled?.cancelledAt ?? null), iso(cancelled?.fulfilledAt ?? null)],
    ),
    e(
      'an OPEN order is not fulfilled',
      [null],
      [...new Set(orders.filter((o) => o.marketplaceStatus === 'OPEN').map((o) => iso(o.fulfilledAt)))],
    ),
    // the sync makes nT6e… RETURNED with $2.00 refunded (of $10.00): the return names it, in its currency
    e(
      'the return names a sale of this page, in its currency, for part of its total',
      [true, 'USD', '2 of 10'],
      [
        byId.has(returns[0]?.saleExternalOrderId ?? ''),
        returns[0]?.currency,
        `${returns[0]?.refundedAmount} of ${sale?.totalAmount}`,
      ],
    ),
  );
  return out;
}

function catalog(
  dir: string,
  file: string,
  expected: Record<string, ReturnType<typeof productView>>,
  skippedDeleted: number,
): Expectation[] {
  const page = SearchCatalogResponse.parse(read(dir, file));
  // only what ListCatalog?types=ITEM / SearchCatalogObjects{object_types:[ITEM]} returns
  const items = valid(
    file,
    page.objects.filter((o) => (o as { type?: unknown }).type === 'ITEM'),
    CatalogItem,
  );
  const lookups = { locationId: 'any', inventory: new Map<string, number>(), ...relatedLookups(page.related_objects) };
  const live = items.filter((i) => !i.is_deleted);
  const rows = live.flatMap((i) => toUnifiedProducts(i, lookups));
  const e = (what: string, exp: unknown, actual: unknown): Expectation => ({ file, what, expected: exp, actual });
  return [
    e('deleted items give no rows', skippedDeleted, items.length - live.length),
    e('rows (one per variation)', Object.keys(expected).sort(), rows.map((r) => r.externalId).sort()),
    ...rows.map((r) => e(`variation ${r.externalId}`, expected[r.externalId] ?? null, productView(r))),
    e(
      'no category or image objects in the response: none named',
      [null, null],
      [[...new Set(rows.map((r) => r.category))][0] ?? null, [...new Set(rows.map((r) => r.imageUrl))][0] ?? null],
    ),
  ];
}

export const check: PayloadCheck = (dir) => {
  // no inventory counts are given with the catalog: stock is unknown (null), which never reads as sold out
  const product = (parent: string, title: string, variant: string | null, price: string) =>
    ({ parent, title, variant, sku: null, price, currency: 'USD', inventory: null, status: 'ACTIVE' }) as ReturnType<
      typeof productView
    >;
  const counts = InventoryCountsResponse.parse(read(dir, 'batch-retrieve-inventory-counts-spec-example.json'));
  return [
    ...singleOrder(dir, 'retrieve-order-spec-example.json'),
    ...singleOrder(dir, 'create-order-spec-example.json'),
    ...searchOrders(dir),
    ...catalog(
      dir,
      'search-catalog-nango-recorded.json',
      {
        KNE7SHMPLXXA6ZMIPY6GWJSK: product('DJXLBF4XHUSECQ4P6UDOB7KE', 'Seed Coffee', null, '5'),
        '7TSJIUXUSGTQQQ6CHCJXA4CL': product('OQFBXZMQ72SI4LJI5D2YNTJ2', 'Seed Muffin', null, '3.5'),
        HMYGV2JV5BV4OIBXSO3PGCGY: product('ABM246XYDU3QCDS3HOBBAEUT', 'Dryrun Test Item', null, '4.99'),
        O6OXMGQWJQURZBJFIJKZXCQ3: product('KMKVMV5WAMQVCCTBTAN6T7GS', 'Dryrun Test Item', null, '4.99'),
        YQEAGJJBLCLY2VSN6QRHVEU5: product('JEFRMDBUKQA4KLDMSTD4RZRM', 'Dryrun Test Item 2', null, '4.99'),
      },
      4,
    ),
    ...catalog(
      dir,
      'search-catalog-objects-spec-example.json',
      {
        '5GSZPX6EU7MM75S57OONG3V5': product('X5DZ5NWWAQ44CKBLKIFQGOWK', 'Tea - Black', null, '1.5'),
        XVLBN7DU6JTWHJTG5F265B43: product('X5DZ5NWWAQ44CKBLKIFQGOWK', 'Tea - Black', 'Large', '2.25'),
        FHYBVIA6NVBCSOVETA62WEA4: product('NNNEM3LA656Q46NXLWCNI7S5', 'Tea - Green', null, '1.5'),
      },
      0,
    ),
    {
      file: 'batch-retrieve-inventory-counts-spec-example.json',
      what: 'IN_STOCK units per variation',
      expected: { W62UWFY35CWMYGVWK6TWJDNI: 79 },
      actual: Object.fromEntries(inStockByVariation(counts.counts)),
    },
  ];
};
