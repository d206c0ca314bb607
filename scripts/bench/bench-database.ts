import pg from 'pg';
import { migrate } from '../../src/db/migrate.ts';

/**
 * A benchmark's scratch database `name` on DATABASE_URL's server (default the local PostgreSQL):
 * made afresh, migrated and seeded by `seed`, or, with `keep` and one already there, reused as it
 * is. Returns its URL.
 */
export async function benchDatabase(
  name: string,
  keep: boolean,
  seed: (url: string) => Promise<unknown>,
): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--database: a plain lower-case name, not ${name}`);
  const adminUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (keep && exists) return url;
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  await migrate(url);
  await seed(url);
  return url;
}
