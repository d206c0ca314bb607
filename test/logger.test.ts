import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { childLogger, createLogger, logFormat } from '../src/logger.ts';

function capture(format?: 'json' | 'pretty') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { log: createLogger({ level: 'info', destination, ...(format && { format }) }), lines };
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

  it('writes one readable line on a terminal and JSON lines when piped, in production or when asked', () => {
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({}, false)).toBe('json');
    expect(logFormat({ NODE_ENV: 'production' }, true)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    const { log, lines } = capture('pretty');
    log.warn({ connectionId: 'c1', customerEmail: 'ann@example.com' }, 'sync failed for ann@example.com');
    const out = lines.join('');
    expect(out).toMatch(
      /^\[\d{2}:\d{2}:\d{2}(\.\d{3})?\] WARN: sync failed for \[email\]\n {4}connectionId: "c1"\n {4}customerEmail: "\[email\]"\n$/,
    );
    expect(out).not.toContain('{"');
  });

  it('keeps one of each key when a child is made with keys its parent already carries', () => {
    const { log, lines } = capture();
    const sync = log.child({ connectionId: 'c1', marketplace: 'SHOPIFY' });
    childLogger(sync, { connectionId: 'c1', marketplace: 'SHOPIFY', stream: 'ORDERS' }).info('page written');
    const line = lines.join('');
    expect(line.match(/"connectionId"/g)).toHaveLength(1);
    expect(line.match(/"marketplace"/g)).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ connectionId: 'c1', marketplace: 'SHOPIFY', stream: 'ORDERS' });
  });
});
