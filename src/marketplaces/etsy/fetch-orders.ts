import type { ConnectorContext, OrdersPage, OrdersRequest } from '../types.ts';
import { idField, validateEach } from '../validate-records.ts';
import { getShopReceipts } from './client.ts';
import { ordersCursor } from './cursor.ts';
import { ListPageSchema, ReceiptSchema } from './schemas.ts';
import { receiptToOrder } from './to-unified.ts';

/**
 * Receipts changed in [updatedFrom, updatedTo), one page per call, oldest first. Offset
 * paging stops when `offset + results.length >= count`.
 */

const MAX_LIMIT = 100;
/** Etsy rejects timestamp filters before 2000-01-01. */
const MIN_TIMESTAMP = 946_684_800;

export async function fetchOrders(ctx: ConnectorContext, req: OrdersRequest): Promise<OrdersPage> {
  const at = req.cursor ? ordersCursor.decode(req.cursor) : { offset: 0 };
  const limit = Math.min(MAX_LIMIT, Math.max(1, req.pageSize ?? MAX_LIMIT));
  const page = ListPageSchema.parse(
    await getShopReceipts(ctx, {
      minLastModified: Math.max(MIN_TIMESTAMP, Math.floor(req.updatedFrom.getTime() / 1000)),
      // the filter is inclusive and in whole seconds; updatedTo is exclusive
      maxLastModified: req.updatedTo ? Math.ceil(req.updatedTo.getTime() / 1000) - 1 : undefined,
      limit,
      offset: at.offset,
    }),
  );
  const { valid, skipped } = validateEach(page.results, ReceiptSchema, idField('receipt_id'), ctx.log, 'etsy receipt');
  const unknownStatuses: string[] = [];
  const records = valid.map((r) => receiptToOrder(r, unknownStatuses));
  const end = at.offset + page.results.length;
  const next = page.results.length > 0 && end < page.count ? { offset: end } : null;
  return { records, skipped, unknownStatuses, next: next && ordersCursor.encode(next) };
}
