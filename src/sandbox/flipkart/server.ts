import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { StoreData } from '../generator/index.ts';
import { createMarketplaceServer, ResultCache, type SandboxState, type TokenPolicy } from '../kit.ts';
import { createFlipkartOAuth } from './oauth.ts';
import { fsnOf, internalStateOf, listingStatusOf, renderListing, renderProductSearchItem } from './render.ts';
import { decodeToken, ID_KINDS, MAX_IDS, searchSchema, shipmentsByIds, shipmentsPage } from './shipments.ts';

/**
 * Imitation of the Flipkart Seller API v3 (REFERENCE section 4): shipment search with
 * `filter.type` + `states`, `nextPageUrl` pages, shipments by shipment, order or order item ids
 * (one kind a call, at most 100), listing search in batches of 500 with the
 * misspelled `lisitng_status` filter, the product search (20 a batch, by `internalState`, with
 * title, image and vertical), listing details for at most 10 SKUs. Flipkart documents
 * no rate limits: this one answers 429 with Retry-After. OAuth (authorize, the GET token
 * endpoint, refresh, token introspection) is in oauth.ts.
 */

/** 60-day access tokens; refresh tokens rotate (REFERENCE leaves it open: the stricter case). */
const TOKENS: TokenPolicy = { accessTtlSeconds: 60 * 86_400, rotateRefresh: true, tokenPrefix: () => '' };

const LISTING_BATCH = 500;
const PRODUCT_SEARCH_BATCH = 20;
const MAX_DETAIL_SKUS = 10;

type Authed = Response<unknown, { store: StoreData }>;

function apiError(res: Response, status: number, code: string, description: string): void {
  res.status(status).json({ errors: [{ severity: 'ERROR', code, description }] });
}

const listingSearchSchema = z.object({
  filters: z.object({
    lisitng_status: z.enum(['ACTIVE', 'INACTIVE'], 'filters.lisitng_status must be ACTIVE or INACTIVE'),
  }),
  page_id: z.string().nullish(),
});

const productSearchSchema = z.object({
  batchNo: z.number().int().min(0, 'batchNo must be 0 or more'),
  internalState: z.enum(
    ['ACTIVE', 'INACTIVE', 'READY_FOR_ACTIVATION', 'ARCHIVED', 'INACTIVATED_BY_FLIPKART'],
    'internalState is invalid',
  ),
  searchText: z.string().nullish(),
});

export function createFlipkartSandbox(state: SandboxState) {
  const snapshots = new ResultCache();
  const oauth = createFlipkartOAuth(state, TOKENS);
  const authenticate = (req: Request, res: Authed, next: NextFunction) => {
    const header = req.get('authorization');
    if (!header?.startsWith('Bearer ')) {
      res
        .status(401)
        .json({ error: 'unauthorized', error_description: 'Full authentication is required to access this resource' });
      return;
    }
    const token = header.slice('Bearer '.length).trim();
    const store = state.storeFor('flipkart', token);
    if (!store) {
      res.status(401).json({ error: 'invalid_token', error_description: 'Invalid access token' });
      return;
    }
    const rate = state.take('flipkart', state.bucketKey(store, token));
    if (!rate.allowed) {
      res.set('Retry-After', String(rate.retryAfterSec));
      apiError(res, 429, 'TOO_MANY_REQUESTS', 'Request rate limit exceeded, retry later');
      return;
    }
    res.locals.store = store;
    next();
  };

  return createMarketplaceServer({
    marketplace: 'flipkart',
    state,
    serverError: (res) => apiError(res, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong, please try again'),
    tokens: TOKENS,
    routes: (r) => {
      oauth.routes(r);
      r.use('/sellers', express.json(), authenticate);

      r.post('/sellers/v3/shipments/filter', (req, res: Authed) => {
        const parsed = searchSchema.safeParse(req.body);
        if (!parsed.success)
          return apiError(res, 400, 'INVALID_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
        res.json(shipmentsPage(state, snapshots, res.locals.store, parsed.data, null, 0));
      });

      r.get('/sellers/v3/shipments/filter', (req, res: Authed) => {
        const token = typeof req.query.next_token === 'string' ? decodeToken(req.query.next_token) : null;
        if (!token) return apiError(res, 400, 'INVALID_NEXT_TOKEN', 'next_token is missing or invalid');
        res.json(shipmentsPage(state, snapshots, res.locals.store, token.s, token.w, token.o));
      });

      r.get('/sellers/v3/shipments', (req, res: Authed) => {
        const kinds = ID_KINDS.filter((kind) => req.query[kind] !== undefined);
        if (kinds.length !== 1)
          return apiError(res, 400, 'INVALID_REQUEST', `exactly one of ${ID_KINDS.join(', ')} is required`);
        const kind = kinds[0]!;
        const raw = req.query[kind];
        const ids =
          typeof raw === 'string'
            ? [
                ...new Set(
                  raw
                    .split(',')
                    .map((id) => id.trim())
                    .filter(Boolean),
                ),
              ]
            : [];
        if (ids.length === 0 || ids.length > MAX_IDS)
          return apiError(res, 400, 'INVALID_REQUEST', `${kind}: between 1 and ${MAX_IDS} comma-separated ids`);
        res.json({ shipments: shipmentsByIds(state, res.locals.store, kind, ids) });
      });

      r.post('/sellers/listings/v3/search', (req, res: Authed) => {
        const parsed = listingSearchSchema.safeParse(req.body);
        if (!parsed.success)
          return apiError(res, 400, 'INVALID_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
        const offset = parsed.data.page_id
          ? Number.parseInt(Buffer.from(parsed.data.page_id, 'base64url').toString('utf8'), 10)
          : 0;
        if (!Number.isInteger(offset) || offset < 0) return apiError(res, 400, 'INVALID_PAGE_ID', 'page_id is invalid');
        const matching = res.locals.store
          .products(state.clock.now())
          .filter((item) => listingStatusOf(item) === parsed.data.filters.lisitng_status);
        const batch = matching.slice(offset, offset + LISTING_BATCH);
        const hasMore = offset + LISTING_BATCH < matching.length;
        res.json({
          next_page_id: hasMore ? Buffer.from(String(offset + LISTING_BATCH)).toString('base64url') : null,
          has_more: hasMore,
          listings: batch.map((item) => ({ listing_id: item.productId, product_id: fsnOf(item), sku_id: item.sku })),
        });
      });

      // the listing with its product's title, image and vertical, 20 a batch (batchNo from 0)
      r.post('/sellers/listings/v3/product/search', (req, res: Authed) => {
        const parsed = productSearchSchema.safeParse(req.body);
        if (!parsed.success)
          return apiError(res, 400, 'INVALID_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
        const { batchNo, internalState, searchText } = parsed.data;
        const text = searchText?.toLowerCase();
        const matching = res.locals.store
          .products(state.clock.now())
          .filter(
            (item) =>
              internalStateOf(item) === internalState &&
              (!text || item.title.toLowerCase().includes(text) || item.sku.toLowerCase().includes(text)),
          );
        const batch = matching.slice(batchNo * PRODUCT_SEARCH_BATCH, (batchNo + 1) * PRODUCT_SEARCH_BATCH);
        res.json({
          totalListingsCount: matching.length,
          listingData: batch.map((item) => renderProductSearchItem(item, res.locals.store.spec.storeId)),
        });
      });

      r.get('/sellers/listings/v3/:skuIds', (req, res: Authed) => {
        const skus = String(req.params.skuIds).split(',').filter(Boolean);
        if (skus.length === 0 || skus.length > MAX_DETAIL_SKUS)
          return apiError(res, 400, 'INVALID_REQUEST', `between 1 and ${MAX_DETAIL_SKUS} SKU ids per call`);
        const products = new Map(res.locals.store.products(state.clock.now()).map((item) => [item.sku, item]));
        const available: Record<string, unknown> = {};
        const invalid: string[] = [];
        for (const sku of skus) {
          const item = products.get(sku);
          if (item) available[sku] = renderListing(item);
          else invalid.push(sku);
        }
        res.json({ available, unavailable: [], invalid });
      });
    },
  });
}
