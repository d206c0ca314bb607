import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';
import type { KeyRing } from '../crypto/tokens.ts';
import type { Db } from '../db/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';

/**
 * Connect links sent by DM: `/oauth/<marketplace>/start?link=<nonce>.<mac>`. The MAC (HMAC-SHA256
 * under a key derived from TOKEN_ENCRYPTION_KEY's keys) makes a link unforgeable; the stored row
 * makes it single use and expiring, and names the seller it was issued to.
 */

const TTL_MS = 30 * 60_000;

export type ConnectLinkProblem = 'invalid' | 'expired' | 'used';

export class ConnectLinkError extends Error {
  constructor(readonly problem: ConnectLinkProblem) {
    super(
      problem === 'invalid'
        ? 'This connect link is not valid. Ask the bot for a new one ("connect <marketplace>").'
        : problem === 'expired'
          ? 'This connect link has expired. Ask the bot for a new one ("connect <marketplace>").'
          : 'This connect link was already used. Ask the bot for a new one ("connect <marketplace>").',
    );
    this.name = 'ConnectLinkError';
  }
}

export interface ConnectLinkDeps {
  db: Db;
  keyRing: KeyRing;
  config: Pick<Config, 'publicBaseUrl'>;
}

const macKey = (key: Buffer) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'frame connect link v1', 32));
const mac = (key: Buffer, nonce: string, marketplace: MarketplaceType) =>
  createHmac('sha256', macKey(key)).update(`${marketplace}.${nonce}`).digest('base64url');

export async function createConnectLink(
  deps: ConnectLinkDeps,
  userId: string,
  marketplace: MarketplaceType,
  now = new Date(),
): Promise<{ url: string; expiresAt: Date }> {
  const nonce = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + TTL_MS);
  await deps.db.connectLink.create({ data: { nonce, userId, marketplace, expiresAt } });
  const token = `${nonce}.${mac(deps.keyRing.keys.get(deps.keyRing.currentKeyId)!, nonce, marketplace)}`;
  return { url: `${deps.config.publicBaseUrl}/oauth/${marketplace.toLowerCase()}/start?link=${token}`, expiresAt };
}

/** Checks the link without using it up (the confirm page); throws ConnectLinkError. */
export async function checkConnectLink(
  deps: ConnectLinkDeps,
  token: string,
  marketplace: MarketplaceType,
  now = new Date(),
): Promise<{ id: string; userId: string }> {
  const [nonce, given] = token.split('.');
  if (!nonce || !given) throw new ConnectLinkError('invalid');
  const givenBuf = Buffer.from(given);
  // any key of the ring: a link sent before a key rotation still opens
  const signed = [...deps.keyRing.keys.values()].some((key) => {
    const expected = Buffer.from(mac(key, nonce, marketplace));
    return expected.length === givenBuf.length && timingSafeEqual(expected, givenBuf);
  });
  if (!signed) throw new ConnectLinkError('invalid');
  const row = await deps.db.connectLink.findUnique({ where: { nonce } });
  if (!row || row.marketplace !== marketplace) throw new ConnectLinkError('invalid');
  if (row.usedAt) throw new ConnectLinkError('used');
  if (row.expiresAt <= now) throw new ConnectLinkError('expired');
  return { id: row.id, userId: row.userId };
}

/** Checks the link and uses it up; returns the seller it was issued to. Throws ConnectLinkError. */
export async function redeemConnectLink(
  deps: ConnectLinkDeps,
  token: string,
  marketplace: MarketplaceType,
  now = new Date(),
): Promise<{ userId: string }> {
  const row = await checkConnectLink(deps, token, marketplace, now);
  const claimed = await deps.db.connectLink.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) throw new ConnectLinkError('used');
  return { userId: row.userId };
}
