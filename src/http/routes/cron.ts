import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { findDueConnections } from '../../sync/find-due.ts';
import { type SyncDeps, syncConnection } from '../../sync/sync-connection.ts';

/** Connections synced per call: serverless schedulers give a request little time. */
export const CRON_BATCH = 5;

function secretMatches(given: string | undefined, secret: string | undefined): boolean {
  if (!given || !secret) return false;
  // equal-length digests, so the comparison takes the same time whatever is sent
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

/**
 * POST /api/cron/sync for a serverless scheduler: `Authorization: Bearer <CRON_SECRET>` (or
 * `x-cron-secret`), then one sweep batch of at most five due connections, synced in the request.
 */
export function cronRouter(deps: SyncDeps): Router {
  const router = Router();
  router.post('/api/cron/sync', async (req, res, next) => {
    const header = req.get('authorization');
    const given = header?.startsWith('Bearer ') ? header.slice(7) : req.get('x-cron-secret');
    if (!secretMatches(given, deps.config.CRON_SECRET)) {
      res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'missing or wrong cron secret' } });
      return;
    }
    try {
      const due = await findDueConnections(deps.db, new Date(), CRON_BATCH);
      const reports = [];
      for (const { id } of due) reports.push(await syncConnection(deps, id, { trigger: 'CRON' }));
      res.json({ synced: reports.length, reports });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
