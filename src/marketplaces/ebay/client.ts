import { HttpError, httpRequest } from '../http.ts';
import type { ConnectorContext } from '../types.ts';
import { idField, parseEnvelope, validateEach } from '../validate-records.ts';
import { type EbayOffer, inventoryPageSchema, offerSchema, offersPageSchema, ordersPageSchema } from './schemas.ts';

/**
 * eBay REST calls: a user access token as `Authorization: Bearer`, offset paging where the
 * `next` href tells the next offset, and 429 + Retry-After rate limits (daily quotas per API),
 * which httpRequest waits out.
 */

export const EBAY_API_URL = 'https://api.ebay.com';

function get(ctx: ConnectorContext, path: string, query: Record<string, string | number>) {
  return httpRequest(
    { url: `${ctx.baseUrl}${path}`, query, headers: { authorization: `Bearer ${ctx.accessToken}` } },
    ctx.http,
    ctx.log,
  );
}

/** The offset a `next` href asks for; the Inventory API calls it a page number, so read it rather than compute it. */
export function nextOffset(next: string | undefined): number | null {
  if (!next) return null;
  const offset = Number(new URL(next, EBAY_API_URL).searchParams.get('offset'));
  if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`eBay: unreadable next href ${next}`);
  return offset;
}

// https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders
export async function getOrders(ctx: ConnectorContext, q: { filter: string; limit: number; offset: number }) {
  const res = await get(ctx, '/sell/fulfillment/v1/order', q);
  return parseEnvelope(ordersPageSchema, res.body, 'eBay getOrders');
}

// https://developer.ebay.com/api-docs/sell/inventory/resources/inventory_item/methods/getInventoryItems
export async function getInventoryItems(ctx: ConnectorContext, q: { limit: number; offset: number }) {
  const res = await get(ctx, '/sell/inventory/v1/inventory_item', q);
  return parseEnvelope(inventoryPageSchema, res.body, 'eBay getInventoryItems');
}

// https://developer.ebay.com/api-docs/sell/inventory/resources/offer/methods/getOffers
export async function getOffers(ctx: ConnectorContext, sku: string): Promise<EbayOffer[]> {
  try {
    const res = await get(ctx, '/sell/inventory/v1/offer', { sku });
    const { offers } = parseEnvelope(offersPageSchema, res.body, 'eBay getOffers');
    // a malformed offer is logged and left out: the SKU still syncs, without what it would add
    return validateEach(offers, offerSchema, idField('offerId'), ctx.log, 'ebay offer').valid;
  } catch (err) {
    // a SKU with no offer yet answers 404 (errorId 25713)
    if (err instanceof HttpError && err.status === 404) return [];
    throw err;
  }
}
