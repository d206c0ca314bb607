import type { Logger } from 'pino';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import type { HttpPolicy } from './http.ts';

/**
 * How a seller connects a marketplace: one provider per marketplace, in
 * `src/marketplaces/<name>/oauth.ts`, listed in its folder's `definition.ts` (src/marketplaces/registry.ts).
 * The flow around it (state, PKCE, storage, first sync, DMs) lives in src/oauth/.
 */

/** The app's credentials and endpoints for one marketplace, from config. */
export interface OAuthApp {
  /** the app credentials its definition names (e.g. SHOPIFY_API_KEY, SHOPIFY_API_SECRET) */
  credentials: Record<string, string>;
  /** base-URL overrides from config (e.g. EBAY_AUTH_BASE_URL); absent = the real marketplace's */
  baseUrls: Record<string, string>;
  /** our callback: `${PUBLIC_BASE_URL}/oauth/<marketplace>/callback` */
  redirectUri: string;
  log: Logger;
  http?: Partial<HttpPolicy>;
  now?: () => Date;
}

export interface AuthorizeParams {
  state: string;
  /** PKCE S256 challenge, present when the provider says `pkce: true` */
  codeChallenge?: string;
  /** the shop domain the seller typed (Shopify), already normalized */
  storeId?: string;
}

/** What the callback carried, once the provider checked it. */
export interface CallbackParams {
  code: string;
  state: string;
  /** the store the callback names (Shopify's `shop`, BigCommerce's `context`) */
  storeId?: string;
  /** granted scopes when the callback lists them */
  scopes?: string[];
}

/** A consent refused or an error the marketplace sent back to the callback. */
export class OAuthDenied extends Error {
  constructor(
    readonly error: string,
    description?: string,
  ) {
    super(description ?? error);
    this.name = 'OAuthDenied';
  }
}

/** A callback that fails its marketplace's own check (Shopify's HMAC, a missing parameter). */
export class OAuthCallbackInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OAuthCallbackInvalid';
  }
}

/** The tokens and store of a completed flow, ready to be stored (encrypted) on the connection. */
export interface GrantedConnection {
  storeId: string;
  storeName?: string | null;
  storeCurrency?: string | null;
  storeTimeZone?: string | null;
  /** the API base URL to sync from when it is not the marketplace's own (a sandbox) */
  apiBaseUrl?: string | null;
  accessToken: string;
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
  scopes: string[];
}

export interface OAuthProvider {
  marketplace: MarketplaceType;
  /** PKCE S256 required (Etsy, Square) */
  pkce: boolean;
  /** the seller must name the store first (Shopify's shop domain): returns it normalized or throws OAuthCallbackInvalid */
  normalizeStoreId?(input: string): string;
  /** where the browser goes to consent */
  authorizeUrl(app: OAuthApp, params: AuthorizeParams): string;
  /** checks and reads the callback's query; throws OAuthDenied on a refused consent, OAuthCallbackInvalid on a bad one */
  parseCallback(app: OAuthApp, query: Record<string, string>): CallbackParams;
  /** trades the code for tokens and finds the store they belong to */
  exchangeCode(app: OAuthApp, params: CallbackParams & { codeVerifier?: string }): Promise<GrantedConnection>;
  /** revokes the tokens where the API allows; absent when it does not */
  revoke?(
    app: OAuthApp,
    tokens: { accessToken: string | null; refreshToken: string | null; storeId: string; apiBaseUrl: string | null },
  ): Promise<void>;
}
