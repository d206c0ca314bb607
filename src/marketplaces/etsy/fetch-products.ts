import type { ConnectorContext, Page, ProductsRequest, UnifiedProductRow } from '../types.ts';
import { describeIssues, idField, skipRecord, validateEach } from '../validate-records.ts';
import { getListingInventory, getListingsByShop } from './client.ts';
import { productsCursor } from './cursor.ts';
import { type EtsyListing, InventorySchema, ListingSchema, ListPageSchema } from './schemas.ts';
import { listingToProducts } from './to-unified.ts';

/**
 * Listings of every state, one page of listings per call, each with its images and inventory
 * (the variants and their prices) attached by `includes`; a listing that comes without its
 * inventory has it fetched on its own. Etsy has no updated-since filter for listings: every
 * page is read and listings not updated since `updatedFrom` are dropped.
 */

const MAX_LIMIT = 100;
/** getListingsByShop returns one state at a time (`active` by default). */
const STATES = ['active', 'sold_out', 'inactive', 'draft', 'expired'] as const;

async function inventoryOf(ctx: ConnectorContext, listing: EtsyListing): Promise<unknown> {
  return listing.inventory ?? (await getListingInventory(ctx, listing.listing_id));
}

export async function fetchProducts(ctx: ConnectorContext, req: ProductsRequest): Promise<Page<UnifiedProductRow>> {
  const at = req.cursor ? productsCursor.decode(req.cursor) : { state: 0, offset: 0 };
  const state = STATES[at.state];
  if (state === undefined) throw new Error(`not an Etsy page cursor: state ${at.state}`);
  const limit = Math.min(MAX_LIMIT, Math.max(1, req.pageSize ?? MAX_LIMIT));
  const page = ListPageSchema.parse(await getListingsByShop(ctx, { state, limit, offset: at.offset }));
  const { valid, skipped } = validateEach(page.results, ListingSchema, idField('listing_id'), ctx.log, 'etsy listing');
  const since = req.updatedFrom ? Math.floor(req.updatedFrom.getTime() / 1000) : null;
  const records: UnifiedProductRow[] = [];
  for (const listing of valid) {
    const updated = listing.updated_timestamp ?? listing.last_modified_timestamp;
    if (since !== null && updated != null && updated < since) continue;
    const inventory = InventorySchema.safeParse(await inventoryOf(ctx, listing));
    if (inventory.success) records.push(...listingToProducts(listing, inventory.data));
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
