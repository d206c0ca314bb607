import { httpRequest } from '../http.ts';
import type { ConnectorContext } from '../types.ts';

/**
 * Etsy Open API v3 requests. Every call needs `x-api-key: <keystring>:<shared secret>` (the
 * OAS's current format) and the user's `Authorization: Bearer <user_id>.<token>`. Limits are
 * per app: QPS and QPD, reported as x-limit-per-second / x-remaining-this-second /
 * x-limit-per-day / x-remaining-today; over them Etsy answers 429 + `retry-after`, which
 * httpRequest honours.
 */

export const ETSY_API_ROOT = 'https://openapi.etsy.com';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function headers(ctx: ConnectorContext): Record<string, string> {
  const keystring = ctx.credentials.ETSY_API_KEY;
  const secret = ctx.credentials.ETSY_SHARED_SECRET;
  if (!keystring || !secret)
    throw new Error('Etsy needs ETSY_API_KEY and ETSY_SHARED_SECRET (x-api-key is keystring:shared_secret)');
  return { 'x-api-key': `${keystring}:${secret}`, authorization: `Bearer ${ctx.accessToken}` };
}

async function get(
  ctx: ConnectorContext,
  path: string,
  query: Record<string, string | number | undefined> = {},
): Promise<unknown> {
  const res = await httpRequest(
    { url: `${ctx.baseUrl.replace(/\/+$/, '')}${path}`, query, headers: headers(ctx) },
    ctx.http,
    ctx.log,
  );
  // the per-second window is spent: the next call would only earn a 429
  if (res.headers.get('x-remaining-this-second') === '0') await sleep(1000);
  return res.body;
}

export interface ReceiptsQuery {
  minLastModified: number;
  maxLastModified?: number;
  limit: number;
  offset: number;
}

// https://developers.etsy.com/documentation/reference#operation/getShopReceipts
export function getShopReceipts(ctx: ConnectorContext, q: ReceiptsQuery): Promise<unknown> {
  return get(ctx, `/v3/application/shops/${encodeURIComponent(ctx.storeId)}/receipts`, {
    min_last_modified: q.minLastModified,
    max_last_modified: q.maxLastModified,
    // oldest first, so receipts created during a walk land on pages not read yet
    sort_on: 'created',
    sort_order: 'asc',
    limit: q.limit,
    offset: q.offset,
  });
}

// https://developers.etsy.com/documentation/reference#operation/getListingsByShop
// `includes` attaches each listing's images and inventory (variants, prices, quantities), which
// saves a getListingInventory call per listing
export function getListingsByShop(
  ctx: ConnectorContext,
  q: { state: string; limit: number; offset: number },
): Promise<unknown> {
  return get(ctx, `/v3/application/shops/${encodeURIComponent(ctx.storeId)}/listings`, {
    ...q,
    includes: 'Images,Inventory',
  });
}

// https://developers.etsy.com/documentation/reference#operation/getListingInventory
export function getListingInventory(ctx: ConnectorContext, listingId: number): Promise<unknown> {
  return get(ctx, `/v3/application/listings/${listingId}/inventory`);
}
