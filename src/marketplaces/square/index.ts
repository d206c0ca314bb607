import { z } from 'zod';
import type { Connector } from '../types.ts';
import { idField, validateEach } from '../validate-records.ts';
import { listCatalogItems, ORDERS_DEFAULT_LIMIT, ORDERS_MAX_LIMIT, retrieveInStockCounts, searchOrders, type UpdatedWindow } from './client.ts';
import { refreshAccessToken } from './oauth.ts';
import { CatalogItem, Order } from './schemas.ts';
import { inStockByVariation, toUnifiedOrder, toUnifiedProducts } from './to-unified.ts';

/**
 * Square: orders through SearchOrders on updated_at (ascending), products from ListCatalog
 * ITEMs with their variations, stock from inventory counts. ListCatalog has no time filter,
 * so every products sync reads the whole (small) catalog.
 */

/** Our `next`: Square's cursor with the window it belongs to (Square refuses it with any other query). */
const OrdersCursor = z.object({ c: z.string(), s: z.string(), e: z.string().optional() });

const encode = (value: z.infer<typeof OrdersCursor>) => Buffer.from(JSON.stringify(value)).toString('base64url');

function decode(cursor: string): z.infer<typeof OrdersCursor> {
  try {
    return OrdersCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
  } catch {
    throw new Error('square: not a cursor this connector issued');
  }
}

export const squareConnector: Connector = {
  marketplace: 'SQUARE',
  defaultBaseUrl: () => 'https://connect.squareup.com',

  async fetchOrders(ctx, req) {
    const resumed = req.cursor ? decode(req.cursor) : null;
    const window: UpdatedWindow = resumed
      ? { startAt: resumed.s, ...(resumed.e && { endAt: resumed.e }) }
      : // Square's end_at is inclusive, our updatedTo exclusive
        { startAt: req.updatedFrom.toISOString(), ...(req.updatedTo && { endAt: new Date(req.updatedTo.getTime() - 1).toISOString() }) };
    const limit = Math.min(Math.max(req.pageSize ?? ORDERS_DEFAULT_LIMIT, 1), ORDERS_MAX_LIMIT);
    const page = await searchOrders(ctx, window, resumed?.c, limit);
    const { valid, skipped } = validateEach(page.orders, Order, idField('id'), ctx.log, 'square order');
    const unknownStatuses: string[] = [];
    return {
      records: valid.map((o) => toUnifiedOrder(o, unknownStatuses)),
      skipped,
      unknownStatuses,
      next: page.cursor ? encode({ c: page.cursor, s: window.startAt, ...(window.endAt && { e: window.endAt }) }) : null,
    };
  },

  async fetchProducts(ctx, req) {
    const page = await listCatalogItems(ctx, req.cursor ?? undefined);
    const { valid, skipped } = validateEach(page.objects, CatalogItem, idField('id'), ctx.log, 'square catalog item');
    const items = valid.filter((item) => !item.is_deleted);
    const variationIds = items.flatMap((item) => item.item_data.variations.map((v) => v.id));
    const inventory = inStockByVariation(variationIds.length > 0 ? await retrieveInStockCounts(ctx, variationIds) : []);
    return { records: items.flatMap((item) => toUnifiedProducts(item, inventory)), skipped, unknownStatuses: [], next: page.cursor ?? null };
  },

  /** PKCE authorizations: every refresh rotates the refresh token */
  refreshAccessToken,
};
