import { MarketplaceType } from '../generated/prisma/enums.ts';
import { bigcommerce } from './bigcommerce/definition.ts';
import type { MarketplaceDefinition } from './definition.ts';
import { ebay } from './ebay/definition.ts';
import { etsy } from './etsy/definition.ts';
import { flipkart } from './flipkart/definition.ts';
import type { OAuthProvider } from './oauth-provider.ts';
import { shopify } from './shopify/definition.ts';
import { snapdeal } from './snapdeal/definition.ts';
import { square } from './square/definition.ts';
import type { Connector } from './types.ts';

/**
 * Every marketplace, in the order sellers see them: an explicit list, no discovery. Adding one
 * touches its folder, this list and the schema's MarketplaceType.
 */
export const MARKETPLACES: Readonly<Record<MarketplaceType, MarketplaceDefinition>> = {
  SHOPIFY: shopify,
  EBAY: ebay,
  ETSY: etsy,
  FLIPKART: flipkart,
  BIGCOMMERCE: bigcommerce,
  SQUARE: square,
  SNAPDEAL: snapdeal,
};

export const MARKETPLACE_KEYS = Object.keys(MARKETPLACES) as MarketplaceType[];

const each = <T>(pick: (d: MarketplaceDefinition) => T): Record<MarketplaceType, T> =>
  Object.fromEntries(MARKETPLACE_KEYS.map((key) => [key, pick(MARKETPLACES[key])])) as Record<MarketplaceType, T>;

export const CONNECTORS: Record<MarketplaceType, Connector> = each((d) => d.connector);
export const OAUTH_PROVIDERS: Record<MarketplaceType, OAuthProvider> = each((d) => d.oauth);
/** How each marketplace is named to a seller (pages, DMs, answers). */
export const MARKETPLACE_NAMES: Record<MarketplaceType, string> = each((d) => d.name);

/** The marketplace of a URL segment (`shopify` → SHOPIFY); null for anything else. */
export function marketplaceFromSlug(slug: string): MarketplaceType | null {
  const upper = slug.toUpperCase();
  return Object.values(MarketplaceType).includes(upper as MarketplaceType) ? (upper as MarketplaceType) : null;
}

export const marketplaceSlug = (marketplace: MarketplaceType): string => marketplace.toLowerCase();
