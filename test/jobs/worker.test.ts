import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { type RunningWorker, startWorker } from '../../src/worker.ts';
import { createScratchDatabase, query, type ScratchDatabase } from '../helpers/db.ts';
import { childEnv, ROOT, run } from '../helpers/spawn.ts';

const JOB = 'purge-expired-oauth-states';

describe('worker (Agenda on the PostgreSQL backend)', () => {
  let scratch: ScratchDatabase;
  let rt: Runtime;
  let worker: RunningWorker;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await migrate(scratch.url);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: scratch.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'frame-worker-')),
      SYNC_CONCURRENCY: '3',
    });
    rt = await openRuntime(config, { log: createLogger({ level: 'silent' }) });
    worker = await startWorker(rt, { processEvery: '200 milliseconds' });
  });
  afterAll(async () => {
    await rt?.close();
    await scratch?.drop();
  });

  it('runs a job stored in PostgreSQL', async () => {
    const user = await rt.db.user.create({ data: { name: 'Worker test seller' } });
    const old = new Date(Date.now() - 3 * 24 * 3_600_000);
    await rt.db.oAuthState.createMany({
      data: [
        { state: 'expired-state', userId: user.id, marketplace: 'ETSY', expiresAt: old },
        { state: 'live-state', userId: user.id, marketplace: 'ETSY', expiresAt: new Date(Date.now() + 600_000) },
      ],
    });
    const done = new Promise((resolve) => worker.agenda.once(`complete:${JOB}`, resolve));
    await worker.agenda.now(JOB, { keepHours: 24 });
    await done;
    const left = await rt.db.oAuthState.findMany({ where: { userId: user.id } });
    expect(left.map((s) => s.state)).toEqual(['live-state']);
    const stored = await query<{ name: string }>(scratch.url, 'SELECT name FROM agenda_jobs WHERE name = $1', [JOB]);
    expect(stored.length).toBeGreaterThan(0);
  });

  it('syncs as many connections at once as SYNC_CONCURRENCY says', () => {
    expect(worker.agenda.definitions['sync-connection']?.concurrency).toBe(3);
  });

  it('fails a job whose payload does not match its schema, without running it', async () => {
    const failed = new Promise<Error>((resolve) => worker.agenda.once(`fail:${JOB}`, (err: Error) => resolve(err)));
    await worker.agenda.now(JOB, { keepHours: -5 });
    expect((await failed).message).toMatch(/bad payload for purge-expired-oauth-states/);
  });

  it('stops cleanly', async () => {
    await expect(worker.stop()).resolves.toBeUndefined();
  });

  it('exits 1 with a clear message when MONGODB_URL is unreachable', async () => {
    const result = await run(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/worker.ts')],
      childEnv({
        DATABASE_URL: scratch.url,
        MONGODB_URL: 'mongodb://127.0.0.1:1/frame',
        JOB_STORE_CONNECT_TIMEOUT_MS: '1000',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'frame-w-')),
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('job store unreachable: MongoDB at MONGODB_URL');
    expect(result.stderr).not.toMatch(/UnhandledPromiseRejection|unhandled/i);
  });
});
