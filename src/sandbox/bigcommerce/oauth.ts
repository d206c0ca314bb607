import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { SANDBOX_APP_CREDENTIALS } from '../generator/index.ts';
import type { SandboxState } from '../kit.ts';

/**
 * BigCommerce's single-click app install, imitated (REFERENCE.md §5.1). The app's Auth Callback
 * URL and scopes live in the developer portal, not in the install URL: register them with
 * `POST /_sandbox/oauth/app {authCallbackUrl, scope?}`. `GET /app/{client_id}/install` answers
 * with the consent decision of /_sandbox/oauth/consent at once (the store it names, default the
 * first): approve → the callback with `code`, `context=stores/{hash}`, `scope`, `account_uuid`
 * and no state; deny → the callback with `error=access_denied` (BigCommerce itself just leaves
 * the merchant in the control panel). `POST /oauth2/token` (JSON) trades the code for a
 * permanent token, checking the client, the redirect URI and the context.
 */

const DEFAULT_SCOPE =
  'store_v2_orders_read_only store_v2_products_read_only store_inventory_read_only store_v2_information_read_only';
/** BigCommerce tokens do not expire */
const PERMANENT_MS = 100 * 365 * 86_400_000;

const AppBody = z.object({ authCallbackUrl: z.url(), scope: z.string().min(1).optional() });

const TokenBody = z.object({
  client_id: z.string(),
  client_secret: z.string(),
  code: z.string().min(1),
  context: z.string(),
  scope: z.string(),
  grant_type: z.literal('authorization_code'),
  redirect_uri: z.string(),
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (res: Response, status: number, text: string) =>
  void res
    .status(status)
    .type('html')
    .send(`<!doctype html><title>BigCommerce</title><p>${escapeHtml(text)}</p>`);
const tokenError = (res: Response, status: number, error: string, description: string) =>
  void res.status(status).json({ error, error_description: description });

/** A stable account UUID per store (the merchant's BigCommerce account). */
function accountUuid(storeKey: string): string {
  const h = createHash('sha256').update(`bigcommerce-account:${storeKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createBigCommerceOAuth(state: SandboxState) {
  const stats = { authorizations: 0, exchanges: 0, refreshes: 0 };
  let registered: z.infer<typeof AppBody> | null = null;

  function install(req: Request, res: Response): void {
    if (req.params.clientId !== SANDBOX_APP_CREDENTIALS.BIGCOMMERCE_CLIENT_ID)
      return page(res, 404, 'This app does not exist.');
    if (!registered)
      return page(res, 400, 'This app has no Auth Callback URL: register one with POST /_sandbox/oauth/app.');
    stats.authorizations++;
    const target = new URL(registered.authCallbackUrl);
    const consent = state.oauth.consentOf('bigcommerce');
    if (consent.decision === 'deny') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The merchant cancelled the installation.');
      return void res.redirect(302, target.toString());
    }
    const store = consent.storeKey ? state.data.store(consent.storeKey) : state.data.storesOf('bigcommerce')[0]!;
    const scope = registered.scope ?? DEFAULT_SCOPE;
    const code = state.oauth.issueCode({
      m: 'bigcommerce',
      storeKey: store.spec.key,
      clientId: SANDBOX_APP_CREDENTIALS.BIGCOMMERCE_CLIENT_ID!,
      redirectUri: registered.authCallbackUrl,
      scope,
    });
    target.searchParams.set('code', code);
    target.searchParams.set('context', `stores/${store.spec.storeId}`);
    target.searchParams.set('scope', scope);
    target.searchParams.set('account_uuid', accountUuid(store.spec.key));
    res.redirect(302, target.toString());
  }

  // https://developer.bigcommerce.com/docs/integrations/apps/guide/auth#receiving-the-auth-callback
  function token(req: Request, res: Response): void {
    const body = TokenBody.safeParse(req.body);
    if (!body.success)
      return tokenError(
        res,
        400,
        'invalid_request',
        'client_id, client_secret, code, context, scope, grant_type=authorization_code and redirect_uri are required',
      );
    const b = body.data;
    if (
      b.client_id !== SANDBOX_APP_CREDENTIALS.BIGCOMMERCE_CLIENT_ID ||
      b.client_secret !== SANDBOX_APP_CREDENTIALS.BIGCOMMERCE_CLIENT_SECRET
    ) {
      return tokenError(res, 401, 'invalid_client', 'Invalid client id or secret');
    }
    const redeemed = state.oauth.redeemCode('bigcommerce', b.code, {
      clientId: b.client_id,
      redirectUri: b.redirect_uri,
    });
    if (!redeemed.ok) return tokenError(res, 400, redeemed.error, redeemed.description);
    const store = state.data.store(redeemed.grant.storeKey);
    if (b.context !== `stores/${store.spec.storeId}`)
      return tokenError(res, 400, 'invalid_grant', 'context does not match the authorization');
    stats.exchanges++;
    const issued = state.issueTokens('bigcommerce', store.spec.key, {
      accessTtlMs: PERMANENT_MS,
      rotateRefresh: false,
    });
    state.revokeToken(issued.refreshToken);
    const user = { id: 24654, username: 'merchant@example.com', email: 'merchant@example.com' };
    res.json({
      access_token: issued.accessToken,
      scope: redeemed.grant.scope,
      user,
      owner: user,
      context: b.context,
      account_uuid: accountUuid(store.spec.key),
    });
  }

  return {
    routes(router: Router): void {
      router.get('/app/:clientId/install', install);
      router.post('/oauth2/token', express.json(), token);
    },
    controlRoutes(router: Router): void {
      router.post('/oauth/app', (req, res) => {
        const parsed = AppBody.safeParse(req.body);
        if (!parsed.success)
          return void res.status(400).json({ error: parsed.error.issues.map((i) => i.message).join('; ') });
        registered = parsed.data;
        res.json(registered);
      });
      router.get('/oauth/stats', (_req, res) => void res.json(stats));
    },
  };
}
