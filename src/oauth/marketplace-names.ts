import { MarketplaceType } from '../generated/prisma/enums.ts';

/** How each marketplace is named to a seller (pages, DMs). */
export const MARKETPLACE_NAMES: Record<MarketplaceType, string> = {
  SHOPIFY: 'Shopify',
  EBAY: 'eBay',
  ETSY: 'Etsy',
  FLIPKART: 'Flipkart',
  BIGCOMMERCE: 'BigCommerce',
  SQUARE: 'Square',
  SNAPDEAL: 'Snapdeal',
};

/** The marketplace of a URL segment (`shopify` → SHOPIFY); null for anything else. */
export function marketplaceFromSlug(slug: string): MarketplaceType | null {
  const upper = slug.toUpperCase();
  return Object.values(MarketplaceType).includes(upper as MarketplaceType) ? (upper as MarketplaceType) : null;
}

export const marketplaceSlug = (marketplace: MarketplaceType): string => marketplace.toLowerCase();
