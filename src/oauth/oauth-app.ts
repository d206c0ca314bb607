import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import type { HttpPolicy } from '../marketplaces/http.ts';
import type { OAuthApp } from '../marketplaces/oauth-provider.ts';
import { marketplaceSlug } from '../marketplaces/registry.ts';

/** Our callback URL for a marketplace: register it in the marketplace's app settings. */
export const callbackUrl = (config: Pick<Config, 'publicBaseUrl'>, marketplace: MarketplaceType) =>
  `${config.publicBaseUrl}/oauth/${marketplaceSlug(marketplace)}/callback`;

/** The app's credentials, base-URL overrides and callback for one marketplace, as its provider takes them. */
export function oauthApp(
  config: Config,
  marketplace: MarketplaceType,
  log: Logger,
  extra: { http?: Partial<HttpPolicy>; now?: () => Date } = {},
): OAuthApp {
  const app = config.marketplaces[marketplace];
  return {
    credentials: app.credentials,
    baseUrls: app.baseUrls,
    redirectUri: callbackUrl(config, marketplace),
    log,
    ...(extra.http && { http: extra.http }),
    ...(extra.now && { now: extra.now }),
  };
}
