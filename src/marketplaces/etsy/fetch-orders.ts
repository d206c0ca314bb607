import type { ConnectorContext, OrdersRequest, Page, UnifiedOrderRow } from '../types.ts';
import { idField, validateEach } from '../validate-records.ts';
import { getShopReceipts } from './client.ts';
import { decodeCursor, encodeCursor, OrdersCursorSchema } from './cursor.ts';
import { ListPageSchema, ReceiptSchema } from './schemas.ts';
import { receiptToOrder } from './to-unified.ts';

/**
 * Receipts changed in [updatedFrom, updatedTo), one page per call. Receipts carry no
 * delivered flag, only the `was_delivered` filter does: the walk reads the delivered ones,
 * then the rest, so each page knows which it holds. Offset paging within a pass stops when
 * `offset + results.length >= count`.
 */

const MAX_LIMIT = 100;
/** Etsy rejects timestamp filters before 2000-01-01. */
const MIN_TIMESTAMP = 946_684_800;
const PASSES = [true, false] as const;

export async function fetchOrders(ctx: ConnectorContext, req: OrdersRequest): Promise<Page<UnifiedOrderRow>> {
  const at = req.cursor ? decodeCursor(OrdersCursorSchema, req.cursor) : { pass: 0, offset: 0 };
  const delivered = PASSES[at.pass];
  if (delivered === undefined) throw new Error(`not an Etsy page cursor: pass ${at.pass}`);
  const limit = Math.min(MAX_LIMIT, Math.max(1, req.pageSize ?? MAX_LIMIT));
  const page = ListPageSchema.parse(
    await getShopReceipts(ctx, {
      minLastModified: Math.max(MIN_TIMESTAMP, Math.floor(req.updatedFrom.getTime() / 1000)),
      // the filter is inclusive and in whole seconds; updatedTo is exclusive
      maxLastModified: req.updatedTo ? Math.ceil(req.updatedTo.getTime() / 1000) - 1 : undefined,
      wasDelivered: delivered,
      limit,
      offset: at.offset,
    }),
  );
  const { valid, skipped } = validateEach(page.results, ReceiptSchema, idField('receipt_id'), ctx.log, 'etsy receipt');
  const unknownStatuses: string[] = [];
  const records = valid.map((r) => receiptToOrder(r, delivered, unknownStatuses));
  const end = at.offset + page.results.length;
  const next =
    page.results.length > 0 && end < page.count ? { pass: at.pass, offset: end } : at.pass + 1 < PASSES.length ? { pass: at.pass + 1, offset: 0 } : null;
  return { records, skipped, unknownStatuses, next: next && encodeCursor(next) };
}
