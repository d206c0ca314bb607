import { z } from 'zod';
import { httpRequest } from '../http.ts';
import {
  type CallbackParams,
  type GrantedConnection,
  type OAuthApp,
  OAuthCallbackInvalid,
  OAuthDenied,
  type OAuthProvider,
} from '../oauth-provider.ts';
import { postTokenForm } from '../oauth-token.ts';
import type { ConnectorContext, RefreshedToken } from '../types.ts';
import { parseEnvelope } from '../validate-records.ts';
import { ETSY_API_ROOT } from './client.ts';

/**
 * Etsy connect (REFERENCE.md §3.1): authorization code with PKCE S256 required, a public client
 * (no secret at the token endpoint).
 * - Authorize at www.etsy.com/oauth/connect (ETSY_AUTH_BASE_URL); the redirect_uri must be
 *   registered with the app (https) as `${PUBLIC_BASE_URL}/oauth/etsy/callback`.
 * - Token at /v3/public/oauth/token on the API host (ETSY_API_BASE_URL): access 1 h, refresh
 *   90 days (documented, not returned), every refresh rotating the refresh token.
 * - The store: `GET /v3/application/users/me` names the user's `shop_id` (it needs `email_r` and
 *   `shops_r`, hence those scopes), then getShop gives its name and currency.
 * - No revoke: Etsy documents no token-revocation endpoint (a seller removes the app's access
 *   in their Etsy account; the refresh then fails with invalid_grant).
 */

const SCOPES = ['transactions_r', 'listings_r', 'shops_r', 'email_r'];
const AUTH_URL = 'https://www.etsy.com';
const REFRESH_TOKEN_TTL_MS = 90 * 86_400_000;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
});

const meSchema = z.object({ user_id: z.number().int(), shop_id: z.number().int().positive().nullish() });
const shopSchema = z.object({ shop_id: z.number().int(), shop_name: z.string(), currency_code: z.string().nullish() });

const apiBase = (app: OAuthApp) => app.baseUrls.ETSY_API_BASE_URL ?? ETSY_API_ROOT;

function keystringOf(credentials: Record<string, string>, action: string): string {
  const keystring = credentials.ETSY_API_KEY;
  if (!keystring) throw new Error(`Etsy needs ETSY_API_KEY to ${action}`);
  return keystring;
}

/** `key=value&…` with %20 for spaces, as Etsy's examples encode the scope list. */
const query = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');

function contextOf(app: OAuthApp, accessToken = ''): ConnectorContext {
  return {
    baseUrl: apiBase(app),
    storeId: '',
    accessToken,
    credentials: app.credentials,
    log: app.log,
    http: app.http,
    now: app.now,
  };
}

async function getJson<T>(ctx: ConnectorContext, path: string, schema: z.ZodType<T>, what: string): Promise<T> {
  const secret = ctx.credentials.ETSY_SHARED_SECRET;
  if (!secret) throw new Error('Etsy needs ETSY_SHARED_SECRET (x-api-key is keystring:shared_secret)');
  const apiKey = `${keystringOf(ctx.credentials, 'call the API')}:${secret}`;
  const res = await httpRequest(
    { url: `${ctx.baseUrl}${path}`, headers: { 'x-api-key': apiKey, authorization: `Bearer ${ctx.accessToken}` } },
    ctx.http,
    ctx.log,
  );
  return parseEnvelope(schema, res.body, what);
}

/** A standard OAuth 2.0 redirect: `code` and `state`, or `error` (a refusal is `access_denied`). */
function readCodeCallback(query: Record<string, string>): CallbackParams {
  if (query.error) throw new OAuthDenied(query.error, query.error_description);
  if (!query.code || !query.state) throw new OAuthCallbackInvalid('the callback has no code or no state');
  return { code: query.code, state: query.state };
}

export const etsyOAuth: OAuthProvider = {
  marketplace: 'ETSY',
  pkce: true,

  // https://developers.etsy.com/documentation/essentials/authentication#step-1-request-an-authorization-code
  authorizeUrl(app, { state, codeChallenge }) {
    if (!codeChallenge) throw new Error('Etsy requires a PKCE code challenge');
    const params = {
      response_type: 'code',
      client_id: keystringOf(app.credentials, 'start a connection'),
      redirect_uri: app.redirectUri,
      scope: SCOPES.join(' '),
      state,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
    };
    return `${app.baseUrls.ETSY_AUTH_BASE_URL ?? AUTH_URL}/oauth/connect?${query(params)}`;
  },

  parseCallback: (_app, query) => readCodeCallback(query),

  // https://developers.etsy.com/documentation/essentials/authentication#step-3-request-an-access-token
  async exchangeCode(app, { code, codeVerifier }): Promise<GrantedConnection> {
    if (!codeVerifier) throw new Error('Etsy requires the PKCE code verifier to exchange a code');
    const ctx = contextOf(app);
    const body = await postTokenForm(ctx, `${ctx.baseUrl}/v3/public/oauth/token`, {
      grant_type: 'authorization_code',
      client_id: keystringOf(app.credentials, 'exchange a code'),
      redirect_uri: app.redirectUri,
      code,
      code_verifier: codeVerifier,
    });
    const token = parseEnvelope(tokenResponseSchema, body, 'Etsy code exchange');
    const now = app.now?.() ?? new Date();
    const authed = contextOf(app, token.access_token);
    // https://developers.etsy.com/documentation/reference#operation/getMe
    const me = await getJson(authed, '/v3/application/users/me', meSchema, 'Etsy getMe');
    if (!me.shop_id) throw new Error('this Etsy account has no shop');
    // https://developers.etsy.com/documentation/reference#operation/getShop
    const shop = await getJson(authed, `/v3/application/shops/${me.shop_id}`, shopSchema, 'Etsy getShop');
    return {
      storeId: String(shop.shop_id),
      storeName: shop.shop_name,
      storeCurrency: shop.currency_code ?? null,
      apiBaseUrl: app.baseUrls.ETSY_API_BASE_URL ?? null,
      accessToken: token.access_token,
      accessTokenExpiresAt: new Date(now.getTime() + token.expires_in * 1000),
      refreshToken: token.refresh_token,
      refreshTokenExpiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
      scopes: SCOPES,
    };
  },
};

// https://developers.etsy.com/documentation/essentials/authentication#requesting-a-refresh-oauth-token
export async function refreshAccessToken(ctx: ConnectorContext, refreshToken: string): Promise<RefreshedToken> {
  const body = await postTokenForm(ctx, `${ctx.baseUrl.replace(/\/+$/, '')}/v3/public/oauth/token`, {
    grant_type: 'refresh_token',
    client_id: keystringOf(ctx.credentials, 'refresh a token'),
    refresh_token: refreshToken,
  });
  const token = parseEnvelope(tokenResponseSchema, body, 'Etsy token refresh');
  const now = ctx.now?.() ?? new Date();
  return {
    accessToken: token.access_token,
    expiresAt: new Date(now.getTime() + token.expires_in * 1000),
    // every refresh rotates the refresh token; its 90-day lifetime is documented, not returned
    refreshToken: token.refresh_token,
    refreshTokenExpiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
  };
}
