import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, ErrorCode } from '../errors.ts';

/**
 * OAuth tokens at rest: AES-256-GCM. A ciphertext reads `v1.<keyId>.<iv>.<tag>.<data>`
 * (base64url parts), so keys can rotate: encrypt with the first key of the ring, decrypt with
 * whichever key the ciphertext names.
 */

const VERSION = 'v1';
const IV_BYTES = 12;

export interface KeyRing {
  currentKeyId: string;
  keys: Map<string, Buffer>;
}

/** Parses `kid:base64key[,kid2:base64key2…]`; the first key encrypts. */
export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<string, Buffer>();
  let currentKeyId = '';
  for (const part of spec.split(',')) {
    const [kid, b64] = part.trim().split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!kid || !/^[A-Za-z0-9_-]+$/.test(kid) || key.length !== 32) {
      throw new AppError(ErrorCode.CRYPTO, `TOKEN_ENCRYPTION_KEY: each entry must be keyId:<32 bytes in base64>`);
    }
    if (keys.has(kid)) throw new AppError(ErrorCode.CRYPTO, `TOKEN_ENCRYPTION_KEY: key id ${kid} appears twice`);
    keys.set(kid, key);
    currentKeyId ||= kid;
  }
  return { currentKeyId, keys };
}

export function generateKeySpec(keyId = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`): string {
  return `${keyId}:${randomBytes(32).toString('base64')}`;
}

export function encryptToken(plaintext: string, ring: KeyRing): string {
  const key = ring.keys.get(ring.currentKeyId)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // The key id and version are authenticated too: moving a ciphertext to another key id fails.
  cipher.setAAD(Buffer.from(`${VERSION}.${ring.currentKeyId}`));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    VERSION,
    ring.currentKeyId,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    data.toString('base64url'),
  ].join('.');
}

export function decryptToken(ciphertext: string, ring: KeyRing): string {
  const parts = ciphertext.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new AppError(ErrorCode.CRYPTO, 'not a token ciphertext of a known version');
  }
  const [, kid, iv, tag, data] = parts as [string, string, string, string, string];
  const key = ring.keys.get(kid);
  if (!key)
    throw new AppError(
      ErrorCode.CRYPTO,
      `token was encrypted with key ${kid}, which TOKEN_ENCRYPTION_KEY no longer holds`,
    );
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${VERSION}.${kid}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new AppError(ErrorCode.CRYPTO, 'token ciphertext failed authentication (tampered or wrong key)', { cause });
  }
}

/** Re-encrypts under the current key when the ciphertext names an older one; else returns it as is. */
export function rotateToken(ciphertext: string, ring: KeyRing): string {
  return ciphertext.split('.')[1] === ring.currentKeyId
    ? ciphertext
    : encryptToken(decryptToken(ciphertext, ring), ring);
}

/**
 * The key ring of this process: TOKEN_ENCRYPTION_KEY, or (outside production) a key file
 * created on first use under the data folder, with a warning. A key file others can read is
 * made private (0600), with a warning.
 */
export function loadKeyRing(opts: {
  spec: string | undefined;
  keyFile: string;
  production: boolean;
  warn: (msg: string) => void;
}): KeyRing {
  if (opts.spec) return parseKeyRing(opts.spec);
  if (opts.production) throw new AppError(ErrorCode.CONFIG, 'TOKEN_ENCRYPTION_KEY is required in production');
  if (!existsSync(opts.keyFile)) {
    mkdirSync(dirname(opts.keyFile), { recursive: true });
    writeFileSync(opts.keyFile, `${generateKeySpec('local')}\n`, { mode: 0o600 });
    chmodSync(opts.keyFile, 0o600);
    // said once, when the file is made; `frame doctor` keeps saying it
    opts.warn(
      `TOKEN_ENCRYPTION_KEY not set: store tokens are encrypted with a new local key file, ${opts.keyFile} (fine for a demo; set TOKEN_ENCRYPTION_KEY in production)`,
    );
  }
  const mode = statSync(opts.keyFile).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(opts.keyFile, 0o600);
    opts.warn(`the key file ${opts.keyFile} was readable by others (mode ${mode.toString(8)}): made private (600)`);
  }
  return parseKeyRing(readFileSync(opts.keyFile, 'utf8').trim());
}
