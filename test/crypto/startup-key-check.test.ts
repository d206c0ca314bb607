import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.ts';
import { encryptToken, generateKeySpec, parseKeyRing } from '../../src/crypto/tokens.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openRuntime } from '../../src/runtime.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/db.ts';
import { silentLog } from '../helpers/sandbox.ts';
import { childEnv, frame } from '../helpers/spawn.ts';

/**
 * A wrong or missing TOKEN_ENCRYPTION_KEY stops a process at startup with one clear line (it used
 * to mark every connection NEEDS_REAUTH and ask sellers to reconnect), and a database that is
 * down is one clear line too, not a stack trace.
 */
describe('startup checks and statement timeouts', () => {
  let db: ScratchDatabase;
  const right = generateKeySpec('k1');
  const open = (key: string) =>
    openRuntime(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'frame-keys-')),
        TOKEN_ENCRYPTION_KEY: key,
      }),
      { log: silentLog },
    );

  beforeAll(async () => {
    db = await createScratchDatabase();
    await migrate(db.url);
    const rt = await open(right);
    const user = await rt.db.user.create({ data: { name: 'Key seller' } });
    await rt.db.marketplaceConnection.create({
      data: {
        userId: user.id,
        marketplace: 'ETSY',
        storeId: 'key-store',
        accessTokenEnc: encryptToken('etsy-token', parseKeyRing(right)),
      },
    });
    await rt.close();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('opens with the key the tokens were encrypted with, and with it kept behind a new one', async () => {
    await (await open(right)).close();
    await (await open(`${generateKeySpec('k2')},${right}`)).close();
  });

  it("refuses another key, or a ring without the tokens' key id, naming what to do; nothing is changed", async () => {
    await expect(open(generateKeySpec('k1'))).rejects.toThrow(
      /TOKEN_ENCRYPTION_KEY cannot read the tokens in the database \(a marketplace connection, key id k1\): .*failed authentication.*Set the key they were encrypted with/,
    );
    await expect(open(generateKeySpec('k9'))).rejects.toThrow(
      /key id k1\): token was encrypted with key k1, which TOKEN_ENCRYPTION_KEY no longer holds/,
    );
    const rt = await open(right);
    expect(await rt.db.marketplaceConnection.findMany({ select: { status: true } })).toEqual([{ status: 'CONNECTED' }]);
    await rt.close();
  });

  it('ends a statement that runs past DB_STATEMENT_TIMEOUT_MS', async () => {
    const rt = await openRuntime(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'frame-keys-')),
        TOKEN_ENCRYPTION_KEY: right,
        DB_STATEMENT_TIMEOUT_MS: '300',
      }),
      { log: silentLog },
    );
    try {
      await expect(rt.db.$queryRaw`SELECT pg_sleep(2)`).rejects.toThrow(/statement timeout/);
      expect(await rt.db.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    } finally {
      await rt.close();
    }
  });

  it('the CLI says so in one line, and one line for a database that is down', async () => {
    const wrongKey = await frame(
      ['sync', '--user', 'nobody'],
      childEnv({ DATABASE_URL: db.url, TOKEN_ENCRYPTION_KEY: generateKeySpec('k1') }),
    );
    expect(wrongKey.code).toBe(1);
    expect(
      wrongKey.stderr
        .trim()
        .split('\n')
        .filter((l) => !/warn/i.test(l)),
    ).toEqual([expect.stringMatching(/^frame sync: TOKEN_ENCRYPTION_KEY cannot read the tokens/)]);
    const down = await frame(
      ['ask', '--user', 'demo', 'sales last month'],
      childEnv({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere', TOKEN_ENCRYPTION_KEY: right }),
    );
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toMatch(
      /^frame ask: database unreachable at 127\.0\.0\.1:1\/nowhere: database not reachable$/,
    );
    expect(down.stderr).not.toMatch(/\n\s+at /);
  });
});
