import type { MarketplaceDefinition } from '../definition.ts';
import { ebayConnector } from './index.ts';
import { ebayOAuth } from './oauth.ts';

export const ebay = {
  key: 'EBAY',
  name: 'eBay',
  aliases: ['e bay', 'ebey', 'eaby'],
  env: {
    credentials: ['EBAY_CLIENT_ID', 'EBAY_CLIENT_SECRET', 'EBAY_RU_NAME'],
    baseUrls: ['EBAY_API_BASE_URL', 'EBAY_AUTH_BASE_URL'],
  },
  connector: ebayConnector,
  oauth: ebayOAuth,
} as const satisfies MarketplaceDefinition;
