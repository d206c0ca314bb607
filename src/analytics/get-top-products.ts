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

type Args = ToolArgs<'get_top_products'>;

export interface ProductSales {
  units: number;
  /** Σ line totals converted at each order's own rate; lines of unconverted orders are left out and counted */
  revenueUSD: string;
  revenue: Array<{ currency: string; amount: string }>;
  linesWithoutUSD: number;
}

export interface TopProduct extends ProductSales {
  /** null for lines without a SKU (then matched by title) */
  sku: string | null;
  /** the catalogue's name of the SKU with its variant ("Fleece Hoodie — L"), else the lines' title */
  title: string;
  byMarketplace: Array<{ marketplace: string } & ProductSales>;
}

export interface TopProducts {
  period: ResolvedPeriod;
  rankBy: Args['rankBy'];
  /** the marketplaces products were matched across by SKU (two or more asked), else null */
  matchedAcross: string[] | null;
  products: TopProduct[];
  /** with two or more marketplaces: each one's own top list */
  perMarketplace?: Array<{ marketplace: string; products: Array<Omit<TopProduct, 'byMarketplace'>> }>;
  freshness: Freshness;
}

interface Row {
  key: string;
  hasSku: boolean;
  title: string;
  marketplace: string;
  currency: string;
  units: number;
  revenue: string;
  revenueUSD: string;
  linesWithoutUSD: number;
}

function salesOf(rows: Row[]): ProductSales {
  const revenue = new Map<string, Decimal>();
  for (const r of rows) revenue.set(r.currency, (revenue.get(r.currency) ?? new Decimal(0)).plus(r.revenue));
  return {
    units: rows.reduce((a, r) => a + r.units, 0),
    revenueUSD: money(rows.reduce((a, r) => a.plus(r.revenueUSD), new Decimal(0))),
    revenue: [...revenue]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => ({ currency, amount: money(amount) })),
    linesWithoutUSD: rows.reduce((a, r) => a + r.linesWithoutUSD, 0),
  };
}

function rank<T extends ProductSales & { sku: string | null; title: string }>(
  items: T[],
  by: Args['rankBy'],
  limit: number,
): T[] {
  const usd = (p: T) => new Decimal(p.revenueUSD);
  const cmp = (a: T, b: T) =>
    by === 'units' ? b.units - a.units || usd(b).comparedTo(usd(a)) : usd(b).comparedTo(usd(a)) || b.units - a.units;
  return items
    .filter((p) => p.units > 0 || !usd(p).isZero())
    .sort((a, b) => cmp(a, b) || (a.sku ?? a.title).localeCompare(b.sku ?? b.title))
    .slice(0, limit);
}

/**
 * Best sellers of the period by revenue (USD) or units, over orders not CANCELLED. A product
 * is its SKU (title when it has none), so the same SKU on several marketplaces is one product.
 * The lines come summed from the ProductSales rollup (product-cells.ts).
 */
export async function getTopProducts(db: TenantDb, tenant: TenantContext, args: Args): Promise<TopProducts> {
  const period = resolvePeriod(args.period, tenant);
  const rankBy = args.rankBy ?? 'revenue';
  const limit = args.limit ?? 5;
  const cells = await productCells(db, tenant, period, args);
  const [rows, freshness] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT p.key, p."hasSku", min(p.title) AS title, p.marketplace::text AS marketplace, p.currency,
        sum(p.units)::int AS units, sum(p.revenue)::text AS revenue, sum(p."revenueUSD")::text AS "revenueUSD",
        sum(p."linesWithoutUSD")::int AS "linesWithoutUSD"
      FROM ${cells}
      GROUP BY 1, 2, 4, 5`,
    getFreshness(db, tenant, args),
  ]);
  const matched = args.marketplaces && args.marketplaces.length >= 2 ? [...args.marketplaces] : null;
  const byKey = new Map<string, Row[]>();
  for (const r of rows) {
    const k = `${r.hasSku ? 's' : 't'}:${r.key}`;
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const all: TopProduct[] = [...byKey.values()].map((rs) => {
    const markets = matched ?? [...new Set(rs.map((r) => r.marketplace))].sort();
    return {
      sku: rs[0]!.hasSku ? rs[0]!.key : null,
      title: rs.map((r) => r.title).sort()[0]!,
      ...salesOf(rs),
      byMarketplace: markets.map((m) => ({ marketplace: m, ...salesOf(rs.filter((r) => r.marketplace === m)) })),
    };
  });
  const result: TopProducts = { period, rankBy, matchedAcross: matched, products: rank(all, rankBy, limit), freshness };
  if (matched) {
    result.perMarketplace = matched.map((m) => ({
      marketplace: m,
      products: rank(
        all
          .map(({ byMarketplace, sku, title }) => ({ sku, title, ...byMarketplace.find((b) => b.marketplace === m)! }))
          .map(({ marketplace: _m, ...p }) => p),
        rankBy,
        limit,
      ),
    }));
  }
  const listed = [...result.products, ...(result.perMarketplace ?? []).flatMap((m) => m.products)];
  const names = await productNames(
    db,
    tenant,
    listed.flatMap((p) => (p.sku ? [p.sku] : [])),
  );
  for (const p of listed) p.title = (p.sku && names.get(p.sku)) || p.title;
  return result;
}
