import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { composeNotificationShipment } from '../../scripts/real-payloads/flipkart.ts';
import { flipkartConnector } from '../../src/marketplaces/flipkart/index.ts';
import {
  listingSchema,
  productSearchItemSchema,
  productSearchPageSchema,
  type RawShipment,
  shipmentSchema,
  shipmentsPageSchema,
} from '../../src/marketplaces/flipkart/schemas.ts';
import {
  FALLBACK_STATUS,
  STATUS_TABLE,
  toUnifiedOrders,
  toUnifiedProduct,
} from '../../src/marketplaces/flipkart/to-unified.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { idField, validateEach } from '../../src/marketplaces/validate-records.ts';
import { planShipments, renderListing } from '../../src/sandbox/flipkart/render.ts';
import { formatMinor } from '../../src/sandbox/generator/index.ts';
import type { SandboxOrder } from '../../src/sandbox/types.ts';
import { contextFor, NOW, silentLog, useSandbox, walk, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/flipkart/${name}.json`, import.meta.url), 'utf8'));
const shipmentsOf = (name: string): RawShipment[] =>
  shipmentsPageSchema.parse(fixture(name)).shipments.map((s) => shipmentSchema.parse(s));
const LONG_AGO = new Date('2020-01-01T00:00:00Z');
const DAY = 86_400_000;

/**
 * An order is read whole on every page that lists one of its shipments: the rows of one order
 * are the same each time (the clock stands still). Returns them by id, the repeats that differ
 * as a list to expect empty.
 */
function readOnce(records: readonly UnifiedOrderRow[]): { byId: Map<string, UnifiedOrderRow>; differing: string[] } {
  const byId = new Map<string, UnifiedOrderRow>();
  const differing: string[] = [];
  for (const row of records) {
    const seen = byId.get(row.externalOrderId);
    if (seen && JSON.stringify(seen) !== JSON.stringify(row)) differing.push(row.externalOrderId);
    byId.set(row.externalOrderId, row);
  }
  return { byId, differing };
}

/** The spec's Status Mapping rows for Flipkart, as written. */
const SPEC_ROWS = {
  APPROVED: 'CONFIRMED',
  PACKED: 'CONFIRMED',
  SHIPPED: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
  RETURN_REQUESTED: 'RETURNED',
} as const;

describe('flipkart to-unified', () => {
  it("maps a shipment_created notification (the official example's shape: hsn null, no serviceProfile) to one order", () => {
    const shipment = shipmentSchema.parse(composeNotificationShipment(fixture('shipment-created-notification')));
    const unknown: string[] = [];
    expect(toUnifiedOrders([shipment], unknown)).toEqual([
      {
        externalOrderId: 'OD229910447731010000',
        orderNumber: 'OD229910447731010000',
        orderedAt: new Date('2024-09-14T03:41:05.000Z'),
        fulfilledAt: null,
        status: 'CONFIRMED',
        marketplaceStatus: 'APPROVED',
        totalAmount: '938',
        currency: 'INR',
        subtotalAmount: '898',
        taxAmount: null,
        shippingAmount: '40',
        discountAmount: '50',
        refundedAmount: null,
        customerName: null,
        customerEmail: null,
        sourceUpdatedAt: new Date('2024-09-14T03:45:02.000Z'),
        cancelledAt: null,
        items: [
          {
            externalItemId: '2299104477310100',
            externalProductId: 'LSTBTLE8GHZQ4WNXR2KAB12CD',
            externalVariantId: 'BTLE8GHZQ4WNXR2K',
            sku: 'BTL-STEEL-750',
            title: 'Steel Water Bottle 750 ml Silver',
            quantity: 2,
            unitPrice: '449',
            totalPrice: '898',
          },
        ],
      } satisfies UnifiedOrderRow,
    ]);
    expect(unknown).toEqual([]);
  });

  it('maps a search page: two items of one order, decimal unit prices, Flipkart-funded discount not subtracted', () => {
    const [order, ...rest] = toUnifiedOrders(shipmentsOf('shipments-page'), []);
    expect(rest).toEqual([]);
    expect(order).toMatchObject({
      externalOrderId: 'OD230155001299880000',
      orderedAt: new Date('2024-11-03T04:52:10.000Z'),
      fulfilledAt: null,
      status: 'CONFIRMED',
      marketplaceStatus: 'PACKED',
      subtotalAmount: '1337.5',
      shippingAmount: '0',
      discountAmount: '60',
      totalAmount: '1337.5',
      currency: 'INR',
      sourceUpdatedAt: new Date('2024-11-03T04:57:44.000Z'),
    });
    expect(order!.items.map((i) => [i.sku, i.quantity, i.unitPrice, i.totalPrice])).toEqual([
      ['MUG-CER-WHT', 1, '349', '349'],
      ['MUG-CER-BLK', 3, '329.5', '988.5'],
    ]);
  });

  it('merges an order split over two shipments and maps a cancelled one', () => {
    const [split, cancelled] = toUnifiedOrders(shipmentsOf('split-and-cancelled'), []);
    expect(split).toMatchObject({
      externalOrderId: 'OD331200558812340000',
      orderedAt: new Date('2024-10-01T03:29:30.000Z'),
      // the least advanced live item decides: one item shipped, the other delivered
      status: 'SHIPPED',
      marketplaceStatus: 'SHIPPED/1 DELIVERED, 1 SHIPPED',
      // the handover of the shipment still in transit
      fulfilledAt: new Date('2024-10-02T10:50:00.000Z'),
      subtotalAmount: '1890',
      shippingAmount: '40',
      discountAmount: '60',
      totalAmount: '1930',
      sourceUpdatedAt: new Date('2024-10-04T05:35:00.000Z'),
      cancelledAt: null,
    });
    expect(split!.items.map((i) => [i.externalItemId, i.quantity, i.unitPrice, i.totalPrice])).toEqual([
      ['3312005588123400', 2, '295.5', '591'],
      ['3312005588123401', 1, '1299', '1299'],
    ]);
    expect(cancelled).toMatchObject({
      externalOrderId: 'OD331200558812350000',
      status: 'CANCELLED',
      marketplaceStatus: 'CANCELLED',
      totalAmount: '389',
      fulfilledAt: null,
      cancelledAt: new Date('2024-10-01T14:35:00.000Z'),
    });
    expect(cancelled!.items[0]).toMatchObject({ externalProductId: null, externalVariantId: null, sku: 'SOAP-OLV' });
  });

  it('reads an order whose second shipment is being returned as RETURNED (a refund after shipping), every line kept', () => {
    const [first, second] = shipmentsOf('split-and-cancelled');
    const withStatus = (shipment: RawShipment, status: string): RawShipment => ({
      ...shipment,
      orderItems: shipment.orderItems.map((item) => ({ ...item, status })),
    });
    const [order, ...rest] = toUnifiedOrders(
      [withStatus(first!, 'DELIVERED'), withStatus(second!, 'RETURN_REQUESTED')],
      [],
    );
    expect(rest).toEqual([]);
    expect(order).toMatchObject({
      externalOrderId: 'OD331200558812340000',
      status: 'RETURNED',
      marketplaceStatus: 'RETURN_REQUESTED/1 DELIVERED, 1 RETURN_REQUESTED',
      subtotalAmount: '1890',
      shippingAmount: '40',
      totalAmount: '1930',
      refundedAmount: null,
      fulfilledAt: null,
      cancelledAt: null,
    });
    expect(order!.items.map((i) => i.externalItemId)).toEqual(['3312005588123400', '3312005588123401']);
  });

  it("holds every row of the spec's status table, maps the other documented statuses to the nearest, and an unknown one to the fallback", () => {
    expect(STATUS_TABLE).toMatchObject(SPEC_ROWS);
    expect(STATUS_TABLE).toEqual({
      ...SPEC_ROWS,
      PACKING_IN_PROGRESS: 'CONFIRMED',
      FORM_FAILED: 'CONFIRMED',
      READY_TO_DISPATCH: 'CONFIRMED',
      PICKUP_COMPLETE: 'SHIPPED',
      COMPLETED: 'DELIVERED',
      RETURNED: 'RETURNED',
    });
    expect(FALLBACK_STATUS).toBe('CONFIRMED');
    const [base] = shipmentsOf('shipments-page');
    const withStatus = (status: string): RawShipment => ({
      ...base!,
      orderItems: base!.orderItems.map((item) => ({ ...item, status })),
    });
    for (const [raw, unified] of Object.entries({ ...STATUS_TABLE, HANDED_OVER_TO_COURIER: FALLBACK_STATUS })) {
      const unknown: string[] = [];
      const [order] = toUnifiedOrders([withStatus(raw)], unknown);
      expect([raw, order!.status, order!.marketplaceStatus]).toEqual([raw, unified, raw]);
      expect(unknown).toEqual(raw in STATUS_TABLE ? [] : [raw]);
      // only a shipment handed over (or delivered) says when: its updatedAt
      const handedOver = ['PICKUP_COMPLETE', 'SHIPPED', 'DELIVERED'].includes(raw);
      expect([raw, order!.fulfilledAt]).toEqual([raw, handedOver ? new Date('2024-11-03T04:57:44.000Z') : null]);
    }
  });

  it("keeps an order live while one item is, writes the other items' statuses after the deciding one, and drops the cancelled item", () => {
    const [base] = shipmentsOf('shipments-page');
    const [first, second] = base!.orderItems;
    const [order] = toUnifiedOrders(
      [
        {
          ...base!,
          orderItems: [
            { ...first!, status: 'CANCELLED' },
            { ...second!, status: 'READY_TO_DISPATCH' },
          ],
        },
      ],
      [],
    );
    expect(order).toMatchObject({
      status: 'CONFIRMED',
      marketplaceStatus: 'READY_TO_DISPATCH/1 CANCELLED, 1 READY_TO_DISPATCH',
      cancelledAt: null,
    });
    // the cancelled item is no longer sold: it leaves the lines and the money
    expect(order).toMatchObject({ subtotalAmount: '988.5', totalAmount: '988.5', discountAmount: '60' });
    expect(order!.items.map((i) => i.sku)).toEqual(['MUG-CER-BLK']);
  });

  it('maps product-search listings completed by their details: title, image, vertical, stock of enabled locations', () => {
    const page = productSearchPageSchema.parse(fixture('product-search'));
    expect(page.totalListingsCount).toBe(3);
    const { valid, skipped } = validateEach(
      page.listingData,
      productSearchItemSchema,
      idField('sku'),
      silentLog,
      'flipkart listing',
    );
    expect(skipped).toEqual([{ id: null, reason: expect.stringContaining('sku') }]);
    const details = fixture('listing-details') as { available: Record<string, unknown> };
    const [white, black] = valid.map((found) =>
      toUnifiedProduct(found, 'ACTIVE', listingSchema.parse(details.available[found.sku])),
    );
    expect(white).toEqual({
      externalId: 'MUG-CER-WHT',
      parentListingId: 'LSTMUGE3KX8T2LQZP9AQW34ER',
      sku: 'MUG-CER-WHT',
      title: 'Ceramic Mug 350 ml White',
      variantTitle: null,
      category: 'mug',
      imageUrl: 'https://rukminim2.flixcart.com/image/832/832/xif0q/mug/q/w/e/mug-cer-wht.jpeg?q=70',
      price: '349',
      currency: 'INR',
      // 18 + 4 at the enabled locations; the disabled one's 7 are not for sale
      inventory: 22,
      status: 'ACTIVE',
      marketplaceStatus: 'ACTIVE',
      sourceUpdatedAt: null,
    });
    // the docs' sample spelling flipkart_selling_price; none left in stock
    expect(black).toMatchObject({
      externalId: 'MUG-CER-BLK',
      price: '329',
      imageUrl: null,
      inventory: 0,
      status: 'OUT_OF_STOCK',
    });

    const listing = listingSchema.parse(details.available['MUG-CER-WHT']);
    const untracked = toUnifiedProduct(valid[0]!, 'ACTIVE', {
      ...listing,
      locations: [{ id: 'LOC9K2M4P', status: 'ENABLED' }],
    });
    expect(untracked).toMatchObject({ inventory: null, status: 'ACTIVE' });
    const archived = toUnifiedProduct(valid[0]!, 'ARCHIVED', {
      ...listing,
      listing_status: 'INACTIVE',
      archived_status: 'ARCHIVED',
    });
    expect(archived).toMatchObject({ status: 'INACTIVE', marketplaceStatus: 'INACTIVE/ARCHIVED' });
  });
});

describe('flipkart connector: an order whose shipments are in two searches', () => {
  const byOrderIds = fixture('shipments-by-order-ids') as { shipments: { orderItems: { orderId: string }[] }[] };
  const requests: string[] = [];
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push(`${req.method} ${req.url}`);
        const url = new URL(req.url!, 'http://stub');
        const send = (value: unknown) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (req.method === 'GET' && url.pathname === '/sellers/v3/shipments') {
          const ids = url.searchParams.get('orderIds')!.split(',');
          return send({ shipments: byOrderIds.shipments.filter((s) => ids.includes(s.orderItems[0]!.orderId)) });
        }
        const { filter } = JSON.parse(body) as { filter: { type: string; cancellationType?: string } };
        if (filter.type === 'postDispatch') return send(fixture('search-page-post-dispatch'));
        // the cancelled item's shipment, as the buyer-cancellation search lists it
        send({
          hasMore: false,
          nextPageUrl: null,
          shipments: filter.cancellationType === 'buyerCancellation' ? [byOrderIds.shipments[1]] : [],
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("reads every shipment of a page's orders by orderIds and maps each order whole on each page, skipping one the call does not return", async () => {
    const ctx = {
      baseUrl,
      storeId: 'seller-1',
      accessToken: 'token-1',
      credentials: {},
      log: silentLog,
      http: { minDelayMs: 5, maxDelayMs: 50 },
    };
    const result = await walkOrders(flipkartConnector, ctx, LONG_AGO);
    const order: UnifiedOrderRow = {
      externalOrderId: 'OD441200778812340000',
      orderNumber: 'OD441200778812340000',
      orderedAt: new Date('2024-12-01T03:35:00.000Z'),
      fulfilledAt: new Date('2024-12-02T09:40:00.000Z'),
      status: 'SHIPPED',
      marketplaceStatus: 'SHIPPED/1 CANCELLED, 1 SHIPPED',
      totalAmount: '749',
      currency: 'INR',
      subtotalAmount: '749',
      taxAmount: null,
      shippingAmount: '0',
      discountAmount: '0',
      refundedAmount: null,
      customerName: null,
      customerEmail: null,
      sourceUpdatedAt: new Date('2024-12-02T09:40:00.000Z'),
      cancelledAt: null,
      items: [
        {
          externalItemId: '4412007788123400',
          externalProductId: 'LSTKTLE4HJK8MNB2VC6RT21QW',
          externalVariantId: 'KTLE4HJK8MNB2VC6',
          sku: 'KETTLE-SS-1L',
          title: 'Steel Electric Kettle 1 L',
          quantity: 1,
          unitPrice: '749',
          totalPrice: '749',
        },
      ],
    };
    // read from the post-dispatch page, then again, whole, from the buyer-cancellation page
    expect(result.records).toEqual([order, order]);
    expect(result.skipped).toEqual([
      { id: 'OD441200778812350000', reason: expect.stringContaining('GET /sellers/v3/shipments') },
    ]);
    expect(result.unknownStatuses).toEqual([]);
    expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(5);
    expect(requests.filter((r) => r.startsWith('GET'))).toEqual([
      'GET /sellers/v3/shipments?orderIds=OD441200778812340000,OD441200778812350000',
      'GET /sellers/v3/shipments?orderIds=OD441200778812340000',
    ]);
  });
});

describe('flipkart connector against the sandbox', () => {
  const sandbox = useSandbox('flipkart', { orders: 8000, seed: 7 });
  const store = () => sandbox().data.store('flipkart');
  const ids = (orders: readonly UnifiedOrderRow[]) => orders.map((o) => o.externalOrderId);

  it('answers bad searches with 400 and a missing token with 401', async () => {
    const post = (body: unknown, token: string | null = store().spec.token) =>
      fetch(`${sandbox().url}/sellers/v3/shipments/filter/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify(body),
      });
    expect((await post({ filter: { type: 'preDispatch' } })).status).toBe(400);
    expect((await post({ filter: { type: 'postDispatch', states: ['APPROVED'] } })).status).toBe(400);
    expect((await post({ filter: { type: 'cancelled' } })).status).toBe(400);
    expect(
      (await post({ filter: { type: 'preDispatch', states: ['APPROVED'] }, pagination: { pageSize: 21 } })).status,
    ).toBe(400);
    expect((await post({ filter: { type: 'preDispatch', states: ['APPROVED'] } }, null)).status).toBe(401);
    const ok = await post({ filter: { type: 'postDispatch', states: ['DELIVERED'] }, pagination: { pageSize: 5 } });
    const body = (await ok.json()) as { hasMore: boolean; nextPageUrl: string; shipments: { updatedAt: string }[] };
    expect(body.hasMore).toBe(true);
    expect(body.nextPageUrl).toMatch(/^\/v3\/shipments\/filter\/\?next_token=/);
    expect(body.shipments[0]!.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:30$/);
  });

  it('walks every order with small pages, whole each time it is read, one search and one read by orderIds a page, then stops', async () => {
    const stats = async () =>
      ((await (await fetch(`${sandbox().url}/_sandbox/stats`)).json()) as { requests: number }).requests;
    const before = await stats();
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO, 3);
    const requests = (await stats()) - before;
    const truth = store().truth(NOW);
    const { byId, differing } = readOnce(result.records);
    expect(differing).toEqual([]);
    expect(byId.size).toBe(truth.orders);
    // orders whose shipments are listed on several pages are read on each
    expect(result.records.length).toBeGreaterThan(truth.orders);
    expect(result.pages).toBeGreaterThan(truth.orders / 3);
    expect(requests).toBeLessThanOrEqual(2 * result.pages);
  });

  it("renders every raw status of the spec's table, each mapped as the table says, and the other documented ones", async () => {
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO);
    expect(result.unknownStatuses).toEqual([]);
    const seen = new Map<string, Set<string>>();
    for (const o of result.records) {
      const [first] = o.marketplaceStatus.split('/');
      seen.set(first!, (seen.get(first!) ?? new Set()).add(o.status));
    }
    for (const [raw, unified] of Object.entries(SPEC_ROWS))
      expect([raw, [...(seen.get(raw) ?? [])]]).toEqual([raw, [unified]]);
    // the sandbox shows the table's other documented statuses too
    expect([...seen.keys()].sort()).toEqual(Object.keys(STATUS_TABLE).sort());
    // a refund before shipping shows as a cancellation
    const refunded = [...store().updatedBetween(null, null, NOW)]
      .map((i) => store().order(i, NOW)!)
      .filter((o) => o.status === 'REFUNDED');
    expect(refunded.length).toBeGreaterThan(0);
    const byId = new Map(result.records.map((o) => [o.externalOrderId, o]));
    for (const o of refunded)
      expect(byId.get(o.id)).toMatchObject({ status: 'CANCELLED', marketplaceStatus: 'CANCELLED' });
  });

  it('says when shipped orders were handed over, and nothing for the others', async () => {
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO);
    const orders = new Map(
      [...store().updatedBetween(null, null, NOW)].map((i) => store().order(i, NOW)!).map((o) => [o.id, o]),
    );
    let checked = 0;
    for (const row of result.records) {
      const truth = orders.get(row.externalOrderId)!;
      const raw = row.marketplaceStatus.split('/')[0]!;
      if (['PICKUP_COMPLETE', 'SHIPPED', 'DELIVERED'].includes(raw)) {
        // the shipment's last change: the handover, or the delivery once delivered
        expect([raw, row.fulfilledAt]).toEqual([raw, truth.updatedAt]);
        checked++;
      } else expect([raw, row.fulfilledAt]).toEqual([raw, null]);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('fetches only the orders changed since the last sync, status changes included', async () => {
    const later = new Date(NOW.getTime() + DAY);
    await sandbox().control('/clock', { advanceMs: DAY });
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), NOW);
    const expected = [...store().updatedBetween(NOW, null, later)].map((i) => store().order(i, later)!);
    expect(new Set(ids(result.records))).toEqual(new Set(expected.map((o) => o.id)));
    expect(readOnce(result.records).differing).toEqual([]);
    expect(expected.some((o) => o.createdAt < NOW)).toBe(true);
  });

  it('waits out 429s as Retry-After asks and loses nothing', async () => {
    await sandbox().control('/faults', { rateLimitNext: 2 });
    const started = Date.now();
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(new Set(ids(result.records)).size).toBe(store().truth(NOW).orders);
  });

  it('skips malformed orders with their ids and keeps every other order', async () => {
    await sandbox().control('/faults', { malformedRate: 0.05 });
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO);
    const all = [...store().updatedBetween(null, null, NOW)].map((i) => sandbox().state.order(store(), i)!);
    const malformed = all.filter((o) => o.malformed).map((o) => o.id);
    expect(malformed.length).toBeGreaterThan(0);
    // an order listed on several pages is skipped on each
    expect([...new Set(result.skipped.map((s) => s.id))].sort()).toEqual(malformed.sort());
    expect(result.skipped.every((s) => s.reason.length > 0)).toBe(true);
    expect(new Set(ids(result.records))).toEqual(new Set(all.filter((o) => !o.malformed).map((o) => o.id)));
  });

  it('throws AuthError once the token has expired', async () => {
    await sandbox().control('/tokens/expire', { token: store().spec.token });
    await expect(
      flipkartConnector.fetchOrders(contextFor(sandbox(), 'flipkart'), { updatedFrom: LONG_AGO }),
    ).rejects.toBeInstanceOf(AuthError);
    await expect(flipkartConnector.fetchProducts(contextFor(sandbox(), 'flipkart'), {})).rejects.toBeInstanceOf(
      AuthError,
    );
  });

  it('agrees with the sandbox truth: orders, INR total to the paisa, statuses', async () => {
    const ctx = contextFor(sandbox(), 'flipkart');
    const truth = store().truth(NOW);
    const orders = await walkOrders(flipkartConnector, ctx, LONG_AGO);
    expect(orders.skipped).toEqual([]);
    expect(orders.unknownStatuses).toEqual([]);
    // what the sync keeps: one row per order
    const { byId, differing } = readOnce(orders.records);
    expect(differing).toEqual([]);
    expect(byId.size).toBe(truth.orders);
    const rows = [...byId.values()];
    const total = rows.reduce((sum, o) => sum.plus(o.totalAmount), new Decimal(0));
    expect(total.toFixed(2)).toBe(truth.totals.INR);
    expect(rows.every((o) => o.currency === 'INR')).toBe(true);
    // Flipkart has no PENDING (orders arrive APPROVED) and no refund status (a refund before dispatch is CANCELLED)
    const { PENDING, PROCESSING, REFUNDED, CANCELLED, SHIPPED, DELIVERED, RETURNED } = truth.byStatus;
    const seen: Record<string, number> = {};
    for (const o of rows) seen[o.status] = (seen[o.status] ?? 0) + 1;
    expect(seen).toEqual(
      Object.fromEntries(
        Object.entries({
          CONFIRMED: PENDING + PROCESSING,
          CANCELLED: CANCELLED + REFUNDED,
          SHIPPED,
          DELIVERED,
          RETURNED,
        }).filter(([, n]) => n > 0),
      ),
    );
  });

  it('reads every listing once with its title, vertical, image and stock (untracked as null, never below 0)', async () => {
    const products = await walkProducts(flipkartConnector, contextFor(sandbox(), 'flipkart'));
    const catalog = store().products(NOW);
    expect(products.skipped).toEqual([]);
    expect(products.records).toHaveLength(catalog.length);
    const bySku = new Map(products.records.map((p) => [p.externalId, p]));
    expect([...bySku.keys()].sort()).toEqual(catalog.map((c) => c.sku).sort());
    for (const item of catalog) {
      const row = bySku.get(item.sku)!;
      expect(row).toMatchObject({
        sku: item.sku,
        parentListingId: item.productId,
        title: item.variantTitle ? `${item.title} - ${item.variantTitle}` : item.title,
        category: item.category,
        price: String(item.price / 100),
        currency: 'INR',
        inventory: item.tracked ? Math.max(0, item.inventory) : null,
      });
      expect(row.imageUrl).toMatch(
        new RegExp(`^https://rukminim2\\.flixcart\\.com/image/832/832/.+/${item.image.replace('.', '\\.')}\\?q=70$`),
      );
      const forSale = item.status === 'active';
      expect(row.status).toBe(!forSale ? 'INACTIVE' : item.tracked && item.inventory <= 0 ? 'OUT_OF_STOCK' : 'ACTIVE');
    }
    expect(products.records.some((p) => p.status === 'INACTIVE')).toBe(true);
    expect(products.records.some((p) => p.marketplaceStatus === 'INACTIVE/ARCHIVED')).toBe(true);
  });

  it("renders an oversold item's stock as 0 (seller stock is never below 0 on Flipkart)", () => {
    const item = store()
      .products(NOW)
      .find((c) => c.tracked)!;
    expect(renderListing({ ...item, inventory: -2 })).toMatchObject({
      locations: [{ status: 'ENABLED', inventory: 0 }],
    });
    expect((renderListing({ ...item, tracked: false }) as { locations: object[] }).locations[0]).not.toHaveProperty(
      'inventory',
    );
  });

  it("lists shipments, not orders: one order's shipments come from different searches and pages, in different states", async () => {
    const auth = { authorization: `Bearer ${store().spec.token}` };
    const searches = [
      {
        type: 'preDispatch',
        states: ['APPROVED', 'PACKING_IN_PROGRESS', 'FORM_FAILED', 'PACKED', 'READY_TO_DISPATCH'],
      },
      {
        type: 'postDispatch',
        states: ['PICKUP_COMPLETE', 'SHIPPED', 'DELIVERED', 'RETURN_REQUESTED', 'RETURNED', 'COMPLETED'],
      },
      { type: 'cancelled', cancellationType: 'sellerCancellation' },
      { type: 'cancelled', cancellationType: 'buyerCancellation' },
      { type: 'cancelled', cancellationType: 'marketplaceCancellation' },
    ];
    const pagesOf = new Map<string, Set<string>>();
    const statusesOf = new Map<string, Set<string>>();
    const shipmentsOfOrder = new Map<string, Set<string>>();
    const add = <T>(map: Map<string, Set<T>>, key: string, value: T) =>
      map.set(key, (map.get(key) ?? new Set()).add(value));
    for (const [s, filter] of searches.entries()) {
      let page = 0;
      await walk(async (cursor) => {
        const res = await fetch(
          cursor ? `${sandbox().url}/sellers${cursor}` : `${sandbox().url}/sellers/v3/shipments/filter/`,
          cursor
            ? { headers: auth }
            : {
                method: 'POST',
                headers: { ...auth, 'content-type': 'application/json' },
                body: JSON.stringify({
                  filter,
                  pagination: { pageSize: 4 },
                  sort: { field: 'modifiedDate', order: 'asc' },
                }),
              },
        );
        const body = shipmentsPageSchema.parse(await res.json());
        page++;
        for (const shipment of body.shipments.map((raw) => shipmentSchema.parse(raw))) {
          for (const item of shipment.orderItems) {
            add(pagesOf, item.orderId, `${s}:${page}`);
            add(statusesOf, item.orderId, item.status);
            add(shipmentsOfOrder, item.orderId, shipment.shipmentId);
          }
        }
        return { records: [], skipped: [], unknownStatuses: [], next: body.hasMore ? body.nextPageUrl! : null };
      });
    }
    const spread = [...pagesOf].filter(([, pages]) => pages.size > 1).map(([id]) => id);
    const statuses = (id: string) => [...statusesOf.get(id)!].sort();
    expect(spread.some((id) => statuses(id).includes('CANCELLED') && statuses(id).length > 1)).toBe(true);
    expect(
      spread.some((id) => statuses(id).includes('DELIVERED') && statuses(id).some((st) => st.startsWith('RETURN'))),
    ).toBe(true);

    // every shipment of such an order, by orderIds, shipmentIds or orderItemIds
    const byIds = async (query: string) => {
      const res = await fetch(`${sandbox().url}/sellers/v3/shipments?${query}`, { headers: auth });
      return {
        status: res.status,
        shipments: res.ok
          ? ((await res.json()) as { shipments: unknown[] }).shipments.map((raw) => shipmentSchema.parse(raw))
          : [],
      };
    };
    const orderId = spread.find((id) => statuses(id).includes('CANCELLED'))!;
    const whole = await byIds(`orderIds=${orderId}`);
    expect(whole.status).toBe(200);
    expect(new Set(whole.shipments.map((sh) => sh.shipmentId))).toEqual(shipmentsOfOrder.get(orderId));
    expect(new Set(whole.shipments.flatMap((sh) => sh.orderItems.map((i) => i.orderId)))).toEqual(new Set([orderId]));
    const [one] = whole.shipments;
    expect((await byIds(`shipmentIds=${one!.shipmentId}`)).shipments).toEqual([one]);
    expect((await byIds(`orderItemIds=${one!.orderItems[0]!.orderItemId}`)).shipments).toEqual([one]);
    expect((await byIds(`orderIds=${orderId},OD000000000000000000`)).shipments).toHaveLength(whole.shipments.length);
    // one kind of id a call, 1 to 100 of them
    expect((await byIds(`orderIds=${orderId}&shipmentIds=${one!.shipmentId}`)).status).toBe(400);
    expect((await byIds('')).status).toBe(400);
    expect((await byIds(`orderIds=${Array.from({ length: 101 }, (_, i) => `OD${i}`).join(',')}`)).status).toBe(400);
    expect((await fetch(`${sandbox().url}/sellers/v3/shipments?orderIds=${orderId}`)).status).toBe(401);
  });

  it('reads an order whose shipments are in different states whole: every live line, its status and total as the sandbox holds them', async () => {
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO, 4);
    const { byId, differing } = readOnce(result.records);
    expect(differing).toEqual([]);
    const reads = new Map<string, number>();
    for (const row of result.records) reads.set(row.externalOrderId, (reads.get(row.externalOrderId) ?? 0) + 1);
    const orders = [...store().updatedBetween(null, null, NOW)].map((i) => store().order(i, NOW)!);
    const mixed = orders.filter((o) => new Set(planShipments(o).map((p) => p.status)).size > 1);
    const kinds = (o: SandboxOrder) =>
      planShipments(o)
        .map((p) => p.status)
        .sort()
        .join('+');
    // a unit cancelled in a live order (listed by a cancellation search), a return of one of two shipments
    expect(mixed.filter((o) => kinds(o).startsWith('CANCELLED+')).map((o) => o.status)).toEqual(
      expect.arrayContaining(['PROCESSING', 'DELIVERED', 'RETURNED']),
    );
    expect(mixed.some((o) => /^DELIVERED\+RETURN(ED|_REQUESTED)$/.test(kinds(o)))).toBe(true);
    // lifecycle → status as this connector reads it (orders reach the seller APPROVED)
    const STATUS = {
      PENDING: 'CONFIRMED',
      PROCESSING: 'CONFIRMED',
      SHIPPED: 'SHIPPED',
      DELIVERED: 'DELIVERED',
      RETURNED: 'RETURNED',
    } as Record<string, string>;
    for (const o of mixed) {
      const row = byId.get(o.id)!;
      expect([o.id, row.items.map((i) => i.externalItemId).sort()]).toEqual([
        o.id,
        o.lines.map((l) => l.lineId).sort(),
      ]);
      expect([o.id, row.status, new Decimal(row.totalAmount).toFixed(2)]).toEqual([
        o.id,
        STATUS[o.status],
        formatMinor(o.total, 2),
      ]);
      if (kinds(o).startsWith('CANCELLED+')) expect([o.id, reads.get(o.id)! > 1]).toEqual([o.id, true]);
    }
  });
});
