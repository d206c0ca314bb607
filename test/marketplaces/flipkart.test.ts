import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { flipkartConnector } from '../../src/marketplaces/flipkart/index.ts';
import { listingSchema, productSearchItemSchema, productSearchPageSchema, shipmentSchema, shipmentsPageSchema, type RawShipment } from '../../src/marketplaces/flipkart/schemas.ts';
import { FALLBACK_STATUS, listingToProduct, shipmentsToOrders, STATUS_TABLE } from '../../src/marketplaces/flipkart/to-unified.ts';
import { AuthError } from '../../src/marketplaces/http.ts';
import type { UnifiedOrderRow } from '../../src/marketplaces/types.ts';
import { idField, validateEach } from '../../src/marketplaces/validate-records.ts';
import { renderListing } from '../../src/sandbox/flipkart/render.ts';
import { composeNotificationShipment } from '../../scripts/real-payloads/flipkart.ts';
import { contextFor, NOW, silentLog, useSandbox, walk, walkOrders, walkProducts } from '../helpers/sandbox.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/flipkart/${name}.json`, import.meta.url), 'utf8'));
const shipmentsOf = (name: string): RawShipment[] => shipmentsPageSchema.parse(fixture(name)).shipments.map((s) => shipmentSchema.parse(s));
const LONG_AGO = new Date('2020-01-01T00:00:00Z');
const DAY = 86_400_000;

/** The spec's Status Mapping rows for Flipkart, as written. */
const SPEC_ROWS = { APPROVED: 'CONFIRMED', PACKED: 'CONFIRMED', SHIPPED: 'SHIPPED', DELIVERED: 'DELIVERED', CANCELLED: 'CANCELLED', RETURN_REQUESTED: 'RETURNED' } as const;

describe('flipkart to-unified', () => {
  it('maps a shipment_created notification (the official example\'s shape: hsn null, no serviceProfile) to one order', () => {
    const shipment = shipmentSchema.parse(composeNotificationShipment(fixture('shipment-created-notification')));
    const unknown: string[] = [];
    expect(shipmentsToOrders([shipment], unknown)).toEqual([
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
          { externalItemId: '2299104477310100', externalProductId: 'LSTBTLE8GHZQ4WNXR2KAB12CD', externalVariantId: 'BTLE8GHZQ4WNXR2K', sku: 'BTL-STEEL-750', title: 'Steel Water Bottle 750 ml Silver', quantity: 2, unitPrice: '449', totalPrice: '898' },
        ],
      } satisfies UnifiedOrderRow,
    ]);
    expect(unknown).toEqual([]);
  });

  it('maps a search page: two items of one order, decimal unit prices, Flipkart-funded discount not subtracted', () => {
    const [order, ...rest] = shipmentsToOrders(shipmentsOf('shipments-page'), []);
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
    const [split, cancelled] = shipmentsToOrders(shipmentsOf('split-and-cancelled'), []);
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

  it('holds every row of the spec\'s status table, maps the other documented statuses to the nearest, and an unknown one to the fallback', () => {
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
    const withStatus = (status: string): RawShipment => ({ ...base!, orderItems: base!.orderItems.map((item) => ({ ...item, status })) });
    for (const [raw, unified] of Object.entries({ ...STATUS_TABLE, HANDED_OVER_TO_COURIER: FALLBACK_STATUS })) {
      const unknown: string[] = [];
      const [order] = shipmentsToOrders([withStatus(raw)], unknown);
      expect([raw, order!.status, order!.marketplaceStatus]).toEqual([raw, unified, raw]);
      expect(unknown).toEqual(raw in STATUS_TABLE ? [] : [raw]);
      // only a shipment handed over (or delivered) says when: its updatedAt
      const handedOver = ['PICKUP_COMPLETE', 'SHIPPED', 'DELIVERED'].includes(raw);
      expect([raw, order!.fulfilledAt]).toEqual([raw, handedOver ? new Date('2024-11-03T04:57:44.000Z') : null]);
    }
  });

  it('keeps an order live while one item is, writes the other items\' statuses after the deciding one, and drops the cancelled item', () => {
    const [base] = shipmentsOf('shipments-page');
    const [first, second] = base!.orderItems;
    const [order] = shipmentsToOrders([{ ...base!, orderItems: [{ ...first!, status: 'CANCELLED' }, { ...second!, status: 'READY_TO_DISPATCH' }] }], []);
    expect(order).toMatchObject({ status: 'CONFIRMED', marketplaceStatus: 'READY_TO_DISPATCH/1 CANCELLED, 1 READY_TO_DISPATCH', cancelledAt: null });
    // the cancelled item is no longer sold: it leaves the lines and the money
    expect(order).toMatchObject({ subtotalAmount: '988.5', totalAmount: '988.5', discountAmount: '60' });
    expect(order!.items.map((i) => i.sku)).toEqual(['MUG-CER-BLK']);
  });

  it('maps product-search listings completed by their details: title, image, vertical, stock of enabled locations', () => {
    const page = productSearchPageSchema.parse(fixture('product-search'));
    expect(page.totalListingsCount).toBe(3);
    const { valid, skipped } = validateEach(page.listingData, productSearchItemSchema, idField('sku'), silentLog, 'flipkart listing');
    expect(skipped).toEqual([{ id: null, reason: expect.stringContaining('sku') }]);
    const details = fixture('listing-details') as { available: Record<string, unknown> };
    const [white, black] = valid.map((found) => listingToProduct(found, 'ACTIVE', listingSchema.parse(details.available[found.sku])));
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
    expect(black).toMatchObject({ externalId: 'MUG-CER-BLK', price: '329', imageUrl: null, inventory: 0, status: 'OUT_OF_STOCK' });

    const listing = listingSchema.parse(details.available['MUG-CER-WHT']);
    const untracked = listingToProduct(valid[0]!, 'ACTIVE', { ...listing, locations: [{ id: 'LOC9K2M4P', status: 'ENABLED' }] });
    expect(untracked).toMatchObject({ inventory: null, status: 'ACTIVE' });
    const archived = listingToProduct(valid[0]!, 'ARCHIVED', { ...listing, listing_status: 'INACTIVE', archived_status: 'ARCHIVED' });
    expect(archived).toMatchObject({ status: 'INACTIVE', marketplaceStatus: 'INACTIVE/ARCHIVED' });
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
    expect((await post({ filter: { type: 'preDispatch', states: ['APPROVED'] }, pagination: { pageSize: 21 } })).status).toBe(400);
    expect((await post({ filter: { type: 'preDispatch', states: ['APPROVED'] } }, null)).status).toBe(401);
    const ok = await post({ filter: { type: 'postDispatch', states: ['DELIVERED'] }, pagination: { pageSize: 5 } });
    const body = (await ok.json()) as { hasMore: boolean; nextPageUrl: string; shipments: { updatedAt: string }[] };
    expect(body.hasMore).toBe(true);
    expect(body.nextPageUrl).toMatch(/^\/v3\/shipments\/filter\/\?next_token=/);
    expect(body.shipments[0]!.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:30$/);
  });

  it('walks every order exactly once with small pages, then stops', async () => {
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO, 3);
    const truth = store().truth(NOW);
    expect(new Set(ids(result.records)).size).toBe(result.records.length);
    expect(result.records).toHaveLength(truth.orders);
    expect(result.pages).toBeGreaterThan(truth.orders / 3);
  });

  it('renders every raw status of the spec\'s table, each mapped as the table says, and the other documented ones', async () => {
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO);
    expect(result.unknownStatuses).toEqual([]);
    const seen = new Map<string, Set<string>>();
    for (const o of result.records) {
      const [first] = o.marketplaceStatus.split('/');
      seen.set(first!, (seen.get(first!) ?? new Set()).add(o.status));
    }
    for (const [raw, unified] of Object.entries(SPEC_ROWS)) expect([raw, [...(seen.get(raw) ?? [])]]).toEqual([raw, [unified]]);
    // the sandbox shows the table's other documented statuses too
    expect([...seen.keys()].sort()).toEqual(Object.keys(STATUS_TABLE).sort());
    // a refund before shipping shows as a cancellation
    const refunded = [...store().updatedBetween(null, null, NOW)].map((i) => store().order(i, NOW)!).filter((o) => o.status === 'REFUNDED');
    expect(refunded.length).toBeGreaterThan(0);
    const byId = new Map(result.records.map((o) => [o.externalOrderId, o]));
    for (const o of refunded) expect(byId.get(o.id)).toMatchObject({ status: 'CANCELLED', marketplaceStatus: 'CANCELLED' });
  });

  it('says when shipped orders were handed over, and nothing for the others', async () => {
    const result = await walkOrders(flipkartConnector, contextFor(sandbox(), 'flipkart'), LONG_AGO);
    const orders = new Map([...store().updatedBetween(null, null, NOW)].map((i) => store().order(i, NOW)!).map((o) => [o.id, o]));
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
    expect(result.records).toHaveLength(expected.length);
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
    expect(result.skipped.map((s) => s.id).sort()).toEqual(malformed.sort());
    expect(result.skipped.every((s) => s.reason.length > 0)).toBe(true);
    expect(new Set(ids(result.records))).toEqual(new Set(all.filter((o) => !o.malformed).map((o) => o.id)));
  });

  it('throws AuthError once the token has expired', async () => {
    await sandbox().control('/tokens/expire', { token: store().spec.token });
    await expect(flipkartConnector.fetchOrders(contextFor(sandbox(), 'flipkart'), { updatedFrom: LONG_AGO })).rejects.toBeInstanceOf(AuthError);
    await expect(flipkartConnector.fetchProducts(contextFor(sandbox(), 'flipkart'), {})).rejects.toBeInstanceOf(AuthError);
  });

  it('agrees with the sandbox truth: orders, INR total to the paisa, statuses', async () => {
    const ctx = contextFor(sandbox(), 'flipkart');
    const truth = store().truth(NOW);
    const orders = await walkOrders(flipkartConnector, ctx, LONG_AGO);
    expect(orders.skipped).toEqual([]);
    expect(orders.unknownStatuses).toEqual([]);
    expect(new Set(ids(orders.records)).size).toBe(truth.orders);
    expect(orders.records).toHaveLength(truth.orders);
    const total = orders.records.reduce((sum, o) => sum.plus(o.totalAmount), new Decimal(0));
    expect(total.toFixed(2)).toBe(truth.totals.INR);
    expect(orders.records.every((o) => o.currency === 'INR')).toBe(true);
    // Flipkart has no PENDING (orders arrive APPROVED) and no refund status (a refund before dispatch is CANCELLED)
    const { PENDING, PROCESSING, REFUNDED, CANCELLED, SHIPPED, DELIVERED, RETURNED } = truth.byStatus;
    const seen: Record<string, number> = {};
    for (const o of orders.records) seen[o.status] = (seen[o.status] ?? 0) + 1;
    expect(seen).toEqual(Object.fromEntries(Object.entries({ CONFIRMED: PENDING + PROCESSING, CANCELLED: CANCELLED + REFUNDED, SHIPPED, DELIVERED, RETURNED }).filter(([, n]) => n > 0)));
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
      expect(row.imageUrl).toMatch(new RegExp(`^https://rukminim2\\.flixcart\\.com/image/832/832/.+/${item.image.replace('.', '\\.')}\\?q=70$`));
      const forSale = item.status === 'active';
      expect(row.status).toBe(!forSale ? 'INACTIVE' : item.tracked && item.inventory <= 0 ? 'OUT_OF_STOCK' : 'ACTIVE');
    }
    expect(products.records.some((p) => p.status === 'INACTIVE')).toBe(true);
    expect(products.records.some((p) => p.marketplaceStatus === 'INACTIVE/ARCHIVED')).toBe(true);
  });

  it('renders an oversold item\'s stock as 0 (seller stock is never below 0 on Flipkart)', () => {
    const item = store().products(NOW).find((c) => c.tracked)!;
    expect(renderListing({ ...item, inventory: -2 })).toMatchObject({ locations: [{ status: 'ENABLED', inventory: 0 }] });
    expect((renderListing({ ...item, tracked: false }) as { locations: object[] }).locations[0]).not.toHaveProperty('inventory');
  });

  it('answers the raw walk with some orders split over two shipments, kept on one page', async () => {
    const ctx = contextFor(sandbox(), 'flipkart');
    let split = 0;
    const raw = await walk(async (cursor) => {
      const res = await fetch(cursor ? `${sandbox().url}/sellers${cursor}` : `${sandbox().url}/sellers/v3/shipments/filter/`, cursor
        ? { headers: { authorization: `Bearer ${ctx.accessToken}` } }
        : { method: 'POST', headers: { authorization: `Bearer ${ctx.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ filter: { type: 'postDispatch', states: ['DELIVERED', 'COMPLETED'] }, pagination: { pageSize: 4 } }) });
      const page = shipmentsPageSchema.parse(await res.json());
      const orderIds = page.shipments.map((s) => shipmentSchema.parse(s).orderItems[0]!.orderId);
      split += orderIds.length - new Set(orderIds).size;
      return { records: orderIds, skipped: [], unknownStatuses: [], next: page.hasMore ? page.nextPageUrl! : null };
    });
    expect(split).toBeGreaterThan(0);
    expect(raw.records.length - split).toBe(new Set(raw.records).size);
  });
});
