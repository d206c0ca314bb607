import express, { type Request, type Response, type Router } from 'express';
import { SANDBOX_APP_CREDENTIALS } from '../generator/index.ts';
import type { SandboxState, TokenPolicy } from '../kit.ts';

/**
 * Etsy's OAuth 2.0 (REFERENCE.md §3.1): authorization code with PKCE S256 required.
 * - `GET /oauth/connect` (www.etsy.com): response_type=code, client_id (the keystring),
 *   redirect_uri, scope, state, code_challenge, code_challenge_method=S256. A bad client_id or
 *   redirect_uri is answered here (never redirected); other errors and a refusal go back to the
 *   redirect_uri as `error`, `error_description`, `state`. Etsy's pre-registration of callback
 *   URLs is not imitated: any absolute URL is taken, and the code is bound to it.
 * - `POST /v3/public/oauth/token`: no client secret. `authorization_code` needs client_id,
 *   redirect_uri (the same), code and code_verifier; `refresh_token` needs client_id. Access
 *   tokens live 1 h, refresh tokens 90 days by the sandbox clock, and every refresh rotates the
 *   refresh token (the old one is then refused: `invalid_grant`). Both tokens start with the
 *   numeric user id and a dot.
 * Errors: `{error, error_description}` with 400.
 */

const SCOPES = new Set([
  'address_r',
  'address_w',
  'billing_r',
  'cart_r',
  'cart_w',
  'email_r',
  'favorites_r',
  'favorites_w',
  'feedback_r',
  'listings_d',
  'listings_r',
  'listings_w',
  'profile_r',
  'profile_w',
  'recommend_r',
  'recommend_w',
  'shops_r',
  'shops_w',
  'transactions_r',
  'transactions_w',
]);
const REFRESH_TTL_MS = 90 * 86_400_000;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function oauthError(res: Response, error: string, description: string): void {
  res.status(400).json({ error, error_description: description });
}

function redirectTo(res: Response, target: string, params: Record<string, string | undefined>): void {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  res.redirect(302, url.toString());
}

export function createEtsyOAuth(state: SandboxState, tokens: TokenPolicy) {
  /** expiry of refresh tokens issued here (tokens from /_sandbox/tokens/issue have none) */
  const refreshExpiry = new Map<string, number>();

  function issue(storeKey: string) {
    const store = state.data.store(storeKey);
    return state.issueTokens('etsy', storeKey, {
      accessTtlMs: tokens.accessTtlSeconds * 1000,
      rotateRefresh: tokens.rotateRefresh,
      prefix: tokens.tokenPrefix(store),
    });
  }

  function answer(res: Response, issued: { accessToken: string; refreshToken: string; expiresIn: number }): void {
    refreshExpiry.set(issued.refreshToken, state.clock.now().getTime() + REFRESH_TTL_MS);
    res.json({
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      refresh_token: issued.refreshToken,
    });
  }

  // https://developers.etsy.com/documentation/essentials/authentication#step-1-request-an-authorization-code
  function connect(req: Request, res: Response): void {
    const q = req.query;
    if (str(q.client_id) !== SANDBOX_APP_CREDENTIALS.ETSY_API_KEY)
      return oauthError(res, 'invalid_client', 'client_id is missing or invalid');
    const redirectUri = str(q.redirect_uri);
    if (!redirectUri || !URL.canParse(redirectUri))
      return oauthError(res, 'invalid_request', 'redirect_uri is missing or not an absolute URL');
    const st = str(q.state);
    const fail = (error: string, description: string) =>
      redirectTo(res, redirectUri, { error, error_description: description, state: st });
    if (q.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (!st) return fail('invalid_request', 'state is required');
    const scopes = (str(q.scope) ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !SCOPES.has(s)))
      return fail('invalid_scope', 'scope is missing or names an unknown scope');
    const challenge = str(q.code_challenge);
    if (!challenge || q.code_challenge_method !== 'S256')
      return fail('invalid_request', 'code_challenge with code_challenge_method=S256 is required');
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return fail('invalid_request', 'code_challenge must be a base64url SHA-256 digest');
    const consent = state.oauth.consentOf('etsy');
    if (consent.decision === 'deny') return fail('access_denied', 'The user denied the request');
    const storeKey = consent.storeKey ?? state.data.storesOf('etsy')[0]!.spec.key;
    const code = state.oauth.issueCode({
      m: 'etsy',
      storeKey,
      clientId: SANDBOX_APP_CREDENTIALS.ETSY_API_KEY!,
      redirectUri,
      scope: scopes.join(' '),
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    redirectTo(res, redirectUri, { code, state: st });
  }

  // https://developers.etsy.com/documentation/essentials/authentication#step-3-request-an-access-token
  function token(req: Request, res: Response): void {
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (form.client_id !== SANDBOX_APP_CREDENTIALS.ETSY_API_KEY)
      return oauthError(res, 'invalid_client', 'client_id is invalid');
    if (form.grant_type === 'authorization_code') {
      const code = str(form.code);
      const redirectUri = str(form.redirect_uri);
      const verifier = str(form.code_verifier);
      if (!code || !redirectUri || !verifier)
        return oauthError(res, 'invalid_request', 'code, redirect_uri and code_verifier are required');
      const redeemed = state.oauth.redeemCode('etsy', code, {
        clientId: SANDBOX_APP_CREDENTIALS.ETSY_API_KEY!,
        redirectUri,
        codeVerifier: verifier,
      });
      if (!redeemed.ok) return oauthError(res, redeemed.error, redeemed.description);
      return answer(res, issue(redeemed.grant.storeKey));
    }
    if (form.grant_type === 'refresh_token') {
      const refreshToken = str(form.refresh_token);
      if (!refreshToken) return oauthError(res, 'invalid_request', 'refresh_token is required');
      const expiresAt = refreshExpiry.get(refreshToken);
      const issued =
        expiresAt !== undefined && expiresAt <= state.clock.now().getTime()
          ? undefined
          : state.refreshTokens('etsy', refreshToken, tokens.accessTtlSeconds * 1000);
      if (!issued) return oauthError(res, 'invalid_grant', 'refresh_token is invalid, expired or revoked');
      refreshExpiry.delete(refreshToken);
      return answer(res, issued);
    }
    oauthError(res, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  return {
    routes(r: Router): void {
      r.get('/oauth/connect', connect);
      r.post('/v3/public/oauth/token', express.urlencoded({ extended: false }), token);
    },
  };
}
