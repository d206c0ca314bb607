import type { MarketplaceDefinition } from '../definition.ts';
import { flipkartConnector } from './index.ts';
import { flipkartOAuth } from './oauth.ts';

export const flipkart = {
  key: 'FLIPKART',
  name: 'Flipkart',
  aliases: ['flip kart', 'flip cart', 'flipkar'],
  env: { credentials: ['FLIPKART_APP_ID', 'FLIPKART_APP_SECRET'], baseUrls: ['FLIPKART_API_BASE_URL'] },
  connector: flipkartConnector,
  oauth: flipkartOAuth,
} as const satisfies MarketplaceDefinition;
