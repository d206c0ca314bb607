import type { MarketplaceDefinition } from '../definition.ts';
import { etsyConnector } from './index.ts';
import { etsyOAuth } from './oauth.ts';

export const etsy = {
  key: 'ETSY',
  name: 'Etsy',
  aliases: ['etsy', 'etsey', 'esty', 'etsi'],
  env: { credentials: ['ETSY_API_KEY', 'ETSY_SHARED_SECRET'], baseUrls: ['ETSY_API_BASE_URL', 'ETSY_AUTH_BASE_URL'] },
  connector: etsyConnector,
  oauth: etsyOAuth,
} as const satisfies MarketplaceDefinition;
