import { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { VERSION } from '../../version.ts';

/** GET /healthz: 200 when the database answers, 503 when it does not. */
export function healthRouter({ db, embedded }: { db: Db; embedded: boolean }): Router {
  const router = Router();
  const startedAt = Date.now();
  router.get('/healthz', async (_req, res) => {
    const t0 = performance.now();
    let database: { status: 'up' | 'down'; latencyMs?: number; error?: string; embedded: boolean };
    try {
      await db.$queryRaw`SELECT 1`;
      database = { status: 'up', latencyMs: Math.round((performance.now() - t0) * 10) / 10, embedded };
    } catch (err) {
      database = { status: 'down', error: (err as Error).message.split('\n')[0] ?? 'unreachable', embedded };
    }
    res
      .status(database.status === 'up' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        status: database.status === 'up' ? 'ok' : 'degraded',
        version: VERSION,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        database,
      });
  });
  return router;
}
