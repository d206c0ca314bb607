import { Prisma } from '../generated/prisma/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import type { ResolvedPeriod } from './period.ts';
import type { TenantContext } from './tenant.ts';

/**
 * Shared WHERE fragments (parameterized, composed with Prisma.sql): the tenant always, the
 * period and the marketplaces when given. They assume the order table is aliased `o`.
 */
export function marketplaceFilter(column: Prisma.Sql, marketplaces: readonly MarketplaceType[] | undefined): Prisma.Sql {
  if (!marketplaces || marketplaces.length === 0) return Prisma.empty;
  return Prisma.sql`AND ${column} = ANY(${[...marketplaces]}::"MarketplaceType"[])`;
}

export function ordersInScope(tenant: TenantContext, period: ResolvedPeriod, marketplaces: readonly MarketplaceType[] | undefined): Prisma.Sql {
  return Prisma.sql`o."userId" = ${tenant.userId}
    AND o."orderedAt" >= ${period.start} AND o."orderedAt" < ${period.end}
    ${marketplaceFilter(Prisma.sql`o.marketplace`, marketplaces)}`;
}
