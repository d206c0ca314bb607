import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../../src/db/embedded.ts';

describe('embedded database with several clients at once', () => {
  let embedded: EmbeddedDatabase;
  const clients: pg.Client[] = [];
  beforeAll(async () => {
    embedded = await startEmbeddedDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'frame-queue-')), port: 0 });
    for (let i = 0; i < 4; i++) {
      const c = new pg.Client({ connectionString: embedded.url });
      await c.connect();
      clients.push(c);
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await embedded?.stop();
  });

  it("keeps each client's Parse/Bind/Execute together: parameterized queries of different shapes never mix", async () => {
    const shapes = [
      (c: pg.Client, n: number) =>
        c.query('SELECT $1::int + $2::int AS v', [n, 1]).then((r) => expect(r.rows[0].v).toBe(n + 1)),
      (c: pg.Client, n: number) =>
        c
          .query('SELECT $1::text || $2::text || $3::text AS v', ['a', String(n), 'b'])
          .then((r) => expect(r.rows[0].v).toBe(`a${n}b`)),
      (c: pg.Client, n: number) => c.query('SELECT $1::int * 2 AS v', [n]).then((r) => expect(r.rows[0].v).toBe(n * 2)),
      (c: pg.Client, n: number) =>
        c
          .query('BEGIN')
          .then(() => c.query('SELECT $1::int - $2::int - $3::int - $4::int AS v', [n, 1, 1, 1]))
          .then((r) => c.query('COMMIT').then(() => expect(r.rows[0].v).toBe(n - 3))),
    ];
    await Promise.all(
      clients.map((c, i) =>
        (async () => {
          for (let n = 0; n < 150; n++) await shapes[i]!(c, n);
        })(),
      ),
    );
  }, 120_000);
});
