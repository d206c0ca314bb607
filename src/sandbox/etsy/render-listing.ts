import { createHash } from 'node:crypto';
import type { CatalogItem, StoreSpec } from '../types.ts';
import { etsyProductId } from './ids.ts';
import { money, unixSeconds } from './render-receipt.ts';

/**
 * The catalog as Etsy ShopListings: one listing per product, its variants as the listing
 * inventory's products (one offering each). A listing's state follows its variants: none
 * active → `inactive`, nothing in stock → `sold_out`, else `active`.
 * - Stock: Etsy counts every offering's quantity (0 to 999) and cannot show less than 0 or
 *   "not counted": an oversold item shows 0, one the store does not track 999 (the most Etsy
 *   takes, what a seller who does not count puts).
 * - Category: a listing names only its seller-taxonomy node (`taxonomy_id`) and shop section
 *   (`shop_section_id`), by the catalog's category.
 * - Images (with `includes=Images`): one ListingImage per variant, rank 1 first, on Etsy's CDN
 *   (`i.etsystatic.com/<shop>/r/il/<hex>/<image id>/il_570xN.<image id>_<key>.jpg`), whose
 *   key is opaque: derived here from the catalog's file name.
 */

export const LISTING_STATES = ['active', 'inactive', 'sold_out', 'draft', 'expired'] as const;
export type ListingState = (typeof LISTING_STATES)[number];

/** What getListingsByShop's `includes` takes. */
export const LISTING_INCLUDES = [
  'Shipping',
  'Shop',
  'Images',
  'User',
  'Translations',
  'Videos',
  'Inventory',
  'Personalization',
] as const;
export type ListingInclude = (typeof LISTING_INCLUDES)[number];

/** Etsy's property id for a seller's own variation ("custom property"). */
const CUSTOM_PROPERTY_ID = 513;
/** Most units one offering can hold. */
const MAX_QUANTITY = 999;

/** Seller-taxonomy nodes and shop sections for the catalog's categories (the sandbox's choice). */
const TAXONOMY: Record<string, number> = {
  'Kitchen & Dining': 1049,
  Apparel: 448,
  Bags: 130,
  'Home Fragrance': 1015,
  Stationery: 1817,
  'Wall Art': 1031,
  Lighting: 1055,
  Accessories: 166,
  Electronics: 1185,
  'Home & Garden': 891,
  'Bath & Body': 309,
  'Arts & Crafts': 562,
};
const SECTIONS = Object.keys(TAXONOMY);

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
  return [...byId.entries()]
    .map(([id, group]) => ({ listingId: Number(id), items: group }))
    .sort((a, b) => a.listingId - b.listingId);
}

const enabled = (items: readonly CatalogItem[]) => items.filter((i) => i.status === 'active');

/** The offering quantity Etsy shows for an item. */
export const etsyQuantity = (item: CatalogItem) => (item.tracked ? Math.max(0, item.inventory) : MAX_QUANTITY);

export function listingState(listing: Listing): ListingState {
  const live = enabled(listing.items);
  if (live.length === 0) return 'inactive';
  return live.some((i) => etsyQuantity(i) > 0) ? 'active' : 'sold_out';
}

const hasVariations = (listing: Listing) => listing.items.some((i) => i.variantId !== i.productId);

const imageIdOf = (item: CatalogItem) => 5_000_000_000 + (Number(item.variantId) % 1_000_000_000);

export function etsyImageUrl(
  item: CatalogItem,
  shopId: string,
  size: '75x75' | '170x135' | '570xN' | 'fullxfull',
): string {
  const digest = createHash('sha256').update(item.image).digest('hex');
  const id = imageIdOf(item);
  return `https://i.etsystatic.com/${shopId}/r/il/${digest.slice(0, 6)}/${id}/il_${size}.${id}_${digest.slice(6, 10)}.jpg`;
}

function renderImages(listing: Listing, spec: StoreSpec, created: number) {
  return listing.items.map((item, k) => {
    const digest = createHash('sha256').update(item.image).digest();
    return {
      listing_id: listing.listingId,
      listing_image_id: imageIdOf(item),
      hex_code: digest.subarray(0, 3).toString('hex').toUpperCase(),
      red: digest[0],
      green: digest[1],
      blue: digest[2],
      hue: digest[3]! % 360,
      saturation: digest[4]! % 100,
      brightness: digest[5]! % 100,
      is_black_and_white: false,
      creation_tsz: created,
      created_timestamp: created,
      rank: k + 1,
      url_75x75: etsyImageUrl(item, spec.storeId, '75x75'),
      url_170x135: etsyImageUrl(item, spec.storeId, '170x135'),
      url_570xN: etsyImageUrl(item, spec.storeId, '570xN'),
      url_fullxfull: etsyImageUrl(item, spec.storeId, 'fullxfull'),
      full_height: 1500,
      full_width: 1500,
      alt_text: item.variantTitle ? `${item.title}, ${item.variantTitle}` : item.title,
    };
  });
}

export function renderListing(
  listing: Listing,
  spec: StoreSpec,
  userId: number,
  now: Date,
  includes: ReadonlySet<ListingInclude> = new Set(),
) {
  const live = enabled(listing.items);
  const priced = live.length ? live : listing.items;
  const first = listing.items[0]!;
  const created = unixSeconds(new Date(Math.min(...listing.items.map((i) => i.createdAt.getTime()))));
  const updated = unixSeconds(
    new Date(Math.min(now.getTime(), Math.max(...listing.items.map((i) => i.updatedAt.getTime())))),
  );
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
    quantity: live.reduce((a, i) => a + etsyQuantity(i), 0),
    shop_section_id: 40_000_000 + SECTIONS.indexOf(first.category),
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
    taxonomy_id: TAXONOMY[first.category] ?? 1,
    skus: listing.items.map((i) => i.sku),
    views: listing.listingId % 1000,
    ...(includes.has('Images') && { images: renderImages(listing, spec, created) }),
    ...(includes.has('Inventory') && { inventory: renderInventory(listing, spec) }),
  };
}

export function renderInventory(listing: Listing, spec: StoreSpec) {
  const variations = hasVariations(listing);
  return {
    products: listing.items.map((item, v) => ({
      product_id: etsyProductId(item),
      sku: item.sku,
      is_deleted: false,
      offerings: [
        {
          offering_id: etsyProductId(item) * 10 + 1,
          quantity: etsyQuantity(item),
          is_enabled: item.status === 'active',
          is_deleted: false,
          price: money(item.price, spec),
        },
      ],
      property_values: item.variantTitle
        ? [
            {
              property_id: CUSTOM_PROPERTY_ID,
              property_name: 'Option',
              scale_id: null,
              scale_name: null,
              value_ids: [1000 + v],
              values: [item.variantTitle],
            },
          ]
        : [],
    })),
    price_on_property: variations ? [CUSTOM_PROPERTY_ID] : [],
    quantity_on_property: variations ? [CUSTOM_PROPERTY_ID] : [],
    sku_on_property: variations ? [CUSTOM_PROPERTY_ID] : [],
  };
}
