import type { TenantDb } from '../db/tenant-db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ToolArgs } from './args.ts';
import { type Freshness, getFreshness } from './get-freshness.ts';
import type { ResolvedPeriod } from './period.ts';
import { resolvePeriod } from './resolve-period.ts';
import { rollupFits } from './rollup-zone.ts';
import { salesCells } from './sales-cells.ts';
import { byStore, marketplaceFilter, type Scope, scopeFilter } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_latest_orders'>;

/** One order of the list: never the customer's e-mail; the name is for the seller's text only. */
export interface ListedOrder {
  marketplace: string;
  storeName: string | null;
  externalOrderId: string;
  orderNumber: string | null;
  /** the order's date and time in the seller's zone, 'YYYY-MM-DD HH:MI' */
  localOrderDate: string;
  status: string;
  totalAmount: string;
  currency: string;
  totalAmountUSD: string | null;
  refundedAmount: string | null;
  /** units (the lines' quantities summed) */
  itemCount: number;
  /** for the seller's summary only: never put in what the model sees */
  customerName: string | null;
}

export interface LatestOrders {
  /** null: the latest orders whatever their date */
  period: ResolvedPeriod | null;
  statuses: string[] | null;
  limit: number;
  /** newest first */
  orders: ListedOrder[];
  /**
   * How many orders of the period match, when the list could not hold them all (from the
   * daily rollup, so it costs nothing per order); null without a period or when the list is
   * complete (fewer than `limit`).
   */
  matching: number | null;
  freshness: Freshness;
}

/**
 * The seller's newest orders (by the time they were placed), optionally of a period, some
 * marketplaces or stores and some statuses: "latest orders", "cancelled orders yesterday",
 * "last 5 eBay orders". Ties on the same instant fall back on the order id, so the list is stable.
 */
export async function getLatestOrders(db: TenantDb, tenant: TenantContext, args: Args): Promise<LatestOrders> {
  const period = args.period ? resolvePeriod(args.period, tenant) : null;
  const limit = args.limit ?? 10;
  const statuses = args.statuses?.length ? [...new Set(args.statuses)] : null;
  const since = statuses ? await statusesSince(db, tenant, period, args, statuses, limit) : undefined;
  if (since === null)
    return { period, statuses, limit, orders: [], matching: null, freshness: await getFreshness(db, tenant, args) };
  const periodFilter = Prisma.sql`${period ? Prisma.sql`AND o."orderedAt" >= ${period.start} AND o."orderedAt" < ${period.end}` : Prisma.empty}
    ${since ? Prisma.sql`AND o."orderedAt" >= ${since}` : Prisma.empty}`;
  // One newest-first walk per status asked for, merged: each stops after `limit` rows, so a
  // common status does not sort all of its orders.
  const newest = (status: Prisma.Sql) => Prisma.sql`(
    SELECT o.id, o."connectionId", o.marketplace, o."externalOrderId", o."orderNumber", o."orderedAt", o.status, o."totalAmount", o.currency,
      o."totalAmountUSD", o."refundedAmount", o."itemCount", o."customerName"
    FROM "UnifiedOrder" o
    WHERE o."userId" = ${tenant.userId} ${periodFilter} ${scopeFilter('o', args)} ${status}
    ORDER BY o."orderedAt" DESC, o.id DESC
    LIMIT ${limit})`;
  const picked = statuses
    ? Prisma.join(
        statuses.map((st) => newest(Prisma.sql`AND o.status = ${st}::"OrderStatus"`)),
        ' UNION ALL ',
      )
    : newest(Prisma.empty);
  const [orders, freshness] = await Promise.all([
    db.$queryRaw<ListedOrder[]>`
      SELECT o.marketplace::text AS marketplace, c."storeName", o."externalOrderId", o."orderNumber",
        to_char(o."orderedAt" AT TIME ZONE ${tenant.timeZone}, 'YYYY-MM-DD HH24:MI') AS "localOrderDate",
        o.status::text AS status, o."totalAmount"::text AS "totalAmount", o.currency, o."totalAmountUSD"::text AS "totalAmountUSD",
        o."refundedAmount"::text AS "refundedAmount", o."itemCount", o."customerName"
      FROM (${picked}) o
      LEFT JOIN "MarketplaceConnection" c ON c.id = o."connectionId"
      ORDER BY o."orderedAt" DESC, o.id DESC
      LIMIT ${limit}`,
    getFreshness(db, tenant, args),
  ]);
  let matching: number | null = null;
  if (period && orders.length === limit) {
    const cells = await salesCells(db, tenant, period, args);
    const counted = await db.$queryRaw<{ n: number }[]>`
      SELECT COALESCE(sum(c.orders), 0)::int AS n FROM ${cells}
      WHERE TRUE ${statuses ? Prisma.sql`AND c.status = ANY(${statuses}::text[])` : Prisma.empty}`;
    matching = counted[0]?.n ?? null;
  }
  return { period, statuses, limit, orders, matching, freshness };
}

/**
 * Where the newest `limit` orders of some statuses start, from the daily rollup (which keeps a
 * count per day and status): the local midnight of the latest day on which that many have been
 * placed since, so the walk over orders by date reads those days only, not every order of a
 * commoner status back to a rare one's. null: none in scope; undefined: the rollup cannot
 * tell (some stores of a marketplace, or a tenant asking in another zone).
 */
async function statusesSince(
  db: TenantDb,
  tenant: TenantContext,
  period: ResolvedPeriod | null,
  scope: Scope,
  statuses: string[],
  limit: number,
): Promise<Date | null | undefined> {
  if (byStore(scope) || !(await rollupFits(db, tenant))) return undefined;
  const rows = await db.$queryRaw<{ since: Date | null }[]>`
    SELECT (min(day)::timestamp AT TIME ZONE ${tenant.timeZone}) AS since FROM (
      SELECT d.day, sum(sum(d.orders)) OVER (ORDER BY d.day DESC) - sum(d.orders) AS later
      FROM "DailySales" d
      WHERE d."userId" = ${tenant.userId} AND d.status = ANY(${statuses}::text[]) AND d.orders > 0
        ${period ? Prisma.sql`AND d.day >= ${period.firstDay}::date AND d.day <= ${period.lastDay}::date` : Prisma.empty}
        ${marketplaceFilter(Prisma.sql`d.marketplace`, scope.marketplaces)}
      GROUP BY d.day
    ) days
    WHERE later < ${limit}`;
  return rows[0]?.since ?? null;
}
