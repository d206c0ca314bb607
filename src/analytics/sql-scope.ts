import { Prisma } from '../generated/prisma/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import type { ResolvedPeriod } from './period.ts';
import type { TenantContext } from './tenant.ts';

/**
 * Shared WHERE fragments (parameterized, composed with Prisma.sql): the tenant always, the
 * period, the marketplaces and the stores when given. Stores are the seller's connection ids;
 * a query scoped to them still filters on the tenant, so an id of another seller's store finds
 * nothing.
 */
export interface Scope {
  marketplaces?: readonly MarketplaceType[] | undefined;
  /** connection ids of the seller's own stores */
  stores?: readonly string[] | undefined;
}

export function marketplaceFilter(
  column: Prisma.Sql,
  marketplaces: readonly MarketplaceType[] | undefined,
): Prisma.Sql {
  if (!marketplaces || marketplaces.length === 0) return Prisma.empty;
  return Prisma.sql`AND ${column} = ANY(${[...marketplaces]}::"MarketplaceType"[])`;
}

export function storeFilter(column: Prisma.Sql, stores: readonly string[] | undefined): Prisma.Sql {
  if (!stores || stores.length === 0) return Prisma.empty;
  return Prisma.sql`AND ${column} = ANY(${[...stores]}::text[])`;
}

/** `AND …` for a table with a marketplace and a connection column under `alias`. */
export const scopeFilter = (alias: string, scope: Scope, connectionColumn = 'connectionId'): Prisma.Sql =>
  Prisma.sql`${marketplaceFilter(Prisma.raw(`${alias}.marketplace`), scope.marketplaces)} ${storeFilter(Prisma.raw(`${alias}."${connectionColumn}"`), scope.stores)}`;

/** Whether only some of a marketplace's stores are asked about: the rollups (per marketplace) cannot answer that. */
export const byStore = (scope: Scope): boolean => (scope.stores?.length ?? 0) > 0;

export function ordersInScope(tenant: TenantContext, period: ResolvedPeriod, scope: Scope): Prisma.Sql {
  return Prisma.sql`o."userId" = ${tenant.userId}
    AND o."orderedAt" >= ${period.start} AND o."orderedAt" < ${period.end}
    ${scopeFilter('o', scope)}`;
}
