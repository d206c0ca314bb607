import type { Request, Response, Router } from 'express';
import { SANDBOX_APP_CREDENTIALS } from '../generator/index.ts';
import type { SandboxState } from '../kit.ts';
import { fail } from './envelope.ts';

/**
 * Snapdeal's seller authorization (REFERENCE.md §7.1), not OAuth: the partner sends the seller
 * to `authorize.snapdeal.com/authserverui/login?returnURL={RETURN_URL}&appId={appId}`; the seller
 * logs in and picks capabilities (the kit's `/_sandbox/oauth/consent` decision), and the browser
 * goes back to the return URL with the seller token as a URL parameter. The docs do not name the
 * parameters; this imitation (and the connector) use:
 * - approval: `sellerAuthZToken` (the X-Seller-AuthZ-Token value) and `sellerCode` (the seller's
 *   code, the store id), added to the return URL's own query, which is kept;
 * - refusal: `error=access_denied`.
 * Seller tokens have no expiry and no refresh or revoke endpoint (none is documented); the
 * sandbox's `/_sandbox/tokens/expire` can still withdraw one.
 */

/** Long enough to never expire in a demo or a test. */
const SELLER_TOKEN_TTL_MS = 100 * 365 * 86_400_000;

function redirectTo(res: Response, target: string, params: Record<string, string>): void {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  res.redirect(302, url.toString());
}

export function createSnapdealAuthorize(state: SandboxState) {
  // https://sellerapis.snapdeal.com/reference/api-authorization
  function login(req: Request, res: Response): void {
    const { appId, returnURL } = req.query;
    if (appId !== SANDBOX_APP_CREDENTIALS.SNAPDEAL_APP_ID)
      return fail(req, res, 400, 'appId is missing or not a registered partner application');
    if (typeof returnURL !== 'string' || !URL.canParse(returnURL))
      return fail(req, res, 400, 'returnURL is missing or not an absolute URL');
    const consent = state.oauth.consentOf('snapdeal');
    if (consent.decision === 'deny') return redirectTo(res, returnURL, { error: 'access_denied' });
    const store = consent.storeKey ? state.data.store(consent.storeKey) : state.data.storesOf('snapdeal')[0]!;
    const issued = state.issueTokens('snapdeal', store.spec.key, {
      accessTtlMs: SELLER_TOKEN_TTL_MS,
      rotateRefresh: false,
    });
    // Snapdeal has no refresh: the pair's refresh half is never handed out
    state.revokeToken(issued.refreshToken);
    redirectTo(res, returnURL, { sellerAuthZToken: issued.accessToken, sellerCode: store.spec.storeId });
  }

  return {
    routes(r: Router): void {
      r.get('/authserverui/login', login);
    },
  };
}
