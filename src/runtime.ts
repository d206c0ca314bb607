import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { loadKeyRing, type KeyRing } from './crypto/tokens.ts';
import { createPrisma, type Db } from './db/client.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { logger as rootLogger } from './logger.ts';

/** What every process opens first: the database (configured or embedded), Prisma, the token keys. */
export interface Runtime {
  config: Config;
  db: Db;
  databaseUrl: string;
  embedded: boolean;
  keyRing: KeyRing;
  log: Logger;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, opts: { migrate?: boolean; log?: Logger } = {}): Promise<Runtime> {
  const log = opts.log ?? rootLogger;
  const keyRing = loadKeyRing({
    spec: config.TOKEN_ENCRYPTION_KEY,
    keyFile: join(config.DATA_DIR, 'token-key'),
    production: config.NODE_ENV === 'production',
    warn: (msg) => log.warn(msg),
  });
  const database = await openDatabase(config);
  if (database.embedded) log.info({ url: database.url }, 'DATABASE_URL not set: using the embedded database');
  // The embedded database is created on first use, so it is brought up to date on open.
  if (opts.migrate || database.embedded) {
    const result = await migrate(database.url, { log: (msg) => log.info(msg) });
    if (result.applied.length > 0) log.info({ applied: result.applied }, 'migrations applied');
  }
  const db = createPrisma(database.url, log);
  return {
    config,
    db,
    databaseUrl: database.url,
    embedded: database.embedded,
    keyRing,
    log,
    async close() {
      await db.$disconnect();
      await database.stop();
    },
  };
}
