import { createHash, randomInt } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { ChatAddress } from '../identity.ts';

/**
 * One-time codes that attach a chat address (a WhatsApp number) to an existing seller. The code
 * is issued to the seller where they are already known (Slack, the terminal), typed on the new
 * channel, used once, and expires; only its hash is stored.
 */

const TTL_MS = 15 * 60_000;
// no 0/O, 1/I/L: the code is read on one screen and typed on a phone
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 8;

const hash = (code: string) => createHash('sha256').update(code).digest('hex');
const normalize = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

export async function issueLinkCode(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<{ code: string; expiresAt: Date }> {
  const raw = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const expiresAt = new Date(now.getTime() + TTL_MS);
  await db.linkCode.create({ data: { codeHash: hash(raw), userId, expiresAt } });
  return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expiresAt };
}

/**
 * Redeems a code for `address`: the address now belongs to the code's seller (moved from the
 * seller it was attached to before, if any). Null when the code is unknown, used or expired.
 */
export async function redeemLinkCode(
  db: Db,
  code: string,
  address: ChatAddress,
  now = new Date(),
): Promise<{ userId: string } | null> {
  const codeHash = hash(normalize(code));
  return db.$transaction(async (tx) => {
    const row = await tx.linkCode.findUnique({ where: { codeHash } });
    if (!row) return null;
    const claimed = await tx.linkCode.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) return null;
    const k = { channel: address.channel, teamId: address.teamId ?? '', externalId: address.externalId };
    await tx.chatIdentity.upsert({
      where: { channel_teamId_externalId: k },
      create: { ...k, userId: row.userId },
      update: { userId: row.userId },
    });
    return { userId: row.userId };
  });
}

/** Whether a message looks like a link code (what a new WhatsApp number sends). */
export const looksLikeLinkCode = (text: string) =>
  new RegExp(`^(link\\s+)?[${ALPHABET}]{4}-?[${ALPHABET}]{4}$`, 'i').test(text.trim());
