import type { TokenDeps } from '../connections/access-token.ts';
import { ConnectLinkError, checkConnectLink, redeemConnectLink } from '../connections/connect-link.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import { MARKETPLACE_NAMES, OAUTH_PROVIDERS } from '../marketplaces/registry.ts';
import type { EnqueueSync } from '../sync/sync-request.ts';
import { type FlowResult, page } from './flow-result.ts';
import { oauthApp } from './oauth-app.ts';
import { createOAuthState } from './oauth-state.ts';

export interface FlowDeps extends TokenDeps {
  enqueueSync?: EnqueueSync;
}

/** The marketplace can be connected here: its provider exists and its app credentials are set. */
export function unavailable(deps: FlowDeps, m: MarketplaceType): FlowResult | null {
  if (OAUTH_PROVIDERS[m] && deps.config.marketplaces[m].enabled) return null;
  const name = MARKETPLACE_NAMES[m];
  return page(503, `${name} cannot be connected yet`, [
    `${name} cannot be connected on this server yet: its app is not set up.`,
    'Nothing was changed. Tell the person who runs Frame.',
  ]);
}

const linkProblemPage = (err: ConnectLinkError, name: string): FlowResult => {
  const title =
    err.problem === 'expired'
      ? 'This link has expired'
      : err.problem === 'used'
        ? 'This link was already used'
        : 'This link is not valid';
  return page(err.problem === 'expired' ? 410 : 400, title, [err.message.replace('<marketplace>', name.toLowerCase())]);
};

/**
 * GET /oauth/<m>/start?link=…: checks the connect link and shows a button that goes on. The GET
 * uses nothing up, so a chat client or mail scanner fetching the link for a preview leaves it
 * working for the seller.
 */
export async function confirmConnect(
  deps: FlowDeps,
  m: MarketplaceType,
  link: string | undefined,
): Promise<FlowResult> {
  const closed = unavailable(deps, m);
  if (closed) return closed;
  try {
    await checkConnectLink(deps, link ?? '', m, deps.now?.() ?? new Date());
  } catch (err) {
    if (!(err instanceof ConnectLinkError)) throw err;
    return linkProblemPage(err, MARKETPLACE_NAMES[m]);
  }
  return { kind: 'confirm-link', status: 200, link: link! };
}

/**
 * POST /oauth/<m>/start {link}: uses up the connect link (naming the seller), opens a state bound
 * to that seller, then sends the browser to the marketplace's consent page — or first asks for
 * the store when the marketplace needs it named (Shopify).
 */
export async function startConnect(deps: FlowDeps, m: MarketplaceType, link: string | undefined): Promise<FlowResult> {
  const closed = unavailable(deps, m);
  if (closed) return closed;
  const name = MARKETPLACE_NAMES[m];
  const now = deps.now?.() ?? new Date();
  let userId: string;
  try {
    ({ userId } = await redeemConnectLink(deps, link ?? '', m, now));
  } catch (err) {
    if (!(err instanceof ConnectLinkError)) throw err;
    return linkProblemPage(err, name);
  }
  const provider = OAUTH_PROVIDERS[m];
  const state = await createOAuthState(deps, { userId, marketplace: m, pkce: provider.pkce }, now);
  deps.log.info({ userId, marketplace: m }, 'connect flow started');
  if (provider.normalizeStoreId) return { kind: 'ask-store', status: 200, state: state.state, bind: state.state };
  const location = provider.authorizeUrl(oauthApp(deps.config, m, deps.log, deps), {
    state: state.state,
    ...(state.codeChallenge && { codeChallenge: state.codeChallenge }),
  });
  return { kind: 'redirect', location, bind: state.state };
}
