import { type PgClient, query } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { UnifiedProductRow } from '../marketplaces/types.ts';
import { column, isoColumn } from './columns.ts';
import type { WriteTarget } from './write-target.ts';

/** One batch of products (one row per sellable SKU/variant), upserted in one statement; a product read twice is its last version. */
export async function writeProducts(
  client: PgClient,
  target: WriteTarget,
  batch: readonly UnifiedProductRow[],
): Promise<number> {
  const rows = [...new Map(batch.map((r) => [r.externalId, r] as const)).values()];
  if (rows.length === 0) return 0;
  const col = <K extends keyof UnifiedProductRow>(k: K) => column(rows, k);
  const { rowCount } = await query(
    client,
    Prisma.sql`
    INSERT INTO "UnifiedProduct" AS p (id, "userId", "connectionId", marketplace, "externalId", "parentListingId",
      sku, title, "variantTitle", category, "imageUrl", price, currency, inventory, status, "marketplaceStatus",
      "sourceUpdatedAt", "syncedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, ${target.userId}, ${target.connectionId}, ${target.marketplace}::"MarketplaceType",
      r."externalId", r."parentListingId", r.sku, r.title, r."variantTitle", r.category, r."imageUrl", r.price, r.currency,
      r.inventory, r.status::"ProductStatus", r."marketplaceStatus", r."sourceUpdatedAt", now(), now(), now()
    FROM unnest(${col('externalId')}::text[], ${col('parentListingId')}::text[], ${col('sku')}::text[], ${col('title')}::text[],
      ${col('variantTitle')}::text[], ${col('category')}::text[], ${col('imageUrl')}::text[], ${col('price')}::numeric[],
      ${col('currency')}::text[], ${col('inventory')}::int[], ${col('status')}::text[], ${col('marketplaceStatus')}::text[],
      ${isoColumn(rows, (r) => r.sourceUpdatedAt)}::timestamptz[]) AS r(
      "externalId", "parentListingId", sku, title, "variantTitle", category, "imageUrl", price, currency, inventory, status,
      "marketplaceStatus", "sourceUpdatedAt")
    ON CONFLICT ("connectionId", "externalId") DO UPDATE SET
      "parentListingId" = EXCLUDED."parentListingId",
      sku = EXCLUDED.sku,
      title = EXCLUDED.title,
      "variantTitle" = EXCLUDED."variantTitle",
      category = EXCLUDED.category,
      "imageUrl" = EXCLUDED."imageUrl",
      price = EXCLUDED.price,
      currency = EXCLUDED.currency,
      inventory = EXCLUDED.inventory,
      status = EXCLUDED.status,
      "marketplaceStatus" = EXCLUDED."marketplaceStatus",
      "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt",
      "syncedAt" = now(),
      "updatedAt" = now()`,
  );
  return rowCount ?? 0;
}

/**
 * The UnifiedProduct of an order line `i`, within the line's own store (ids are per store:
 * two BigCommerce stores both have a product 100): by variant id, then listing id, then SKU;
 * three probes, each on an index. One query with the three ORed was planned, on a table without
 * fresh statistics, as a scan of all the seller's products for every line.
 */
export function productOfLine(target: WriteTarget): Prisma.Sql {
  const ofStore = Prisma.sql`u."connectionId" = ${target.connectionId}`;
  return Prisma.sql`COALESCE(
    (SELECT u.id FROM "UnifiedProduct" u WHERE ${ofStore} AND u."externalId" = i."externalVariantId"),
    (SELECT u.id FROM "UnifiedProduct" u WHERE ${ofStore} AND u."externalId" = i."externalProductId"),
    (SELECT u.id FROM "UnifiedProduct" u WHERE u."userId" = ${target.userId} AND u.sku = i.sku AND ${ofStore} LIMIT 1))`;
}

/** Links order items synced before their product to it; a line without a SKU takes the product's. */
export async function linkOrderItems(client: PgClient, target: WriteTarget): Promise<number> {
  const { rowCount } = await query(
    client,
    Prisma.sql`
    WITH m AS (
      SELECT i.id, ${productOfLine(target)} AS "productId"
      FROM "UnifiedOrderItem" i JOIN "UnifiedOrder" o ON o.id = i."orderId"
      WHERE o."connectionId" = ${target.connectionId} AND i."productId" IS NULL
    )
    UPDATE "UnifiedOrderItem" t SET "productId" = m."productId", sku = COALESCE(NULLIF(t.sku, ''), u.sku)
    FROM m JOIN "UnifiedProduct" u ON u.id = m."productId"
    WHERE t.id = m.id`,
  );
  return rowCount ?? 0;
}
