import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';
import type {
  Connector,
  ConnectorContext,
  OrdersPage,
  OrdersRequest,
  Page,
  ProductsRequest,
  SkippedRecord,
  UnifiedProductRow,
} from '../types.ts';
import { describeIssues, idField, skipRecord, validateEach } from '../validate-records.ts';
import {
  INTERNAL_STATES,
  listingDetails,
  MAX_DETAIL_SKUS,
  MAX_IDS_PER_CALL,
  nextShipments,
  PRODUCT_SEARCH_BATCH,
  type ShipmentSearch,
  searchProducts,
  searchShipments,
  shipmentsByOrderIds,
} from './client.ts';
import { refreshAccessToken } from './oauth.ts';
import {
  listingSchema,
  productSearchItemSchema,
  type RawShipment,
  shipmentIdsSchema,
  shipmentSchema,
} from './schemas.ts';
import { toUnifiedOrders, toUnifiedProduct } from './to-unified.ts';

/**
 * Orders: Flipkart's search runs within one `filter.type` at a time, and `cancelled` within one
 * `cancellationType`, so the cursor walks five searches in turn, each paged by `nextPageUrl`.
 * Searches and pages list shipments, and one order's shipments can be in different states, so
 * in different searches and pages: each page's orders are read whole by orderIds, and an order
 * comes out whole on every page that lists one of its shipments (the sync keeps the latest).
 * Products: the product search (20 listings a batch, one `internalState` at a time, in turn)
 * + details 10 SKUs a call.
 */

const SEARCHES: readonly Pick<ShipmentSearch['filter'], 'type' | 'states' | 'cancellationType'>[] = [
  { type: 'preDispatch', states: ['APPROVED', 'PACKING_IN_PROGRESS', 'FORM_FAILED', 'PACKED', 'READY_TO_DISPATCH'] },
  // the docs list RETURN_REQUESTED, RETURNED and COMPLETED among item statuses without naming
  // their search: they come after dispatch, so they are asked for here
  {
    type: 'postDispatch',
    states: ['PICKUP_COMPLETE', 'SHIPPED', 'DELIVERED', 'RETURN_REQUESTED', 'RETURNED', 'COMPLETED'],
  },
  { type: 'cancelled', cancellationType: 'sellerCancellation' },
  { type: 'cancelled', cancellationType: 'buyerCancellation' },
  { type: 'cancelled', cancellationType: 'marketplaceCancellation' },
];
/** Flipkart-fulfilled shipments are left out unless asked for (the default is NON_FBF only). */
const SERVICE_PROFILES = ['NON_FBF', 'FBF', 'FBF_LITE'];
const MAX_SHIPMENTS_PAGE = 20;

const ordersCursor = cursorCodec(
  'flipkart',
  'orders',
  z.object({
    search: z
      .number()
      .int()
      .min(0)
      .max(SEARCHES.length - 1),
    nextPageUrl: z.string().nullable(),
  }),
);
const productsCursor = cursorCodec(
  'flipkart',
  'products',
  z.object({
    state: z
      .number()
      .int()
      .min(0)
      .max(INTERNAL_STATES.length - 1),
    batch: z.number().int().min(0),
  }),
);

const textOr = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** The orderIds a shipment holds, read without its schema; empty when none is readable. */
function orderIdsOf(raw: unknown): string[] {
  const ids = shipmentIdsSchema.safeParse(raw);
  return [...new Set((ids.data?.orderItems ?? []).flatMap((item) => textOr(item.orderId) ?? []))];
}

/**
 * Every shipment of the page's orders, read again by orderIds (one call per 100), so that an
 * order whose items sit in shipments of other searches or pages comes out whole. Checks each
 * shipment alone: an order with any broken shipment is skipped whole (one entry per order), as
 * is one the call does not return; a page shipment with no readable orderId is skipped by its
 * shipmentId. Only the page's orders are kept: a shipment may hold items of others.
 */
async function wholeOrders(
  ctx: ConnectorContext,
  page: readonly unknown[],
): Promise<{ shipments: RawShipment[]; skipped: SkippedRecord[] }> {
  const unreadable: SkippedRecord[] = [];
  const skipped = new Map<string, string>();
  const wanted = new Set<string>();
  for (const raw of page) {
    const ids = orderIdsOf(raw);
    for (const id of ids) wanted.add(id);
    if (ids.length > 0) continue;
    const result = shipmentSchema.safeParse(raw);
    const shipmentId = textOr(shipmentIdsSchema.safeParse(raw).data?.shipmentId);
    unreadable.push(
      skipRecord(
        ctx.log,
        'flipkart shipment',
        shipmentId,
        result.success ? 'no orderId' : describeIssues(result.error),
      ),
    );
  }
  const orderIds = [...wanted];
  const fetched: unknown[] = [];
  for (let i = 0; i < orderIds.length; i += MAX_IDS_PER_CALL)
    fetched.push(...(await shipmentsByOrderIds(ctx, orderIds.slice(i, i + MAX_IDS_PER_CALL))).shipments);

  const parsed: RawShipment[] = [];
  const broken = new Set<string>();
  const returned = new Set<string>();
  for (const raw of fetched) {
    const ids = orderIdsOf(raw).filter((id) => wanted.has(id));
    for (const id of ids) returned.add(id);
    const result = shipmentSchema.safeParse(raw);
    if (result.success) {
      parsed.push(result.data);
      continue;
    }
    for (const id of ids) {
      broken.add(id);
      if (!skipped.has(id)) skipped.set(id, describeIssues(result.error));
    }
  }
  for (const id of orderIds)
    if (!returned.has(id))
      skipped.set(id, 'not among the shipments GET /sellers/v3/shipments returned for its orderId');
  const shipments = parsed
    .map((s) => ({
      ...s,
      orderItems: s.orderItems.filter((item) => wanted.has(item.orderId) && !broken.has(item.orderId)),
    }))
    .filter((s) => s.orderItems.length > 0);
  return {
    shipments,
    skipped: [
      ...unreadable,
      ...[...skipped].map(([id, reason]) => skipRecord(ctx.log, 'flipkart shipment', id, reason)),
    ],
  };
}

async function fetchOrders(ctx: ConnectorContext, req: OrdersRequest): Promise<OrdersPage> {
  const cursor = req.cursor ? ordersCursor.decode(req.cursor) : { search: 0, nextPageUrl: null };
  const page = cursor.nextPageUrl
    ? await nextShipments(ctx, cursor.nextPageUrl)
    : await searchShipments(ctx, {
        filter: {
          ...SEARCHES[cursor.search]!,
          serviceProfiles: SERVICE_PROFILES,
          modifiedDate: {
            from: req.updatedFrom.toISOString(),
            ...(req.updatedTo && { to: req.updatedTo.toISOString() }),
          },
        },
        pagination: { pageSize: Math.min(Math.max(req.pageSize ?? MAX_SHIPMENTS_PAGE, 1), MAX_SHIPMENTS_PAGE) },
        sort: { field: 'modifiedDate', order: 'asc' },
      });
  const { shipments, skipped } = await wholeOrders(ctx, page.shipments);
  const unknownStatuses: string[] = [];
  const records = toUnifiedOrders(shipments, unknownStatuses);
  let next: string | null = null;
  if (page.hasMore && page.nextPageUrl)
    next = ordersCursor.encode({ search: cursor.search, nextPageUrl: page.nextPageUrl });
  else if (cursor.search + 1 < SEARCHES.length)
    next = ordersCursor.encode({ search: cursor.search + 1, nextPageUrl: null });
  return { records, skipped, unknownStatuses, next };
}

/**
 * One product-search batch (up to 20 listings of one state) a page, completed by the details of
 * its SKUs (10 a call). A listing the search names but the details do not return is skipped.
 */
async function fetchProducts(ctx: ConnectorContext, req: ProductsRequest): Promise<Page<UnifiedProductRow>> {
  const cursor = req.cursor ? productsCursor.decode(req.cursor) : { state: 0, batch: 0 };
  const state = INTERNAL_STATES[cursor.state]!;
  const page = await searchProducts(ctx, state, cursor.batch);
  const { valid: found, skipped } = validateEach(
    page.listingData,
    productSearchItemSchema,
    (raw) => idField('sku')(raw) ?? idField('listingId')(raw),
    ctx.log,
    'flipkart listing',
  );
  const records: UnifiedProductRow[] = [];
  for (let i = 0; i < found.length; i += MAX_DETAIL_SKUS) {
    const chunk = found.slice(i, i + MAX_DETAIL_SKUS);
    const details = await listingDetails(
      ctx,
      chunk.map((f) => f.sku),
    );
    for (const f of chunk) {
      const listing = listingSchema.safeParse(details.available[f.sku]);
      if (listing.success) {
        records.push(toUnifiedProduct(f, state, listing.data));
        continue;
      }
      const reason = f.sku in details.available ? describeIssues(listing.error) : 'not among the available listings';
      skipped.push(skipRecord(ctx.log, 'flipkart listing', f.sku, reason));
    }
  }
  const served = cursor.batch * PRODUCT_SEARCH_BATCH + page.listingData.length;
  const more =
    page.listingData.length > 0 &&
    (page.totalListingsCount != null
      ? served < page.totalListingsCount
      : page.listingData.length >= PRODUCT_SEARCH_BATCH);
  let next: string | null = null;
  if (more) next = productsCursor.encode({ state: cursor.state, batch: cursor.batch + 1 });
  else if (cursor.state + 1 < INTERNAL_STATES.length)
    next = productsCursor.encode({ state: cursor.state + 1, batch: 0 });
  return { records, skipped, unknownStatuses: [], next };
}

export const flipkartConnector: Connector = {
  marketplace: 'FLIPKART',
  wholeCatalogue: true,
  defaultBaseUrl: () => 'https://api.flipkart.net',
  fetchOrders,
  fetchProducts,
  refreshAccessToken,
};
