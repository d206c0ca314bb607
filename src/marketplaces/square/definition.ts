import type { MarketplaceDefinition } from '../definition.ts';
import { squareConnector } from './index.ts';
import { squareOAuth } from './oauth.ts';
import { verifySquareWebhook } from './webhooks.ts';

export const square = {
  key: 'SQUARE',
  name: 'Square',
  aliases: ['square', 'squareup', 'square pos', 'sq'],
  env: {
    credentials: ['SQUARE_APPLICATION_ID', 'SQUARE_APPLICATION_SECRET'],
    // the webhook subscription's own signature key; without it, the application secret is tried
    optional: ['SQUARE_WEBHOOK_SIGNATURE_KEY'],
    baseUrls: ['SQUARE_API_BASE_URL', 'SQUARE_AUTH_BASE_URL'],
  },
  connector: squareConnector,
  oauth: squareOAuth,
  webhooks: {
    secret: (credentials) => credentials.SQUARE_WEBHOOK_SIGNATURE_KEY ?? credentials.SQUARE_APPLICATION_SECRET,
    verify: verifySquareWebhook,
  },
} as const satisfies MarketplaceDefinition;
