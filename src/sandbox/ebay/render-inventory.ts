import { createHash } from 'node:crypto';
import { formatMinor } from '../generator/index.ts';
import type { CatalogItem, StoreSpec } from '../types.ts';
import { marketplaceOf } from './render-order.ts';

/**
 * Catalog items as the Inventory API shows them: one `InventoryItem` per SKU (variants of
 * one listing share an inventory item group), and price, listing id and categories on the SKU's
 * offer.
 * - Stock: eBay has no "not tracked" switch and no negative quantity. An item the store does not
 *   track has no `availability` (its quantity was never set); an oversold one shows 0.
 * - Images: eBay Picture Services URLs (`i.ebayimg.com/images/g/<id>/s-l1600.jpg`), whose id is
 *   opaque: derived here from the catalog's file name.
 * - Category: an eBay leaf `categoryId`, and the store's own category as an eBay Store category
 *   path in `storeCategoryNames` ("/Kitchen & Dining").
 */

const isVariant = (item: CatalogItem) => item.variantId !== item.productId;

/** eBay leaf categories for the catalog's store categories (the sandbox's choice). */
const EBAY_CATEGORY: Record<string, string> = {
  'Kitchen & Dining': '20625',
  Apparel: '15687',
  Bags: '169291',
  'Home Fragrance': '46782',
  Stationery: '102950',
  'Wall Art': '360',
  Lighting: '112581',
  Accessories: '45238',
  Electronics: '80077',
  'Home & Garden': '20518',
  'Bath & Body': '11854',
  'Arts & Crafts': '28102',
};

/** The EPS picture id eBay gives an uploaded picture: 16 URL-safe characters. */
function pictureId(image: string): string {
  return createHash('sha256').update(image).digest('base64').replace(/[+/=]/g, '~').slice(0, 16);
}

export const ebayImageUrl = (item: CatalogItem) =>
  `https://i.ebayimg.com/images/g/${pictureId(item.image)}/s-l1600.jpg`;

/** What eBay shows as the SKU's quantity: null when the store does not track it (no availability). */
export const ebayQuantity = (item: CatalogItem): number | null => (item.tracked ? Math.max(0, item.inventory) : null);

export function renderInventoryItem(item: CatalogItem, store: StoreSpec): Record<string, unknown> {
  const quantity = ebayQuantity(item);
  return {
    sku: item.sku,
    locale: store.currency === 'GBP' ? 'en_GB' : 'en_US',
    product: {
      title: item.title,
      description: `${item.title}${item.variantTitle ? ` (${item.variantTitle})` : ''}.`,
      aspects: { Brand: ['Frame Demo'], ...(item.variantTitle && { Variant: [item.variantTitle] }) },
      brand: 'Frame Demo',
      imageUrls: [ebayImageUrl(item)],
    },
    condition: 'NEW',
    ...(quantity !== null && { availability: { shipToLocationAvailability: { quantity } } }),
    ...(isVariant(item) && { groupIds: [item.productId], inventoryItemGroupKeys: [item.productId] }),
  };
}

export function renderOffer(item: CatalogItem, store: StoreSpec): Record<string, unknown> {
  const published = item.status !== 'draft';
  const quantity = ebayQuantity(item);
  // a tracked item sold out stays listed at 0 (out-of-stock control); an archived one has ended
  const listingStatus = item.status !== 'active' ? 'ENDED' : quantity === 0 ? 'OUT_OF_STOCK' : 'ACTIVE';
  return {
    offerId: `${item.variantId}-O`,
    sku: item.sku,
    marketplaceId: marketplaceOf(store),
    format: 'FIXED_PRICE',
    ...(quantity !== null && { availableQuantity: quantity }),
    categoryId: EBAY_CATEGORY[item.category] ?? '99',
    storeCategoryNames: [`/${item.category}`],
    // offers show prices padded to the currency's decimals ("120.00")
    pricingSummary: { price: { value: formatMinor(item.price, store.exponent), currency: store.currency } },
    listingDuration: 'GTC',
    ...(published && { listing: { listingId: item.productId, listingStatus, soldQuantity: 0 } }),
    status: published ? 'PUBLISHED' : 'UNPUBLISHED',
  };
}
