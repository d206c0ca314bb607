import type { TenantDb } from '../db/tenant-db.ts';
import type { ToolArgs } from './args.ts';
import { type CustomerCoverage, customerCells, customerCoverage, customerKey, marketplacesOf } from './customers.ts';
import { type Freshness, getFreshness } from './get-freshness.ts';
import type { ResolvedPeriod } from './period.ts';
import { resolvePeriod } from './resolve-period.ts';
import { money } from './sales-figures.ts';
import { scopeFilter } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_top_customers'>;

export interface TopCustomer {
  rank: number;
  /** the name on the customer's latest named order of the period; for the seller's text only, never for the model */
  name: string | null;
  orders: number;
  /** Σ (order total − reported refund) in USD at each order's own rate: what the ranking is by */
  spendUSD: string;
  /** their orders without an exchange rate yet: out of spendUSD */
  ordersWithoutUSD: number;
  /** the marketplaces the customer bought on in the period, sorted */
  marketplaces: string[];
}

export interface TopCustomers {
  period: ResolvedPeriod;
  definition: string;
  customers: TopCustomer[];
  /** every customer (distinct e-mail) with an order in the period */
  customersInPeriod: number;
  /** per marketplace: orders not cancelled, and those that name no customer (not counted above) */
  coverage: CustomerCoverage[];
  freshness: Freshness;
}

interface Row {
  orders: number;
  spend: string;
  withoutUSD: number;
  markets: number;
  customers: number;
  name: string | null;
}

export const TOP_CUSTOMERS_DEFINITION =
  'a customer = one e-mail address (case ignored) where the marketplace gives one; spend = their order totals in the period, ' +
  "cancelled orders excluded, minus the refunds the marketplaces report, in USD at each order's own rate; orders without an e-mail are not counted";

/**
 * The seller's customers ranked by spend in the period (orders not cancelled, net of the refunds
 * the marketplaces report), with their order counts and marketplaces: the period's orders summed
 * per customer (customerCells), the first `limit` kept and named from their latest named order;
 * beside it, per marketplace, the orders that name no one (customerCoverage).
 */
export async function getTopCustomers(db: TenantDb, tenant: TenantContext, args: Args): Promise<TopCustomers> {
  const period = resolvePeriod(args.period, tenant);
  const limit = args.limit ?? 5;
  const [rows, coverage, freshness] = await Promise.all([
    db.$queryRaw<Row[]>`
      WITH cells AS MATERIALIZED (SELECT * FROM ${customerCells(tenant, period, args)}),
      top AS (SELECT c.* FROM cells c ORDER BY c.spend DESC, c.orders DESC, c.key LIMIT ${limit})
      SELECT t.orders, t.spend::text AS spend, t."withoutUSD", t.markets, (SELECT count(*) FROM cells)::int AS customers,
        -- the name on their latest named order: one index probe at that instant
        (SELECT n."customerName" FROM "UnifiedOrder" n
         WHERE n."userId" = ${tenant.userId} AND n."orderedAt" = t."namedAt" AND ${customerKey('n')} = t.key
           AND n.status <> 'CANCELLED' AND btrim(n."customerName") <> '' ${scopeFilter('n', args)}
         ORDER BY n."customerName" LIMIT 1) AS name
      FROM top t
      ORDER BY t.spend DESC, t.orders DESC, t.key`,
    customerCoverage(db, tenant, period, args),
    getFreshness(db, tenant, args),
  ]);
  return {
    period,
    definition: TOP_CUSTOMERS_DEFINITION,
    customers: rows.map((r, i) => ({
      rank: i + 1,
      name: r.name,
      orders: r.orders,
      spendUSD: money(r.spend),
      ordersWithoutUSD: r.withoutUSD,
      marketplaces: marketplacesOf(r.markets),
    })),
    customersInPeriod: rows[0]?.customers ?? 0,
    coverage,
    freshness,
  };
}
