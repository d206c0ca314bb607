import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { syncProgressView } from '../../src/cli/sync-progress-view.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { ConnectionReport } from '../../src/sync/sync-connection.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';

function stream(tty: boolean) {
  const chunks: string[] = [];
  const out = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk.toString());
        cb();
      },
    }),
    { isTTY: tty },
  );
  return { out, text: () => chunks.join('') };
}

const report = (connectionId: string, fetched: number): ConnectionReport => ({
  connectionId,
  marketplace: 'SHOPIFY',
  storeId: connectionId,
  status: 'SUCCESS',
  streams: [{ stream: 'ORDERS', status: 'SUCCESS', fetched, upserted: fetched, skipped: 0, error: null, logId: 'l' }],
});

describe('sync progress', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    const user = await rt.db.user.create({ data: { name: 'P' } });
    // one store a quarter through its year of history (3 of 12 months read), 150 orders so far
    const run = {
      startedAt: '2026-12-01T00:00:00.000Z',
      until: '2026-12-01T00:00:00.000Z',
      backfillFrom: '2025-12-01T00:00:00.000Z',
      windowFrom: '2026-03-02T06:00:00.000Z',
      windowTo: '2026-04-01T00:00:00.000Z',
      page: null,
      maxSeen: null,
      fetched: 150,
      upserted: 150,
      skipped: 0,
    };
    await rt.db.marketplaceConnection.createMany({
      data: [
        { id: 'p-1', userId: user.id, marketplace: 'SHOPIFY', storeId: 'p-1', cursors: { ORDERS: { run } } },
        { id: 'p-2', userId: user.id, marketplace: 'ETSY', storeId: 'p-2' },
      ],
    });
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('redraws one line on a terminal: stores done, orders, orders/s and the time left', async () => {
    const { out, text } = stream(true);
    const view = syncProgressView(rt.db, out);
    view.start(['p-1', 'p-2']);
    await new Promise((r) => setTimeout(r, 700));
    const CLEAR_LINE = '\r\u001b[K';
    expect(text().startsWith(CLEAR_LINE)).toBe(true);
    expect(text().split(CLEAR_LINE)[1]).toMatch(/^0 of 2 stores done · 150 orders · [\d,]+\/s · about \d+ s left$/);
    view.done(report('p-2', 40));
    await view.stop();
    expect(text().split(CLEAR_LINE).at(-1)).toMatch(
      /^1 of 2 stores done · 190 orders · [\d,]+\/s · about \d+ s left\n$/,
    );
  });

  it('writes a plain line per store when the output is not a terminal', async () => {
    const { out, text } = stream(false);
    const view = syncProgressView(rt.db, out, { total: 500 });
    view.start(['p-1', 'p-2']);
    await new Promise((r) => setTimeout(r, 600));
    view.done(report('p-2', 40));
    await view.stop();
    expect(text()).toBe('SHOPIFY p-2: SUCCESS, 40 records read\n');
  });
});
