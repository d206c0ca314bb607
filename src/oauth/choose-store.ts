import type { MarketplaceType } from '../generated/prisma/enums.ts';
import { OAuthCallbackInvalid } from '../marketplaces/oauth-provider.ts';
import { MARKETPLACE_NAMES, OAUTH_PROVIDERS } from '../marketplaces/registry.ts';
import { type FlowResult, page, STATE_REFUSED } from './flow-result.ts';
import { oauthApp } from './oauth-app.ts';
import { codeChallengeOf, findOpenState, setStateStore } from './oauth-state.ts';
import { type FlowDeps, unavailable } from './start-connect.ts';

/**
 * POST /oauth/<m>/start {state, shop}: the store form's answer. A store the provider does not
 * accept shows the form again with the reason; an accepted one is recorded on the state (the
 * callback must come back for that very store) and the browser goes on to consent.
 */
export async function chooseStore(
  deps: FlowDeps,
  m: MarketplaceType,
  form: { state?: string; shop?: string },
): Promise<FlowResult> {
  const closed = unavailable(deps, m);
  if (closed) return closed;
  const provider = OAUTH_PROVIDERS[m];
  const name = MARKETPLACE_NAMES[m];
  if (!provider.normalizeStoreId) return page(404, 'Not found', [`${name} does not ask for a store.`]);
  const open = form.state ? await findOpenState(deps.db, form.state, m, deps.now?.() ?? new Date()) : null;
  if (!open) return STATE_REFUSED(name);
  let storeId: string;
  try {
    storeId = provider.normalizeStoreId(form.shop ?? '');
  } catch (err) {
    if (!(err instanceof OAuthCallbackInvalid)) throw err;
    return {
      kind: 'ask-store',
      status: 400,
      state: open.state,
      error: err.message,
      value: (form.shop ?? '').slice(0, 200),
    };
  }
  if (!(await setStateStore(deps.db, open.id, storeId))) return STATE_REFUSED(name);
  const codeChallenge = codeChallengeOf(open.codeVerifier, deps.keyRing);
  return {
    kind: 'redirect',
    location: provider.authorizeUrl(oauthApp(deps.config, m, deps.log, deps), {
      state: open.state,
      storeId,
      ...(codeChallenge && { codeChallenge }),
    }),
  };
}
