import type { MarketplaceDefinition } from '../definition.ts';
import { shopifyConnector } from './index.ts';
import { shopifyOAuth } from './oauth.ts';
import { verifyShopifyWebhook } from './webhooks.ts';

export const shopify = {
  key: 'SHOPIFY',
  name: 'Shopify',
  aliases: ['shopify', 'shopfy', 'shoppify', 'shopiify'],
  env: { credentials: ['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET'], baseUrls: ['SHOPIFY_API_BASE_URL'] },
  connector: shopifyConnector,
  oauth: shopifyOAuth,
  webhooks: {
    secret: (credentials) => credentials.SHOPIFY_API_SECRET,
    verify: verifyShopifyWebhook,
  },
} as const satisfies MarketplaceDefinition;
