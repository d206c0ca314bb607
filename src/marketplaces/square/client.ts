import type { z } from 'zod';
import { type HttpRequest, httpRequest } from '../http.ts';
import type { ConnectorContext } from '../types.ts';
import { parseEnvelope } from '../validate-records.ts';
import {
  type InventoryCount,
  InventoryCountsResponse,
  SearchCatalogResponse,
  SearchOrdersResponse,
} from './schemas.ts';

/**
 * Square HTTP calls. Auth: `Authorization: Bearer`, pinned `Square-Version`. Square publishes
 * no rate-limit headers: a 429 RATE_LIMITED is waited out by httpRequest (Retry-After when
 * sent, backoff otherwise).
 */

export const SQUARE_VERSION = '2025-08-20';
export const ORDERS_DEFAULT_LIMIT = 500;
export const ORDERS_MAX_LIMIT = 1000;
const ORDER_STATES = ['DRAFT', 'OPEN', 'COMPLETED', 'CANCELED'];

async function call<T>(
  ctx: ConnectorContext,
  schema: z.ZodType<T>,
  path: string,
  req: Omit<HttpRequest, 'url' | 'headers'>,
): Promise<T> {
  const res = await httpRequest(
    {
      ...req,
      url: `${ctx.baseUrl.replace(/\/$/, '')}${path}`,
      headers: { authorization: `Bearer ${ctx.accessToken}`, 'square-version': SQUARE_VERSION },
    },
    ctx.http,
    ctx.log,
  );
  return parseEnvelope(schema, res.body ?? {}, `Square ${path}`);
}

/** An updated_at window, both ends inclusive as Square reads them (RFC 3339). */
export interface UpdatedWindow {
  startAt: string;
  endAt?: string;
}

// https://developer.squareup.com/reference/square/orders-api/search-orders
export function searchOrders(ctx: ConnectorContext, window: UpdatedWindow, cursor: string | undefined, limit: number) {
  return call(ctx, SearchOrdersResponse, '/v2/orders/search', {
    method: 'POST',
    json: {
      location_ids: [ctx.storeId],
      limit,
      cursor,
      return_entries: false,
      query: {
        filter: {
          date_time_filter: { updated_at: { start_at: window.startAt, ...(window.endAt && { end_at: window.endAt }) } },
          state_filter: { states: ORDER_STATES },
        },
        // the sort field must be the date filter's field, or Square answers 400
        sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' },
      },
    },
  });
}

// https://developer.squareup.com/reference/square/catalog-api/search-catalog-objects
// Rather than ListCatalog: the same ITEMs (deleted ones left out), and with
// include_related_objects each page also brings the CATEGORY and IMAGE objects its items name,
// so category names and image URLs cost no extra call. `limit` is advisory (≤1000).
export function searchCatalogItems(ctx: ConnectorContext, cursor: string | undefined, limit: number) {
  return call(ctx, SearchCatalogResponse, '/v2/catalog/search', {
    method: 'POST',
    json: { object_types: ['ITEM'], include_related_objects: true, include_deleted_objects: false, limit, cursor },
  });
}

/** catalog_object_ids per BatchRetrieveInventoryCounts request */
const COUNT_IDS_PER_CALL = 1000;

// https://developer.squareup.com/reference/square/inventory-api/batch-retrieve-inventory-counts
/** Every IN_STOCK count of the given variations at the store's location, all cursor pages. */
export async function retrieveInStockCounts(ctx: ConnectorContext, variationIds: string[]): Promise<InventoryCount[]> {
  const counts: InventoryCount[] = [];
  for (let i = 0; i < variationIds.length; i += COUNT_IDS_PER_CALL) {
    const ids = variationIds.slice(i, i + COUNT_IDS_PER_CALL);
    let cursor: string | undefined;
    do {
      const page = await call(ctx, InventoryCountsResponse, '/v2/inventory/counts/batch-retrieve', {
        method: 'POST',
        json: { catalog_object_ids: ids, location_ids: [ctx.storeId], states: ['IN_STOCK'], limit: 1000, cursor },
      });
      counts.push(...page.counts);
      cursor = page.cursor;
    } while (cursor);
  }
  return counts;
}
