import type { Logger } from 'pino';
import { decryptToken, encryptToken, type KeyRing } from '../crypto/tokens.ts';
import type { Db } from '../db/client.ts';
import type { MarketplaceConnection } from '../generated/prisma/client.ts';
import { AuthError } from '../marketplaces/http.ts';
import { CONNECTORS } from '../marketplaces/registry.ts';
import type { ConnectorContext } from '../marketplaces/types.ts';

/** An access token expiring within this margin is refreshed before a sync. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Before a sync: when the access token expires within the margin and the connector can refresh
 * it, trades the stored refresh token for a new access token, stores it (and a rotated refresh
 * token) encrypted in one update, and returns the context carrying it. On failure: null, the
 * error recorded on the connection, which a refused refresh token marks NEEDS_REAUTH.
 */
export async function refreshIfExpiring(
  deps: { db: Db; keyRing: KeyRing; log: Logger; now: () => Date },
  connection: MarketplaceConnection,
  ctx: ConnectorContext,
): Promise<ConnectorContext | null> {
  const connector = CONNECTORS[connection.marketplace];
  const expiresAt = connection.accessTokenExpiresAt;
  const now = deps.now();
  if (!connector.refreshAccessToken || !connection.refreshTokenEnc || !expiresAt || expiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS) {
    return ctx;
  }
  try {
    const token = await connector.refreshAccessToken(ctx, decryptToken(connection.refreshTokenEnc, deps.keyRing));
    await deps.db.marketplaceConnection.update({
      where: { id: connection.id },
      data: {
        accessTokenEnc: encryptToken(token.accessToken, deps.keyRing),
        accessTokenExpiresAt: token.expiresAt,
        ...(token.refreshToken !== null && {
          refreshTokenEnc: encryptToken(token.refreshToken, deps.keyRing),
          refreshTokenExpiresAt: token.refreshTokenExpiresAt,
        }),
      },
    });
    deps.log.info({ expiresAt: token.expiresAt, rotated: token.refreshToken !== null }, 'access token refreshed');
    return { ...ctx, accessToken: token.accessToken };
  } catch (err) {
    deps.log.error({ err }, 'token refresh failed');
    await deps.db.marketplaceConnection.update({
      where: { id: connection.id },
      data: { lastError: `token refresh failed: ${(err as Error).message}`, lastErrorAt: now, ...(err instanceof AuthError && { status: 'NEEDS_REAUTH' }) },
    });
    return null;
  }
}
