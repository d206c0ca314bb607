import type { Db } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';

/** Minutes between scheduled syncs for each sync frequency (DAILY_ON_DEMAND: daily, plus on demand). */
export const FREQUENCY_MINUTES = { FIFTEEN_MINUTES: 15, HOURLY: 60, SIX_HOURS: 360, DAILY_ON_DEMAND: 1440 } as const;

/** A queued sync not started after this is queued again (its job was lost). */
export const QUEUED_EXPIRY_MINUTES = 30;

/**
 * Connected connections (alias c, their seller u) whose last sync is older than their seller's
 * frequency, not being synced right now. A minute of slack so a sweep every 15 minutes does not
 * miss a connection synced 14m59s ago.
 */
const due = (now: Date) => Prisma.sql`
  c.status = 'CONNECTED'
  AND (c."syncLockedUntil" IS NULL OR c."syncLockedUntil" < ${now})
  AND (c."lastSyncAt" IS NULL OR c."lastSyncAt" < ${now}::timestamptz + interval '1 minute' - make_interval(mins => CASE u."syncFrequency"
        WHEN 'FIFTEEN_MINUTES' THEN ${FREQUENCY_MINUTES.FIFTEEN_MINUTES}::int WHEN 'HOURLY' THEN ${FREQUENCY_MINUTES.HOURLY}::int
        WHEN 'SIX_HOURS' THEN ${FREQUENCY_MINUTES.SIX_HOURS}::int ELSE ${FREQUENCY_MINUTES.DAILY_ON_DEMAND}::int END))`;

/** Due connections, never-synced first, then the stalest. */
export async function findDueConnections(db: Db, now: Date, limit: number): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM "MarketplaceConnection" c JOIN "User" u ON u.id = c."userId"
    WHERE ${due(now)}
    ORDER BY c."lastSyncAt" ASC NULLS FIRST
    LIMIT ${limit}`;
}

/**
 * Claims up to `batch` due connections not queued already (or queued so long ago that the job
 * was lost), marking them queued: a sweep claims batch after batch until none is left, and two
 * sweeps at once never claim the same connection (rows another one is claiming are skipped).
 */
export async function claimDueConnections(db: Db, now: Date, batch: number): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>`
    UPDATE "MarketplaceConnection" SET "syncQueuedAt" = ${now}
    WHERE id IN (
      SELECT c.id FROM "MarketplaceConnection" c JOIN "User" u ON u.id = c."userId"
      WHERE ${due(now)}
        AND (c."syncQueuedAt" IS NULL OR c."syncQueuedAt" < ${now}::timestamptz - make_interval(mins => ${QUEUED_EXPIRY_MINUTES}::int))
      ORDER BY c."lastSyncAt" ASC NULLS FIRST
      LIMIT ${batch}
      FOR UPDATE OF c SKIP LOCKED)
    RETURNING id`;
}
