import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Logger } from 'pino';
import { type Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { logger as rootLogger } from '../logger.ts';

export type Db = PrismaClient;
/** a Prisma interactive transaction's client */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
export type PgClient = pg.ClientBase;

const pools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * The one way to get a Prisma client: through adapter-pg over a pg pool of our own, whatever
 * serves the URL. JIT is off for our sessions: analytics queries carry a branch that is planned
 * but rarely run (the rollup's fallback to the orders), and compiling it took longer than the
 * queries themselves. An idle connection the server ends (a restart, a failover, an idle
 * timeout) is logged, not fatal: the pool opens a new one on next use. `statementTimeoutMs`
 * (0: none) ends any statement that runs longer, so no question can hold a connection for long.
 */
export function createPrisma(
  url: string,
  log: Logger = rootLogger,
  opts: { statementTimeoutMs?: number } = {},
): PrismaClient {
  const timeout = opts.statementTimeoutMs ? ` -c statement_timeout=${Math.trunc(opts.statementTimeoutMs)}` : '';
  const pool = new pg.Pool({ connectionString: url, options: `-c jit=off${timeout}` });
  pool.on('error', (err) =>
    log.warn({ reason: err.message }, 'database: an idle connection was lost; a new one opens on next use'),
  );
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * One transaction on a connection of the pool under `db`, past Prisma: the sync writes each page
 * this way because Prisma's interactive transaction and per-call overhead (measured ~2.4 ms a
 * transaction and ~0.7 ms a statement here) cost more than the page's statements themselves.
 */
export async function pgTransaction<T>(db: Db, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // a connection that cannot even roll back is closed rather than given back to the pool
    await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}

/** The pg pool under a client made by createPrisma. */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('a pg connection needs a client made by createPrisma');
  return pool;
}

/** Runs a Prisma.sql statement on a pg client: its `text` carries $1… placeholders. */
export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(
  client: PgClient,
  statement: Prisma.Sql,
): Promise<pg.QueryResult<T>> {
  return client.query<T>(statement.text, statement.values as unknown[]);
}
