import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { SANDBOX_APP_CREDENTIALS, type StoreData } from '../generator/index.ts';
import type { SandboxState, TokenPolicy } from '../kit.ts';
import { sendError } from './errors.ts';

/**
 * eBay's OAuth authorization-code grant (REFERENCE.md §2.1) and the Identity API's getUser:
 * - `GET /oauth2/authorize` (auth.ebay.com): `redirect_uri` is the app's **RuName**, not a URL.
 *   eBay sends the browser to the "accept URL" registered for that RuName in the developer
 *   portal; here a RuName is registered through `POST /_sandbox/oauth/runame {ruName, acceptUrl,
 *   declineUrl?}` (declineUrl defaults to acceptUrl). Approval: `accept?state&code&expires_in=299`;
 *   a refusal or a bad request: `decline?error=…&error_description&state`. The consent screen is
 *   the kit's `/_sandbox/oauth/consent` decision.
 * - `POST /identity/v1/oauth2/token`: Basic client auth; `authorization_code` (code + the same
 *   RuName) answers a 2 h access token and an 18-month refresh token; `refresh_token` (scopes
 *   repeated, a subset of the grant's) answers a new access token only: no rotation.
 * - `GET /commerce/identity/v1/user/` (apiz.ebay.com): the token's user. `userId` is eBay's
 *   immutable user id (the sandbox store's storeId), `username` the seller's changeable name;
 *   it needs a `commerce.identity` scope.
 * OAuth errors are `{error, error_description}`; the REST error on getUser is eBay's `{errors:[…]}`.
 */

const SCOPE_ROOT = 'https://api.ebay.com/oauth/api_scope';
const KNOWN_SCOPES = new Set(
  [
    '',
    '/sell.fulfillment',
    '/sell.fulfillment.readonly',
    '/sell.inventory',
    '/sell.inventory.readonly',
    '/commerce.identity.readonly',
    '/commerce.identity.name.readonly',
    '/commerce.identity.email.readonly',
    '/commerce.identity.address.readonly',
    '/commerce.identity.phone.readonly',
  ].map((s) => `${SCOPE_ROOT}${s}`),
);
const IDENTITY_SCOPE_PREFIX = `${SCOPE_ROOT}/commerce.identity.`;
const CLIENT_ID = SANDBOX_APP_CREDENTIALS.EBAY_CLIENT_ID!;
const CLIENT_AUTH = `Basic ${Buffer.from(`${CLIENT_ID}:${SANDBOX_APP_CREDENTIALS.EBAY_CLIENT_SECRET}`).toString('base64')}`;
/** 18 months, as the code exchange reports it */
const REFRESH_TTL_SECONDS = 47_304_000;
const CODE_TTL_SECONDS = 299;

/** The site a store's account is registered on, from its currency. */
const MARKETPLACE_BY_CURRENCY: Record<string, string> = {
  USD: 'EBAY_US',
  GBP: 'EBAY_GB',
  EUR: 'EBAY_DE',
  AUD: 'EBAY_AU',
  CAD: 'EBAY_CA',
};

const ruNameSchema = z.object({ ruName: z.string().min(1), acceptUrl: z.url(), declineUrl: z.url().optional() });

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function redirectTo(res: Response, target: string, params: Record<string, string | undefined>): void {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  res.redirect(302, url.toString());
}

export function createEbayOAuth(state: SandboxState, tokens: TokenPolicy) {
  const ruNames = new Map<string, { acceptUrl: string; declineUrl: string }>();
  /** scopes and expiry of refresh tokens issued by a code exchange (tokens from /_sandbox/tokens/issue have none) */
  const refreshGrants = new Map<string, { scopes: string[]; expiresAt: number }>();
  const accessScopes = new Map<string, string[]>();

  // https://developer.ebay.com/api-docs/static/oauth-consent-request.html
  function authorize(req: Request, res: Response): void {
    const q = req.query;
    if (str(q.client_id) !== CLIENT_ID)
      return oauthError(res, 400, 'invalid_request', 'client_id is missing or unknown');
    const ruName = str(q.redirect_uri);
    const target = ruName === undefined ? undefined : ruNames.get(ruName);
    if (!ruName || !target)
      return oauthError(res, 400, 'invalid_request', 'redirect_uri must be a RuName registered for this client');
    const st = str(q.state);
    const fail = (error: string, description: string) =>
      redirectTo(res, target.declineUrl, { error, error_description: description, state: st });
    if (q.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    const scopes = (str(q.scope) ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s)))
      return fail('invalid_scope', 'the requested scope is invalid, unknown, or malformed');
    const consent = state.oauth.consentOf('ebay');
    if (consent.decision === 'deny') return fail('access_denied', 'the user denied the consent request');
    const storeKey = consent.storeKey ?? state.data.storesOf('ebay')[0]!.spec.key;
    const code = state.oauth.issueCode({
      m: 'ebay',
      storeKey,
      clientId: CLIENT_ID,
      redirectUri: ruName,
      scope: scopes.join(' '),
    });
    redirectTo(res, target.acceptUrl, { state: st, code, expires_in: String(CODE_TTL_SECONDS) });
  }

  // https://developer.ebay.com/api-docs/static/oauth-auth-code-grant-request.html
  function exchangeCode(form: Record<string, unknown>, res: Response): void {
    const code = str(form.code);
    const redirectUri = str(form.redirect_uri);
    if (!code || !redirectUri)
      return oauthError(res, 400, 'invalid_request', 'request is missing a required parameter or malformed.');
    const redeemed = state.oauth.redeemCode('ebay', code, { clientId: CLIENT_ID, redirectUri });
    if (!redeemed.ok) return oauthError(res, 400, redeemed.error, redeemed.description);
    const { storeKey, scope } = redeemed.grant;
    const store = state.data.store(storeKey);
    const issued = state.issueTokens('ebay', storeKey, {
      accessTtlMs: tokens.accessTtlSeconds * 1000,
      rotateRefresh: false,
      prefix: tokens.tokenPrefix(store),
    });
    const scopes = scope.split(' ');
    refreshGrants.set(issued.refreshToken, {
      scopes,
      expiresAt: state.clock.now().getTime() + REFRESH_TTL_SECONDS * 1000,
    });
    accessScopes.set(issued.accessToken, scopes);
    res.json({
      access_token: issued.accessToken,
      expires_in: issued.expiresIn,
      refresh_token: issued.refreshToken,
      refresh_token_expires_in: REFRESH_TTL_SECONDS,
      token_type: 'User Access Token',
    });
  }

  // https://developer.ebay.com/api-docs/static/oauth-refresh-token-request.html
  function refresh(form: Record<string, unknown>, res: Response): void {
    const refreshToken = str(form.refresh_token);
    if (!refreshToken || typeof form.scope !== 'string')
      return oauthError(res, 400, 'invalid_request', 'request is missing a required parameter or malformed.');
    const scopes = form.scope.split(' ').filter(Boolean);
    const grant = refreshGrants.get(refreshToken);
    const allowed = grant ? new Set(grant.scopes) : KNOWN_SCOPES;
    if (scopes.length === 0 || scopes.some((s) => !allowed.has(s))) {
      return oauthError(
        res,
        400,
        'invalid_scope',
        'the requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client',
      );
    }
    const expired = grant !== undefined && grant.expiresAt <= state.clock.now().getTime();
    const issued = expired ? undefined : state.refreshTokens('ebay', refreshToken, tokens.accessTtlSeconds * 1000);
    if (!issued)
      return oauthError(
        res,
        400,
        'invalid_grant',
        'the provided authorization refresh token is invalid or was issued to another client',
      );
    accessScopes.set(issued.accessToken, scopes);
    res.json({ access_token: issued.accessToken, expires_in: issued.expiresIn, token_type: 'User Access Token' });
  }

  function token(req: Request, res: Response): void {
    if (req.get('authorization') !== CLIENT_AUTH)
      return oauthError(res, 401, 'invalid_client', 'client authentication failed');
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (form.grant_type === 'authorization_code') return exchangeCode(form, res);
    if (form.grant_type === 'refresh_token') return refresh(form, res);
    oauthError(
      res,
      400,
      'unsupported_grant_type',
      'grant type in request is not supported by the authorization server',
    );
  }

  // https://developer.ebay.com/api-docs/commerce/identity/resources/user/methods/getUser
  function getUser(req: Request, res: Response): void {
    const store = res.locals.store as StoreData;
    const scopes = accessScopes.get((req.get('authorization') ?? '').slice('Bearer '.length));
    if (scopes && !scopes.some((s) => s.startsWith(IDENTITY_SCOPE_PREFIX))) {
      return sendError(res, 403, {
        errorId: 1100,
        domain: 'ACCESS',
        category: 'REQUEST',
        message: 'Access denied',
        longMessage: 'Insufficient permissions to fulfill the request.',
      });
    }
    res.json({
      userId: store.spec.storeId,
      username: store.spec.name,
      accountType: 'BUSINESS',
      registrationMarketplaceId: MARKETPLACE_BY_CURRENCY[store.spec.currency] ?? 'EBAY_US',
      status: 'CONFIRMED',
      businessAccount: { name: store.spec.name },
    });
  }

  return {
    /** routes answered without a user token */
    publicRoutes(r: Router): void {
      r.get('/oauth2/authorize', authorize);
      r.post('/identity/v1/oauth2/token', express.urlencoded({ extended: false }), token);
    },
    /** routes behind the Bearer gate */
    userRoutes(r: Router): void {
      r.get('/commerce/identity/v1/user/', getUser);
    },
    controlRoutes(r: Router): void {
      r.post('/oauth/runame', (req, res) => {
        const parsed = ruNameSchema.safeParse(req.body);
        if (!parsed.success) {
          res.status(400).json({ error: 'expected {ruName, acceptUrl, declineUrl?} with absolute URLs' });
          return;
        }
        const { ruName, acceptUrl, declineUrl } = parsed.data;
        ruNames.set(ruName, { acceptUrl, declineUrl: declineUrl ?? acceptUrl });
        res.json({ ruName, acceptUrl, declineUrl: declineUrl ?? acceptUrl });
      });
    },
  };
}
