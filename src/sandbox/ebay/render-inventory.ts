import { formatMinor } from '../generator/index.ts';
import type { CatalogItem, StoreSpec } from '../types.ts';
import { marketplaceOf } from './render-order.ts';

/**
 * Catalog items as the Inventory API shows them: one `InventoryItem` per SKU (variants of
 * one listing share an inventory item group), and price and listing id on the SKU's offer.
 */

const isVariant = (item: CatalogItem) => item.variantId !== item.productId;

export function renderInventoryItem(item: CatalogItem, store: StoreSpec): Record<string, unknown> {
  return {
    sku: item.sku,
    locale: store.currency === 'GBP' ? 'en_GB' : 'en_US',
    product: {
      title: item.title,
      description: `${item.title}${item.variantTitle ? ` (${item.variantTitle})` : ''}.`,
      aspects: { Brand: ['Frame Demo'], ...(item.variantTitle && { Variant: [item.variantTitle] }) },
      brand: 'Frame Demo',
      imageUrls: [`https://i.ebayimg.com/images/g/${item.variantId}/s-l1600.jpg`],
    },
    condition: 'NEW',
    availability: { shipToLocationAvailability: { quantity: item.inventory } },
    ...(isVariant(item) && { groupIds: [item.productId], inventoryItemGroupKeys: [item.productId] }),
  };
}

export function renderOffer(item: CatalogItem, store: StoreSpec): Record<string, unknown> {
  const published = item.status !== 'draft';
  return {
    offerId: `${item.variantId}-O`,
    sku: item.sku,
    marketplaceId: marketplaceOf(store),
    format: 'FIXED_PRICE',
    availableQuantity: item.inventory,
    categoryId: '20625',
    // offers show prices padded to the currency's decimals ("120.00")
    pricingSummary: { price: { value: formatMinor(item.price, store.exponent), currency: store.currency } },
    ...(published && {
      listing: { listingId: item.productId, listingStatus: item.status === 'active' ? 'ACTIVE' : 'ENDED' },
    }),
    status: published ? 'PUBLISHED' : 'UNPUBLISHED',
  };
}
