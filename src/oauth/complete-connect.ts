import type { MarketplaceType } from '../generated/prisma/enums.ts';
import {
  type CallbackParams,
  type GrantedConnection,
  OAuthCallbackInvalid,
  OAuthDenied,
} from '../marketplaces/oauth-provider.ts';
import { MARKETPLACE_NAMES, marketplaceSlug, OAUTH_PROVIDERS } from '../marketplaces/registry.ts';
import { type FlowResult, page, STATE_REFUSED } from './flow-result.ts';
import { oauthApp } from './oauth-app.ts';
import { claimOAuthState } from './oauth-state.ts';
import { saveConnection } from './save-connection.ts';
import { type FlowDeps, unavailable } from './start-connect.ts';

/**
 * GET /oauth/<m>/callback: the provider checks and reads the query (a refused consent, a bad
 * signature); the state is claimed once, atomically, and names the seller (never the query);
 * the code is exchanged; only then is anything stored: the connection (tokens encrypted), its
 * first sync queued (both streams), and the seller told in chat. `bound` is the state this
 * browser's cookie holds, used when the callback carries none (BigCommerce).
 */
export async function completeConnect(
  deps: FlowDeps,
  m: MarketplaceType,
  query: Record<string, string>,
  bound: string | null,
): Promise<FlowResult> {
  const closed = unavailable(deps, m);
  if (closed) return closed;
  const provider = OAUTH_PROVIDERS[m];
  const name = MARKETPLACE_NAMES[m];
  const app = oauthApp(deps.config, m, deps.log, deps);
  const log = deps.log.child({ marketplace: m });

  let callback: CallbackParams;
  try {
    callback = provider.parseCallback(app, query.state === undefined && bound ? { ...query, state: bound } : query);
  } catch (err) {
    if (err instanceof OAuthDenied) {
      log.info({ error: err.error }, 'consent declined');
      return page(
        200,
        'You declined',
        [
          `You declined to connect ${name}, so nothing was connected or stored.`,
          `To connect it later, ask the bot: "connect ${marketplaceSlug(m)}".`,
        ],
        true,
      );
    }
    if (err instanceof OAuthCallbackInvalid) {
      log.warn({ reason: err.message }, 'callback rejected');
      return page(
        400,
        'This answer cannot be used',
        [err.message, 'Nothing was stored. Ask the bot for a new link and try again.'],
        true,
      );
    }
    throw err;
  }

  const claimed = await claimOAuthState(deps, callback.state, m, deps.now?.() ?? new Date());
  if (!claimed) {
    log.warn('callback with an unknown, used or expired state');
    return STATE_REFUSED(name);
  }
  if (claimed.storeId && callback.storeId !== claimed.storeId) {
    log.warn('callback for another store than the one named');
    return page(
      400,
      'Another store answered',
      [
        `${name} answered for another store than the one you named, so nothing was stored.`,
        'Ask the bot for a new link and try again.',
      ],
      true,
    );
  }

  let granted: GrantedConnection;
  try {
    granted = await provider.exchangeCode(app, {
      ...callback,
      ...(claimed.codeVerifier && { codeVerifier: claimed.codeVerifier }),
    });
  } catch (err) {
    // the message only: it names the endpoint and the marketplace's error, never a token
    log.warn({ userId: claimed.userId, reason: (err as Error).message }, 'code exchange failed');
    return page(
      502,
      `${name} did not complete the connection`,
      [
        `${name} did not give Frame access to your store, so nothing was stored.`,
        `Ask the bot for a new link ("connect ${marketplaceSlug(m)}") and try again.`,
      ],
      true,
    );
  }

  const connection = await saveConnection(deps, claimed.userId, m, granted);
  const store = granted.storeName ?? granted.storeId;
  log.info({ userId: claimed.userId, connectionId: connection.id, storeId: granted.storeId }, 'store connected');
  let queued = false;
  if (deps.enqueueSync) {
    try {
      // one job for both streams: two would race for the connection's lease
      await deps.enqueueSync(connection.id);
      queued = true;
    } catch (err) {
      log.error(
        { err, connectionId: connection.id },
        'could not queue the first sync; the next sweep picks the connection up',
      );
    }
  }
  try {
    await deps.notifier?.notifyUser(claimed.userId, `${name} connected — first sync started (${store}).`);
  } catch (err) {
    log.error({ err }, 'could not tell the seller the store is connected');
  }
  return page(
    200,
    `${name} connected`,
    [
      `${store} is connected to Frame.`,
      queued
        ? 'The first sync has started; it can take a few minutes for a large store.'
        : 'The first sync starts within a few minutes.',
      'You can close this tab and go back to the chat.',
    ],
    true,
  );
}
