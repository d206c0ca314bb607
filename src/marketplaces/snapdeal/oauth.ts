import {
  type GrantedConnection,
  type OAuthApp,
  OAuthCallbackInvalid,
  OAuthDenied,
  type OAuthProvider,
} from '../oauth-provider.ts';
import type { ConnectorContext } from '../types.ts';
import { fetchProductPage } from './client.ts';

/**
 * Snapdeal connect (REFERENCE.md §7.1) is not OAuth: the seller is sent to the authorization UI
 * (`authorize.snapdeal.com/authserverui/login?returnURL=…&appId=…`, SNAPDEAL_AUTH_BASE_URL),
 * logs in, picks capabilities, and comes back to the return URL with the seller token as a URL
 * parameter. There is no code to exchange, no PKCE, no expiry, no refresh and no revoke.
 * Choices where the docs are silent (the sandbox imitates the same):
 * - The return URL is our callback with our `state` in its query, which Snapdeal keeps and adds
 *   its own parameters to.
 * - The token arrives as `sellerAuthZToken`, the seller's code (the store id) as `sellerCode`, a
 *   refusal as `error=access_denied`. No API call names the seller, so the store id is taken from
 *   the return URL: the seller could edit it, but it only labels their own connection; the token
 *   decides what is read.
 * - exchangeCode checks the token with one product-search call, so a bad or withdrawn token fails
 *   the connection now rather than at the first sync.
 * The token travels in our callback's URL: the callback route must not log its query.
 */

const AUTH_URL = 'https://authorize.snapdeal.com';
const API_URL = 'https://apigateway.snapdeal.com';

function contextOf(app: OAuthApp, storeId: string, accessToken: string): ConnectorContext {
  return {
    baseUrl: app.baseUrls.SNAPDEAL_API_BASE_URL ?? API_URL,
    storeId,
    accessToken,
    credentials: app.credentials,
    log: app.log,
    http: app.http,
    now: app.now,
  };
}

export const snapdealOAuth: OAuthProvider = {
  marketplace: 'SNAPDEAL',
  pkce: false,

  // https://sellerapis.snapdeal.com/reference/api-authorization
  authorizeUrl(app, { state }) {
    const appId = app.credentials.SNAPDEAL_APP_ID;
    if (!appId) throw new Error('Snapdeal needs SNAPDEAL_APP_ID to start a connection');
    const returnUrl = new URL(app.redirectUri);
    returnUrl.searchParams.set('state', state);
    return `${app.baseUrls.SNAPDEAL_AUTH_BASE_URL ?? AUTH_URL}/authserverui/login?${new URLSearchParams({ returnURL: returnUrl.toString(), appId })}`;
  },

  parseCallback(_app, query) {
    if (query.error) throw new OAuthDenied(query.error, query.error_description);
    if (!query.sellerAuthZToken || !query.state)
      throw new OAuthCallbackInvalid('the return URL has no seller token or no state');
    if (!query.sellerCode) throw new OAuthCallbackInvalid('the return URL does not name the seller (sellerCode)');
    return { code: query.sellerAuthZToken, state: query.state, storeId: query.sellerCode };
  },

  async exchangeCode(app, { code, storeId }): Promise<GrantedConnection> {
    if (!storeId) throw new OAuthCallbackInvalid('the return URL does not name the seller (sellerCode)');
    // https://sellerapis.snapdeal.com/reference/get-search-seller-product (throws AuthError on a refused token)
    await fetchProductPage(contextOf(app, storeId, code), 1, 1);
    return {
      storeId,
      // Snapdeal sells in India only, in rupees
      storeCurrency: 'INR',
      storeTimeZone: 'Asia/Kolkata',
      apiBaseUrl: app.baseUrls.SNAPDEAL_API_BASE_URL ?? null,
      accessToken: code,
      accessTokenExpiresAt: null,
      refreshToken: null,
      refreshTokenExpiresAt: null,
      scopes: [],
    };
  },
};
