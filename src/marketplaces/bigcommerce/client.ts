import { type HttpPolicy, type HttpResponse, httpRequest } from '../http.ts';
import type { ConnectorContext } from '../types.ts';

/**
 * BigCommerce REST calls. Auth is the store's permanent `X-Auth-Token`. The quota is per
 * store and shared by every app: a 429 says how long to wait in `X-Rate-Limit-Time-Reset-Ms`
 * (no Retry-After); a 429 without those headers is platform load and gets the default backoff.
 */

/** the largest page v2 and v3 list endpoints give */
export const MAX_LIMIT = 250;

export function rateLimitDelayMs(res: HttpResponse): number | null {
  if (res.status !== 429) return null;
  const reset = res.headers.get('x-rate-limit-time-reset-ms');
  return reset && /^\d+$/.test(reset) ? Number(reset) : null;
}

async function get(
  ctx: ConnectorContext,
  path: string,
  query: Record<string, string | number | undefined> = {},
): Promise<HttpResponse> {
  const policy: Partial<HttpPolicy> = { ...ctx.http, rateLimitDelayMs };
  const url = `${ctx.baseUrl.replace(/\/+$/, '')}/stores/${encodeURIComponent(ctx.storeId)}${path}`;
  return httpRequest({ url, query, headers: { 'X-Auth-Token': ctx.accessToken } }, policy, ctx.log);
}

/** v2 date filters take RFC-2822 (or ISO-8601); v2 dates have second precision. */
const rfc2822 = (at: Date) => at.toUTCString().replace('GMT', '+0000');

/** A v2 list page: a bare array, or 204 with no body when the page is empty. */
const listOf = (res: HttpResponse): unknown => (res.status === 204 ? [] : res.body);

export interface OrderListQuery {
  /** inclusive, second precision */
  modifiedMin: Date;
  /** inclusive, second precision */
  modifiedMax?: Date;
  page: number;
  limit: number;
}

// https://developer.bigcommerce.com/docs/rest-management/orders#get-all-orders
export async function listOrders(ctx: ConnectorContext, q: OrderListQuery): Promise<unknown> {
  const res = await get(ctx, '/v2/orders', {
    min_date_modified: rfc2822(q.modifiedMin),
    max_date_modified: q.modifiedMax && rfc2822(q.modifiedMax),
    sort: 'date_modified:asc',
    page: q.page,
    limit: q.limit,
  });
  return listOf(res);
}

// https://developer.bigcommerce.com/docs/rest-management/orders/order-products#list-order-products
export async function listOrderProducts(ctx: ConnectorContext, orderId: number, page: number): Promise<unknown> {
  return listOf(await get(ctx, `/v2/orders/${orderId}/products`, { page, limit: MAX_LIMIT }));
}

// https://developer.bigcommerce.com/docs/rest-management/store-information#get-store-information
export async function getStore(ctx: ConnectorContext): Promise<unknown> {
  return (await get(ctx, '/v2/store')).body;
}

export interface ProductListQuery {
  modifiedMin?: Date;
  page: number;
  limit: number;
}

// https://developer.bigcommerce.com/docs/rest-catalog/products#get-all-products
export async function listProducts(ctx: ConnectorContext, q: ProductListQuery): Promise<unknown> {
  const res = await get(ctx, '/v3/catalog/products', {
    // variants: the sellable rows; images: the product's pictures (variants carry only their own)
    include: 'variants,images',
    'date_modified:min': q.modifiedMin?.toISOString(),
    sort: 'id',
    page: q.page,
    limit: q.limit,
  });
  return res.body;
}

// https://developer.bigcommerce.com/docs/rest-catalog/category-trees/categories#get-all-categories
export async function listCategories(ctx: ConnectorContext, ids: readonly number[], page: number): Promise<unknown> {
  const res = await get(ctx, '/v3/catalog/trees/categories', {
    'category_id:in': ids.join(','),
    page,
    limit: MAX_LIMIT,
  });
  return res.body;
}
