import type { Db } from '../db/client.ts';

/** Minutes between scheduled syncs for each sync frequency (DAILY_ON_DEMAND: daily, plus on demand). */
export const FREQUENCY_MINUTES = { FIFTEEN_MINUTES: 15, HOURLY: 60, SIX_HOURS: 360, DAILY_ON_DEMAND: 1440 } as const;

/**
 * Connected connections whose last sync is older than their seller's frequency (never-synced
 * first, then the stalest), skipping those another process is syncing right now. A minute of
 * slack so a sweep every 15 minutes does not miss a connection synced 14m59s ago.
 */
export async function findDueConnections(db: Db, now: Date, limit: number): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM "MarketplaceConnection" c JOIN "User" u ON u.id = c."userId"
    WHERE c.status = 'CONNECTED'
      AND (c."syncLockedUntil" IS NULL OR c."syncLockedUntil" < ${now})
      AND (c."lastSyncAt" IS NULL OR c."lastSyncAt" < ${now}::timestamptz + interval '1 minute' - make_interval(mins => CASE u."syncFrequency"
            WHEN 'FIFTEEN_MINUTES' THEN ${FREQUENCY_MINUTES.FIFTEEN_MINUTES}::int WHEN 'HOURLY' THEN ${FREQUENCY_MINUTES.HOURLY}::int
            WHEN 'SIX_HOURS' THEN ${FREQUENCY_MINUTES.SIX_HOURS}::int ELSE ${FREQUENCY_MINUTES.DAILY_ON_DEMAND}::int END))
    ORDER BY c."lastSyncAt" ASC NULLS FIRST
    LIMIT ${limit}`;
}
