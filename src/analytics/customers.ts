import type { TenantDb } from '../db/tenant-db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { MarketplaceType } from '../generated/prisma/enums.ts';
import type { ResolvedPeriod } from './period.ts';
import { ordersInScope, type Scope } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

/**
 * Who a customer is, for the customer answers (top customers, new vs returning): the order's
 * e-mail, trimmed and lower-cased, where the marketplace sends one. Flipkart sends none, some
 * other marketplaces rarely do; those orders cannot be placed with a customer and are counted apart.
 * The e-mail never leaves the SQL: the answers carry ranks, figures and (for the seller only) names.
 *
 * The expression is written once here so that an index on it matches the queries exactly (the
 * one proposed for "new vs returning", which probes each buyer's earlier orders):
 *   ("userId", lower(btrim("customerEmail")), "orderedAt") INCLUDE (marketplace, "connectionId")
 *   WHERE status <> 'CANCELLED' AND lower(btrim("customerEmail")) <> ''
 */
export const customerKey = (alias: string): Prisma.Sql => Prisma.raw(`lower(btrim(${alias}."customerEmail"))`);

/** Orders of one marketplace in a period (not cancelled), and how many of them name no customer. */
export interface CustomerCoverage {
  marketplace: string;
  orders: number;
  withoutCustomer: number;
}

/**
 * The period's orders not cancelled that name their customer, summed per customer as a derived
 * table `k` (key, orders, spend, "withoutUSD", "namedAt", markets): orders; spend = Σ (order total
 * − reported refund) in USD at each order's rate, orders without a rate left out and counted;
 * unless `named: false`, the latest instant an order carried a name (to read the name back for
 * the few listed) and the marketplaces as bits (marketplacesOf()). The key (the e-mail) must
 * stay inside the SQL. The aggregate holds one exact sum per customer: over tens of thousands
 * of customers it is what these answers cost (measured: ~2–4 µs an order on the bench machine).
 */
export function customerCells(
  tenant: TenantContext,
  period: ResolvedPeriod,
  scope: Scope,
  opts: { named?: boolean } = {},
): Prisma.Sql {
  const detail =
    opts.named === false
      ? Prisma.empty
      : Prisma.sql`, max(o."orderedAt") FILTER (WHERE o."customerName" <> '') AS "namedAt", bit_or(${marketplaceBit('o')}) AS markets`;
  return Prisma.sql`(
    SELECT ${customerKey('o')} AS key, count(*)::int AS orders,
      COALESCE(sum(o."totalAmountUSD" - round(COALESCE(o."refundedAmount", 0) * o."fxRateToUSD", 4)), 0) AS spend,
      (count(*) FILTER (WHERE o."totalAmountUSD" IS NULL))::int AS "withoutUSD" ${detail}
    FROM "UnifiedOrder" o
    WHERE ${ordersInScope(tenant, period, scope)} AND o.status <> 'CANCELLED' AND ${customerKey('o')} <> ''
    GROUP BY 1
  ) k`;
}

/**
 * Per marketplace: the period's orders not cancelled and those without a customer e-mail, so an
 * answer can say what it could not count ("1,204 Flipkart orders carry no customer e-mail").
 */
export async function customerCoverage(
  db: TenantDb,
  tenant: TenantContext,
  period: ResolvedPeriod,
  scope: Scope,
): Promise<CustomerCoverage[]> {
  return db.$queryRaw<CustomerCoverage[]>`
    SELECT o.marketplace::text AS marketplace, count(*)::int AS orders,
      (count(*) FILTER (WHERE (${customerKey('o')} <> '') IS NOT TRUE))::int AS "withoutCustomer"
    FROM "UnifiedOrder" o
    WHERE ${ordersInScope(tenant, period, scope)} AND o.status <> 'CANCELLED'
    GROUP BY 1 ORDER BY 1`;
}

const MARKETPLACES = Object.values(MarketplaceType);

/** One bit per marketplace (a CASE: cheaper per row than looking the enum up in an array). */
function marketplaceBit(alias: string): Prisma.Sql {
  const whens = MARKETPLACES.map((m, i) => Prisma.sql`WHEN ${Prisma.raw(`'${m}'`)} THEN ${Prisma.raw(String(1 << i))}`);
  return Prisma.sql`(CASE ${Prisma.raw(alias)}.marketplace ${Prisma.join(whens, ' ')} ELSE 0 END)`;
}

/** The marketplaces of a `markets` bit set, sorted. */
export const marketplacesOf = (bits: number): string[] => MARKETPLACES.filter((_, i) => (bits & (1 << i)) !== 0).sort();
