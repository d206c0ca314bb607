import type { UnifiedProductRow } from '../marketplaces/types.ts';
import type { Tx, WriteTarget } from './write-orders.ts';

/** One page of products (one row per sellable SKU/variant), upserted in one statement. */
export async function writeProducts(tx: Tx, target: WriteTarget, rows: readonly UnifiedProductRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return tx.$executeRaw`
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
      "updatedAt" = now()`;
}

/** Links order items synced before their product to it: by variant id, listing id, then SKU. */
export async function linkOrderItems(tx: Tx, target: WriteTarget): Promise<number> {
  return tx.$executeRaw`
    WITH m AS (
      SELECT i.id, (
        SELECT u.id FROM "UnifiedProduct" u
        WHERE u."userId" = ${target.userId} AND u.marketplace = ${target.marketplace}::"MarketplaceType"
          AND (u."externalProductId" = i."externalVariantId" OR u."externalProductId" = i."externalProductId"
               OR (u."connectionId" = ${target.connectionId} AND u.sku = i.sku))
        ORDER BY (u."externalProductId" = i."externalVariantId") DESC NULLS LAST, (u."externalProductId" = i."externalProductId") DESC NULLS LAST
        LIMIT 1) AS "productId"
      FROM "UnifiedOrderItem" i JOIN "UnifiedOrder" o ON o.id = i."orderId"
      WHERE o."connectionId" = ${target.connectionId} AND i."productId" IS NULL
    )
    UPDATE "UnifiedOrderItem" t SET "productId" = m."productId" FROM m WHERE t.id = m.id AND m."productId" IS NOT NULL`;
}
