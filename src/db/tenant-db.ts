import pg from 'pg';
import { Prisma } from '../generated/prisma/client.ts';
import { type Db, poolOf } from './client.ts';

/** The role analytics read as: row-level security shows it one seller's rows (migration row_level_security). */
export const TENANT_ROLE = 'frame_reader';

/**
 * Read access to one seller's data and nothing else: each query runs in a read-only transaction
 * of its own, as TENANT_ROLE, with the transaction-local `app.user_id` the policies compare
 * against, so a query that forgets its `userId` filter still sees only this seller's rows.
 * Queries go past Prisma (a transaction per query through Prisma cost ~0.3 ms more than this),
 * with rows converted as Prisma's `$queryRaw` converts them.
 */
export interface TenantDb {
  readonly userId: string;
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
}

const AS_PRISMA: Partial<Record<number, (text: string) => unknown>> = {
  [pg.types.builtins.NUMERIC]: (text) => new Prisma.Decimal(text),
  [pg.types.builtins.INT8]: (text) => BigInt(text),
  [pg.types.builtins.DATE]: (text) => new Date(`${text}T00:00:00Z`),
  [pg.types.builtins.TIMESTAMP]: (text) => new Date(`${text.replace(' ', 'T')}Z`),
};
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => AS_PRISMA[oid] ?? pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

/** Dates as instants (node-pg would write them in the process's zone), as Prisma sends them. */
const param = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.map(param) : v);

export function tenantDb(db: Db, userId: string): TenantDb {
  const begin = `BEGIN READ ONLY; SET LOCAL ROLE ${TENANT_ROLE}; SELECT set_config('app.user_id', ${pg.escapeLiteral(userId)}, true)`;
  return {
    userId,
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T> {
      const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
      const client = await poolOf(db).connect();
      // the rows go back as soon as they are here: the connection returns to the pool once its
      // transaction has ended (a connection that cannot end it is closed instead)
      const end = (statement: string) =>
        void client.query(statement).then(
          () => client.release(),
          (err: Error) => client.release(err),
        );
      try {
        await client.query(begin);
        const { rows } = await client.query({ text: sql.text, values: sql.values.map(param), types });
        end('COMMIT');
        return rows as T;
      } catch (err) {
        end('ROLLBACK');
        throw err;
      }
    },
  };
}
