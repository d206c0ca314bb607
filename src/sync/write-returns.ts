import { type PgClient, query } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { UnifiedReturnRow } from '../marketplaces/types.ts';
import { column, isoColumn } from './columns.ts';
import type { WriteTarget } from './write-target.ts';

/**
 * Returns the marketplace records as documents of their own (Square return orders), inside the
 * caller's transaction and before the batch's orders: upsert them (a copy older than the stored
 * one is ignored), then make each sale already stored that they name RETURNED with at least the
 * sum of its returns as its refunded amount. A sale that arrives later, or is read again, gets
 * the same from writeOrders. A cancelled sale stays CANCELLED.
 */
export async function writeReturns(
  client: PgClient,
  target: WriteTarget,
  returns: readonly UnifiedReturnRow[],
): Promise<number> {
  const rows = [
    ...new Map(returns.map((r) => [`${r.externalReturnId}\u0000${r.saleExternalOrderId}`, r] as const)).values(),
  ];
  if (rows.length === 0) return 0;
  const col = <K extends keyof UnifiedReturnRow>(k: K) => column(rows, k);
  const { rowCount } = await query(
    client,
    Prisma.sql`
    INSERT INTO "UnifiedOrderReturn" AS t (id, "userId", "connectionId", "externalReturnId", "saleExternalOrderId",
      "refundedAmount", currency, "returnedAt", "sourceUpdatedAt", "syncedAt")
    SELECT gen_random_uuid()::text, ${target.userId}, ${target.connectionId}, r.*, now()
    FROM unnest(${col('externalReturnId')}::text[], ${col('saleExternalOrderId')}::text[], ${col('refundedAmount')}::numeric[],
      ${col('currency')}::text[], ${isoColumn(rows, (r) => r.returnedAt)}::timestamptz[], ${isoColumn(rows, (r) => r.sourceUpdatedAt)}::timestamptz[])
      AS r("externalReturnId", "saleExternalOrderId", "refundedAmount", currency, "returnedAt", "sourceUpdatedAt")
    ON CONFLICT ("connectionId", "externalReturnId", "saleExternalOrderId") DO UPDATE SET
      "refundedAmount" = EXCLUDED."refundedAmount",
      currency = EXCLUDED.currency,
      "returnedAt" = EXCLUDED."returnedAt",
      "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt",
      "syncedAt" = now()
    WHERE EXCLUDED."sourceUpdatedAt" >= t."sourceUpdatedAt"`,
  );
  await query(
    client,
    Prisma.sql`
    WITH r AS (
      SELECT "saleExternalOrderId" AS sale, sum("refundedAmount") AS refunded
      FROM "UnifiedOrderReturn"
      WHERE "connectionId" = ${target.connectionId} AND "saleExternalOrderId" = ANY(${[...new Set(col('saleExternalOrderId'))]}::text[])
      GROUP BY 1
    )
    UPDATE "UnifiedOrder" o SET
      status = 'RETURNED',
      "refundedAmount" = GREATEST(COALESCE(o."refundedAmount", 0), r.refunded),
      "marketplaceStatus" = CASE WHEN o."marketplaceStatus" LIKE '%/RETURN' THEN o."marketplaceStatus" ELSE concat_ws('/', o."marketplaceStatus", 'RETURN') END,
      "updatedAt" = now()
    FROM r
    WHERE o."connectionId" = ${target.connectionId} AND o."externalOrderId" = r.sale AND o.status <> 'CANCELLED' AND r.refunded > 0
      AND (o.status <> 'RETURNED' OR o."refundedAmount" IS DISTINCT FROM GREATEST(COALESCE(o."refundedAmount", 0), r.refunded)
        OR o."marketplaceStatus" NOT LIKE '%/RETURN')`,
  );
  return rowCount ?? 0;
}
