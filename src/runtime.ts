import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { checkKeys } from './crypto/check-keys.ts';
import { type KeyRing, loadKeyRing } from './crypto/tokens.ts';
import { createPrisma, type Db } from './db/client.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { unreachable } from './db/reachable.ts';
import { AppError } from './errors.ts';
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
  if (database.embedded) log.debug({ url: database.url }, 'DATABASE_URL not set: using the embedded database');
  const db = createPrisma(database.url, log, { statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS });
  try {
    // The embedded database is created on first use, so it is brought up to date on open.
    if (opts.migrate || database.embedded) {
      const result = await migrate(database.url, { log: (msg) => log.debug(msg) });
      if (result.applied.length > 0)
        log.info(
          { last: result.applied.at(-1) },
          `${result.applied.length} migration${result.applied.length === 1 ? '' : 's'} applied`,
        );
    }
    await checkKeys(db, keyRing);
  } catch (err) {
    await db.$disconnect().catch(() => {});
    await database.stop();
    throw unreachable(err, database.url) ?? err;
  }
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

/** For the web and worker processes: the runtime, or one clear line (a wrong key, a database that is down) and exit 1. */
export async function openRuntimeOrExit(config: Config, processName: string): Promise<Runtime> {
  try {
    return await openRuntime(config);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    process.stderr.write(`${processName} cannot start: ${err.message}\n`);
    process.exit(1);
  }
}
