import { z } from 'zod';
import type { Connector, ConnectorContext, Page, SkippedRecord, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import { EBAY_API_URL, getInventoryItems, getOffers, getOrders, nextOffset } from './client.ts';
import { decodeCursor, encodeCursor, firstCursor, windowOf } from './order-windows.ts';
import { inventoryItemSchema, orderSchema, type EbayInventoryItem, type EbayOffer } from './schemas.ts';
import { toUnifiedOrder, toUnifiedProduct } from './to-unified.ts';

const MAX_LIMIT = 200;
const OFFER_CONCURRENCY = 4;

const clampLimit = (size: number | undefined, fallback: number) => Math.min(MAX_LIMIT, Math.max(1, size ?? fallback));

const idOf = (raw: unknown, key: string): string | null => {
  const id = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof id === 'string' ? id : null;
};

const reasonOf = (err: unknown) => (err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message);

function skip(ctx: ConnectorContext, skipped: SkippedRecord[], id: string | null, err: unknown, what: string): void {
  const reason = reasonOf(err);
  skipped.push({ id, reason });
  ctx.log.warn({ id, reason }, `ebay: skipped malformed ${what}`);
}

const productCursor = z.object({ offset: z.number().int().nonnegative() });

/** The SKU's offer: the published one when it is listed on several marketplaces. */
async function offersFor(ctx: ConnectorContext, items: EbayInventoryItem[]): Promise<Map<string, EbayOffer | null>> {
  const out = new Map<string, EbayOffer | null>();
  for (let k = 0; k < items.length; k += OFFER_CONCURRENCY) {
    const batch = items.slice(k, k + OFFER_CONCURRENCY);
    const offers = await Promise.all(batch.map((item) => getOffers(ctx, item.sku)));
    batch.forEach((item, j) => {
      const list = offers[j] ?? [];
      out.set(item.sku, list.find((o) => o.status === 'PUBLISHED') ?? list[0] ?? null);
    });
  }
  return out;
}

export const ebayConnector: Connector = {
  marketplace: 'EBAY',
  defaultBaseUrl: () => EBAY_API_URL,

  async fetchOrders(ctx, req): Promise<Page<UnifiedOrderRow>> {
    const limit = clampLimit(req.pageSize, MAX_LIMIT);
    let cursor = req.cursor ? decodeCursor(req.cursor) : firstCursor(req.updatedFrom, req.updatedTo, new Date());
    if (!cursor.open && cursor.from >= cursor.end) return { records: [], skipped: [], unknownStatuses: [], next: null };
    for (;;) {
      const window = windowOf(cursor);
      const page = await getOrders(ctx, { filter: window.filter, limit, offset: cursor.offset });
      const offset = nextOffset(page.next);
      const next =
        offset !== null ? { ...cursor, offset } : window.last ? null : { ...cursor, from: window.to.toISOString(), offset: 0 };
      // an empty window says nothing: go on to the next one within this call
      if (page.orders.length === 0 && next) {
        cursor = next;
        continue;
      }
      const records: UnifiedOrderRow[] = [];
      const skipped: SkippedRecord[] = [];
      const unknownStatuses: string[] = [];
      for (const raw of page.orders) {
        try {
          records.push(toUnifiedOrder(orderSchema.parse(raw), unknownStatuses));
        } catch (err) {
          skip(ctx, skipped, idOf(raw, 'orderId'), err, 'order');
        }
      }
      return { records, skipped, unknownStatuses, next: next && encodeCursor(next) };
    }
  },

  // Inventory items have no modified-since filter: every sync reads them all (updatedFrom unused).
  async fetchProducts(ctx, req): Promise<Page<UnifiedProductRow>> {
    const limit = clampLimit(req.pageSize, 100);
    const { offset } = req.cursor ? productCursor.parse(JSON.parse(Buffer.from(req.cursor, 'base64url').toString('utf8'))) : { offset: 0 };
    const page = await getInventoryItems(ctx, { limit, offset });
    const skipped: SkippedRecord[] = [];
    const items: EbayInventoryItem[] = [];
    for (const raw of page.inventoryItems) {
      const parsed = inventoryItemSchema.safeParse(raw);
      if (parsed.success) items.push(parsed.data);
      else skip(ctx, skipped, idOf(raw, 'sku'), parsed.error, 'inventory item');
    }
    const offers = await offersFor(ctx, items);
    const records = items.map((item) => toUnifiedProduct(item, offers.get(item.sku) ?? null));
    const following = nextOffset(page.next);
    return {
      records,
      skipped,
      unknownStatuses: [],
      next: following === null ? null : Buffer.from(JSON.stringify({ offset: following })).toString('base64url'),
    };
  },
};
