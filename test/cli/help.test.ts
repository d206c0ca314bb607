import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPrisma } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/db.ts';
import { childEnv, frame } from '../helpers/spawn.ts';

const COMMANDS = ['migrate', 'doctor', 'sandbox', 'sync', 'ask', 'digest', 'chat', 'demo'];

describe('frame: help, errors and exit codes', () => {
  let db: ScratchDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'frame-help-'));
  beforeAll(async () => {
    db = await createScratchDatabase();
    await migrate(db.url);
    const prisma = createPrisma(db.url);
    try {
      await prisma.user.create({
        data: { id: 'seller-1', name: 'Ann', identities: { create: { channel: 'CONSOLE', externalId: 'ann' } } },
      });
      await prisma.user.create({
        data: {
          id: 'seller-3',
          name: 'Dora',
          identities: { create: { channel: 'CONSOLE', externalId: 'dora' } },
          connections: { create: { marketplace: 'EBAY', storeId: 'dora-ebay', status: 'DISCONNECTED' } },
        },
      });
      // a store the demo connected to a sandbox that has stopped (nothing listens on port 1)
      await prisma.user.create({
        data: {
          id: 'seller-2',
          name: 'Cara',
          identities: { create: { channel: 'CONSOLE', externalId: 'cara' } },
          connections: {
            create: {
              marketplace: 'ETSY',
              storeId: 'cara-etsy',
              status: 'CONNECTED',
              apiBaseUrl: 'http://127.0.0.1:1',
            },
          },
        },
      });
    } finally {
      await prisma.$disconnect();
    }
  });
  afterAll(async () => {
    await db?.drop();
  });
  const env = () => childEnv({ DATABASE_URL: db.url, DATA_DIR: dir });

  it('lists every command, its summary in one aligned column, and the exit codes', async () => {
    const help = await frame(['--help'], env());
    expect(help.code).toBe(0);
    const lines = help.stdout.split('\n');
    const listed = lines.filter((l) => /^ {2}[a-z]+ {2,}\S/.test(l));
    expect(listed.map((l) => l.trim().split(/\s+/)[0])).toEqual(COMMANDS);
    expect(new Set(listed.map((l) => l.search(/(?<=\S {2,})\S/))).size).toBe(1);
    expect(help.stdout).toMatch(/exit codes:\n {2}0 {2}done\n {2}1 .*\n {2}2 /);
    expect((await frame(['help', 'digest'], env())).stdout).toMatch(/^usage: frame digest --user U/);
  });

  it('names an unknown command and an unknown option, and explains a command with --help', async () => {
    const unknown = await frame(['sink'], env());
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, 'frame: unknown command "sink"']);
    const help = await frame(['ask', '--help'], env());
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: frame ask --user U "question"/);
    expect(help.stdout).toMatch(/options:\n {2}--user U {8}the seller: a console login/);
    const flag = await frame(['ask', '--usr', 'ann', 'sales?'], env());
    expect([flag.code, flag.stderr.split('\n')[0]]).toEqual([2, 'frame ask: unknown option --usr']);
  });

  it('refuses a second demo on a data directory a running demo holds, saying how to run one beside it', async () => {
    const held = mkdtempSync(join(tmpdir(), 'frame-demo-lock-'));
    // this test process stands for the running demo
    writeFileSync(join(held, 'demo.lock'), JSON.stringify({ pid: process.pid, startedAt: '2026-12-07T10:00:00.000Z' }));
    const second = await frame(['demo', '--no-chat'], childEnv({ DATA_DIR: held }));
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `frame demo: another demo (pid ${process.pid}, started 2026-12-07T10:00:00.000Z) is running on ${held}`,
    );
    expect(second.stderr).toContain('DATA_DIR=.data-2 npm run demo');
    expect(second.stdout).toBe('');
  });

  it('takes a console login wherever it takes a seller', async () => {
    const byLogin = await frame(['sync', '--user', 'ann'], env());
    expect([byLogin.code, byLogin.stderr]).toEqual([2, expect.stringContaining('no connections for user ann')]);
    const started = Date.now();
    const stopped = await frame(['sync', '--user', 'cara'], env());
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('ETSY cara-etsy (');
    expect(stopped.stdout).toContain(
      'SKIPPED — its API at http://127.0.0.1:1 does not answer: the demo that connected it to its sandbox has stopped (start "npm run demo" again)',
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    // a disconnected store is skipped, and that is no failure
    const disconnected = await frame(['sync', '--user', 'dora'], env());
    expect([disconnected.code, disconnected.stdout]).toEqual([0, expect.stringContaining('EBAY dora-ebay (')]);
    expect(disconnected.stdout).toContain('SKIPPED');
    const nobody = await frame(['sync', '--user', 'bob'], env());
    expect(nobody.stderr).toContain('no seller "bob" (give a console login such as demo, or a user id)');
  });
});
