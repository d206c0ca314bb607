import type { Request, Response, Router } from 'express';
import { SANDBOX_APP_CREDENTIALS } from '../generator/index.ts';
import type { SandboxState, TokenPolicy } from '../kit.ts';

/**
 * Flipkart's oauth-service (REFERENCE.md §4.1), a Spring Security OAuth2 server (its paths,
 * the GET token endpoint, `token_type: "bearer"`, its error bodies):
 * - `GET /oauth-service/oauth/authorize`: client_id (the appId), redirect_uri, response_type=code,
 *   scope=Seller_Api, state. A bad client_id or a missing redirect_uri is answered here; other
 *   errors and a refusal go back to the redirect_uri (`error=access_denied`, "User denied access").
 *   Pre-registration of redirect URIs is not imitated: the code is bound to the one given.
 * - `GET /oauth-service/oauth/token` with query parameters and Basic appId:appSecret:
 *   `authorization_code` (code + the same redirect_uri; `state` accepted as the docs send it),
 *   `refresh_token`, and `client_credentials` (self-access: no refresh token). Access tokens live
 *   60 days, refresh tokens 180 days by the sandbox clock. The docs leave refresh-token rotation
 *   open; this imitation rotates (the stricter case: the old refresh token is then refused).
 * - `GET /oauth-service/oauth/check_token?token=` with Basic auth: Spring's token introspection,
 *   `user_name` = the seller id. NOT in Flipkart's docs, which name no call that tells the seller
 *   an access token belongs to; it is the standard endpoint of the server Flipkart runs, chosen
 *   so a connection can be keyed by seller (see src/marketplaces/flipkart/oauth.ts).
 * Errors: `{error, error_description}`; a failed client authentication is 401 `invalid_client`.
 */

const OAUTH = '/oauth-service/oauth';
const SCOPES = new Set(['Seller_Api', 'Default']);
const REFRESH_TTL_MS = 180 * 86_400_000;
const CLIENT_AUTH = `Basic ${Buffer.from(`${SANDBOX_APP_CREDENTIALS.FLIPKART_APP_ID}:${SANDBOX_APP_CREDENTIALS.FLIPKART_APP_SECRET}`).toString('base64')}`;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

function redirectTo(res: Response, target: string, params: Record<string, string | undefined>): void {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  res.redirect(302, url.toString());
}

export function createFlipkartOAuth(state: SandboxState, tokens: TokenPolicy) {
  const refreshExpiry = new Map<string, number>();
  const accessExpiry = new Map<string, number>();
  const firstStore = () => state.data.storesOf('flipkart')[0]!;

  function issue(storeKey: string, withRefresh: boolean, scope: string) {
    const store = state.data.store(storeKey);
    const issued = state.issueTokens('flipkart', storeKey, {
      accessTtlMs: tokens.accessTtlSeconds * 1000,
      rotateRefresh: tokens.rotateRefresh,
      prefix: tokens.tokenPrefix(store),
    });
    return answer(issued, withRefresh, scope);
  }

  function answer(
    issued: { accessToken: string; refreshToken: string; expiresIn: number },
    withRefresh: boolean,
    scope: string,
  ) {
    const now = state.clock.now().getTime();
    accessExpiry.set(issued.accessToken, now + issued.expiresIn * 1000);
    if (!withRefresh) {
      state.revokeToken(issued.refreshToken);
      return { access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresIn, scope };
    }
    refreshExpiry.set(issued.refreshToken, now + REFRESH_TTL_MS);
    return {
      access_token: issued.accessToken,
      token_type: 'bearer',
      refresh_token: issued.refreshToken,
      expires_in: issued.expiresIn,
      scope,
    };
  }

  // https://seller.flipkart.com/api-docs/FMSAPI.html (third-party application: authorization code)
  function authorize(req: Request, res: Response): void {
    const q = req.query;
    const clientId = str(q.client_id);
    if (clientId !== SANDBOX_APP_CREDENTIALS.FLIPKART_APP_ID)
      return oauthError(res, 401, 'invalid_client', `No client with requested id: ${clientId ?? ''}`);
    const redirectUri = str(q.redirect_uri);
    if (!redirectUri || !URL.canParse(redirectUri))
      return oauthError(res, 400, 'invalid_request', 'A redirect_uri must be supplied.');
    const st = str(q.state);
    const fail = (error: string, description: string) =>
      redirectTo(res, redirectUri, { error, error_description: description, state: st });
    if (q.response_type !== 'code')
      return fail('unsupported_response_type', `Unsupported response types: ${String(q.response_type ?? '')}`);
    const scopes = (str(q.scope) ?? '').split(/[\s,]+/).filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !SCOPES.has(s)))
      return fail('invalid_scope', `Invalid scope: ${String(q.scope ?? '')}`);
    const consent = state.oauth.consentOf('flipkart');
    if (consent.decision === 'deny') return fail('access_denied', 'User denied access');
    const code = state.oauth.issueCode({
      m: 'flipkart',
      storeKey: consent.storeKey ?? firstStore().spec.key,
      clientId: clientId!,
      redirectUri,
      scope: scopes.join(','),
    });
    redirectTo(res, redirectUri, { code, state: st });
  }

  // https://seller.flipkart.com/api-docs/FMSAPI.html (GET with query parameters and Basic auth)
  function token(req: Request, res: Response): void {
    if (req.get('authorization') !== CLIENT_AUTH)
      return oauthError(res, 401, 'invalid_client', 'Bad client credentials');
    const q = req.query;
    const grantType = str(q.grant_type);
    if (!grantType) return oauthError(res, 400, 'invalid_request', 'Missing grant type');
    if (grantType === 'authorization_code') {
      const code = str(q.code);
      if (!code) return oauthError(res, 400, 'invalid_request', 'An authorization code must be supplied.');
      const redeemed = state.oauth.redeemCode('flipkart', code, {
        clientId: SANDBOX_APP_CREDENTIALS.FLIPKART_APP_ID!,
        redirectUri: str(q.redirect_uri) ?? '',
      });
      if (!redeemed.ok) return oauthError(res, 400, redeemed.error, redeemed.description);
      res.json(issue(redeemed.grant.storeKey, true, 'Seller_Api'));
      return;
    }
    if (grantType === 'refresh_token') {
      const refreshToken = str(q.refresh_token);
      if (!refreshToken) return oauthError(res, 400, 'invalid_request', 'A refresh token must be supplied.');
      const expiresAt = refreshExpiry.get(refreshToken);
      if (expiresAt !== undefined && expiresAt <= state.clock.now().getTime())
        return oauthError(res, 401, 'invalid_token', 'Invalid refresh token (expired)');
      const issued = state.refreshTokens('flipkart', refreshToken, tokens.accessTtlSeconds * 1000);
      if (!issued) return oauthError(res, 400, 'invalid_grant', 'Invalid refresh token');
      refreshExpiry.delete(refreshToken);
      res.json(answer(issued, true, 'Seller_Api'));
      return;
    }
    if (grantType === 'client_credentials') {
      res.json(issue(firstStore().spec.key, false, str(q.scope) ?? 'Seller_Api'));
      return;
    }
    oauthError(res, 400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  }

  function checkToken(req: Request, res: Response): void {
    if (req.get('authorization') !== CLIENT_AUTH)
      return oauthError(res, 401, 'invalid_client', 'Bad client credentials');
    const accessToken = str(req.query.token);
    const store = state.storeFor('flipkart', accessToken);
    if (!accessToken || !store) return oauthError(res, 400, 'invalid_token', 'Token was not recognised');
    const exp = accessExpiry.get(accessToken);
    res.json({
      user_name: store.spec.storeId,
      client_id: SANDBOX_APP_CREDENTIALS.FLIPKART_APP_ID,
      scope: ['Seller_Api'],
      active: true,
      ...(exp !== undefined && { exp: Math.floor(exp / 1000) }),
      authorities: ['ROLE_SELLER'],
    });
  }

  return {
    routes(r: Router): void {
      r.get(`${OAUTH}/authorize`, authorize);
      r.get(`${OAUTH}/token`, token);
      r.post(`${OAUTH}/token`, (_req, res) =>
        oauthError(res, 405, 'method_not_allowed', "Request method 'POST' not supported"),
      );
      r.get(`${OAUTH}/check_token`, checkToken);
    },
  };
}
