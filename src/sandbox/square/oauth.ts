import { createHash } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { SANDBOX_APP_CREDENTIALS } from '../generator/index.ts';
import type { SandboxState } from '../kit.ts';

/**
 * Square's OAuth API, imitated (REFERENCE.md §6.1). `GET /oauth2/authorize` answers with the
 * consent decision of /_sandbox/oauth/consent at once (its store, default the first) and
 * redirects to `redirect_uri` with `code` and `state` (or `error=access_denied`); a
 * `code_challenge` makes it a PKCE authorization (S256). `POST /oauth2/token`: the code flow
 * needs the app secret, the PKCE flow the verifier instead; access tokens live 30 days (24 h
 * when `short_lived`), `expires_at` is a timestamp. Refresh tokens of the code flow never change;
 * PKCE ones are single use and rotate on every refresh (90 days). `POST /oauth2/revoke` with
 * `Authorization: Client <secret>` revokes every token of the authorization.
 */

const DAY_MS = 86_400_000;
const ACCESS_TTL_MS = 30 * DAY_MS;
const SHORT_TTL_MS = DAY_MS;
const PKCE_REFRESH_TTL_MS = 90 * DAY_MS;

const TokenBody = z.object({
  client_id: z.string(),
  client_secret: z.string().optional(),
  grant_type: z.enum(['authorization_code', 'refresh_token']),
  code: z.string().min(1).optional(),
  code_verifier: z.string().min(1).optional(),
  redirect_uri: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
  short_lived: z.boolean().optional(),
});

const RevokeBody = z.object({
  client_id: z.string(),
  access_token: z.string().min(1).optional(),
  merchant_id: z.string().min(1).optional(),
  revoke_only_access_token: z.boolean().optional(),
});

interface Authorization {
  storeKey: string;
  pkce: boolean;
  tokens: Set<string>;
  lastAccessToken: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (res: Response, status: number, text: string) =>
  void res
    .status(status)
    .type('html')
    .send(`<!doctype html><title>Square</title><p>${escapeHtml(text)}</p>`);
const squareError = (res: Response, status: number, category: string, code: string, detail: string) =>
  void res.status(status).json({ errors: [{ category, code, detail }] });
const unauthorized = (res: Response, detail: string) =>
  squareError(res, 401, 'AUTHENTICATION_ERROR', 'UNAUTHORIZED', detail);
const badRequest = (res: Response, code: string, detail: string) =>
  squareError(res, 400, 'INVALID_REQUEST_ERROR', code, detail);

/** A stable merchant id per store. */
const merchantId = (storeKey: string) =>
  `ML${createHash('sha256').update(`square-merchant:${storeKey}`).digest('hex').slice(0, 11).toUpperCase()}`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createSquareOAuth(state: SandboxState) {
  const stats = { authorizations: 0, exchanges: 0, refreshes: 0, revocations: 0 };
  const authorizations = new Set<Authorization>();
  const byToken = new Map<string, Authorization>();

  function track(auth: Authorization, ...tokens: string[]): void {
    for (const t of tokens) {
      auth.tokens.add(t);
      byToken.set(t, auth);
    }
  }

  function tokenResponse(
    auth: Authorization,
    issued: { accessToken: string; refreshToken: string; expiresIn: number },
    shortLived: boolean,
  ) {
    const now = state.clock.now().getTime();
    return {
      access_token: issued.accessToken,
      token_type: 'bearer',
      expires_at: iso(now + issued.expiresIn * 1000),
      merchant_id: merchantId(auth.storeKey),
      refresh_token: issued.refreshToken,
      short_lived: shortLived,
      ...(auth.pkce && { refresh_token_expires_at: iso(now + PKCE_REFRESH_TTL_MS) }),
    };
  }

  // https://developer.squareup.com/docs/oauth-api/create-urls-for-square-authorization
  function authorize(req: Request, res: Response): void {
    const q = req.query as Record<string, unknown>;
    if (q.client_id !== SANDBOX_APP_CREDENTIALS.SQUARE_APPLICATION_ID)
      return page(res, 400, 'The application ID is not valid.');
    if (typeof q.redirect_uri !== 'string' || !URL.canParse(q.redirect_uri))
      return page(res, 400, 'redirect_uri is missing: this sandbox has no registered redirect URL.');
    if (
      q.code_challenge !== undefined &&
      (typeof q.code_challenge !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge))
    ) {
      return page(res, 400, 'code_challenge must be the S256 challenge (43 base64url characters).');
    }
    stats.authorizations++;
    const target = new URL(q.redirect_uri);
    const consent = state.oauth.consentOf('square');
    if (consent.decision === 'deny') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'user_denied');
    } else {
      const store = consent.storeKey ? state.data.store(consent.storeKey) : state.data.storesOf('square')[0]!;
      const code = state.oauth.issueCode({
        m: 'square',
        storeKey: store.spec.key,
        clientId: SANDBOX_APP_CREDENTIALS.SQUARE_APPLICATION_ID!,
        redirectUri: q.redirect_uri,
        scope: typeof q.scope === 'string' ? q.scope : '',
        ...(typeof q.code_challenge === 'string' && { codeChallenge: q.code_challenge, codeChallengeMethod: 'S256' }),
      });
      target.searchParams.set('code', code);
      target.searchParams.set('response_type', 'code');
    }
    if (typeof q.state === 'string') target.searchParams.set('state', q.state);
    res.redirect(302, target.toString());
  }

  // https://developer.squareup.com/reference/square/o-auth/obtain-token
  function token(req: Request, res: Response): void {
    const body = TokenBody.safeParse(req.body);
    if (!body.success)
      return badRequest(
        res,
        'BAD_REQUEST',
        body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const b = body.data;
    if (b.client_id !== SANDBOX_APP_CREDENTIALS.SQUARE_APPLICATION_ID) return unauthorized(res, 'Invalid client_id.');
    const secretOk = b.client_secret === SANDBOX_APP_CREDENTIALS.SQUARE_APPLICATION_SECRET;
    if (b.client_secret !== undefined && !secretOk) return unauthorized(res, 'Invalid client_secret.');
    const ttl = b.short_lived ? SHORT_TTL_MS : ACCESS_TTL_MS;

    if (b.grant_type === 'authorization_code') {
      if (!b.code)
        return badRequest(res, 'MISSING_REQUIRED_PARAMETER', 'code is required for the authorization_code grant.');
      if (!b.code_verifier && !secretOk) return unauthorized(res, 'client_secret or code_verifier is required.');
      const redeemed = state.oauth.redeemCode('square', b.code, {
        clientId: b.client_id,
        ...(b.redirect_uri !== undefined && { redirectUri: b.redirect_uri }),
        ...(b.code_verifier && { codeVerifier: b.code_verifier }),
      });
      if (!redeemed.ok) return unauthorized(res, redeemed.description);
      const pkce = redeemed.grant.codeChallenge !== undefined;
      if (!pkce && !secretOk)
        return unauthorized(
          res,
          'This authorization code was not issued with a code_challenge: client_secret is required.',
        );
      stats.exchanges++;
      const issued = state.issueTokens('square', redeemed.grant.storeKey, {
        accessTtlMs: ttl,
        rotateRefresh: pkce,
        prefix: 'EAAA',
      });
      const auth: Authorization = {
        storeKey: redeemed.grant.storeKey,
        pkce,
        tokens: new Set(),
        lastAccessToken: issued.accessToken,
      };
      authorizations.add(auth);
      track(auth, issued.accessToken, issued.refreshToken);
      return void res.json(tokenResponse(auth, issued, Boolean(b.short_lived)));
    }

    if (!b.refresh_token)
      return badRequest(res, 'MISSING_REQUIRED_PARAMETER', 'refresh_token is required for the refresh_token grant.');
    const auth = byToken.get(b.refresh_token);
    if (auth && !auth.pkce && !secretOk)
      return unauthorized(res, 'client_secret is required to refresh a code-flow token.');
    const issued = auth && state.refreshTokens('square', b.refresh_token, ttl);
    if (!auth || !issued) return unauthorized(res, 'The refresh token is invalid, revoked or already used.');
    stats.refreshes++;
    auth.lastAccessToken = issued.accessToken;
    track(auth, issued.accessToken, issued.refreshToken);
    res.json(tokenResponse(auth, issued, Boolean(b.short_lived)));
  }

  // https://developer.squareup.com/reference/square/o-auth/revoke-token
  function revoke(req: Request, res: Response): void {
    if (req.get('authorization') !== `Client ${SANDBOX_APP_CREDENTIALS.SQUARE_APPLICATION_SECRET}`) {
      return void res.status(401).json({ message: 'bad authorization header', type: 'bad_request.invalid_parameter' });
    }
    const body = RevokeBody.safeParse(req.body);
    if (!body.success || body.data.client_id !== SANDBOX_APP_CREDENTIALS.SQUARE_APPLICATION_ID)
      return badRequest(res, 'BAD_REQUEST', 'client_id is missing or not this application.');
    const { access_token, merchant_id, revoke_only_access_token } = body.data;
    if (Boolean(access_token) === Boolean(merchant_id))
      return badRequest(res, 'BAD_REQUEST', 'Provide exactly one of access_token and merchant_id.');
    const matching = access_token
      ? [byToken.get(access_token)].filter((a): a is Authorization => a !== undefined)
      : [...authorizations].filter((a) => merchantId(a.storeKey) === merchant_id);
    if (matching.length === 0)
      return squareError(res, 404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', 'No authorization matches.');
    stats.revocations++;
    for (const auth of matching) {
      if (revoke_only_access_token) {
        state.revokeToken(access_token ?? auth.lastAccessToken);
        continue;
      }
      for (const t of auth.tokens) state.revokeToken(t);
      authorizations.delete(auth);
    }
    res.json({ success: true });
  }

  return {
    routes(router: Router): void {
      router.get('/oauth2/authorize', authorize);
      router.post('/oauth2/token', token);
      router.post('/oauth2/revoke', revoke);
    },
    controlRoutes(router: Router): void {
      router.get('/oauth/stats', (_req, res) => void res.json(stats));
    },
  };
}
