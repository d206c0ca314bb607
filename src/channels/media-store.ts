import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';

/**
 * Files a chat channel fetches from us by URL (WhatsApp chart images): stored under an
 * unguessable id (32 random bytes, base64url) that is the only key to them, until they expire.
 */

export const MEDIA_TTL_MS = 24 * 3_600_000;
/** WhatsApp refuses images above 5 MB; a bigger file is not stored and the caller falls back */
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;

const ID = /^[A-Za-z0-9_-]{43}$/;

export class MediaTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`media of ${size} bytes is above the ${MAX_MEDIA_BYTES}-byte limit`);
    this.name = 'MediaTooLargeError';
  }
}

export interface StoredMedia {
  id: string;
  expiresAt: Date;
}

/** Stores a file for `userId`; throws MediaTooLargeError above MAX_MEDIA_BYTES. */
export async function saveMedia(
  db: Db,
  file: { userId: string; contentType: string; bytes: Buffer },
  opts: { now?: Date; ttlMs?: number } = {},
): Promise<StoredMedia> {
  if (file.bytes.length > MAX_MEDIA_BYTES) throw new MediaTooLargeError(file.bytes.length);
  const id = randomBytes(32).toString('base64url');
  const expiresAt = new Date((opts.now ?? new Date()).getTime() + (opts.ttlMs ?? MEDIA_TTL_MS));
  await db.chatMedia.create({
    data: { id, userId: file.userId, contentType: file.contentType, bytes: new Uint8Array(file.bytes), expiresAt },
  });
  return { id, expiresAt };
}

/** The file behind an id while it has not expired; null for an unknown, malformed or expired id alike. */
export async function readMedia(
  db: Db,
  id: string,
  now = new Date(),
): Promise<{ contentType: string; bytes: Buffer; expiresAt: Date } | null> {
  if (!ID.test(id)) return null;
  const row = await db.chatMedia.findUnique({
    where: { id },
    select: { contentType: true, bytes: true, expiresAt: true },
  });
  if (!row || row.expiresAt <= now) return null;
  return { contentType: row.contentType, bytes: Buffer.from(row.bytes), expiresAt: row.expiresAt };
}

/** Deletes expired files; returns how many. */
export async function purgeExpiredMedia(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.chatMedia.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

/** The public URL of a stored PNG (what Twilio fetches). */
export const mediaUrl = (config: Pick<Config, 'publicBaseUrl'>, id: string, extension = 'png') =>
  `${config.publicBaseUrl}/media/${id}.${extension}`;
