import type { TenantDb } from '../db/tenant-db.ts';
import type { ToolArgs } from './args.ts';
import { type CustomerCoverage, customerCells, customerCoverage, customerKey } from './customers.ts';
import { type Freshness, getFreshness } from './get-freshness.ts';
import type { ResolvedPeriod } from './period.ts';
import { resolvePeriod } from './resolve-period.ts';
import { money } from './sales-figures.ts';
import { scopeFilter } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_customer_mix'>;

export interface CustomerGroup {
  customers: number;
  /** their orders in the period, not cancelled */
  orders: number;
  /** Σ (order total − reported refund) in USD at each order's own rate */
  spendUSD: string;
  /** orders without an exchange rate yet: out of spendUSD */
  ordersWithoutUSD: number;
}

export interface CustomerMix {
  period: ResolvedPeriod;
  definition: string;
  /** first order with the seller (in scope) inside the period */
  new: CustomerGroup;
  /** ordered (in scope) before the period too */
  returning: CustomerGroup;
  /** per marketplace: orders not cancelled, and those that name no customer (in neither group) */
  coverage: CustomerCoverage[];
  freshness: Freshness;
}

interface Row {
  returning: boolean;
  customers: number;
  orders: number;
  spend: string;
  withoutUSD: number;
}

/**
 * Of the customers who ordered in the period (orders not cancelled, customers known by their
 * e-mail), how many were new — no order before the period on the marketplaces and stores asked
 * about — and how many returning, with what each group spent. "Before" reaches back only as far
 * as the synced data (freshness.firstOrderDay): the answer says so.
 *
 * Whether a buyer ordered before is a semi-join on the earlier orders: one index probe per
 * buyer where the index on the customer key (customers.ts) exists, else one hash over them.
 */
export async function getCustomerMix(db: TenantDb, tenant: TenantContext, args: Args): Promise<CustomerMix> {
  const period = resolvePeriod(args.period, tenant);
  const [rows, coverage, freshness] = await Promise.all([
    db.$queryRaw<Row[]>`
      WITH buyers AS MATERIALIZED (SELECT * FROM ${customerCells(tenant, period, args, { named: false })}),
      came_back AS (
        SELECT b.key FROM buyers b
        WHERE EXISTS (
          SELECT 1 FROM "UnifiedOrder" e
          WHERE e."userId" = ${tenant.userId} AND ${customerKey('e')} = b.key AND ${customerKey('e')} <> ''
            AND e."orderedAt" < ${period.start} AND e.status <> 'CANCELLED' ${scopeFilter('e', args)}
        )
      )
      SELECT (r.key IS NOT NULL) AS "returning", count(*)::int AS customers, sum(b.orders)::int AS orders,
        sum(b.spend)::text AS spend, sum(b."withoutUSD")::int AS "withoutUSD"
      FROM buyers b LEFT JOIN came_back r ON r.key = b.key
      GROUP BY 1`,
    customerCoverage(db, tenant, period, args),
    getFreshness(db, tenant, args),
  ]);
  const group = (returning: boolean): CustomerGroup => {
    const r = rows.find((x) => x.returning === returning);
    if (!r) return { customers: 0, orders: 0, spendUSD: money(0), ordersWithoutUSD: 0 };
    return { customers: r.customers, orders: r.orders, spendUSD: money(r.spend), ordersWithoutUSD: r.withoutUSD };
  };
  return {
    period,
    definition:
      'customers = distinct e-mail addresses (case ignored) on orders not cancelled; new = no such order before the period on the marketplaces and stores asked about ' +
      `(as far back as the synced data goes${freshness.firstOrderDay ? `: ${freshness.firstOrderDay}` : ''}); ` +
      "spend = order totals minus the refunds the marketplaces report, in USD at each order's own rate; orders without an e-mail are in neither group",
    new: group(false),
    returning: group(true),
    coverage,
    freshness,
  };
}
