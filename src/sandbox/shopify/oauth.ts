import { createHmac } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { SANDBOX_APP_CREDENTIALS } from '../generator/index.ts';
import type { SandboxState } from '../kit.ts';

/**
 * Shopify's Admin OAuth, imitated (REFERENCE.md §1.1). One host serves every shop: the shop is
 * the `shop` query parameter, else the Host name. The consent screen answers at once with the
 * decision set through /_sandbox/oauth/consent (the shop is the one the URL names: there is no
 * store to pick). A denial comes back to the callback as `error=access_denied`, signed like an
 * approval. The token endpoint issues expiring offline tokens (60 min, refresh tokens rotating
 * on every use, 90 days) when asked with `expiring: 1`, else a legacy non-expiring token; a new
 * expiring token revokes the ones issued to that shop before it.
 */

const ACCESS_TTL_S = 3600;
const REFRESH_TTL_S = 90 * 86_400;
/** a legacy offline token lasts until the app is uninstalled */
const LEGACY_TTL_MS = 100 * 365 * 86_400_000;

const TokenBody = z.union([
  z.object({
    client_id: z.string(),
    client_secret: z.string(),
    code: z.string().min(1),
    expiring: z.union([z.literal('1'), z.literal('0'), z.literal(1), z.literal(0)]).optional(),
  }),
  z.object({
    client_id: z.string(),
    client_secret: z.string(),
    refresh_token: z.string().min(1),
    grant_type: z.literal('refresh_token'),
  }),
]);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (res: Response, status: number, text: string) =>
  void res
    .status(status)
    .type('html')
    .send(`<!doctype html><title>Shopify</title><p>${escapeHtml(text)}</p>`);
const oauthError = (res: Response, status: number, error: string, description: string) =>
  void res.status(status).json({ error, error_description: description });

/** Sorted parameters as a query string, HMAC-SHA256 hex with the app secret: how Shopify signs a redirect to the app. */
function sign(params: Record<string, string>): string {
  const message = Object.keys(params)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k]!)}`)
    .join('&');
  return createHmac('sha256', SANDBOX_APP_CREDENTIALS.SHOPIFY_API_SECRET!).update(message).digest('hex');
}

export function createShopifyOAuth(state: SandboxState) {
  const stats = { authorizations: 0, exchanges: 0, refreshes: 0 };
  /** expiring access tokens issued per shop, revoked when the next one is issued */
  const issuedTo = new Map<string, string[]>();
  /** the scopes granted per shop, repeated by refresh responses */
  const scopes = new Map<string, string>();

  const shopOf = (req: Request) => (typeof req.query.shop === 'string' ? req.query.shop : req.hostname).toLowerCase();

  function replaceTokens(storeKey: string, accessToken: string): void {
    for (const earlier of issuedTo.get(storeKey) ?? []) state.revokeToken(earlier);
    issuedTo.set(storeKey, [accessToken]);
  }

  // https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
  function authorize(req: Request, res: Response): void {
    const q = req.query as Record<string, unknown>;
    const store = state.data.storesOf('shopify').find((s) => s.spec.storeId === shopOf(req));
    if (!store) return page(res, 404, 'There’s no page at this address: this shop does not exist.');
    if (q.client_id !== SANDBOX_APP_CREDENTIALS.SHOPIFY_API_KEY)
      return page(res, 400, 'Oauth error invalid_request: The client_id is invalid.');
    if (typeof q.redirect_uri !== 'string' || !URL.canParse(q.redirect_uri))
      return page(res, 400, 'Oauth error invalid_request: The redirect_uri is missing or not a URL.');
    if (typeof q.state !== 'string' || typeof q.scope !== 'string')
      return page(res, 400, 'Oauth error invalid_request: state and scope are required.');
    stats.authorizations++;
    const shop = store.spec.storeId;
    const params: Record<string, string> = {
      shop,
      state: q.state,
      timestamp: String(Math.floor(state.clock.now().getTime() / 1000)),
      host: Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, '')}`)
        .toString('base64')
        .replace(/=+$/, ''),
    };
    if (state.oauth.consentOf('shopify').decision === 'deny') {
      Object.assign(params, { error: 'access_denied', error_description: 'The merchant did not install the app.' });
    } else {
      params.code = state.oauth.issueCode({
        m: 'shopify',
        storeKey: store.spec.key,
        clientId: SANDBOX_APP_CREDENTIALS.SHOPIFY_API_KEY!,
        redirectUri: q.redirect_uri,
        scope: q.scope,
      });
    }
    const target = new URL(q.redirect_uri);
    for (const [k, v] of Object.entries({ ...params, hmac: sign(params) })) target.searchParams.set(k, v);
    res.redirect(302, target.toString());
  }

  // https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-4-get-an-access-token
  function token(req: Request, res: Response): void {
    const body = TokenBody.safeParse(req.body);
    if (!body.success)
      return oauthError(
        res,
        400,
        'invalid_request',
        'client_id, client_secret and a code or refresh_token are required',
      );
    const b = body.data;
    if (
      b.client_id !== SANDBOX_APP_CREDENTIALS.SHOPIFY_API_KEY ||
      b.client_secret !== SANDBOX_APP_CREDENTIALS.SHOPIFY_API_SECRET
    ) {
      return oauthError(res, 401, 'invalid_client', 'client authentication failed');
    }
    if ('refresh_token' in b) {
      const storeKey = state.refreshGrantOf('shopify', b.refresh_token);
      const issued = storeKey && state.refreshTokens('shopify', b.refresh_token, ACCESS_TTL_S * 1000);
      if (!storeKey || !issued)
        return oauthError(res, 400, 'invalid_grant', 'the refresh token is invalid, expired or already used');
      stats.refreshes++;
      replaceTokens(storeKey, issued.accessToken);
      return void res.json({
        access_token: issued.accessToken,
        scope: scopes.get(storeKey) ?? '',
        expires_in: issued.expiresIn,
        refresh_token: issued.refreshToken,
        refresh_token_expires_in: REFRESH_TTL_S,
      });
    }
    const redeemed = state.oauth.redeemCode('shopify', b.code, { clientId: b.client_id });
    if (!redeemed.ok) return oauthError(res, 400, redeemed.error, redeemed.description);
    stats.exchanges++;
    const { storeKey, scope } = redeemed.grant;
    scopes.set(storeKey, scope);
    if (String(b.expiring) === '1') {
      const issued = state.issueTokens('shopify', storeKey, {
        accessTtlMs: ACCESS_TTL_S * 1000,
        rotateRefresh: true,
        prefix: 'shpat_',
      });
      replaceTokens(storeKey, issued.accessToken);
      return void res.json({
        access_token: issued.accessToken,
        scope,
        expires_in: issued.expiresIn,
        refresh_token: issued.refreshToken,
        refresh_token_expires_in: REFRESH_TTL_S,
      });
    }
    const legacy = state.issueTokens('shopify', storeKey, {
      accessTtlMs: LEGACY_TTL_MS,
      rotateRefresh: false,
      prefix: 'shpat_',
    });
    state.revokeToken(legacy.refreshToken);
    res.json({ access_token: legacy.accessToken, scope });
  }

  return {
    routes(router: Router): void {
      router.get('/admin/oauth/authorize', authorize);
      router.post('/admin/oauth/access_token', express.json(), express.urlencoded({ extended: false }), token);
    },
    controlRoutes(router: Router): void {
      router.get('/oauth/stats', (_req, res) => void res.json(stats));
    },
  };
}
