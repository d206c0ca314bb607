import { query, type PgClient } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { UnifiedReturnRow } from '../marketplaces/types.ts';
import type { WriteTarget } from './write-target.ts';

/**
 * Returns the marketplace records as documents of their own (Square return orders), inside the
 * caller's transaction: upsert them (a copy older than the stored one is ignored), then make
 * every sale they name, and every order just written, RETURNED with at least the sum of its
 * returns as its refunded amount. Whichever of a sale and its return arrives first, the second
 * write puts the sale right; a re-read of the sale (still COMPLETED at the marketplace) does too.
 * A cancelled sale stays CANCELLED.
 */
export async function writeReturns(client: PgClient, target: WriteTarget, returns: readonly UnifiedReturnRow[], writtenOrderIds: readonly string[]): Promise<void> {
  const rows = [...new Map(returns.map((r) => [`${r.externalReturnId}\u0000${r.saleExternalOrderId}`, r] as const)).values()];
  if (rows.length > 0) {
    const col = <K extends keyof UnifiedReturnRow>(k: K) => rows.map((r) => r[k]);
    const iso = (k: 'returnedAt' | 'sourceUpdatedAt') => rows.map((r) => r[k].toISOString());
    await query(client, Prisma.sql`
      INSERT INTO "UnifiedOrderReturn" AS t (id, "userId", "connectionId", "externalReturnId", "saleExternalOrderId",
        "refundedAmount", currency, "returnedAt", "sourceUpdatedAt", "syncedAt")
      SELECT gen_random_uuid()::text, ${target.userId}, ${target.connectionId}, r.*, now()
      FROM unnest(${col('externalReturnId')}::text[], ${col('saleExternalOrderId')}::text[], ${col('refundedAmount')}::numeric[],
        ${col('currency')}::text[], ${iso('returnedAt')}::timestamptz[], ${iso('sourceUpdatedAt')}::timestamptz[])
        AS r("externalReturnId", "saleExternalOrderId", "refundedAmount", currency, "returnedAt", "sourceUpdatedAt")
      ON CONFLICT ("connectionId", "externalReturnId", "saleExternalOrderId") DO UPDATE SET
        "refundedAmount" = EXCLUDED."refundedAmount",
        currency = EXCLUDED.currency,
        "returnedAt" = EXCLUDED."returnedAt",
        "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt",
        "syncedAt" = now()
      WHERE EXCLUDED."sourceUpdatedAt" >= t."sourceUpdatedAt"`);
  }
  const sales = [...new Set([...rows.map((r) => r.saleExternalOrderId), ...writtenOrderIds])];
  if (sales.length === 0) return;
  // the EXISTS is a one-time filter: a store without returns costs one index probe, not one per order
  await query(client, Prisma.sql`
    WITH r AS (
      SELECT "saleExternalOrderId" AS sale, sum("refundedAmount") AS refunded
      FROM "UnifiedOrderReturn"
      WHERE EXISTS (SELECT 1 FROM "UnifiedOrderReturn" WHERE "connectionId" = ${target.connectionId})
        AND "connectionId" = ${target.connectionId} AND "saleExternalOrderId" = ANY(${sales}::text[])
      GROUP BY 1
    )
    UPDATE "UnifiedOrder" o SET
      status = 'RETURNED',
      "refundedAmount" = GREATEST(COALESCE(o."refundedAmount", 0), r.refunded),
      "marketplaceStatus" = CASE WHEN o."marketplaceStatus" LIKE '%/RETURN' THEN o."marketplaceStatus" ELSE concat_ws('/', o."marketplaceStatus", 'RETURN') END,
      "updatedAt" = now()
    FROM r
    WHERE o."connectionId" = ${target.connectionId} AND o."externalOrderId" = r.sale AND o.status <> 'CANCELLED'
      AND (o.status <> 'RETURNED' OR o."refundedAmount" IS DISTINCT FROM GREATEST(COALESCE(o."refundedAmount", 0), r.refunded)
        OR o."marketplaceStatus" NOT LIKE '%/RETURN')`);
}
