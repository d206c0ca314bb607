import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { AppError, ErrorCode } from '../errors.ts';

/**
 * Applies prisma/migrations without Prisma's schema-engine binary, keeping the bookkeeping
 * Prisma keeps (`_prisma_migrations`, checksum = sha256 hex of migration.sql) so that
 * `prisma migrate deploy` on a connected machine agrees with what ran here.
 */

export const MIGRATIONS_DIR = new URL('../../prisma/migrations/', import.meta.url).pathname;

// The advisory lock key Prisma's own migrate uses on PostgreSQL, so the two exclude each other.
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: sha256(sql) };
    });
}

/** Prisma accepts a file whose only change is CRLF → LF; so do we. */
function sameChecksum(file: MigrationFile, recorded: string): boolean {
  return file.checksum === recorded || sha256(file.sql.replaceAll('\r\n', '\n')) === recorded;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrate(
  databaseUrl: string,
  opts: { dir?: string; log?: (msg: string) => void } = {},
): Promise<MigrateResult> {
  const log = opts.log ?? (() => {});
  const files = readMigrations(opts.dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect().catch((cause: unknown) => {
    throw new AppError(ErrorCode.DATABASE, `cannot connect to the database: ${(cause as Error).message}`, { cause });
  });
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(CREATE_TABLE);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      );
      const live = rows.filter((r) => r.rolled_back_at === null);
      const failed = live.find((r) => r.finished_at === null);
      if (failed) {
        throw new AppError(
          ErrorCode.MIGRATION_FAILED,
          `migration ${failed.migration_name} is recorded as started but not finished; resolve it (prisma migrate resolve) before going on`,
        );
      }
      const done = new Map(live.map((r) => [r.migration_name, r.checksum]));
      for (const file of files) {
        const recorded = done.get(file.name);
        if (recorded !== undefined && !sameChecksum(file, recorded)) {
          throw new AppError(
            ErrorCode.MIGRATION_EDITED,
            `migration ${file.name} was edited after it was applied (checksum ${file.checksum.slice(0, 12)}… ≠ applied ${recorded.slice(0, 12)}…); restore the file and add a new migration instead`,
          );
        }
      }
      const local = new Set(files.map((f) => f.name));
      for (const name of done.keys()) {
        if (!local.has(name))
          log(`warning: migration ${name} is applied in the database but missing from ${opts.dir ?? MIGRATIONS_DIR}`);
      }

      const result: MigrateResult = {
        applied: [],
        alreadyApplied: files.filter((f) => done.has(f.name)).map((f) => f.name),
      };
      for (const file of files.filter((f) => !done.has(f.name))) {
        await client.query('BEGIN');
        try {
          await client.query(file.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [randomUUID(), file.checksum, file.name],
          );
          await client.query('COMMIT');
        } catch (cause) {
          await client.query('ROLLBACK');
          throw new AppError(
            ErrorCode.MIGRATION_FAILED,
            `migration ${file.name} failed and was rolled back: ${(cause as Error).message}`,
            { cause },
          );
        }
        log(`applied ${file.name}`);
        result.applied.push(file.name);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}
