import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AuthError, HttpError, httpRequest } from '../http.ts';
import { type OAuthApp, OAuthCallbackInvalid, OAuthDenied, type OAuthProvider } from '../oauth-provider.ts';
import type { ConnectorContext, RefreshedToken } from '../types.ts';
import { parseEnvelope } from '../validate-records.ts';

/**
 * Shopify Admin OAuth (REFERENCE.md §1.1): a per-shop authorize URL, a callback signed with a
 * hex HMAC of its query, a JSON token endpoint on the shop. We ask for expiring offline tokens
 * (`expiring: 1`): 60-minute access tokens and refresh tokens that rotate on every use.
 */

const SCOPES = ['read_orders', 'read_all_orders', 'read_products', 'read_inventory'];
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
/** documented (90 days) when a response leaves refresh_token_expires_in out */
const REFRESH_TOKEN_TTL_MS = 90 * 86_400_000;
const API_VERSION = '2026-07';

const tokenSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  expires_in: z.number().int().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().int().positive().optional(),
});

const shopSchema = z.object({
  data: z.object({
    shop: z.object({ name: z.string(), currencyCode: z.string().length(3), ianaTimezone: z.string().min(1) }),
  }),
});

const refusedGrant = z.object({ error: z.literal('invalid_grant') });

/** `your-store.myshopify.com`, from what a seller typed (scheme, case and a trailing slash forgiven). */
export function normalizeShopDomain(input: string): string {
  const shop = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  if (!SHOP_DOMAIN.test(shop))
    throw new OAuthCallbackInvalid(
      `"${input.trim().slice(0, 80)}" is not a Shopify shop address: enter it as your-store.myshopify.com`,
    );
  return shop;
}

/** The hex HMAC Shopify puts on the callback: every other parameter (less `hmac`, `signature`), sorted by key, as a query string. */
export function shopifyQueryHmac(query: Record<string, string>, secret: string): string {
  const message = Object.keys(query)
    .filter((k) => k !== 'hmac' && k !== 'signature')
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k]!)}`)
    .join('&');
  return createHmac('sha256', secret).update(message).digest('hex');
}

function hmacMatches(query: Record<string, string>, secret: string, given: string): boolean {
  const expected = Buffer.from(shopifyQueryHmac(query, secret), 'hex');
  const actual = /^[0-9a-f]+$/i.test(given) ? Buffer.from(given, 'hex') : Buffer.alloc(0);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function appCredentials(credentials: Record<string, string>): { apiKey: string; secret: string } {
  const apiKey = credentials.SHOPIFY_API_KEY;
  const secret = credentials.SHOPIFY_API_SECRET;
  if (!apiKey || !secret) throw new Error('Shopify needs SHOPIFY_API_KEY and SHOPIFY_API_SECRET');
  return { apiKey, secret };
}

/** The shop's admin: the real `https://{shop}`, or one host serving every shop (a sandbox). */
const adminBase = (app: OAuthApp, shop: string) => app.baseUrls.SHOPIFY_API_BASE_URL ?? `https://${shop}`;

/** POSTs JSON to the token endpoint; a refused grant becomes an AuthError (reconnect), refused app credentials a plain HttpError. */
async function postToken(
  url: string,
  body: Record<string, string>,
  ctx: Pick<ConnectorContext, 'http' | 'log'>,
): Promise<z.infer<typeof tokenSchema>> {
  try {
    const res = await httpRequest({ method: 'POST', url, json: body }, ctx.http, ctx.log);
    return parseEnvelope(tokenSchema, res.body, 'Shopify access token');
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    if (refusedGrant.safeParse(err.body).success) throw new AuthError(err.status, err.url, err.body);
    if (err instanceof AuthError) throw new HttpError(err.status, err.url, err.body);
    throw err;
  }
}

const expiry = (now: Date, seconds: number | undefined) =>
  seconds === undefined ? null : new Date(now.getTime() + seconds * 1000);

// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens (refresh)
export async function refreshAccessToken(ctx: ConnectorContext, refreshToken: string): Promise<RefreshedToken> {
  const { apiKey, secret } = appCredentials(ctx.credentials);
  const token = await postToken(
    `${ctx.baseUrl.replace(/\/+$/, '')}/admin/oauth/access_token`,
    { client_id: apiKey, client_secret: secret, refresh_token: refreshToken, grant_type: 'refresh_token' },
    ctx,
  );
  const now = ctx.now?.() ?? new Date();
  return {
    accessToken: token.access_token,
    expiresAt: expiry(now, token.expires_in),
    // rotation: the refresh token just used is spent, this one replaces it
    refreshToken: token.refresh_token ?? null,
    refreshTokenExpiresAt: token.refresh_token
      ? new Date(now.getTime() + (token.refresh_token_expires_in ?? REFRESH_TOKEN_TTL_MS / 1000) * 1000)
      : null,
  };
}

export const shopifyOAuth: OAuthProvider = {
  marketplace: 'SHOPIFY',
  pkce: false,
  normalizeStoreId: normalizeShopDomain,

  // https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
  authorizeUrl(app, { state, storeId }) {
    if (!storeId) throw new Error('Shopify needs the shop domain before the authorize URL');
    const url = new URL(`${adminBase(app, storeId)}/admin/oauth/authorize`);
    url.searchParams.set('client_id', appCredentials(app.credentials).apiKey);
    url.searchParams.set('scope', SCOPES.join(','));
    url.searchParams.set('redirect_uri', app.redirectUri);
    url.searchParams.set('state', state);
    // one host serving every shop cannot tell the shop from its name: say it
    if (app.baseUrls.SHOPIFY_API_BASE_URL) url.searchParams.set('shop', storeId);
    return url.toString();
  },

  parseCallback(app, query) {
    const { secret } = appCredentials(app.credentials);
    if (!query.hmac) throw new OAuthCallbackInvalid('The answer from Shopify is not signed.');
    if (!hmacMatches(query, secret, query.hmac))
      throw new OAuthCallbackInvalid('The answer from Shopify does not carry a valid signature.');
    if (query.error) throw new OAuthDenied(query.error, query.error_description);
    if (!query.code || !query.state || !query.shop)
      throw new OAuthCallbackInvalid('The answer from Shopify lacks the code, state or shop.');
    return { code: query.code, state: query.state, storeId: normalizeShopDomain(query.shop) };
  },

  async exchangeCode(app, { code, storeId }) {
    if (!storeId) throw new OAuthCallbackInvalid('The answer from Shopify names no shop.');
    const { apiKey, secret } = appCredentials(app.credentials);
    const base = adminBase(app, storeId);
    const ctx = { http: app.http, log: app.log };
    const token = await postToken(
      `${base}/admin/oauth/access_token`,
      { client_id: apiKey, client_secret: secret, code, expiring: '1' },
      ctx,
    );
    const res = await httpRequest(
      {
        method: 'POST',
        url: `${base}/admin/api/${API_VERSION}/graphql.json`,
        headers: { 'X-Shopify-Access-Token': token.access_token },
        json: { query: '{ shop { name currencyCode ianaTimezone } }' },
      },
      app.http,
      app.log,
    );
    const { shop } = parseEnvelope(shopSchema, res.body, 'Shopify shop').data;
    const now = app.now?.() ?? new Date();
    return {
      storeId,
      storeName: shop.name,
      storeCurrency: shop.currencyCode,
      storeTimeZone: shop.ianaTimezone,
      apiBaseUrl: app.baseUrls.SHOPIFY_API_BASE_URL ?? null,
      accessToken: token.access_token,
      accessTokenExpiresAt: expiry(now, token.expires_in),
      refreshToken: token.refresh_token ?? null,
      refreshTokenExpiresAt: token.refresh_token
        ? new Date(now.getTime() + (token.refresh_token_expires_in ?? REFRESH_TOKEN_TTL_MS / 1000) * 1000)
        : null,
      scopes: token.scope
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  },
};
