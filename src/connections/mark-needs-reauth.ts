import type { CoreDeps } from '../deps.ts';
import { childLogger } from '../logger.ts';
import { MARKETPLACE_NAMES, marketplaceSlug } from '../marketplaces/registry.ts';
import type { Notifier } from '../notify/notifier.ts';
import { createConnectLink } from './connect-link.ts';

export interface ReauthDeps extends CoreDeps {
  notifier?: Notifier;
}

/**
 * A CONNECTED connection whose grant the marketplace refused becomes NEEDS_REAUTH; on that
 * transition only (however many callers see the refusal), the seller gets one DM with a fresh
 * connect link. Returns whether this call made the transition.
 */
export async function markNeedsReauth(deps: ReauthDeps, connectionId: string, reason: string): Promise<boolean> {
  const now = deps.now?.() ?? new Date();
  const { count } = await deps.db.marketplaceConnection.updateMany({
    where: { id: connectionId, status: 'CONNECTED' },
    data: { status: 'NEEDS_REAUTH', lastError: reason, lastErrorAt: now },
  });
  if (count === 0) return false;
  const connection = await deps.db.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
  const log = childLogger(deps.log, { connectionId, marketplace: connection.marketplace });
  log.warn('the marketplace refused the grant: the seller must reconnect');
  if (!deps.notifier) return true;
  try {
    const name = MARKETPLACE_NAMES[connection.marketplace];
    // a link is for a person reading it now: real time, whatever clock the caller syncs by
    const link = await createConnectLink(deps, connection.userId, connection.marketplace);
    const minutes = Math.round((link.expiresAt.getTime() - Date.now()) / 60_000);
    const sent = await deps.notifier.notifyUser(
      connection.userId,
      `${name} (${connection.storeName ?? connection.storeId}) stopped syncing: ${name} no longer accepts Frame's access. ` +
        `Reconnect it here: ${link.url} (works once, expires in ${minutes} minutes; after that, send "connect ${marketplaceSlug(connection.marketplace)}" for a new link).`,
    );
    if (!sent) log.warn('no channel reached the seller about reconnecting');
  } catch (err) {
    log.error({ err }, 'could not tell the seller to reconnect');
  }
  return true;
}
