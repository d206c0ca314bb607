import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';
import type {
  Connector,
  ConnectorContext,
  OrdersPage,
  OrdersRequest,
  Page,
  ProductsRequest,
  UnifiedProductRow,
} from '../types.ts';
import { describeIssues, idField, skipRecord, validateEach } from '../validate-records.ts';
import { ETSY_API_ROOT, getListingInventory, getListingsByShop, getShopReceipts } from './client.ts';
import { refreshAccessToken } from './oauth.ts';
import { type EtsyListing, InventorySchema, ListingSchema, ListPageSchema, ReceiptSchema } from './schemas.ts';
import { toUnifiedOrder, toUnifiedProducts } from './to-unified.ts';

const MAX_LIMIT = 100;

/** (a cursor of the former two-pass walk also carries `pass`, dropped here: it resumes at its offset) */
const ordersCursor = cursorCodec('etsy', 'orders', z.object({ offset: z.number().int().min(0) }));

/** Etsy rejects timestamp filters before 2000-01-01. */
const MIN_TIMESTAMP = 946_684_800;

/**
 * Receipts changed in [updatedFrom, updatedTo), one page per call, oldest first. Offset
 * paging stops when `offset + results.length >= count`.
 */
async function fetchOrders(ctx: ConnectorContext, req: OrdersRequest): Promise<OrdersPage> {
  const at = req.cursor ? ordersCursor.decode(req.cursor) : { offset: 0 };
  const limit = Math.min(MAX_LIMIT, Math.max(1, req.pageSize ?? MAX_LIMIT));
  const page = ListPageSchema.parse(
    await getShopReceipts(ctx, {
      minLastModified: Math.max(MIN_TIMESTAMP, Math.floor(req.updatedFrom.getTime() / 1000)),
      // the filter is inclusive and in whole seconds; updatedTo is exclusive
      maxLastModified: req.updatedTo ? Math.ceil(req.updatedTo.getTime() / 1000) - 1 : undefined,
      limit,
      offset: at.offset,
    }),
  );
  const { valid, skipped } = validateEach(page.results, ReceiptSchema, idField('receipt_id'), ctx.log, 'etsy receipt');
  const unknownStatuses: string[] = [];
  const records = valid.map((r) => toUnifiedOrder(r, unknownStatuses));
  const end = at.offset + page.results.length;
  const next = page.results.length > 0 && end < page.count ? { offset: end } : null;
  return { records, skipped, unknownStatuses, next: next && ordersCursor.encode(next) };
}

/** getListingsByShop returns one state at a time (`active` by default). */
const STATES = ['active', 'sold_out', 'inactive', 'draft', 'expired'] as const;

const productsCursor = cursorCodec(
  'etsy',
  'products',
  z.object({
    /** index into STATES */
    state: z
      .number()
      .int()
      .min(0)
      .max(STATES.length - 1),
    offset: z.number().int().min(0),
  }),
);

async function inventoryOf(ctx: ConnectorContext, listing: EtsyListing): Promise<unknown> {
  return listing.inventory ?? (await getListingInventory(ctx, listing.listing_id));
}

/**
 * Listings of every state, one page of listings per call, each with its images and inventory
 * (the variants and their prices) attached by `includes`; a listing that comes without its
 * inventory has it fetched on its own. Etsy has no updated-since filter for listings: every
 * page is read and listings not updated since `updatedFrom` are dropped.
 */
async function fetchProducts(ctx: ConnectorContext, req: ProductsRequest): Promise<Page<UnifiedProductRow>> {
  const at = req.cursor ? productsCursor.decode(req.cursor) : { state: 0, offset: 0 };
  const state = STATES[at.state]!;
  const limit = Math.min(MAX_LIMIT, Math.max(1, req.pageSize ?? MAX_LIMIT));
  const page = ListPageSchema.parse(await getListingsByShop(ctx, { state, limit, offset: at.offset }));
  const { valid, skipped } = validateEach(page.results, ListingSchema, idField('listing_id'), ctx.log, 'etsy listing');
  const since = req.updatedFrom ? Math.floor(req.updatedFrom.getTime() / 1000) : null;
  const records: UnifiedProductRow[] = [];
  for (const listing of valid) {
    const updated = listing.updated_timestamp ?? listing.last_modified_timestamp;
    if (since !== null && updated != null && updated < since) continue;
    const inventory = InventorySchema.safeParse(await inventoryOf(ctx, listing));
    if (inventory.success) records.push(...toUnifiedProducts(listing, inventory.data));
    else
      skipped.push(
        skipRecord(ctx.log, 'etsy listing', String(listing.listing_id), describeIssues(inventory.error, 'inventory')),
      );
  }
  const end = at.offset + page.results.length;
  const next =
    page.results.length > 0 && end < page.count
      ? { state: at.state, offset: end }
      : at.state + 1 < STATES.length
        ? { state: at.state + 1, offset: 0 }
        : null;
  return { records, skipped, unknownStatuses: [], next: next && productsCursor.encode(next) };
}

/** Etsy Open API v3: receipts (with transactions) as orders, listing inventory products as products. */
export const etsyConnector: Connector = {
  marketplace: 'ETSY',
  wholeCatalogue: true,
  // per app, across every seller who connected it: 10 requests a second by default
  rateLimit: { scope: 'app', burst: 10, perSecond: 10 },
  defaultBaseUrl: () => ETSY_API_ROOT,
  fetchOrders,
  fetchProducts,
  refreshAccessToken,
};
