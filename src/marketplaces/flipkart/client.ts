import { httpRequest } from '../http.ts';
import type { ConnectorContext } from '../types.ts';
import { listingDetailsSchema, listingSearchPageSchema, shipmentsPageSchema } from './schemas.ts';

/**
 * Flipkart Seller API v3 calls. Flipkart documents no rate-limit headers: a 429 is waited out
 * by http.ts (Retry-After). Timeouts follow Flipkart's advice: 60 s for order APIs, 10 s for
 * listing APIs.
 */

export const SEARCH_TYPES = ['preDispatch', 'postDispatch', 'cancelled'] as const;

export interface ShipmentSearch {
  filter: {
    type: (typeof SEARCH_TYPES)[number];
    states?: readonly string[];
    cancellationType?: string;
    serviceProfiles: readonly string[];
    modifiedDate: { from: string; to?: string };
  };
  pagination: { pageSize: number };
  sort: { field: 'modifiedDate'; order: 'asc' };
}

const headers = (ctx: ConnectorContext) => ({ authorization: `Bearer ${ctx.accessToken}` });
const orderPolicy = (ctx: ConnectorContext) => ({ timeoutMs: 60_000, ...ctx.http });
const listingPolicy = (ctx: ConnectorContext) => ({ timeoutMs: 10_000, ...ctx.http });

// https://seller.flipkart.com/api-docs/order-api-docs/v3/PostShipmentSearch.html
export async function searchShipments(ctx: ConnectorContext, search: ShipmentSearch) {
  const res = await httpRequest({ method: 'POST', url: `${ctx.baseUrl}/sellers/v3/shipments/filter/`, headers: headers(ctx), json: search }, orderPolicy(ctx), ctx.log);
  return shipmentsPageSchema.parse(res.body);
}

// https://flipkart.github.io/fk-api-platform-docs/docs/mp-api_versioned/search-pre-dispatch-shipment-get
/** `nextPageUrl` is relative to `/sellers` and is followed as given, never rebuilt. */
export async function nextShipments(ctx: ConnectorContext, nextPageUrl: string) {
  const res = await httpRequest({ url: `${ctx.baseUrl}/sellers${nextPageUrl}`, headers: headers(ctx) }, orderPolicy(ctx), ctx.log);
  return shipmentsPageSchema.parse(res.body);
}

// https://flipkart.github.io/fk-api-platform-docs/docs/mp-api_versioned/listing-search
/** `lisitng_status` is spelled as Flipkart's docs spell it. */
export async function searchListings(ctx: ConnectorContext, status: 'ACTIVE' | 'INACTIVE', pageId: string | null) {
  const res = await httpRequest(
    { method: 'POST', url: `${ctx.baseUrl}/sellers/listings/v3/search`, headers: headers(ctx), json: { filters: { lisitng_status: status }, page_id: pageId } },
    listingPolicy(ctx),
    ctx.log,
  );
  return listingSearchPageSchema.parse(res.body);
}

export const MAX_DETAIL_SKUS = 10;

// https://flipkart.github.io/fk-api-platform-docs/docs/mp-api_versioned/get-listings
export async function listingDetails(ctx: ConnectorContext, skuIds: readonly string[]) {
  const path = skuIds.map(encodeURIComponent).join(',');
  const res = await httpRequest({ url: `${ctx.baseUrl}/sellers/listings/v3/${path}`, headers: headers(ctx) }, listingPolicy(ctx), ctx.log);
  return listingDetailsSchema.parse(res.body);
}
