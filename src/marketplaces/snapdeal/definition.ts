import type { MarketplaceDefinition } from '../definition.ts';
import { snapdealConnector } from './index.ts';
import { snapdealOAuth } from './oauth.ts';

export const snapdeal = {
  key: 'SNAPDEAL',
  name: 'Snapdeal',
  aliases: ['snap deal', 'snapdel', 'snap del', 'snapdeel'],
  env: {
    credentials: ['SNAPDEAL_APP_ID', 'SNAPDEAL_CLIENT_ID', 'SNAPDEAL_AUTH_TOKEN'],
    baseUrls: ['SNAPDEAL_API_BASE_URL', 'SNAPDEAL_AUTH_BASE_URL'],
  },
  connector: snapdealConnector,
  oauth: snapdealOAuth,
} as const satisfies MarketplaceDefinition;
