import { query, type PgClient } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { UnifiedProductRow } from '../marketplaces/types.ts';
import type { WriteTarget } from './write-orders.ts';

/** One batch of products (one row per sellable SKU/variant), upserted in one statement; a product read twice is its last version. */
export async function writeProducts(client: PgClient, target: WriteTarget, batch: readonly UnifiedProductRow[]): Promise<number> {
  const rows = [...new Map(batch.map((r) => [r.externalProductId, r] as const)).values()];
  if (rows.length === 0) return 0;
  const { rowCount } = await query(client, Prisma.sql`
    INSERT INTO "UnifiedProduct" AS p (id, "userId", "connectionId", marketplace, "externalProductId", "parentListingId",
      sku, title, "variantTitle", price, currency, "inventoryQuantity", status, "sourceUpdatedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, ${target.userId}, ${target.connectionId}, ${target.marketplace}::"MarketplaceType",
      r."externalProductId", r."parentListingId", r.sku, r.title, r."variantTitle", r.price, r.currency,
      r."inventoryQuantity", r.status, r."sourceUpdatedAt", now(), now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
      "externalProductId" text, "parentListingId" text, sku text, title text, "variantTitle" text, price numeric,
      currency text, "inventoryQuantity" int, status text, "sourceUpdatedAt" timestamptz)
    ON CONFLICT ("userId", marketplace, "externalProductId") DO UPDATE SET
      "connectionId" = EXCLUDED."connectionId",
      "parentListingId" = EXCLUDED."parentListingId",
      sku = EXCLUDED.sku,
      title = EXCLUDED.title,
      "variantTitle" = EXCLUDED."variantTitle",
      price = EXCLUDED.price,
      currency = EXCLUDED.currency,
      "inventoryQuantity" = EXCLUDED."inventoryQuantity",
      status = EXCLUDED.status,
      "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt",
      "updatedAt" = now()`);
  return rowCount ?? 0;
}

/**
 * The UnifiedProduct of an order line `i`: by variant id, then listing id (any of the seller's
 * stores on that marketplace), then SKU within the connection: three probes, each on an index.
 * One query with the three ORed was planned, on a table without fresh statistics, as a scan of
 * all the seller's products on that marketplace for every line.
 */
export function productOfLine(target: WriteTarget): Prisma.Sql {
  const ofSeller = Prisma.sql`u."userId" = ${target.userId} AND u.marketplace = ${target.marketplace}::"MarketplaceType"`;
  return Prisma.sql`COALESCE(
    (SELECT u.id FROM "UnifiedProduct" u WHERE ${ofSeller} AND u."externalProductId" = i."externalVariantId"),
    (SELECT u.id FROM "UnifiedProduct" u WHERE ${ofSeller} AND u."externalProductId" = i."externalProductId"),
    (SELECT u.id FROM "UnifiedProduct" u WHERE ${ofSeller} AND u."connectionId" = ${target.connectionId} AND u.sku = i.sku LIMIT 1))`;
}

/** Links order items synced before their product to it. */
export async function linkOrderItems(client: PgClient, target: WriteTarget): Promise<number> {
  const { rowCount } = await query(client, Prisma.sql`
    WITH m AS (
      SELECT i.id, ${productOfLine(target)} AS "productId"
      FROM "UnifiedOrderItem" i JOIN "UnifiedOrder" o ON o.id = i."orderId"
      WHERE o."connectionId" = ${target.connectionId} AND i."productId" IS NULL
    )
    UPDATE "UnifiedOrderItem" t SET "productId" = m."productId" FROM m WHERE t.id = m.id AND m."productId" IS NOT NULL`);
  return rowCount ?? 0;
}
