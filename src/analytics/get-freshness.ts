import type { TenantDb } from '../db/tenant-db.ts';
import { localDay } from './local-calendar.ts';
import { type Scope, scopeFilter } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

export interface Freshness {
  /** the oldest last sync of the seller's connected connections in scope; null when none has synced */
  asOf: Date | null;
  /** the local day of the earliest order synced in scope (the data holds nothing before it); null without orders */
  firstOrderDay: string | null;
  /** while a first sync reads a store's history newest first: the local day its data is complete from (the latest in scope); null when every history is in */
  historyFromDay: string | null;
}

/** How current and how far back the answer's data goes: complete only up to the stalest connection in scope, and from its first order. */
export async function getFreshness(db: TenantDb, tenant: TenantContext, scope: Scope = {}): Promise<Freshness> {
  const [synced, first] = await Promise.all([
    db.$queryRaw<{ asOf: Date | null; historyFrom: Date | null }[]>`
      SELECT min(c."lastSyncAt") AS "asOf", max(c."historyFrom") AS "historyFrom" FROM "MarketplaceConnection" c
      WHERE c."userId" = ${tenant.userId} AND c.status = 'CONNECTED' ${scopeFilter('c', scope, 'id')}`,
    db.$queryRaw<{ first: Date | null }[]>`
      SELECT min(o."orderedAt") AS first FROM "UnifiedOrder" o
      WHERE o."userId" = ${tenant.userId} ${scopeFilter('o', scope)}`,
  ]);
  const firstOrder = first[0]?.first ?? null;
  const historyFrom = synced[0]?.historyFrom ?? null;
  return {
    asOf: synced[0]?.asOf ?? null,
    firstOrderDay: firstOrder && localDay(firstOrder, tenant.timeZone),
    historyFromDay: historyFrom && localDay(historyFrom, tenant.timeZone),
  };
}
