import type { Db } from '../db/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { marketplaceFilter } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

export interface Freshness {
  /** the oldest last sync of the seller's connected connections in scope; null when none has synced */
  asOf: Date | null;
}

/** How current the answer is: data is complete only up to the stalest connection in scope. */
export async function getFreshness(db: Db, tenant: TenantContext, marketplaces?: readonly MarketplaceType[]): Promise<Freshness> {
  const rows = await db.$queryRaw<{ asOf: Date | null }[]>`
    SELECT min(c."lastSyncAt") AS "asOf" FROM "MarketplaceConnection" c
    WHERE c."userId" = ${tenant.userId} AND c.status = 'CONNECTED'
      ${marketplaceFilter(Prisma.sql`c.marketplace`, marketplaces)}`;
  return { asOf: rows[0]?.asOf ?? null };
}
