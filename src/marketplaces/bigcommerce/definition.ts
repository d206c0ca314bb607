import type { MarketplaceDefinition } from '../definition.ts';
import { bigcommerceConnector } from './index.ts';
import { bigcommerceOAuth } from './oauth.ts';
import { verifyBigCommerceWebhook } from './webhooks.ts';

export const bigcommerce = {
  key: 'BIGCOMMERCE',
  name: 'BigCommerce',
  aliases: ['big commerce', 'big comerce', 'bigcomm', 'bc'],
  env: {
    credentials: ['BIGCOMMERCE_CLIENT_ID', 'BIGCOMMERCE_CLIENT_SECRET'],
    baseUrls: ['BIGCOMMERCE_API_BASE_URL', 'BIGCOMMERCE_LOGIN_BASE_URL'],
  },
  connector: bigcommerceConnector,
  oauth: bigcommerceOAuth,
  webhooks: {
    secret: (credentials) => credentials.BIGCOMMERCE_CLIENT_SECRET,
    verify: (input) => verifyBigCommerceWebhook(input),
  },
} as const satisfies MarketplaceDefinition;
