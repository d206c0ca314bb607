import type { MarketplaceType } from '../generated/prisma/enums.ts';
import { bigcommerceOAuth } from '../marketplaces/bigcommerce/oauth.ts';
import { ebayOAuth } from '../marketplaces/ebay/oauth.ts';
import { etsyOAuth } from '../marketplaces/etsy/oauth.ts';
import { flipkartOAuth } from '../marketplaces/flipkart/oauth.ts';
import type { OAuthProvider } from '../marketplaces/oauth-provider.ts';
import { shopifyOAuth } from '../marketplaces/shopify/oauth.ts';
import { snapdealOAuth } from '../marketplaces/snapdeal/oauth.ts';
import { squareOAuth } from '../marketplaces/square/oauth.ts';

/** How a seller connects each marketplace: an explicit map, no discovery. */
export const OAUTH_PROVIDERS: Record<MarketplaceType, OAuthProvider> = {
  SHOPIFY: shopifyOAuth,
  EBAY: ebayOAuth,
  ETSY: etsyOAuth,
  FLIPKART: flipkartOAuth,
  BIGCOMMERCE: bigcommerceOAuth,
  SQUARE: squareOAuth,
  SNAPDEAL: snapdealOAuth,
};
