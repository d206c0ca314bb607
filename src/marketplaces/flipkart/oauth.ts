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
import { tokenEndpointError } from '../oauth-token.ts';
import type { ConnectorContext, RefreshedToken } from '../types.ts';
import { parseEnvelope } from '../validate-records.ts';

/**
 * Flipkart connect (REFERENCE.md §4.1): the third-party application's authorization-code grant.
 * - Authorize at /oauth-service/oauth/authorize on the API host (FLIPKART_API_BASE_URL), scope
 *   Seller_Api; the redirect_uri registered with the app is `${PUBLIC_BASE_URL}/oauth/flipkart/callback`.
 * - The token endpoint is a GET with query parameters and Basic appId:appSecret, for the code
 *   exchange and the refresh alike. Access tokens last about 60 days, refresh tokens 180 days
 *   (documented, not returned; an old sample's `refresh_token_expires_in` is read when present).
 *   Whether a refresh returns a new refresh token is not stated: a different one is stored, the
 *   same one (or none) keeps the old one and its expiry.
 * - The store: Flipkart's docs name no call that tells whose an access token is. Chosen: the
 *   oauth-service's token introspection, `GET /oauth-service/oauth/check_token?token=` with the
 *   app's Basic auth, the standard endpoint of the Spring OAuth2 server Flipkart runs, whose
 *   `user_name` is the seller id. It is undocumented by Flipkart: if it is absent in production,
 *   exchangeCode fails with an HttpError naming that URL, and this is the one line to change.
 * - No revoke: none is documented.
 */

const API_URL = 'https://api.flipkart.net';
const OAUTH = '/oauth-service/oauth';
const SCOPE = 'Seller_Api';
const REFRESH_TOKEN_TTL_MS = 180 * 86_400_000;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().int().positive().optional(),
  expires_in: z.number().int().positive(),
  scope: z.string().optional(),
});

const checkTokenSchema = z.object({ user_name: z.string().min(1), scope: z.array(z.string()).optional() });

/** A refused grant: the code or refresh token is unknown, used, expired or revoked. */
const refusedGrant = z.object({ error: z.enum(['invalid_grant', 'invalid_token']) });

function clientAuth(credentials: Record<string, string>, action: string): string {
  const appId = credentials.FLIPKART_APP_ID;
  const secret = credentials.FLIPKART_APP_SECRET;
  if (!appId || !secret) throw new Error(`Flipkart needs FLIPKART_APP_ID and FLIPKART_APP_SECRET to ${action}`);
  return `Basic ${Buffer.from(`${appId}:${secret}`).toString('base64')}`;
}

/**
 * GETs an oauth-service endpoint with the app's Basic auth. A refused grant becomes an AuthError
 * (the seller must reconnect); a refused client (401 invalid_client) a plain HttpError, which
 * reconnecting would not fix.
 */
async function oauthGet(
  ctx: ConnectorContext,
  path: string,
  query: Record<string, string>,
  action: string,
): Promise<unknown> {
  try {
    const res = await httpRequest(
      {
        url: `${ctx.baseUrl.replace(/\/+$/, '')}${OAUTH}${path}`,
        query,
        headers: { authorization: clientAuth(ctx.credentials, action) },
      },
      ctx.http,
      ctx.log,
    );
    return res.body;
  } catch (err) {
    throw tokenEndpointError(err, refusedGrant);
  }
}

function contextOf(app: OAuthApp): ConnectorContext {
  return {
    baseUrl: app.baseUrls.FLIPKART_API_BASE_URL ?? API_URL,
    storeId: '',
    accessToken: '',
    credentials: app.credentials,
    log: app.log,
    http: app.http,
    now: app.now,
  };
}

/** A standard OAuth 2.0 redirect: `code` and `state`, or `error` (a refusal is `access_denied`). */
function readCodeCallback(query: Record<string, string>): CallbackParams {
  if (query.error) throw new OAuthDenied(query.error, query.error_description);
  if (!query.code || !query.state) throw new OAuthCallbackInvalid('the callback has no code or no state');
  return { code: query.code, state: query.state };
}

export const flipkartOAuth: OAuthProvider = {
  marketplace: 'FLIPKART',
  pkce: false,

  // https://seller.flipkart.com/api-docs/FMSAPI.html (third-party application)
  authorizeUrl(app, { state }) {
    const appId = app.credentials.FLIPKART_APP_ID;
    if (!appId) throw new Error('Flipkart needs FLIPKART_APP_ID to start a connection');
    const params = new URLSearchParams({
      client_id: appId,
      redirect_uri: app.redirectUri,
      response_type: 'code',
      scope: SCOPE,
      state,
    });
    return `${contextOf(app).baseUrl}${OAUTH}/authorize?${params}`;
  },

  parseCallback: (_app, query) => readCodeCallback(query),

  async exchangeCode(app, { code, state }): Promise<GrantedConnection> {
    const ctx = contextOf(app);
    const body = await oauthGet(
      ctx,
      '/token',
      { redirect_uri: app.redirectUri, grant_type: 'authorization_code', state, code },
      'exchange a code',
    );
    const token = parseEnvelope(tokenResponseSchema, body, 'Flipkart code exchange');
    if (!token.refresh_token) throw new Error('Flipkart code exchange: the response has no refresh_token');
    const now = app.now?.() ?? new Date();
    const owner = parseEnvelope(
      checkTokenSchema,
      await oauthGet(ctx, '/check_token', { token: token.access_token }, 'identify the seller'),
      'Flipkart check_token',
    );
    return {
      storeId: owner.user_name,
      // Flipkart sells in India only, in rupees, and stamps its times in IST
      storeCurrency: 'INR',
      storeTimeZone: 'Asia/Kolkata',
      apiBaseUrl: app.baseUrls.FLIPKART_API_BASE_URL ?? null,
      accessToken: token.access_token,
      accessTokenExpiresAt: new Date(now.getTime() + token.expires_in * 1000),
      refreshToken: token.refresh_token,
      refreshTokenExpiresAt: new Date(
        now.getTime() + (token.refresh_token_expires_in ? token.refresh_token_expires_in * 1000 : REFRESH_TOKEN_TTL_MS),
      ),
      scopes: (token.scope ?? SCOPE).split(/[\s,]+/).filter(Boolean),
    };
  },
};

// https://seller.flipkart.com/api-docs/FMSAPI.html ("Only Flipkart approved sellers" may refresh)
export async function refreshAccessToken(ctx: ConnectorContext, refreshToken: string): Promise<RefreshedToken> {
  const body = await oauthGet(
    ctx,
    '/token',
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    'refresh a token',
  );
  const token = parseEnvelope(tokenResponseSchema, body, 'Flipkart token refresh');
  const now = ctx.now?.() ?? new Date();
  const rotated = token.refresh_token !== undefined && token.refresh_token !== refreshToken;
  return {
    accessToken: token.access_token,
    expiresAt: new Date(now.getTime() + token.expires_in * 1000),
    refreshToken: rotated ? token.refresh_token! : null,
    refreshTokenExpiresAt: rotated
      ? new Date(
          now.getTime() +
            (token.refresh_token_expires_in ? token.refresh_token_expires_in * 1000 : REFRESH_TOKEN_TTL_MS),
        )
      : null,
  };
}
