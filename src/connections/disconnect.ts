import type { Logger } from 'pino';
import { decryptToken } from '../crypto/tokens.ts';
import type { Tx } from '../db/client.ts';
import type { CoreDeps } from '../deps.ts';
import { AppError, ErrorCode } from '../errors.ts';
import type { MarketplaceConnection } from '../generated/prisma/client.ts';
import { childLogger } from '../logger.ts';
import { OAUTH_PROVIDERS } from '../marketplaces/registry.ts';
import { oauthApp } from '../oauth/oauth-app.ts';

export type DisconnectDeps = CoreDeps;

/** The lease holder a disconnect leaves on the row: a sync still running loses its lease at its next write. */
export const DISCONNECTED_HOLDER = 'disconnected';

const PURGE_BATCH = 5000;
/** a purge of a large store runs far past Prisma's default 5 s for an interactive transaction */
const PURGE_TIMEOUT_MS = 30 * 60_000;

/** Asks the marketplace to revoke the tokens, where its API allows; never throws. */
async function revokeTokens(deps: DisconnectDeps, connection: MarketplaceConnection, log: Logger): Promise<boolean> {
  const provider = OAUTH_PROVIDERS[connection.marketplace];
  if (!provider?.revoke || (!connection.accessTokenEnc && !connection.refreshTokenEnc)) return false;
  try {
    await provider.revoke(oauthApp(deps.config, connection.marketplace, log), {
      accessToken: connection.accessTokenEnc ? decryptToken(connection.accessTokenEnc, deps.keyRing) : null,
      refreshToken: connection.refreshTokenEnc ? decryptToken(connection.refreshTokenEnc, deps.keyRing) : null,
      storeId: connection.storeId,
      apiBaseUrl: connection.apiBaseUrl,
    });
    log.info('tokens revoked at the marketplace');
    return true;
  } catch (err) {
    // the message only: a request object could carry the token
    log.warn({ reason: (err as Error).message }, 'revoking the tokens failed; deleting our copy anyway');
    return false;
  }
}

/**
 * Deletes a connection's orders a batch at a time, each batch's items first: the rollup triggers
 * then take a batch out in one statement each, with arrays of a bounded size.
 */
async function purgeOrders(tx: Tx, connectionId: string): Promise<number> {
  let purged = 0;
  for (;;) {
    const batch = await tx.unifiedOrder.findMany({ where: { connectionId }, select: { id: true }, take: PURGE_BATCH });
    if (batch.length === 0) return purged;
    const ids = batch.map((o) => o.id);
    await tx.unifiedOrderItem.deleteMany({ where: { orderId: { in: ids } } });
    purged += (await tx.unifiedOrder.deleteMany({ where: { id: { in: ids } } })).count;
  }
}

/**
 * Disconnects a store: revokes the tokens where the marketplace allows (best effort), deletes our
 * copy, marks the connection DISCONNECTED and takes its sync lease so a running sync stops at its
 * next write. `purge` also deletes the connection's orders (with their lines) and products and
 * resets its cursors, so a later reconnect backfills; without it the data stays for answers.
 */
export async function disconnectConnection(
  deps: DisconnectDeps,
  connectionId: string,
  opts: { purge: boolean },
): Promise<{ revoked: boolean; purged: { orders: number; products: number } }> {
  const connection = await deps.db.marketplaceConnection.findUnique({ where: { id: connectionId } });
  if (!connection) throw new AppError(ErrorCode.NOT_FOUND, `no marketplace connection ${connectionId}`);
  const log = childLogger(deps.log, { connectionId, marketplace: connection.marketplace });
  const revoked = await revokeTokens(deps, connection, log);
  const purged = await deps.db.$transaction(
    async (tx) => {
      await tx.marketplaceConnection.update({
        where: { id: connectionId },
        data: {
          status: 'DISCONNECTED',
          accessTokenEnc: null,
          refreshTokenEnc: null,
          accessTokenExpiresAt: null,
          refreshTokenExpiresAt: null,
          lastError: null,
          lastErrorAt: null,
          syncLockedBy: DISCONNECTED_HOLDER,
          syncLockedUntil: new Date(Date.now() + deps.config.SYNC_LEASE_SECONDS * 1000),
          ...(opts.purge && { cursors: {}, lastSyncAt: null }),
        },
      });
      if (!opts.purge) return { orders: 0, products: 0 };
      const orders = await purgeOrders(tx, connectionId);
      const products = await tx.unifiedProduct.deleteMany({ where: { connectionId } });
      return { orders, products: products.count };
    },
    { timeout: PURGE_TIMEOUT_MS },
  );
  log.info({ revoked, purge: opts.purge, purged }, 'connection disconnected');
  return { revoked, purged };
}
