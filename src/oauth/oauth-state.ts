import { createHash, randomBytes } from 'node:crypto';
import { decryptToken, encryptToken, type KeyRing } from '../crypto/tokens.ts';
import type { Db } from '../db/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';

/**
 * The `state` of a connect flow: random, bound to the seller the connect link named, single use,
 * 10 minutes. With PKCE it carries the code verifier (encrypted, like every secret we store).
 */

const STATE_TTL_MS = 10 * 60_000;

export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export interface NewOAuthState {
  state: string;
  /** S256 challenge of the stored verifier, when the provider uses PKCE */
  codeChallenge?: string;
  expiresAt: Date;
}

export async function createOAuthState(
  deps: { db: Db; keyRing: KeyRing },
  opts: { userId: string; marketplace: MarketplaceType; pkce: boolean },
  now: Date,
): Promise<NewOAuthState> {
  const state = randomBytes(32).toString('base64url');
  // 64 characters, inside RFC 7636's 43..128
  const verifier = opts.pkce ? randomBytes(48).toString('base64url') : undefined;
  const expiresAt = new Date(now.getTime() + STATE_TTL_MS);
  await deps.db.oAuthState.create({
    data: {
      state,
      userId: opts.userId,
      marketplace: opts.marketplace,
      expiresAt,
      ...(verifier && { codeVerifier: encryptToken(verifier, deps.keyRing) }),
    },
  });
  return { state, expiresAt, ...(verifier && { codeChallenge: s256(verifier) }) };
}

/** An unused, unexpired state of this marketplace (the shop form step), or null. */
export async function findOpenState(db: Db, state: string, marketplace: MarketplaceType, now: Date) {
  const row = await db.oAuthState.findUnique({ where: { state } });
  return row && row.marketplace === marketplace && row.usedAt === null && row.expiresAt > now ? row : null;
}

/** Names the store a state will authorize (Shopify's shop domain), while it is still open. */
export async function setStateStore(db: Db, id: string, storeId: string): Promise<boolean> {
  const { count } = await db.oAuthState.updateMany({ where: { id, usedAt: null }, data: { storeId } });
  return count === 1;
}

export const codeChallengeOf = (codeVerifierEnc: string | null, keyRing: KeyRing) =>
  codeVerifierEnc ? s256(decryptToken(codeVerifierEnc, keyRing)) : undefined;

export interface ClaimedState {
  userId: string;
  storeId: string | null;
  codeVerifier?: string;
}

/**
 * Uses a state up, atomically: only one callback can claim it. Null when it is unknown, already
 * used, expired or another marketplace's.
 */
export async function claimOAuthState(
  deps: { db: Db; keyRing: KeyRing },
  state: string,
  marketplace: MarketplaceType,
  now: Date,
): Promise<ClaimedState | null> {
  const { count } = await deps.db.oAuthState.updateMany({
    where: { state, marketplace, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  const row = await deps.db.oAuthState.findUniqueOrThrow({ where: { state } });
  return {
    userId: row.userId,
    storeId: row.storeId,
    ...(row.codeVerifier && { codeVerifier: decryptToken(row.codeVerifier, deps.keyRing) }),
  };
}
