import type { MarketplaceType } from '../generated/prisma/enums.ts';
import { bigcommerceConnector } from './bigcommerce/index.ts';
import { ebayConnector } from './ebay/index.ts';
import { etsyConnector } from './etsy/index.ts';
import { flipkartConnector } from './flipkart/index.ts';
import { shopifyConnector } from './shopify/index.ts';
import { snapdealConnector } from './snapdeal/index.ts';
import { squareConnector } from './square/index.ts';
import type { Connector } from './types.ts';

/** Every connector, by marketplace: an explicit map, no discovery. */
export const CONNECTORS: Record<MarketplaceType, Connector> = {
  SHOPIFY: shopifyConnector,
  EBAY: ebayConnector,
  ETSY: etsyConnector,
  FLIPKART: flipkartConnector,
  BIGCOMMERCE: bigcommerceConnector,
  SQUARE: squareConnector,
  SNAPDEAL: snapdealConnector,
};
