import { decryptToken, encryptToken } from '../crypto/tokens.ts';
import { AppError, ErrorCode } from '../errors.ts';
import type { MarketplaceConnection } from '../generated/prisma/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import { childLogger } from '../logger.ts';
import { AuthError, type HttpPolicy } from '../marketplaces/http.ts';
import { CONNECTORS, MARKETPLACE_NAMES } from '../marketplaces/registry.ts';
import { connectorContext } from './connector-context.ts';
import { markNeedsReauth, type ReauthDeps } from './mark-needs-reauth.ts';

/**
 * The one way to get a connection's live access token. It is refreshed when it expires within
 * the margin, or when the marketplace refused it (`rejected`: the token a 401 came back for).
 * One refresh per connection at a time, across processes: a transaction takes an advisory lock
 * on the connection, re-reads the row, and either finds that another caller already refreshed
 * (the stored token is no longer the one this caller saw, or it is far from expiry) and returns
 * it, or refreshes and stores the new access token together with a rotated refresh token in that
 * same transaction, so a single-use refresh token is spent once and its replacement never lost.
 * Callers in one process share one refresh. A refused grant marks the connection NEEDS_REAUTH
 * (and DMs the seller once) and throws ReconnectNeeded.
 */

export interface TokenDeps extends ReauthDeps {
  http?: Partial<HttpPolicy>;
}

export interface LiveToken {
  accessToken: string;
  expiresAt: Date | null;
}

/** The seller must connect the store again (refused grant, revoked token, disconnected). */
export class ReconnectNeeded extends Error {
  constructor(
    readonly connectionId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReconnectNeeded';
  }
}

const DAY_MS = 86_400_000;
const DEFAULT_MARGIN_MS = 5 * 60_000;
const MARGINS_MS: Partial<Record<MarketplaceType, number>> = {
  // Square asks apps to renew its 30-day tokens every 7 days or sooner, not at the last minute
  SQUARE: 23 * DAY_MS,
};

/** An access token expiring within this much is refreshed before use. */
export const refreshMarginMs = (marketplace: MarketplaceType) => MARGINS_MS[marketplace] ?? DEFAULT_MARGIN_MS;

const expiresSoon = (row: MarketplaceConnection, now: Date) =>
  row.accessTokenExpiresAt !== null &&
  row.accessTokenExpiresAt.getTime() - now.getTime() <= refreshMarginMs(row.marketplace);

const unusable = (row: MarketplaceConnection) => row.status === 'NEEDS_REAUTH' || row.status === 'DISCONNECTED';

const inflight = new Map<string, Promise<LiveToken>>();

export async function ensureAccessToken(
  deps: TokenDeps,
  connectionId: string,
  opts: { rejected?: string } = {},
): Promise<LiveToken> {
  const now = deps.now?.() ?? new Date();
  const row = await deps.db.marketplaceConnection.findUnique({ where: { id: connectionId } });
  if (!row) throw new AppError(ErrorCode.NOT_FOUND, `no marketplace connection ${connectionId}`);
  const name = MARKETPLACE_NAMES[row.marketplace];
  if (unusable(row)) throw new ReconnectNeeded(connectionId, `the ${name} connection is ${row.status}`);
  if (!row.accessTokenEnc) {
    await markNeedsReauth(deps, connectionId, 'no access token stored');
    throw new ReconnectNeeded(connectionId, `the ${name} connection has no access token`);
  }
  const stored = decryptToken(row.accessTokenEnc, deps.keyRing);
  const live = { accessToken: stored, expiresAt: row.accessTokenExpiresAt };
  const rejected = opts.rejected !== undefined;
  // refused, but the row already holds another token: someone refreshed meanwhile
  if (rejected && opts.rejected !== stored) return live;
  if (!rejected && !expiresSoon(row, now)) return live;
  if (!CONNECTORS[row.marketplace].refreshAccessToken || !row.refreshTokenEnc) {
    if (!rejected) return live;
    await markNeedsReauth(deps, connectionId, `${name} refused the access token and it cannot be refreshed`);
    throw new ReconnectNeeded(connectionId, `${name} refused the access token`);
  }
  let run = inflight.get(connectionId);
  if (!run) {
    run = refreshUnderLock(deps, connectionId, stored, rejected).finally(() => inflight.delete(connectionId));
    inflight.set(connectionId, run);
  }
  return run;
}

async function refreshUnderLock(
  deps: TokenDeps,
  connectionId: string,
  seen: string,
  rejected: boolean,
): Promise<LiveToken> {
  const log = childLogger(deps.log, { connectionId });
  try {
    return await deps.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('frame.token-refresh'), hashtext(${connectionId}))`;
        const row = await tx.marketplaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
        if (unusable(row))
          throw new ReconnectNeeded(
            connectionId,
            `the ${MARKETPLACE_NAMES[row.marketplace]} connection is ${row.status}`,
          );
        const now = deps.now?.() ?? new Date();
        const stored = row.accessTokenEnc ? decryptToken(row.accessTokenEnc, deps.keyRing) : null;
        if (stored !== null && (stored !== seen || (!rejected && !expiresSoon(row, now)))) {
          log.debug('another caller refreshed the token first');
          return { accessToken: stored, expiresAt: row.accessTokenExpiresAt };
        }
        if (!row.refreshTokenEnc) throw new ReconnectNeeded(connectionId, 'no refresh token stored');
        const ctx = { ...connectorContext(row, { ...deps, log }), ...(deps.http && { http: deps.http }) };
        const token = await CONNECTORS[row.marketplace].refreshAccessToken!(
          ctx,
          decryptToken(row.refreshTokenEnc, deps.keyRing),
        );
        await tx.marketplaceConnection.update({
          where: { id: connectionId },
          data: {
            accessTokenEnc: encryptToken(token.accessToken, deps.keyRing),
            accessTokenExpiresAt: token.expiresAt,
            ...(token.refreshToken !== null && {
              refreshTokenEnc: encryptToken(token.refreshToken, deps.keyRing),
              refreshTokenExpiresAt: token.refreshTokenExpiresAt,
            }),
          },
        });
        log.info(
          { expiresAt: token.expiresAt, rotated: token.refreshToken !== null, onRejection: rejected },
          'access token refreshed',
        );
        return { accessToken: token.accessToken, expiresAt: token.expiresAt };
      },
      // the marketplace call happens inside: allow it (and a wait for the lock) its time
      { maxWait: 30_000, timeout: 120_000 },
    );
  } catch (err) {
    if (err instanceof ReconnectNeeded) throw err;
    const message = `token refresh failed: ${(err as Error).message}`;
    if (err instanceof AuthError) {
      await markNeedsReauth(deps, connectionId, message);
      throw new ReconnectNeeded(connectionId, message, { cause: err });
    }
    await deps.db.marketplaceConnection.update({
      where: { id: connectionId },
      data: { lastError: message, lastErrorAt: deps.now?.() ?? new Date() },
    });
    throw err;
  }
}
