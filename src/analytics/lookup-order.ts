import type { TenantDb } from '../db/tenant-db.ts';
import type { ToolArgs } from './args.ts';
import type { TenantContext } from './tenant.ts';

type Args = ToolArgs<'lookup_order'>;

/** An order as the seller may see it in chat: never the customer's email. */
export interface FoundOrder {
  marketplace: string;
  storeName: string | null;
  externalOrderId: string;
  orderNumber: string | null;
  orderedAt: Date;
  /** the order's date and time in the seller's zone, 'YYYY-MM-DD HH:MI' */
  localOrderDate: string;
  status: string;
  marketplaceStatus: string | null;
  totalAmount: string;
  currency: string;
  totalAmountUSD: string | null;
  refundedAmount: string | null;
  customerName: string | null;
  cancelledAt: Date | null;
  items: Array<{ sku: string | null; title: string; quantity: number; unitPrice: string; totalPrice: string }>;
}

export interface OrderLookup {
  query: string;
  /** more than one when the same id or number exists in several stores */
  matches: FoundOrder[];
}

/** The seller's orders whose marketplace id or number is the one asked for ("#1001" finds "1001" too). */
export async function lookupOrder(db: TenantDb, tenant: TenantContext, args: Args): Promise<OrderLookup> {
  const asked = args.orderId.trim();
  const bare = asked.replace(/^#/, '');
  const candidates = [...new Set([asked, bare, `#${bare}`])];
  const matches = await db.$queryRaw<FoundOrder[]>`
    SELECT o.marketplace::text AS marketplace, c."storeName", o."externalOrderId", o."orderNumber", o."orderedAt",
      to_char(o."orderedAt" AT TIME ZONE ${tenant.timeZone}, 'YYYY-MM-DD HH24:MI') AS "localOrderDate",
      o.status::text AS status, o."marketplaceStatus", o."totalAmount"::text AS "totalAmount", o.currency,
      o."totalAmountUSD"::text AS "totalAmountUSD", o."refundedAmount"::text AS "refundedAmount", o."customerName", o."cancelledAt",
      COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'title', i.title, 'quantity', i.quantity,
          'unitPrice', i."unitPrice"::text, 'totalPrice', i."totalPrice"::text) ORDER BY i."externalItemId")
        FROM "UnifiedOrderItem" i WHERE i."orderId" = o.id), '[]'::json) AS items
    FROM "UnifiedOrder" o
    LEFT JOIN "MarketplaceConnection" c ON c.id = o."connectionId"
    WHERE o."userId" = ${tenant.userId}
      -- order ids are unique per store: naming the seller's stores lets the planner use the (connectionId, externalOrderId) key
      AND ((o."connectionId" = ANY(ARRAY(SELECT s.id FROM "MarketplaceConnection" s WHERE s."userId" = ${tenant.userId}))
          AND o."externalOrderId" = ANY(${candidates}::text[]))
        OR o."orderNumber" = ANY(${candidates}::text[]))
    ORDER BY o."orderedAt" DESC
    LIMIT 10`;
  return { query: asked, matches };
}
