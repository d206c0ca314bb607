import { z } from 'zod';
import { httpRequest } from '../http.ts';
import { type OAuthApp, OAuthCallbackInvalid, OAuthDenied, type OAuthProvider } from '../oauth-provider.ts';
import { parseEnvelope } from '../validate-records.ts';

/**
 * BigCommerce single-click app (REFERENCE.md §5.1): there is no authorize URL taking a state or
 * a redirect URI. The seller is sent to the app's install page; BigCommerce then calls the auth
 * callback registered with the app (`GET …?code&context=stores/{hash}&scope&account_uuid`),
 * without a state. The flow around this provider binds the callback to the browser that started
 * it (a signed cookie holding the state) and hands that state in as `query.state`.
 * Tokens never expire: no refresh token, no refresh, and no revoke endpoint (the merchant
 * uninstalls the app in the control panel).
 */

const LOGIN_URL = 'https://login.bigcommerce.com';
const API_URL = 'https://api.bigcommerce.com';
const STORE_CONTEXT = /^stores\/([a-z0-9]+)$/;

const tokenSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  context: z.string().regex(STORE_CONTEXT),
});

const storeSchema = z.object({
  name: z.string(),
  currency: z.string().length(3),
  timezone: z.object({ name: z.string().min(1) }).optional(),
});

const loginBase = (app: OAuthApp) => app.baseUrls.BIGCOMMERCE_LOGIN_BASE_URL ?? LOGIN_URL;

function appCredentials(credentials: Record<string, string>): { clientId: string; secret: string } {
  const clientId = credentials.BIGCOMMERCE_CLIENT_ID;
  const secret = credentials.BIGCOMMERCE_CLIENT_SECRET;
  if (!clientId || !secret) throw new Error('BigCommerce needs BIGCOMMERCE_CLIENT_ID and BIGCOMMERCE_CLIENT_SECRET');
  return { clientId, secret };
}

export const bigcommerceOAuth: OAuthProvider = {
  marketplace: 'BIGCOMMERCE',
  pkce: false,

  // https://developer.bigcommerce.com/docs/integrations/apps/guide/auth (installing from outside the control panel)
  authorizeUrl(app) {
    return `${loginBase(app)}/app/${encodeURIComponent(appCredentials(app.credentials).clientId)}/install`;
  },

  parseCallback(_app, query) {
    if (query.error) throw new OAuthDenied(query.error, query.error_description);
    const hash = STORE_CONTEXT.exec(query.context ?? '')?.[1];
    if (!query.code || !hash || query.scope === undefined)
      throw new OAuthCallbackInvalid('The answer from BigCommerce lacks the code, store context or scope.');
    if (!query.state)
      throw new OAuthCallbackInvalid(
        'This browser did not start the connection: open the connect link from the chat again in this browser.',
      );
    return { code: query.code, state: query.state, storeId: hash, scopes: query.scope.split(' ').filter(Boolean) };
  },

  // https://developer.bigcommerce.com/docs/integrations/apps/guide/auth#receiving-the-auth-callback
  async exchangeCode(app, { code, storeId, scopes }) {
    if (!storeId) throw new OAuthCallbackInvalid('The answer from BigCommerce names no store.');
    const { clientId, secret } = appCredentials(app.credentials);
    const res = await httpRequest(
      {
        method: 'POST',
        url: `${loginBase(app)}/oauth2/token`,
        json: {
          client_id: clientId,
          client_secret: secret,
          code,
          context: `stores/${storeId}`,
          scope: (scopes ?? []).join(' '),
          grant_type: 'authorization_code',
          redirect_uri: app.redirectUri,
        },
      },
      app.http,
      app.log,
    );
    // the response also names the installing user (with an e-mail address): read, never stored or logged
    const token = parseEnvelope(tokenSchema, res.body, 'BigCommerce access token');
    if (token.context !== `stores/${storeId}`)
      throw new Error(`BigCommerce granted a token for ${token.context}, not stores/${storeId}`);
    const apiBaseUrl = app.baseUrls.BIGCOMMERCE_API_BASE_URL ?? null;
    // https://developer.bigcommerce.com/docs/rest-management/store-information
    const storeRes = await httpRequest(
      {
        url: `${apiBaseUrl ?? API_URL}/stores/${encodeURIComponent(storeId)}/v2/store`,
        headers: { 'X-Auth-Token': token.access_token },
      },
      app.http,
      app.log,
    );
    const store = parseEnvelope(storeSchema, storeRes.body, 'BigCommerce store');
    return {
      storeId,
      storeName: store.name,
      storeCurrency: store.currency,
      storeTimeZone: store.timezone?.name ?? null,
      apiBaseUrl,
      accessToken: token.access_token,
      accessTokenExpiresAt: null,
      refreshToken: null,
      refreshTokenExpiresAt: null,
      scopes: token.scope.split(' ').filter(Boolean),
    };
  },
};
