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
    AND o."orderDate" >= ${period.start} AND o."orderDate" < ${period.end}
    ${marketplaceFilter(Prisma.sql`o.marketplace`, marketplaces)}`;
}

export type Bucket = 'day' | 'week' | 'month';

/** The first local day of an order's day/week (Monday)/month, as 'YYYY-MM-DD'. */
export function localBucket(tenant: TenantContext, bucket: Bucket): Prisma.Sql {
  const local = Prisma.sql`(o."orderDate" AT TIME ZONE ${tenant.timeZone})`;
  if (bucket === 'day') return Prisma.sql`to_char(${local}, 'YYYY-MM-DD')`;
  if (bucket === 'week') return Prisma.sql`to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')`;
  return Prisma.sql`to_char(date_trunc('month', ${local}), 'YYYY-MM-DD')`;
}
