import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Tests run against a real PostgreSQL: TEST_DATABASE_URL (set by .ci/run or by the global
 * setup). Tests that need an empty database make a scratch one on the same server.
 */

export const LOCAL_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set (test/global-setup.ts sets it)');
  return url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(sql: string, adminUrl = withDatabase(testDatabaseUrl(), 'postgres')): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(
  baseUrl = process.env.TEST_DATABASE_URL ?? LOCAL_ADMIN_URL,
  prefix = 'frame_scratch',
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const adminUrl = withDatabase(baseUrl, 'postgres');
  await adminQuery(`CREATE DATABASE "${name}"`, adminUrl);
  return {
    name,
    url: withDatabase(baseUrl, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, adminUrl),
  };
}

export async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
