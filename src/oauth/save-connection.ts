import { DISCONNECTED_HOLDER } from '../connections/disconnect.ts';
import { encryptToken, type KeyRing } from '../crypto/tokens.ts';
import type { Db } from '../db/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import type { GrantedConnection } from '../marketplaces/oauth-provider.ts';

/**
 * Stores a completed flow on the seller's connection to that store (a reconnect updates the same
 * row and keeps its cursors): tokens encrypted, status CONNECTED, errors cleared.
 */
export async function saveConnection(
  deps: { db: Db; keyRing: KeyRing },
  userId: string,
  marketplace: MarketplaceType,
  granted: GrantedConnection,
): Promise<{ id: string }> {
  const data = {
    status: 'CONNECTED' as const,
    storeName: granted.storeName,
    storeCurrency: granted.storeCurrency,
    storeTimeZone: granted.storeTimeZone,
    apiBaseUrl: granted.apiBaseUrl ?? null,
    accessTokenEnc: encryptToken(granted.accessToken, deps.keyRing),
    accessTokenExpiresAt: granted.accessTokenExpiresAt,
    refreshTokenEnc: granted.refreshToken === null ? null : encryptToken(granted.refreshToken, deps.keyRing),
    refreshTokenExpiresAt: granted.refreshTokenExpiresAt,
    scopes: granted.scopes,
    lastError: null,
    lastErrorAt: null,
  };
  const row = await deps.db.marketplaceConnection.upsert({
    where: { userId_marketplace_storeId: { userId, marketplace, storeId: granted.storeId } },
    create: { userId, marketplace, storeId: granted.storeId, ...data },
    update: data,
    select: { id: true },
  });
  // a disconnect left its lease on the row to stop a running sync: the reconnected store syncs now
  await deps.db.marketplaceConnection.updateMany({
    where: { id: row.id, syncLockedBy: DISCONNECTED_HOLDER },
    data: { syncLockedBy: null, syncLockedUntil: null },
  });
  return row;
}
