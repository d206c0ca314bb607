import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  decryptToken,
  encryptToken,
  generateKeySpec,
  loadKeyRing,
  parseKeyRing,
  rotateToken,
} from '../../src/crypto/tokens.ts';
import { ErrorCode } from '../../src/errors.ts';

const TOKEN = 'shpat_0123456789abcdef0123456789abcdef';

describe('token encryption', () => {
  it('round-trips, and never stores the plaintext', () => {
    const ring = parseKeyRing(generateKeySpec('k1'));
    const a = encryptToken(TOKEN, ring);
    const b = encryptToken(TOKEN, ring);
    expect(a).toMatch(/^v1\.k1\./);
    expect(a).not.toContain(TOKEN);
    expect(a).not.toBe(b); // fresh IV each time
    expect(decryptToken(a, ring)).toBe(TOKEN);
    expect(decryptToken(encryptToken('', ring), ring)).toBe('');
  });

  it('detects tampering with the data, the tag, or the key id', () => {
    const ring = parseKeyRing(`${generateKeySpec('k1')},${generateKeySpec('k2')}`);
    const parts = encryptToken(TOKEN, ring).split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const i of [2, 3, 4]) {
      const bad = parts.map((p, j) => (j === i ? flip(p) : p)).join('.');
      expect(() => decryptToken(bad, ring)).toThrow(expect.objectContaining({ code: ErrorCode.CRYPTO }));
    }
    const movedKey = ['v1', 'k2', ...parts.slice(2)].join('.');
    expect(() => decryptToken(movedKey, ring)).toThrow(/failed authentication/);
    expect(() => decryptToken('plaintext-token', ring)).toThrow(/not a token ciphertext/);
  });

  it('rotates keys: old ciphertexts still open, and re-encrypt under the new key', () => {
    const oldSpec = generateKeySpec('old');
    const oldRing = parseKeyRing(oldSpec);
    const stored = encryptToken(TOKEN, oldRing);
    const newRing = parseKeyRing(`${generateKeySpec('new')},${oldSpec}`);
    expect(decryptToken(stored, newRing)).toBe(TOKEN);
    const rotated = rotateToken(stored, newRing);
    expect(rotated).toMatch(/^v1\.new\./);
    expect(rotateToken(rotated, newRing)).toBe(rotated);
    // once the old key is dropped, only the rotated ciphertext opens
    const onlyNew = parseKeyRing(`${generateKeySpec('other')}`);
    expect(() => decryptToken(stored, onlyNew)).toThrow(/key old/);
    expect(decryptToken(rotated, newRing)).toBe(TOKEN);
  });

  it('rejects malformed key specs', () => {
    expect(() => parseKeyRing('k1:short')).toThrow(/32 bytes/);
    const spec = generateKeySpec('k1');
    expect(() => parseKeyRing(`${spec},${spec}`)).toThrow(/appears twice/);
  });

  it('creates a private local key file outside production, and refuses that in production', () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'frame-key-')), 'token-key');
    const warnings: string[] = [];
    const ring = loadKeyRing({ spec: undefined, keyFile, production: false, warn: (m) => warnings.push(m) });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(warnings[0]).toContain('TOKEN_ENCRYPTION_KEY not set');
    // said once: not again for the same file
    const again = loadKeyRing({ spec: undefined, keyFile, production: false, warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(decryptToken(encryptToken(TOKEN, ring), again)).toBe(TOKEN);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^local:/);
    expect(() => loadKeyRing({ spec: undefined, keyFile, production: true, warn: () => {} })).toThrow(
      /required in production/,
    );
  });

  it('makes a key file others can read private, and says so', () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'frame-key-')), 'token-key');
    loadKeyRing({ spec: undefined, keyFile, production: false, warn: () => {} });
    chmodSync(keyFile, 0o644);
    const warnings: string[] = [];
    loadKeyRing({ spec: undefined, keyFile, production: false, warn: (m) => warnings.push(m) });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(warnings).toContainEqual(expect.stringMatching(/readable by others \(mode 644\): made private \(600\)/));
  });
});
