import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';
import type { Connector, UnifiedOrderRow, UnifiedReturnRow } from '../types.ts';
import { idField, skipRecord, validateEach } from '../validate-records.ts';
import {
  ORDERS_DEFAULT_LIMIT,
  ORDERS_MAX_LIMIT,
  retrieveInStockCounts,
  searchCatalogItems,
  searchOrders,
  type UpdatedWindow,
} from './client.ts';
import { refreshAccessToken } from './oauth.ts';
import { CatalogItem, Order } from './schemas.ts';
import { inStockByVariation, relatedLookups, toUnified, toUnifiedProducts } from './to-unified.ts';

/**
 * Square: orders through SearchOrders on updated_at (ascending); a return order comes back as
 * return rows beside the page's orders. Products: SearchCatalogObjects ITEMs with their
 * variations and related CATEGORY/IMAGE objects, stock from inventory counts. Every products
 * sync reads the whole (small) catalog: a stock change does not touch the catalog's updated_at.
 */

const CATALOG_DEFAULT_LIMIT = 100;
const CATALOG_MAX_LIMIT = 1000;

/** Our `next`: Square's cursor with the window it belongs to (Square refuses it with any other query). */
const ordersCursor = cursorCodec(
  'square',
  'orders',
  z.object({ c: z.string(), s: z.string(), e: z.string().optional() }),
);

export const squareConnector: Connector = {
  marketplace: 'SQUARE',
  wholeCatalogue: true,
  defaultBaseUrl: () => 'https://connect.squareup.com',

  async fetchOrders(ctx, req) {
    const resumed = req.cursor ? ordersCursor.decode(req.cursor) : null;
    const window: UpdatedWindow = resumed
      ? { startAt: resumed.s, ...(resumed.e && { endAt: resumed.e }) }
      : // Square's end_at is inclusive, our updatedTo exclusive
        {
          startAt: req.updatedFrom.toISOString(),
          ...(req.updatedTo && { endAt: new Date(req.updatedTo.getTime() - 1).toISOString() }),
        };
    const limit = Math.min(Math.max(req.pageSize ?? ORDERS_DEFAULT_LIMIT, 1), ORDERS_MAX_LIMIT);
    const page = await searchOrders(ctx, window, resumed?.c, limit);
    const { valid, skipped } = validateEach(page.orders, Order, idField('id'), ctx.log, 'square order');
    const unknownStatuses: string[] = [];
    const records: UnifiedOrderRow[] = [];
    const returns: UnifiedReturnRow[] = [];
    for (const o of valid) {
      const mapped = toUnified(o, unknownStatuses);
      if (mapped.order) records.push(mapped.order);
      returns.push(...mapped.returns);
      for (const problem of mapped.problems) skipped.push(skipRecord(ctx.log, 'square order', o.id, problem));
    }
    return {
      records,
      returns,
      skipped,
      unknownStatuses,
      next: page.cursor
        ? ordersCursor.encode({ c: page.cursor, s: window.startAt, ...(window.endAt && { e: window.endAt }) })
        : null,
    };
  },

  async fetchProducts(ctx, req) {
    const limit = Math.min(Math.max(req.pageSize ?? CATALOG_DEFAULT_LIMIT, 1), CATALOG_MAX_LIMIT);
    const page = await searchCatalogItems(ctx, req.cursor ?? undefined, limit);
    const isItem = (o: unknown) => (o as { type?: unknown } | null)?.type === 'ITEM';
    const { valid, skipped } = validateEach(
      page.objects.filter(isItem),
      CatalogItem,
      idField('id'),
      ctx.log,
      'square catalog item',
    );
    const items = valid.filter((item) => !item.is_deleted);
    const variationIds = items.flatMap((item) =>
      item.item_data.variations.filter((v) => !v.is_deleted).map((v) => v.id),
    );
    const inventory = inStockByVariation(variationIds.length > 0 ? await retrieveInStockCounts(ctx, variationIds) : []);
    const lookups = { locationId: ctx.storeId, inventory, ...relatedLookups(page.related_objects) };
    return {
      records: items.flatMap((item) => toUnifiedProducts(item, lookups)),
      skipped,
      unknownStatuses: [],
      next: page.cursor ?? null,
    };
  },

  /** PKCE authorizations: every refresh rotates the refresh token */
  refreshAccessToken,
};
