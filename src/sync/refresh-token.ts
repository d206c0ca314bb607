import { ensureAccessToken, type TokenDeps } from '../connections/access-token.ts';
import type { MarketplaceConnection } from '../generated/prisma/client.ts';
import { CONNECTORS } from '../marketplaces/registry.ts';
import type { ConnectorContext } from '../marketplaces/types.ts';

/**
 * Before a sync: the context carrying the connection's live token, refreshed first when it
 * expires within the margin (src/oauth/access-token.ts: one refresh per connection across
 * processes). On failure: null, the error recorded on the connection; a refused grant has
 * marked it NEEDS_REAUTH and told the seller.
 */
export async function refreshIfExpiring(
  deps: TokenDeps,
  connection: MarketplaceConnection,
  ctx: ConnectorContext,
): Promise<ConnectorContext | null> {
  try {
    const token = await ensureAccessToken(deps, connection.id);
    return token.accessToken === ctx.accessToken ? ctx : { ...ctx, accessToken: token.accessToken };
  } catch (err) {
    deps.log.error({ err }, 'token refresh failed');
    return null;
  }
}

/**
 * After the marketplace refused `ctx`'s token mid-sync (a 401): a context with a refreshed token;
 * null when the connector cannot refresh. Throws when the refresh fails: ReconnectNeeded for a
 * refused grant (the connection is then NEEDS_REAUTH and the seller told), the error otherwise
 * (recorded on the connection, left for the next run).
 */
export async function renewRejectedToken(
  deps: TokenDeps,
  connection: MarketplaceConnection,
  ctx: ConnectorContext,
): Promise<ConnectorContext | null> {
  if (!CONNECTORS[connection.marketplace].refreshAccessToken || !connection.refreshTokenEnc) return null;
  const token = await ensureAccessToken(deps, connection.id, { rejected: ctx.accessToken });
  return { ...ctx, accessToken: token.accessToken };
}
