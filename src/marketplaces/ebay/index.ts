import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';
import type { Connector, ConnectorContext, OrdersPage, Page, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import { idField, skipRecord, validateEach } from '../validate-records.ts';
import { EBAY_API_URL, getInventoryItems, getOffers, getOrders, nextOffset } from './client.ts';
import { refreshAccessToken } from './oauth.ts';
import { type EbayInventoryItem, type EbayOffer, inventoryItemSchema, orderSchema } from './schemas.ts';
import { toUnifiedOrder, toUnifiedProduct } from './to-unified.ts';

/**
 * getOrders searches `lastmodifieddate:[from..to]` (both ends inclusive) over at most 90
 * days, so [updatedFrom, updatedTo) is walked in windows of 89 days, each paged by offset.
 * The cursor carries the walk: the current window's start, the walk's end, and the offset.
 * Without updatedTo the last window is open (`[from..]`): the server reads it up to its own
 * now, and the day to spare keeps it inside 90 days despite clock skew or a slow walk.
 */

const DAY = 86_400_000;
const STEP_MS = 89 * DAY;

const cursorSchema = z.object({
  from: z.iso.datetime(),
  end: z.iso.datetime(),
  open: z.boolean(),
  offset: z.number().int().nonnegative(),
});

export type OrdersCursor = z.infer<typeof cursorSchema>;

export interface OrdersWindow {
  filter: string;
  last: boolean;
  /** start of the following window */
  to: Date;
}

function firstCursor(updatedFrom: Date, updatedTo: Date | undefined, now: Date): OrdersCursor {
  return { from: updatedFrom.toISOString(), end: (updatedTo ?? now).toISOString(), open: !updatedTo, offset: 0 };
}

const ordersCursor = cursorCodec('ebay', 'orders', cursorSchema);

function windowOf(cursor: OrdersCursor): OrdersWindow {
  const from = new Date(cursor.from);
  const end = new Date(cursor.end);
  const to = new Date(Math.min(from.getTime() + STEP_MS, end.getTime()));
  const last = to >= end;
  const upper = last && cursor.open ? '' : new Date(to.getTime() - 1).toISOString();
  return { filter: `lastmodifieddate:[${from.toISOString()}..${upper}]`, last, to };
}

const MAX_LIMIT = 200;
const OFFER_CONCURRENCY = 4;

const clampLimit = (size: number | undefined, fallback: number) => Math.min(MAX_LIMIT, Math.max(1, size ?? fallback));

const productCursor = cursorCodec('ebay', 'inventory', z.object({ offset: z.number().int().nonnegative() }));

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
  wholeCatalogue: true,
  defaultBaseUrl: () => EBAY_API_URL,

  async fetchOrders(ctx, req): Promise<OrdersPage> {
    const limit = clampLimit(req.pageSize, MAX_LIMIT);
    let cursor = req.cursor ? ordersCursor.decode(req.cursor) : firstCursor(req.updatedFrom, req.updatedTo, new Date());
    if (!cursor.open && cursor.from >= cursor.end) return { records: [], skipped: [], unknownStatuses: [], next: null };
    for (;;) {
      const window = windowOf(cursor);
      const page = await getOrders(ctx, { filter: window.filter, limit, offset: cursor.offset });
      const offset = nextOffset(page.next);
      const next =
        offset !== null
          ? { ...cursor, offset }
          : window.last
            ? null
            : { ...cursor, from: window.to.toISOString(), offset: 0 };
      // an empty window says nothing: go on to the next one within this call
      if (page.orders.length === 0 && next) {
        cursor = next;
        continue;
      }
      const { valid, skipped } = validateEach(page.orders, orderSchema, idField('orderId'), ctx.log, 'ebay order');
      const records: UnifiedOrderRow[] = [];
      const unknownStatuses: string[] = [];
      for (const order of valid) {
        try {
          records.push(toUnifiedOrder(order, unknownStatuses));
        } catch (err) {
          // an order that parses but cannot be mapped (mixed currencies) is skipped too
          skipped.push(skipRecord(ctx.log, 'ebay order', order.orderId, (err as Error).message));
        }
      }
      return { records, skipped, unknownStatuses, next: next && ordersCursor.encode(next) };
    }
  },

  // Inventory items have no modified-since filter: every sync reads them all (updatedFrom unused).
  async fetchProducts(ctx, req): Promise<Page<UnifiedProductRow>> {
    const limit = clampLimit(req.pageSize, 100);
    const { offset } = req.cursor ? productCursor.decode(req.cursor) : { offset: 0 };
    const page = await getInventoryItems(ctx, { limit, offset });
    const { valid: items, skipped } = validateEach(
      page.inventoryItems,
      inventoryItemSchema,
      idField('sku'),
      ctx.log,
      'ebay inventory item',
    );
    const offers = await offersFor(ctx, items);
    const records = items.map((item) => toUnifiedProduct(item, offers.get(item.sku) ?? null));
    const following = nextOffset(page.next);
    return {
      records,
      skipped,
      unknownStatuses: [],
      next: following === null ? null : productCursor.encode({ offset: following }),
    };
  },

  refreshAccessToken,
};
