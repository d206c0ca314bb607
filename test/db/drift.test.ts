import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { diffDatamodels, SCHEMA_FILE } from '../../src/db/schema-engine.ts';
import { createScratchDatabase, query, type ScratchDatabase, testDatabaseUrl } from '../helpers/db.ts';

/**
 * schema.prisma and the migrations must describe the same database. The migrated test
 * database is compared, catalog against catalog, with a database built straight from
 * schema.prisma by Prisma's own schema engine.
 */

// Bookkeeping tables that live beside ours: migrations history and Agenda's job store.
const NOT_OURS = `('_prisma_migrations', 'agenda_jobs', 'agenda_logs')`;

async function describeSchema(url: string) {
  const [columns, indexes, constraints, enums] = await Promise.all([
    query(
      url,
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, numeric_scale
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT IN ${NOT_OURS} ORDER BY 1, 2`,
    ),
    query(
      url,
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT IN ${NOT_OURS} ORDER BY 2`,
    ),
    query(
      url,
      `SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS def
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = 'public' AND c.conrelid::regclass::text NOT IN ${NOT_OURS} ORDER BY 1, 2`,
    ),
    query(
      url,
      `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
                FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1`,
    ),
  ]);
  return { columns, indexes, constraints, enums };
}

describe('schema drift', () => {
  let fromSchema: ScratchDatabase;
  let fromEditedSchema: ScratchDatabase;
  const schema = readFileSync(SCHEMA_FILE, 'utf8');

  beforeAll(async () => {
    fromSchema = await createScratchDatabase();
    fromEditedSchema = await createScratchDatabase();
    await query(fromSchema.url, await diffDatamodels(fromSchema.url, null, schema));
    const edited = schema.replace(
      '  orderNumber       String?\n',
      '  orderNumber       String?\n  giftNote          String?\n',
    );
    expect(edited).not.toBe(schema);
    await query(fromEditedSchema.url, await diffDatamodels(fromEditedSchema.url, null, edited));
  });
  afterAll(async () => {
    await fromSchema?.drop();
    await fromEditedSchema?.drop();
  });

  it('the migrated database matches schema.prisma', async () => {
    const [migrated, expected] = await Promise.all([describeSchema(testDatabaseUrl()), describeSchema(fromSchema.url)]);
    expect(expected.columns.length).toBeGreaterThan(50);
    expect(migrated).toEqual(expected);
  });

  it('the comparison notices a field that is in the schema but not in the migrations', async () => {
    const [migrated, edited] = await Promise.all([
      describeSchema(testDatabaseUrl()),
      describeSchema(fromEditedSchema.url),
    ]);
    expect(migrated).not.toEqual(edited);
    expect(edited.columns).toContainEqual(
      expect.objectContaining({ table_name: 'UnifiedOrder', column_name: 'giftNote' }),
    );
  });
});
