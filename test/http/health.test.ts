import { afterAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { loadConfig } from '../../src/config.ts';
import { generateKeySpec, parseKeyRing } from '../../src/crypto/tokens.ts';
import { createPrisma } from '../../src/db/client.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { VERSION } from '../../src/version.ts';
import { testDatabaseUrl } from '../helpers/db.ts';

const base = {
  log: createLogger({ level: 'silent' }),
  embedded: false,
  config: loadConfig({ NODE_ENV: 'test' }),
  keyRing: parseKeyRing(generateKeySpec()),
};
const db = createPrisma(testDatabaseUrl());
const unreachable = createPrisma('postgresql://postgres@127.0.0.1:1/none');
afterAll(async () => {
  await db.$disconnect();
  await unreachable.$disconnect();
});

describe('GET /healthz', () => {
  it('answers 200 with the version and the database status', async () => {
    const res = await request(createApp({ ...base, db })).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ status: 'ok', version: VERSION, database: { status: 'up', embedded: false } });
    expect(typeof res.body.database.latencyMs).toBe('number');
  });

  it('answers 503 when the database does not', async () => {
    const res = await request(createApp({ ...base, db: unreachable })).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'degraded', database: { status: 'down' } });
  });
});

describe('unknown routes', () => {
  it('answer a JSON 404', async () => {
    const res = await request(createApp({ ...base, db })).post('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for POST /no/such/route' } });
  });
});
