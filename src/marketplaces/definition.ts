import type { MarketplaceType } from '../generated/prisma/enums.ts';
import type { OAuthProvider } from './oauth-provider.ts';
import type { Connector } from './types.ts';
import type { WebhookInput, WebhookResult } from './webhook-event.ts';

/** Signed change notifications a marketplace posts to POST /webhooks/<slug>. */
export interface WebhookReceiver {
  /** the key its signatures are made with, from the app's credentials (undefined: not configured) */
  secret(credentials: Readonly<Record<string, string>>): string | undefined;
  /** `notificationUrl`: the URL as registered with the marketplace (Square signs it with the body) */
  verify(input: WebhookInput & { notificationUrl: string }): WebhookResult;
}

/** Everything the rest of the code knows about one marketplace, from its own folder. */
export interface MarketplaceDefinition {
  key: MarketplaceType;
  /** how a seller sees it named */
  name: string;
  /** how sellers write it, misspellings included (a space also matches a hyphen or nothing) */
  aliases: readonly string[];
  env: {
    /** the app's credentials, all required together */
    credentials: readonly string[];
    /** read when set, not required */
    optional?: readonly string[];
    /** overrides of its API and authorization base URLs (sandboxes) */
    baseUrls: readonly string[];
  };
  connector: Connector;
  oauth: OAuthProvider;
  webhooks?: WebhookReceiver;
}
