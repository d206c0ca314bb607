import { Decimal } from 'decimal.js';
import type { TenantDb } from '../db/tenant-db.ts';
import type { ToolArgs } from './args.ts';
import { type Freshness, getFreshness } from './get-freshness.ts';
import type { ResolvedPeriod } from './period.ts';
import { productCells } from './product-cells.ts';
import { productNames } from './product-names.ts';
import { resolvePeriod } from './resolve-period.ts';
import { money } from './sales-figures.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_returns_by_product'>;

export interface ReturnedProduct {
  /** null for lines without a SKU (then matched by title) */
  sku: string | null;
  /** the catalogue's name of the SKU with its variant ("Fleece Hoodie — L"), else the lines' title */
  title: string;
  returnedUnits: number;
  /** RETURNED orders holding the product */
  returnedOrders: number;
  /** units of the product sold in the period's orders not cancelled (returned ones among them) */
  unitsSold: number;
  /** returnedUnits / unitsSold in percent with 2 places; null when none sold */
  returnRatePct: number | null;
  /** the returned lines' totals in USD at each order's rate */
  returnedValueUSD: string;
  /** the orders' refunds shared among their lines by line total, in USD; only orders whose refund is known */
  refundedUSD: string;
  /** returned orders of this product whose refund the marketplace did not give */
  ordersRefundUnknown: number;
  /** returned lines of orders without an exchange rate: out of the USD sums */
  linesWithoutUSD: number;
}

export interface ReturnsByProduct {
  period: ResolvedPeriod;
  definition: string;
  products: ReturnedProduct[];
  /** over every product, not only those listed */
  total: {
    productsReturned: number;
    returnedUnits: number;
    unitsSold: number;
    returnRatePct: number | null;
    refundedUSD: string;
  };
  freshness: Freshness;
}

interface Row {
  key: string;
  hasSku: boolean;
  title: string;
  returnedUnits: number;
  returnedOrders: number;
  unitsSold: number;
  returnedValueUSD: string;
  refundedUSD: string;
  ordersRefundUnknown: number;
  linesWithoutUSD: number;
  productsReturned: number;
  allReturnedUnits: number;
  allRefundedUSD: string;
  allUnitsSold: number;
}

const pct = (part: number, whole: number) =>
  whole === 0 ? null : new Decimal(part).div(whole).times(100).toDecimalPlaces(2).toNumber();

export const RETURNS_BY_PRODUCT_DEFINITION =
  'returned = the lines of orders placed in the period whose status is RETURNED (the unified model has no per-line return flag, so every line of a returned order counts, ' +
  'and refunds on orders not marked returned are not counted here); return rate = returned units / units sold of the product in the period (orders not cancelled); ' +
  "refunded = each returned order's refund shared among its lines by line total, where the marketplace gave it";

/**
 * The products returned most in the period (by returned units, then return rate). A product is
 * its SKU (its title when it has none), named as get_top_products names it. Units sold and the
 * returned lines both come from product-cells.ts (the ProductSales rollup where it fits).
 */
export async function getReturnsByProduct(db: TenantDb, tenant: TenantContext, args: Args): Promise<ReturnsByProduct> {
  const period = resolvePeriod(args.period, tenant);
  const limit = args.limit ?? 5;
  const cells = await productCells(db, tenant, period, args, { returns: true });
  const [rows, freshness] = await Promise.all([
    db.$queryRaw<Row[]>`
      WITH cells AS MATERIALIZED (SELECT * FROM ${cells}),
      per AS (
        SELECT p.key, p."hasSku", min(p.title) FILTER (WHERE p."returnedLines" > 0) AS title, sum(p."returnedLines") AS lines,
          sum(p."returnedUnits")::int AS "returnedUnits", sum(p."returnedOrders")::int AS "returnedOrders", sum(p.units)::int AS "unitsSold",
          sum(p."returnedRevenueUSD") AS "returnedValueUSD", sum(p."refundedUSD") AS "refundedUSD",
          sum(p."returnedOrdersRefundUnknown")::int AS "ordersRefundUnknown", sum(p."returnedLinesWithoutUSD")::int AS "linesWithoutUSD"
        FROM cells p GROUP BY 1, 2
      )
      SELECT r.key, r."hasSku", r.title, r."returnedUnits", r."returnedOrders", r."unitsSold",
        r."returnedValueUSD"::text AS "returnedValueUSD", r."refundedUSD"::text AS "refundedUSD", r."ordersRefundUnknown", r."linesWithoutUSD",
        (count(*) OVER ())::int AS "productsReturned", (sum(r."returnedUnits") OVER ())::int AS "allReturnedUnits",
        (sum(r."refundedUSD") OVER ())::text AS "allRefundedUSD", (SELECT COALESCE(sum(units), 0) FROM cells)::int AS "allUnitsSold"
      FROM per r
      WHERE r.lines > 0
      ORDER BY r."returnedUnits" DESC, r."returnedUnits"::numeric / NULLIF(r."unitsSold", 0) DESC NULLS LAST, r.key
      LIMIT ${limit}`,
    getFreshness(db, tenant, args),
  ]);
  const names = await productNames(
    db,
    tenant,
    rows.flatMap((r) => (r.hasSku ? [r.key] : [])),
  );
  const first = rows[0];
  return {
    period,
    definition: RETURNS_BY_PRODUCT_DEFINITION,
    products: rows.map((r) => ({
      sku: r.hasSku ? r.key : null,
      title: (r.hasSku && names.get(r.key)) || r.title,
      returnedUnits: r.returnedUnits,
      returnedOrders: r.returnedOrders,
      unitsSold: r.unitsSold,
      returnRatePct: pct(r.returnedUnits, r.unitsSold),
      returnedValueUSD: money(r.returnedValueUSD),
      refundedUSD: money(r.refundedUSD),
      ordersRefundUnknown: r.ordersRefundUnknown,
      linesWithoutUSD: r.linesWithoutUSD,
    })),
    total: {
      productsReturned: first?.productsReturned ?? 0,
      returnedUnits: first?.allReturnedUnits ?? 0,
      unitsSold: first?.allUnitsSold ?? 0,
      returnRatePct: first ? pct(first.allReturnedUnits, first.allUnitsSold) : null,
      refundedUSD: money(first?.allRefundedUSD ?? 0),
    },
    freshness,
  };
}
