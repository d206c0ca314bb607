import type { CatalogItem } from '../types.ts';

/**
 * Etsy's product_id of a catalog item: its variant id, or, for a listing without variations
 * (whose one variant shares the listing's id in the catalog), an id of its own, as Etsy gives
 * every listing's single product one distinct from the listing id.
 */
const SINGLE_PRODUCT_OFFSET = 3_000_000_000;

export function etsyProductId(line: Pick<CatalogItem, 'productId' | 'variantId'>): number {
  const variant = Number(line.variantId);
  return line.variantId === line.productId ? variant + SINGLE_PRODUCT_OFFSET : variant;
}
