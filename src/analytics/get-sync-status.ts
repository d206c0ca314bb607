import type { TenantDb } from '../db/tenant-db.ts';
import type { ToolArgs } from './args.ts';
import type { Freshness } from './get-freshness.ts';
import type { TenantContext } from './tenant.ts';

export interface ConnectionStatusLine {
  marketplace: string;
  storeId: string;
  storeName: string | null;
  status: string;
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  orders: number;
  products: number;
}

export interface SyncStatus {
  connections: ConnectionStatusLine[];
  freshness: Pick<Freshness, 'asOf'>;
}

/** The seller's connections: state, last sync, last error, and how much each has brought in. */
export async function getSyncStatus(
  db: TenantDb,
  tenant: TenantContext,
  _args: ToolArgs<'get_sync_status'>,
): Promise<SyncStatus> {
  const connections = await db.$queryRaw<ConnectionStatusLine[]>`
    SELECT c.marketplace::text AS marketplace, c."storeId", c."storeName", c.status::text AS status,
      c."lastSyncAt", c."lastError", c."lastErrorAt",
      c."orderCount" AS orders,
      (SELECT count(*) FROM "UnifiedProduct" p WHERE p."connectionId" = c.id AND p."userId" = ${tenant.userId})::int AS products
    FROM "MarketplaceConnection" c
    WHERE c."userId" = ${tenant.userId}
    ORDER BY c.marketplace::text, c."storeId"`;
  const synced = connections
    .filter((c) => c.status === 'CONNECTED')
    .map((c) => c.lastSyncAt)
    .filter((d): d is Date => d !== null);
  return { connections, freshness: { asOf: synced.length ? new Date(Math.min(...synced.map(Number))) : null } };
}
