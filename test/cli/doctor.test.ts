import { describe, expect, it } from '@jest/globals';
import { seededScratchDatabase } from '../analytics/seed.ts';
import { query, testDatabaseUrl } from '../helpers/db.ts';
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

  it('adds sellers, stores by state, the oldest data, failing syncs and the worker’s heartbeat', async () => {
    const db = await seededScratchDatabase();
    try {
      const doctor = async () => {
        const r = await frame(['doctor', '--json'], childEnv({ DATABASE_URL: db.url }));
        return Object.fromEntries(
          (JSON.parse(r.stdout) as { checks: { name: string; status: string; detail: string }[] }).checks.map((c) => [
            c.name,
            c,
          ]),
        );
      };
      let checks = await doctor();
      expect(checks.sellers).toMatchObject({
        status: 'ok',
        detail: '3 sellers, 7 stores (3 connected, 3 disconnected, 1 error)',
      });
      expect(checks['oldest data']).toMatchObject({
        status: 'warn',
        detail: expect.stringMatching(/^SHOPIFY B Shop, synced \d+ days ago$/),
      });
      expect(checks['failing syncs']).toMatchObject({ status: 'warn', detail: '1: EBAY a-ebay (token revoked)' });
      expect(checks.worker).toMatchObject({ status: 'warn', detail: expect.stringContaining('no worker has run') });
      await query(
        db.url,
        `INSERT INTO "WorkerHeartbeat" (id, backend, "startedAt", "seenAt") VALUES ('host:42', 'postgres', now(), now())`,
      );
      checks = await doctor();
      expect(checks.worker).toMatchObject({
        status: 'ok',
        detail: expect.stringMatching(/^host:42 on postgres, seen \d+ s ago$/),
      });
      await query(db.url, `UPDATE "WorkerHeartbeat" SET "seenAt" = now() - interval '10 minutes'`);
      expect((await doctor()).worker).toMatchObject({
        status: 'warn',
        detail: 'host:42 last seen 10 min ago: it may have died',
      });
    } finally {
      await db.drop();
    }
  });
});
