import type { TenantDb } from '../db/tenant-db.ts';
import type { ToolArgs } from './args.ts';
import { type Freshness, getFreshness } from './get-freshness.ts';
import { scopeFilter } from './sql-scope.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'get_inventory_alerts'>;

const MAX_LISTED = 100;

export interface StockAlert {
  marketplace: string;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
  /** the same SKU's stock in the seller's other stores, where it is for sale (to move stock or pause a listing); null: not tracked there */
  elsewhere: Array<{ marketplace: string; quantity: number | null }>;
}

export interface InventoryAlerts {
  lowStockThreshold: number;
  /** quantity ≤ 0 (a negative count is an oversold listing) */
  outOfStock: StockAlert[];
  /** 0 < quantity ≤ threshold */
  lowStock: StockAlert[];
  /** counts before the lists are capped at 100 each */
  counts: { outOfStock: number; lowStock: number };
  freshness: Freshness;
}

type Row = Omit<StockAlert, 'elsewhere'> & { elsewhere: StockAlert['elsewhere'] | null };

/** Out-of-stock and low-stock listings of the seller's products for sale (INACTIVE ones and untracked stock are skipped). */
export async function getInventoryAlerts(db: TenantDb, tenant: TenantContext, args: Args): Promise<InventoryAlerts> {
  const threshold = args.lowStockThreshold ?? 5;
  const [rows, freshness] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT p.marketplace::text AS marketplace, p.sku, p.title, p."variantTitle", p.inventory AS quantity,
        (SELECT json_agg(json_build_object('marketplace', q.marketplace, 'quantity', q.inventory) ORDER BY q.marketplace)
           FROM "UnifiedProduct" q
           WHERE q."userId" = ${tenant.userId} AND q.sku = p.sku AND q."connectionId" <> p."connectionId" AND q.status <> 'INACTIVE') AS elsewhere
      FROM "UnifiedProduct" p
      WHERE p."userId" = ${tenant.userId} AND p.inventory <= ${threshold} AND p.status <> 'INACTIVE'
        ${scopeFilter('p', args)}
      ORDER BY p.inventory, p.sku, p.marketplace`,
    getFreshness(db, tenant, args),
  ]);
  const alerts = rows.map((r) => ({ ...r, elsewhere: r.elsewhere ?? [] }));
  const out = alerts.filter((a) => a.quantity <= 0);
  const low = alerts.filter((a) => a.quantity > 0);
  return {
    lowStockThreshold: threshold,
    outOfStock: out.slice(0, MAX_LISTED),
    lowStock: low.slice(0, MAX_LISTED),
    counts: { outOfStock: out.length, lowStock: low.length },
    freshness,
  };
}
