import type { TenantDb } from '../db/tenant-db.ts';
import type { ResolvedPeriod } from './period.ts';
import type { TenantContext } from './tenant.ts';

export interface ReturnsReported {
  period: ResolvedPeriod;
  definition: string;
  /** one row per local day and marketplace with returns; days without any are absent */
  days: Array<{ day: string; marketplace: string; returns: number }>;
}

export const RETURNS_REPORTED_DEFINITION =
  "orders that are RETURNED, on the local day of the marketplace's last change to them (when the return was recorded, unless the order changed again after it); an order the marketplace gave no change time for is not counted";

/**
 * Returns by the day they came in rather than by the day the order was placed (get-return-rates):
 * what a daily digest reports as "returns yesterday" and compares with the days before.
 */
export async function getReturnsReported(
  db: TenantDb,
  tenant: TenantContext,
  period: ResolvedPeriod,
): Promise<ReturnsReported> {
  // bounded by the (userId, sourceUpdatedAt) index: under row-level security the status cannot bound a scan (enum equality is not leakproof)
  const days = await db.$queryRaw<ReturnsReported['days']>`
    SELECT to_char(o."sourceUpdatedAt" AT TIME ZONE ${tenant.timeZone}, 'YYYY-MM-DD') AS day,
      o.marketplace::text AS marketplace, count(*)::int AS returns
    FROM "UnifiedOrder" o
    WHERE o."userId" = ${tenant.userId} AND o."sourceUpdatedAt" >= ${period.start} AND o."sourceUpdatedAt" < ${period.end}
      AND o.status = 'RETURNED'
    GROUP BY 1, 2 ORDER BY 1, 2`;
  return { period, definition: RETURNS_REPORTED_DEFINITION, days };
}
