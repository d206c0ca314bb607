import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger } from '../src/logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { log: createLogger({ level: 'info', destination }), lines };
}

describe('logger', () => {
  it('censors secret-bearing keys at any depth and e-mail fields', () => {
    const { log, lines } = capture();
    log.info(
      {
        connection: { accessToken: 'shpat_abc', refreshTokenEnc: 'v1.k.x.y.z', storeId: 'shop.myshopify.com' },
        customerEmail: 'ann@example.com',
        headers: { authorization: 'Bearer abc' },
      },
      'synced',
    );
    const out = lines.join('');
    expect(out).not.toMatch(/shpat_abc|v1\.k\.x|ann@example|Bearer abc/);
    expect(JSON.parse(out)).toMatchObject({
      connection: { accessToken: '[redacted]', storeId: 'shop.myshopify.com' },
      customerEmail: '[email]',
      msg: 'synced',
    });
  });

  it('masks e-mail addresses and tokens inside messages and errors', () => {
    const { log, lines } = capture();
    log.warn('order from bob@example.org failed with Bearer eyJhbGciOi.abc and xoxb-123-456');
    log.error({ err: new Error('refresh failed for carol@example.net') }, 'oops');
    const out = lines.join('');
    expect(out).not.toMatch(/bob@|eyJhbGciOi|xoxb-123|carol@/);
    expect(out).toContain('[email]');
  });
});
