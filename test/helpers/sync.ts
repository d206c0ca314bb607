import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { encryptToken } from '../../src/crypto/tokens.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { MarketplaceType } from '../../src/generated/prisma/enums.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import { createScratchDatabase, type ScratchDatabase } from './db.ts';
import { type OneSandbox, silentLog } from './sandbox.ts';

/** A runtime on a fresh migrated database, configured with the sandboxes' app credentials. */
export async function syncRuntime(
  extraEnv: Record<string, string> = {},
): Promise<{ rt: Runtime; db: ScratchDatabase }> {
  const db = await createScratchDatabase();
  await migrate(db.url);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'frame-sync-')),
    ...SANDBOX_APP_CREDENTIALS,
    // the sandboxes hold no rate limit unless a test sets one: pacing calls to the real ones would only slow the tests
    SYNC_RATE_LIMITS: 'off',
    ...extraEnv,
  });
  const rt = await openRuntime(config, { log: silentLog });
  // Prisma loads its query compiler on the first query: inside the test, not in a timer between tests (where Jest refuses imports)
  await rt.db.$queryRaw`SELECT 1`;
  return { rt, db };
}

/** A seller with one connection to a sandbox store. */
export async function connectSandboxStore(rt: Runtime, sandbox: OneSandbox, storeKey: string, user?: { id: string }) {
  const spec = sandbox.data.store(storeKey).spec;
  const seller =
    user ?? (await rt.db.user.create({ data: { name: `Seller of ${storeKey}`, timeZone: 'America/New_York' } }));
  const connection = await rt.db.marketplaceConnection.create({
    data: {
      userId: seller.id,
      marketplace: spec.marketplace.toUpperCase() as MarketplaceType,
      storeId: spec.storeId,
      storeCurrency: spec.currency,
      storeTimeZone: spec.timeZone,
      apiBaseUrl: sandbox.url,
      accessTokenEnc: encryptToken(spec.token, rt.keyRing),
    },
  });
  return { userId: seller.id, connectionId: connection.id, spec };
}
