import { Decimal } from 'decimal.js';
import type { TenantDb } from '../db/tenant-db.ts';
import type { ToolArgs } from './args.ts';
import { type Freshness, getFreshness } from './get-freshness.ts';
import type { ResolvedPeriod } from './period.ts';
import { resolvePeriod } from './resolve-period.ts';
import { salesCells } from './sales-cells.ts';
import { money } from './sales-figures.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_return_rates'>;

export interface ReturnRate {
  /** every order placed in the period, whatever its status */
  orders: number;
  returned: number;
  /** CANCELLED orders, those refunded before they shipped among them */
  cancelled: number;
  /** USD given back on the returned orders and on the cancelled ones (orders without a rate left out) */
  refundedUSD: { returns: string; cancellations: string };
  /** returned / orders, in percent with 2 places; null without orders */
  returnRatePct: number | null;
  cancellationRatePct: number | null;
}

export interface ReturnRates {
  period: ResolvedPeriod;
  /** "returned orders / all orders placed in the period" */
  definition: string;
  total: ReturnRate;
  byMarketplace: Array<{ marketplace: string } & ReturnRate>;
  freshness: Freshness;
}

interface Row {
  marketplace: string;
  orders: number;
  returned: number;
  cancelled: number;
  refundedReturnsUSD: string;
  refundedCancellationsUSD: string;
}

const pct = (part: number, whole: number) =>
  whole === 0 ? null : new Decimal(part).div(whole).times(100).toDecimalPlaces(2).toNumber();

function rate(r: Omit<Row, 'marketplace'>): ReturnRate {
  return {
    orders: r.orders,
    returned: r.returned,
    cancelled: r.cancelled,
    refundedUSD: { returns: money(r.refundedReturnsUSD), cancellations: money(r.refundedCancellationsUSD) },
    returnRatePct: pct(r.returned, r.orders),
    cancellationRatePct: pct(r.cancelled, r.orders),
  };
}

/** Return and cancellation rates of the orders placed in the period, per marketplace. */
export async function getReturnRates(db: TenantDb, tenant: TenantContext, args: Args): Promise<ReturnRates> {
  const period = resolvePeriod(args.period, tenant);
  const cells = await salesCells(db, tenant, period, args);
  const [rows, freshness] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT c.marketplace::text AS marketplace, sum(c.orders)::int AS orders,
        COALESCE(sum(c.orders) FILTER (WHERE c.status = 'RETURNED'), 0)::int AS returned,
        COALESCE(sum(c.orders) FILTER (WHERE c.status = 'CANCELLED'), 0)::int AS cancelled,
        COALESCE(sum(c."refundedUSD") FILTER (WHERE c.status = 'RETURNED'), 0)::text AS "refundedReturnsUSD",
        COALESCE(sum(c."refundedUSD") FILTER (WHERE c.status = 'CANCELLED'), 0)::text AS "refundedCancellationsUSD"
      FROM ${cells}
      GROUP BY 1 HAVING sum(c.orders) > 0 ORDER BY 1`,
    getFreshness(db, tenant, args),
  ]);
  const add = (f: 'orders' | 'returned' | 'cancelled') => rows.reduce((a, r) => a + r[f], 0);
  const total = (f: 'refundedReturnsUSD' | 'refundedCancellationsUSD') =>
    rows.reduce((a, r) => a.plus(r[f]), new Decimal(0)).toFixed();
  return {
    period,
    definition:
      'returned orders (refunded or sent back after they shipped) / all orders placed in the period; cancellations (refunds before shipping among them) likewise',
    total: rate({
      orders: add('orders'),
      returned: add('returned'),
      cancelled: add('cancelled'),
      refundedReturnsUSD: total('refundedReturnsUSD'),
      refundedCancellationsUSD: total('refundedCancellationsUSD'),
    }),
    byMarketplace: rows.map((r) => ({ marketplace: r.marketplace, ...rate(r) })),
    freshness,
  };
}
