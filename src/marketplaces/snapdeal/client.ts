import { httpRequest } from '../http.ts';
import type { ConnectorContext } from '../types.ts';
import { parseEnvelope } from '../validate-records.ts';
import { packagesEnvelope, productsEnvelope } from './schemas.ts';

/**
 * Snapdeal Seller API calls. Not OAuth: three static headers on every call (partner clientId
 * and X-Auth-Token from config, the seller's X-Seller-AuthZ-Token). Pages are
 * pageNumber/pageSize with no total count: a page shorter than asked is the last.
 * Snapdeal documents no rate limit; a 429 is waited out through Retry-After by httpRequest.
 */

/** Every fulfilment mode: `fModes` is mandatory on order calls. */
const ALL_FMODES = 'VENDOR_SELF,ONESHIP,OCPLUS,DROPSHIP,FC_VOI';

export type ListingKey = 'new' | 'completed' | 'cancelled' | 'returns';

interface Listing {
  key: ListingKey;
  path: string;
  /** false: no date filter, the connector filters on `updated` itself */
  dateFilter: boolean;
  maxPageSize: number;
}

/**
 * The order listings a full walk goes through, in turn. `new` is the open queue (PFF/PRNT)
 * with no date filter; the others take epoch-ms startDate/endDate on the package's `updated`.
 */
export const ORDER_LISTINGS: readonly Listing[] = [
  // https://sellerapis.snapdeal.com/reference/ordersnew
  { key: 'new', path: '/seller-api/orders/new', dateFilter: false, maxPageSize: 100 },
  // https://sellerapis.snapdeal.com/reference/orderscompletedorderid1
  { key: 'completed', path: '/seller-api/orders/completed', dateFilter: true, maxPageSize: 100 },
  // https://sellerapis.snapdeal.com/reference/suborderscancelledsuborderid
  { key: 'cancelled', path: '/seller-api/suborders/cancelled', dateFilter: true, maxPageSize: 100 },
  // https://sellerapis.snapdeal.com/docs/returnscompleted (pageSize max 20)
  { key: 'returns', path: '/seller-api/returns/completed', dateFilter: true, maxPageSize: 20 },
];

function headers(ctx: ConnectorContext): Record<string, string> {
  const clientId = ctx.credentials.SNAPDEAL_CLIENT_ID;
  const partnerToken = ctx.credentials.SNAPDEAL_AUTH_TOKEN;
  if (!clientId || !partnerToken) throw new Error('snapdeal: SNAPDEAL_CLIENT_ID and SNAPDEAL_AUTH_TOKEN are required');
  return { clientId, 'X-Auth-Token': partnerToken, 'X-Seller-AuthZ-Token': ctx.accessToken };
}

function url(ctx: ConnectorContext, path: string): string {
  return new URL(path, ctx.baseUrl).toString();
}

export interface ListingPageRequest {
  pageNumber: number;
  pageSize: number;
  updatedFrom: Date;
  updatedTo?: Date | undefined;
}

/** One page of a listing's packages (raw, validated per record later); docs URL on each listing above. */
export async function fetchPackagePage(
  ctx: ConnectorContext,
  listing: Listing,
  req: ListingPageRequest,
): Promise<unknown[]> {
  const query: Record<string, string | number | undefined> = {
    fModes: ALL_FMODES,
    pageNumber: req.pageNumber,
    pageSize: req.pageSize,
  };
  if (listing.dateFilter) {
    query.startDate = req.updatedFrom.getTime();
    query.endDate = req.updatedTo?.getTime();
  }
  const res = await httpRequest({ url: url(ctx, listing.path), query, headers: headers(ctx) }, ctx.http, ctx.log);
  return parseEnvelope(packagesEnvelope, res.body, `snapdeal ${listing.path}`).payload.packages;
}

// https://sellerapis.snapdeal.com/reference/get-search-seller-product
export async function fetchProductPage(
  ctx: ConnectorContext,
  pageNumber: number,
  pageSize: number,
): Promise<unknown[]> {
  const path = '/seller-api/products/search';
  const res = await httpRequest(
    { url: url(ctx, path), query: { pageNumber, pageSize }, headers: headers(ctx) },
    ctx.http,
    ctx.log,
  );
  return parseEnvelope(productsEnvelope, res.body, `snapdeal ${path}`).payload.supcDetails;
}
