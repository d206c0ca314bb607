import type { CatalogItem, StoreSpec } from '../types.ts';
import { money, unixSeconds } from './render-receipt.ts';

/**
 * The catalog as Etsy ShopListings: one listing per product, its variants as the listing
 * inventory's products (one offering each). A listing's state follows its variants: none
 * active → `inactive`, nothing in stock → `sold_out`, else `active`.
 */

export const LISTING_STATES = ['active', 'inactive', 'sold_out', 'draft', 'expired'] as const;
export type ListingState = (typeof LISTING_STATES)[number];

/** Etsy's property id for a seller's own variation ("custom property"). */
const CUSTOM_PROPERTY_ID = 513;

export interface Listing {
  listingId: number;
  items: CatalogItem[];
}

/** Listings of the items placed by now, by listing id. */
export function groupListings(items: readonly CatalogItem[]): Listing[] {
  const byId = new Map<string, CatalogItem[]>();
  for (const item of items) {
    const group = byId.get(item.productId);
    if (group) group.push(item);
    else byId.set(item.productId, [item]);
  }
  return [...byId.entries()].map(([id, group]) => ({ listingId: Number(id), items: group })).sort((a, b) => a.listingId - b.listingId);
}

const enabled = (items: readonly CatalogItem[]) => items.filter((i) => i.status === 'active');

export function listingState(listing: Listing): ListingState {
  const live = enabled(listing.items);
  if (live.length === 0) return 'inactive';
  return live.some((i) => i.inventory > 0) ? 'active' : 'sold_out';
}

const hasVariations = (listing: Listing) => listing.items.some((i) => i.variantId !== i.productId);

export function renderListing(listing: Listing, spec: StoreSpec, userId: number, now: Date) {
  const live = enabled(listing.items);
  const priced = live.length ? live : listing.items;
  const first = listing.items[0]!;
  const created = unixSeconds(new Date(Math.min(...listing.items.map((i) => i.createdAt.getTime()))));
  const updated = unixSeconds(new Date(Math.min(now.getTime(), Math.max(...listing.items.map((i) => i.updatedAt.getTime())))));
  return {
    listing_id: listing.listingId,
    user_id: userId,
    shop_id: Number(spec.storeId),
    title: first.title,
    description: `${first.title}, made in our studio.`,
    state: listingState(listing),
    creation_timestamp: created,
    created_timestamp: created,
    ending_timestamp: updated + 120 * 86_400,
    original_creation_timestamp: created,
    last_modified_timestamp: updated,
    updated_timestamp: updated,
    state_timestamp: updated,
    quantity: live.reduce((a, i) => a + i.inventory, 0),
    shop_section_id: null,
    featured_rank: -1,
    url: `https://www.etsy.com/listing/${listing.listingId}/${first.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    num_favorers: listing.listingId % 97,
    non_taxable: false,
    is_taxable: true,
    is_customizable: false,
    is_personalizable: false,
    listing_type: 'physical',
    tags: [],
    materials: [],
    shipping_profile_id: 111,
    return_policy_id: 222,
    processing_min: 1,
    processing_max: 3,
    who_made: 'i_did',
    when_made: 'made_to_order',
    is_supply: false,
    is_private: false,
    has_variations: hasVariations(listing),
    should_auto_renew: true,
    language: 'en-US',
    price: money(Math.min(...priced.map((i) => i.price)), spec),
    taxonomy_id: 1060,
    skus: listing.items.map((i) => i.sku),
    views: listing.listingId % 1000,
  };
}

export function renderInventory(listing: Listing, spec: StoreSpec) {
  const variations = hasVariations(listing);
  return {
    products: listing.items.map((item, v) => ({
      product_id: Number(item.variantId),
      sku: item.sku,
      is_deleted: false,
      offerings: [
        {
          offering_id: Number(item.variantId) * 10 + 1,
          quantity: item.inventory,
          is_enabled: item.status === 'active',
          is_deleted: false,
          price: money(item.price, spec),
        },
      ],
      property_values: item.variantTitle
        ? [{ property_id: CUSTOM_PROPERTY_ID, property_name: 'Option', scale_id: null, scale_name: null, value_ids: [1000 + v], values: [item.variantTitle] }]
        : [],
    })),
    price_on_property: variations ? [CUSTOM_PROPERTY_ID] : [],
    quantity_on_property: variations ? [CUSTOM_PROPERTY_ID] : [],
    sku_on_property: variations ? [CUSTOM_PROPERTY_ID] : [],
  };
}
