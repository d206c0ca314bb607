import type { TenantDb } from '../db/tenant-db.ts';
import type { TenantContext } from './tenant.ts';

/**
 * The rollups (DailySales, ProductSales) keep the seller's days in the zone stored on the
 * seller; a tenant asking in another zone must read the orders themselves. The choice is made
 * before the query: a fallback branch left in the SQL is planned (parallel workers and all)
 * even when it never runs.
 */
export async function rollupFits(db: TenantDb, tenant: TenantContext): Promise<boolean> {
  const [stored] = await db.$queryRaw<
    { timeZone: string }[]
  >`SELECT "timeZone" FROM "User" WHERE id = ${tenant.userId}`;
  return stored?.timeZone === tenant.timeZone;
}
