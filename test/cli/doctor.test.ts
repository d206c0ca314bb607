import { describe, expect, it } from '@jest/globals';
import { testDatabaseUrl } from '../helpers/db.ts';
import { childEnv, frame } from '../helpers/spawn.ts';

describe('frame doctor', () => {
  it('reports the database and what is on and off', async () => {
    const result = await frame(
      ['doctor', '--json'],
      childEnv({ DATABASE_URL: testDatabaseUrl(), SQUARE_APPLICATION_ID: 'sq0idp-x', SQUARE_APPLICATION_SECRET: 's' }),
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      checks: { name: string; status: string; detail: string }[];
    };
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(report.ok).toBe(true);
    expect(byName.database).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('DATABASE_URL, PostgreSQL'),
    });
    expect(byName.migrations).toMatchObject({ status: 'ok' });
    expect(byName['square app']).toMatchObject({ status: 'ok' });
    expect(byName['shopify app']).toMatchObject({
      status: 'off',
      detail: 'SHOPIFY_API_KEY, SHOPIFY_API_SECRET not set',
    });
    expect(byName['llm (openai)']).toMatchObject({ status: 'off' });
  });

  it('fails, naming the variable, on a bad value', async () => {
    const result = await frame(['doctor'], childEnv({ DATABASE_URL: testDatabaseUrl(), PORT: 'eighty' }));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✘ PORT/);
  });

  it('fails when the database is unreachable', async () => {
    const result = await frame(
      ['doctor', '--json'],
      childEnv({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' }),
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).checks).toContainEqual(
      expect.objectContaining({ name: 'database', status: 'fail' }),
    );
  });
});
