import { appendFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../src/db/migrate.ts';
import { ErrorCode } from '../../src/errors.ts';
import { createScratchDatabase, query, type ScratchDatabase } from '../helpers/db.ts';
import { childEnv, frame } from '../helpers/spawn.ts';

const scratch: ScratchDatabase[] = [];
const newDb = async () => {
  const db = await createScratchDatabase();
  scratch.push(db);
  return db;
};
afterEach(async () => {
  await Promise.all(scratch.splice(0).map((d) => d.drop()));
});

function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'frame-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('migrate', () => {
  it('applies every migration to an empty database, then re-runs as a no-op', async () => {
    const db = await newDb();
    const names = readMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);

    const first = await migrate(db.url);
    expect(first).toEqual({ applied: names, alreadyApplied: [] });
    const second = await migrate(db.url);
    expect(second).toEqual({ applied: [], alreadyApplied: names });

    const rows = await query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
      finished_at: Date | null;
    }>(
      db.url,
      'SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(readMigrations()[i]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toBeInstanceOf(Date);
    }
    const tables = await query<{ t: string }>(
      db.url,
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.t)).toEqual(
      expect.arrayContaining(['UnifiedOrder', 'UnifiedOrderItem', 'UnifiedProduct', 'MarketplaceConnection']),
    );
  });

  it('refuses to go on when an applied migration file was edited', async () => {
    const db = await newDb();
    const dir = copyOfMigrations();
    await migrate(db.url, { dir });
    const first = readMigrations(dir)[0]!;
    appendFileSync(join(dir, first.name, 'migration.sql'), '\n-- edited\n');
    await expect(migrate(db.url, { dir })).rejects.toMatchObject({
      code: ErrorCode.MIGRATION_EDITED,
      message: expect.stringContaining(first.name),
    });
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const db = await newDb();
    const dir = copyOfMigrations();
    mkdirSync(join(dir, '99999999999999_broken'));
    writeFileSync(
      join(dir, '99999999999999_broken', 'migration.sql'),
      'CREATE TABLE "HalfDone" (id int);\nSELECT * FROM "no_such_table";\n',
    );
    await expect(migrate(db.url, { dir })).rejects.toMatchObject({ code: ErrorCode.MIGRATION_FAILED });
    const half = await query<{ t: string | null }>(db.url, `SELECT to_regclass('"HalfDone"')::text AS t`);
    expect(half[0]!.t).toBeNull();
    const recorded = await query<{ n: string }>(db.url, 'SELECT migration_name AS n FROM "_prisma_migrations"');
    expect(recorded.map((r) => r.n)).toEqual(readMigrations().map((m) => m.name));
  });

  it('two concurrent `frame migrate` processes leave one correct history', async () => {
    const db = await newDb();
    const env = childEnv({ DATABASE_URL: db.url });
    const [a, b] = await Promise.all([frame(['migrate', '--json'], env), frame(['migrate', '--json'], env)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const results = [JSON.parse(a.stdout), JSON.parse(b.stdout)] as { applied: string[] }[];
    const names = readMigrations().map((m) => m.name);
    // exactly one of them applied each migration
    expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
    const rows = await query<{ n: string; c: string }>(
      db.url,
      'SELECT migration_name AS n, count(*)::text AS c FROM "_prisma_migrations" GROUP BY 1 ORDER BY 1',
    );
    expect(rows).toEqual(names.map((n) => ({ n, c: '1' })));
  });
});
