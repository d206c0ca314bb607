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
import { EBAY_API_URL } from './client.ts';

/**
 * eBay connect (REFERENCE.md §2.1): authorization-code grant, confidential client, no PKCE.
 * - Authorize on auth.ebay.com (EBAY_AUTH_BASE_URL) with `redirect_uri` = the app's RuName
 *   (EBAY_RU_NAME), not a URL: eBay sends the browser to the "accept URL" registered for that
 *   RuName, which must be `${PUBLIC_BASE_URL}/oauth/ebay/callback` (and the same for the
 *   "decline URL", so a refusal reaches the callback too as `error=access_denied`).
 * - Code exchange on api.ebay.com (EBAY_API_BASE_URL) with Basic client auth and the RuName
 *   again: a 2 h access token and an 18-month refresh token that never rotates.
 * - The store: eBay's token response names no user, so the Identity API's getUser
 *   (apiz.ebay.com/commerce/identity/v1/user/, scope commerce.identity.readonly) is called with
 *   the new token; the store id is its `userId` (immutable), the store name its `username`
 *   (the seller can change it). With EBAY_API_BASE_URL set, getUser goes to that host too.
 * - No revoke: eBay has no token-revocation endpoint; a seller withdraws consent in their eBay
 *   account settings, and the refresh then fails with invalid_grant.
 */

const SCOPE_ROOT = 'https://api.ebay.com/oauth/api_scope';
/** The scopes the sync reads with: orders, inventory items and offers. */
const SCOPES = [`${SCOPE_ROOT}/sell.fulfillment.readonly`, `${SCOPE_ROOT}/sell.inventory.readonly`];
/** Connecting also asks for the user's identity, read once to name the store. */
const CONNECT_SCOPES = [...SCOPES, `${SCOPE_ROOT}/commerce.identity.readonly`];
const AUTH_URL = 'https://auth.ebay.com';
const IDENTITY_API_URL = 'https://apiz.ebay.com';

const CURRENCY_BY_MARKETPLACE: Record<string, string> = {
  EBAY_US: 'USD',
  EBAY_GB: 'GBP',
  EBAY_DE: 'EUR',
  EBAY_FR: 'EUR',
  EBAY_IT: 'EUR',
  EBAY_ES: 'EUR',
  EBAY_AU: 'AUD',
  EBAY_CA: 'CAD',
};

const codeResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
  refresh_token_expires_in: z.number().int().positive(),
  token_type: z.string(),
});

const refreshResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string(),
});

const userSchema = z.object({
  userId: z.string().min(1),
  username: z.string().nullish(),
  registrationMarketplaceId: z.string().nullish(),
});

function clientAuth(credentials: Record<string, string>, action: string): string {
  const clientId = credentials.EBAY_CLIENT_ID;
  const secret = credentials.EBAY_CLIENT_SECRET;
  if (!clientId || !secret) throw new Error(`eBay needs EBAY_CLIENT_ID and EBAY_CLIENT_SECRET to ${action}`);
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

function ruNameOf(app: OAuthApp): string {
  const ruName = app.credentials.EBAY_RU_NAME;
  if (!ruName) throw new Error('eBay needs EBAY_RU_NAME (the RuName whose accept URL is the OAuth callback)');
  return ruName;
}

const apiBase = (app: OAuthApp) => app.baseUrls.EBAY_API_BASE_URL ?? EBAY_API_URL;

/** `key=value&…` with %20 for spaces, as eBay's consent URL examples encode the scope list. */
const query = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');

function contextOf(app: OAuthApp, baseUrl: string, accessToken = ''): ConnectorContext {
  return {
    baseUrl,
    storeId: '',
    accessToken,
    credentials: app.credentials,
    log: app.log,
    http: app.http,
    now: app.now,
  };
}

// https://developer.ebay.com/api-docs/commerce/identity/resources/user/methods/getUser
async function getUser(ctx: ConnectorContext) {
  const res = await httpRequest(
    { url: `${ctx.baseUrl}/commerce/identity/v1/user/`, headers: { authorization: `Bearer ${ctx.accessToken}` } },
    ctx.http,
    ctx.log,
  );
  return parseEnvelope(userSchema, res.body, 'eBay getUser');
}

/** A standard OAuth 2.0 redirect: `code` and `state`, or `error` (a refusal is `access_denied`). */
function readCodeCallback(query: Record<string, string>): CallbackParams {
  if (query.error) throw new OAuthDenied(query.error, query.error_description);
  if (!query.code || !query.state) throw new OAuthCallbackInvalid('the callback has no code or no state');
  return { code: query.code, state: query.state };
}

export const ebayOAuth: OAuthProvider = {
  marketplace: 'EBAY',
  pkce: false,

  // https://developer.ebay.com/api-docs/static/oauth-consent-request.html
  authorizeUrl(app, { state }) {
    const clientId = app.credentials.EBAY_CLIENT_ID;
    if (!clientId) throw new Error('eBay needs EBAY_CLIENT_ID to start a connection');
    const params = {
      client_id: clientId,
      redirect_uri: ruNameOf(app),
      response_type: 'code',
      scope: CONNECT_SCOPES.join(' '),
      state,
    };
    return `${app.baseUrls.EBAY_AUTH_BASE_URL ?? AUTH_URL}/oauth2/authorize?${query(params)}`;
  },

  parseCallback: (_app, query) => readCodeCallback(query),

  // https://developer.ebay.com/api-docs/static/oauth-auth-code-grant-request.html
  async exchangeCode(app, { code }): Promise<GrantedConnection> {
    const ctx = contextOf(app, apiBase(app));
    const body = await postTokenForm(
      ctx,
      `${ctx.baseUrl}/identity/v1/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: ruNameOf(app) },
      { authorization: clientAuth(app.credentials, 'exchange a code') },
    );
    const token = parseEnvelope(codeResponseSchema, body, 'eBay code exchange');
    const now = app.now?.() ?? new Date();
    const user = await getUser(contextOf(app, app.baseUrls.EBAY_API_BASE_URL ?? IDENTITY_API_URL, token.access_token));
    return {
      storeId: user.userId,
      storeName: user.username ?? null,
      storeCurrency:
        (user.registrationMarketplaceId && CURRENCY_BY_MARKETPLACE[user.registrationMarketplaceId]) ?? null,
      apiBaseUrl: app.baseUrls.EBAY_API_BASE_URL ?? null,
      accessToken: token.access_token,
      accessTokenExpiresAt: new Date(now.getTime() + token.expires_in * 1000),
      refreshToken: token.refresh_token,
      refreshTokenExpiresAt: new Date(now.getTime() + token.refresh_token_expires_in * 1000),
      scopes: CONNECT_SCOPES,
    };
  },
};

// https://developer.ebay.com/api-docs/static/oauth-refresh-token-request.html
export async function refreshAccessToken(ctx: ConnectorContext, refreshToken: string): Promise<RefreshedToken> {
  const body = await postTokenForm(
    ctx,
    `${ctx.baseUrl.replace(/\/+$/, '')}/identity/v1/oauth2/token`,
    // the refresh must repeat the scopes (the same as granted, or a subset)
    { grant_type: 'refresh_token', refresh_token: refreshToken, scope: SCOPES.join(' ') },
    { authorization: clientAuth(ctx.credentials, 'refresh a token') },
  );
  const token = parseEnvelope(refreshResponseSchema, body, 'eBay token refresh');
  const now = ctx.now?.() ?? new Date();
  // no rotation: the refresh response carries no refresh token, the old one stays valid (18 months)
  return {
    accessToken: token.access_token,
    expiresAt: new Date(now.getTime() + token.expires_in * 1000),
    refreshToken: null,
    refreshTokenExpiresAt: null,
  };
}
