import { httpRequest } from '../http.ts';
import type { ConnectorContext } from '../types.ts';
import { parseEnvelope } from '../validate-records.ts';
import { listingDetailsSchema, productSearchPageSchema, shipmentsByIdSchema, shipmentsPageSchema } from './schemas.ts';

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
  const res = await httpRequest(
    { method: 'POST', url: `${ctx.baseUrl}/sellers/v3/shipments/filter/`, headers: headers(ctx), json: search },
    orderPolicy(ctx),
    ctx.log,
  );
  return parseEnvelope(shipmentsPageSchema, res.body, 'flipkart shipment search');
}

// https://flipkart.github.io/fk-api-platform-docs/docs/mp-api_versioned/search-pre-dispatch-shipment-get
/** `nextPageUrl` is relative to `/sellers` and is followed as given, never rebuilt. */
export async function nextShipments(ctx: ConnectorContext, nextPageUrl: string) {
  const res = await httpRequest(
    { url: `${ctx.baseUrl}/sellers${nextPageUrl}`, headers: headers(ctx) },
    orderPolicy(ctx),
    ctx.log,
  );
  return parseEnvelope(shipmentsPageSchema, res.body, 'flipkart shipment search');
}

/** "only one type of query param is accepted per invocation", at most 100 ids */
export const MAX_IDS_PER_CALL = 100;

// https://flipkart.github.io/fk-api-platform-docs/docs/mp-api_versioned/get-shipment-details-by-internal-id
/** Every shipment of the given orders, whatever its state. */
export async function shipmentsByOrderIds(ctx: ConnectorContext, orderIds: readonly string[]) {
  if (orderIds.length === 0 || orderIds.length > MAX_IDS_PER_CALL)
    throw new Error(`flipkart: between 1 and ${MAX_IDS_PER_CALL} order ids per call, not ${orderIds.length}`);
  const ids = orderIds.map(encodeURIComponent).join(',');
  const res = await httpRequest(
    { url: `${ctx.baseUrl}/sellers/v3/shipments?orderIds=${ids}`, headers: headers(ctx) },
    orderPolicy(ctx),
    ctx.log,
  );
  return parseEnvelope(shipmentsByIdSchema, res.body, 'flipkart shipments by order id');
}

/** The product search's filter states; each listing is in one of them. */
export const INTERNAL_STATES = [
  'ACTIVE',
  'INACTIVE',
  'READY_FOR_ACTIVATION',
  'ARCHIVED',
  'INACTIVATED_BY_FLIPKART',
] as const;
export type InternalState = (typeof INTERNAL_STATES)[number];
/** "a maximum of 20 listings are returned per batch" */
export const PRODUCT_SEARCH_BATCH = 20;

// https://flipkart.github.io/fk-api-platform-docs/docs/mp-api_versioned/product-search
/**
 * Listings with their product's title, image and vertical, which the listing search
 * (`/sellers/listings/v3/search`: SKU and ids only) and the details lack. `batchNo` counts from 0.
 */
export async function searchProducts(ctx: ConnectorContext, internalState: InternalState, batchNo: number) {
  const res = await httpRequest(
    {
      method: 'POST',
      url: `${ctx.baseUrl}/sellers/listings/v3/product/search`,
      headers: headers(ctx),
      json: { batchNo, internalState },
    },
    listingPolicy(ctx),
    ctx.log,
  );
  return parseEnvelope(productSearchPageSchema, res.body, 'flipkart product search');
}

export const MAX_DETAIL_SKUS = 10;

// https://flipkart.github.io/fk-api-platform-docs/docs/mp-api_versioned/get-listings
export async function listingDetails(ctx: ConnectorContext, skuIds: readonly string[]) {
  const path = skuIds.map(encodeURIComponent).join(',');
  const res = await httpRequest(
    { url: `${ctx.baseUrl}/sellers/listings/v3/${path}`, headers: headers(ctx) },
    listingPolicy(ctx),
    ctx.log,
  );
  return parseEnvelope(listingDetailsSchema, res.body, 'flipkart listing details');
}
