import { z } from 'zod';
import { httpRequest } from '../http.ts';
import { type OAuthApp, OAuthCallbackInvalid, OAuthDenied, type OAuthProvider } from '../oauth-provider.ts';
import type { ConnectorContext, RefreshedToken } from '../types.ts';
import { parseEnvelope } from '../validate-records.ts';
import { SQUARE_VERSION } from './client.ts';

/**
 * Square OAuth (REFERENCE.md §6.1) through the PKCE flow: the code is exchanged with the
 * verifier instead of the app secret, access tokens live 30 days (`expires_at` is a timestamp,
 * not seconds), and every refresh returns a new single-use refresh token (90 days) — unlike the
 * code flow, whose refresh token never changes. One connection is one location (the first
 * active one of the merchant).
 */

const URL_BASE = 'https://connect.squareup.com';
const SCOPES = ['ORDERS_READ', 'ITEMS_READ', 'INVENTORY_READ', 'MERCHANT_PROFILE_READ'];

const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_at: z.iso.datetime({ offset: true }),
  merchant_id: z.string().optional(),
  refresh_token: z.string().min(1),
  refresh_token_expires_at: z.iso.datetime({ offset: true }).optional(),
});

const locationsSchema = z.object({
  locations: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().optional(),
        status: z.string().optional(),
        currency: z.string().length(3).optional(),
        timezone: z.string().optional(),
      }),
    )
    .default([]),
});

const authBase = (app: OAuthApp) => app.baseUrls.SQUARE_AUTH_BASE_URL ?? URL_BASE;
const apiBase = (app: OAuthApp) => app.baseUrls.SQUARE_API_BASE_URL ?? URL_BASE;

function applicationId(credentials: Record<string, string>): string {
  const id = credentials.SQUARE_APPLICATION_ID;
  if (!id) throw new Error('Square needs SQUARE_APPLICATION_ID');
  return id;
}

const headers = { 'square-version': SQUARE_VERSION };

// https://developer.squareup.com/reference/square/o-auth/obtain-token
async function obtainToken(base: string, body: Record<string, string>, ctx: Pick<ConnectorContext, 'http' | 'log'>) {
  // A refused code or refresh token is a 401: with PKCE no app secret is sent, so it is always the grant (AuthError).
  const res = await httpRequest(
    { method: 'POST', url: `${base}/oauth2/token`, headers, json: body },
    ctx.http,
    ctx.log,
  );
  return parseEnvelope(tokenSchema, res.body, 'Square ObtainToken');
}

const refreshExpiry = (token: z.infer<typeof tokenSchema>) =>
  token.refresh_token_expires_at ? new Date(token.refresh_token_expires_at) : null;

export async function refreshAccessToken(ctx: ConnectorContext, refreshToken: string): Promise<RefreshedToken> {
  const token = await obtainToken(
    ctx.baseUrl.replace(/\/+$/, ''),
    { client_id: applicationId(ctx.credentials), grant_type: 'refresh_token', refresh_token: refreshToken },
    ctx,
  );
  return {
    accessToken: token.access_token,
    expiresAt: new Date(token.expires_at),
    refreshToken: token.refresh_token,
    refreshTokenExpiresAt: refreshExpiry(token),
  };
}

export const squareOAuth: OAuthProvider = {
  marketplace: 'SQUARE',
  pkce: true,

  // https://developer.squareup.com/docs/oauth-api/create-urls-for-square-authorization
  authorizeUrl(app, { state, codeChallenge }) {
    if (!codeChallenge) throw new Error('Square authorization here is PKCE: a code challenge is required');
    const url = new URL(`${authBase(app)}/oauth2/authorize`);
    url.searchParams.set('client_id', applicationId(app.credentials));
    url.searchParams.set('scope', SCOPES.join(' '));
    url.searchParams.set('session', 'false');
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', codeChallenge);
    url.searchParams.set('redirect_uri', app.redirectUri);
    return url.toString();
  },

  parseCallback(_app, query) {
    if (query.error) throw new OAuthDenied(query.error, query.error_description);
    if (!query.code || !query.state) throw new OAuthCallbackInvalid('The answer from Square lacks the code or state.');
    return { code: query.code, state: query.state };
  },

  async exchangeCode(app, { code, codeVerifier }) {
    if (!codeVerifier) throw new Error('Square PKCE exchange without a code verifier');
    const ctx = { http: app.http, log: app.log };
    const token = await obtainToken(
      apiBase(app),
      {
        client_id: applicationId(app.credentials),
        grant_type: 'authorization_code',
        code,
        code_verifier: codeVerifier,
        redirect_uri: app.redirectUri,
      },
      ctx,
    );
    // https://developer.squareup.com/reference/square/locations-api/list-locations
    const res = await httpRequest(
      { url: `${apiBase(app)}/v2/locations`, headers: { ...headers, authorization: `Bearer ${token.access_token}` } },
      app.http,
      app.log,
    );
    const { locations } = parseEnvelope(locationsSchema, res.body, 'Square ListLocations');
    const location = locations.find((l) => (l.status ?? 'ACTIVE') === 'ACTIVE');
    if (!location) throw new Error('the Square account has no active location to sync');
    return {
      storeId: location.id,
      storeName: location.name ?? null,
      storeCurrency: location.currency ?? null,
      storeTimeZone: location.timezone ?? null,
      apiBaseUrl: app.baseUrls.SQUARE_API_BASE_URL ?? null,
      accessToken: token.access_token,
      accessTokenExpiresAt: new Date(token.expires_at),
      refreshToken: token.refresh_token,
      refreshTokenExpiresAt: refreshExpiry(token),
      scopes: SCOPES,
    };
  },

  // https://developer.squareup.com/reference/square/o-auth/revoke-token (revokes every token of the authorization)
  async revoke(app, { accessToken, apiBaseUrl }) {
    const secret = app.credentials.SQUARE_APPLICATION_SECRET;
    if (!secret) throw new Error('Square needs SQUARE_APPLICATION_SECRET to revoke a token');
    if (!accessToken) throw new Error('no access token to name the authorization to revoke');
    await httpRequest(
      {
        method: 'POST',
        url: `${apiBaseUrl ?? apiBase(app)}/oauth2/revoke`,
        headers: { ...headers, authorization: `Client ${secret}` },
        json: { client_id: applicationId(app.credentials), access_token: accessToken },
      },
      app.http,
      app.log,
    );
  },
};
