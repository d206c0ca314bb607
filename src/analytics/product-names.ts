import type { TenantDb } from '../db/tenant-db.ts';
import type { TenantContext } from './tenant.ts';

/**
 * What the seller calls each SKU: its catalogue title with the variant ("Fleece Hoodie — L"),
 * from the seller's products (the first store that names a variant wins). SKUs the catalogue
 * does not hold are left out: their lines' own titles stand.
 */
export async function productNames(
  db: TenantDb,
  tenant: TenantContext,
  skus: readonly string[],
): Promise<Map<string, string>> {
  if (skus.length === 0) return new Map();
  const rows = await db.$queryRaw<{ sku: string; title: string; variantTitle: string | null }[]>`
    SELECT DISTINCT ON (p.sku) p.sku, p.title, p."variantTitle"
    FROM "UnifiedProduct" p
    WHERE p."userId" = ${tenant.userId} AND p.sku = ANY(${[...new Set(skus)]}::text[])
    ORDER BY p.sku, (p."variantTitle" IS NULL), p.status, p.marketplace`;
  return new Map(rows.map((r) => [r.sku, r.variantTitle ? `${r.title} — ${r.variantTitle}` : r.title]));
}
