import type { Request, Response, Router } from 'express';
import type { StoreData } from '../generator/index.ts';
import { createMarketplaceServer, ResultCache, type SandboxState, type TokenPolicy } from '../kit.ts';
import {
  fulfillmentRequestError,
  INTERNAL_ERROR,
  INVALID_TOKEN,
  inventoryRequestError,
  sendError,
  TOO_MANY_REQUESTS,
} from './errors.ts';
import { type OrderFilter, parseOrderFilter } from './filter.ts';
import { createEbayOAuth } from './oauth.ts';
import { renderInventoryItem, renderOffer } from './render-inventory.ts';
import { ebayState, renderOrder } from './render-order.ts';

/**
 * Imitation of eBay's Sell Fulfillment `getOrders` and Sell Inventory `getInventoryItems` /
 * `getOffers`: Bearer user tokens (one per store, or issued ones that expire), offset paging
 * with `next`/`prev` hrefs, the `filter` grammar with its 90-day range, limit ≤ 200, and errors
 * and 429s in eBay's `{"errors":[…]}` shape. OAuth (consent, code exchange, refresh without
 * rotation) and the Identity API's getUser are in oauth.ts.
 */

const ORDERS_PATH = '/sell/fulfillment/v1/order';
const INVENTORY_PATH = '/sell/inventory/v1/inventory_item';
const OFFER_PATH = '/sell/inventory/v1/offer';
const MAX_LIMIT = 200;

const TOKENS: TokenPolicy = {
  accessTtlSeconds: 7200,
  rotateRefresh: false,
  tokenPrefix: () => 'v^1.1#i^1#p^3#I^3#f^0#t^',
};

/** A non-negative integer query parameter; `fallback` when absent, null when unreadable. */
function intParam(value: unknown, fallback: number): number | null {
  if (value === undefined) return fallback;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
}

const baseUrlOf = (req: Request) => `${req.protocol}://${req.get('host')}`;

/** href/next/prev of an offset page, with the query re-encoded as eBay does. */
function pageLinks(
  req: Request,
  path: string,
  query: Record<string, string>,
  limit: number,
  offset: number,
  total: number,
) {
  const href = (at: number) =>
    `${baseUrlOf(req)}${path}?${new URLSearchParams({ ...query, limit: String(limit), offset: String(at) })}`;
  return {
    href: href(offset),
    ...(offset + limit < total && { next: href(offset + limit) }),
    ...(offset > 0 && { prev: href(Math.max(0, offset - limit)) }),
  };
}

export function createEbaySandbox(state: SandboxState) {
  const snapshots = new ResultCache();
  const storeOf = (res: Response) => res.locals.store as StoreData;
  const oauth = createEbayOAuth(state, TOKENS);

  function matching(store: StoreData, filter: OrderFilter): Int32Array {
    const now = state.clock.now();
    const after = new Date(filter.to.getTime() + 1);
    let indices: Int32Array;
    if (filter.field === 'lastmodifieddate') indices = store.updatedBetween(filter.from, after, now);
    else {
      const { start, end } = store.createdBetween(filter.from, after, now);
      indices = Int32Array.from({ length: end - start }, (_, k) => start + k);
    }
    const { fulfillment } = filter;
    if (!fulfillment) return indices;
    return indices.filter((i) => {
      const order = store.order(i, now);
      return order !== null && fulfillment.has(ebayState(order).fulfillment);
    });
  }

  function routes(router: Router): void {
    oauth.publicRoutes(router);

    router.use((req, res, next) => {
      const auth = req.get('authorization');
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
      const store = state.storeFor('ebay', token);
      if (!store) return sendError(res, 401, INVALID_TOKEN);
      const rate = state.take('ebay', state.bucketKey(store, token));
      if (!rate.allowed) {
        res.set('Retry-After', String(rate.retryAfterSec));
        return sendError(res, 429, TOO_MANY_REQUESTS);
      }
      res.locals.store = store;
      next();
    });

    oauth.userRoutes(router);

    // https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders
    router.get(ORDERS_PATH, (req, res) => {
      const store = storeOf(res);
      const rawFilter = /(?:^|&)filter=([^&]*)/.exec(req.originalUrl.split('?')[1] ?? '')?.[1] ?? '';
      if (/[[\]{}|]/.test(rawFilter)) {
        return sendError(
          res,
          400,
          fulfillmentRequestError(30600, 'Invalid filter value: the characters [ ] { } | must be URL-encoded'),
        );
      }
      const limit = intParam(req.query.limit, 50);
      if (limit === null || limit < 1 || limit > MAX_LIMIT)
        return sendError(
          res,
          400,
          fulfillmentRequestError(30700, `Invalid limit. Supported range is 1 - ${MAX_LIMIT}.`),
        );
      const offset = intParam(req.query.offset, 0);
      if (offset === null)
        return sendError(
          res,
          400,
          fulfillmentRequestError(30800, 'Invalid offset. The offset must be zero or a positive integer.'),
        );
      const filterText = typeof req.query.filter === 'string' ? req.query.filter : undefined;
      const parsed = parseOrderFilter(filterText, state.clock.now());
      if (!parsed.ok) return sendError(res, 400, fulfillmentRequestError(parsed.errorId, parsed.message));
      const indices = snapshots.get(
        `${store.spec.key}|${filterText ?? ''}`,
        () => matching(store, parsed.filter),
        offset === 0,
      );
      const orders = Array.from(indices.subarray(offset, offset + limit), (i) => state.order(store, i))
        .filter((o) => o !== null)
        .map((o) => renderOrder(o, baseUrlOf(req)));
      const query: Record<string, string> = filterText === undefined ? {} : { filter: filterText };
      res.json({
        ...pageLinks(req, ORDERS_PATH, query, limit, offset, indices.length),
        total: indices.length,
        limit,
        offset,
        orders,
      });
    });

    // https://developer.ebay.com/api-docs/sell/inventory/resources/inventory_item/methods/getInventoryItems
    router.get(INVENTORY_PATH, (req, res) => {
      const store = storeOf(res);
      const limit = intParam(req.query.limit, 25);
      const offset = intParam(req.query.offset, 0);
      if (limit === null || limit < 1 || limit > MAX_LIMIT || offset === null) {
        return sendError(
          res,
          400,
          inventoryRequestError(
            25706,
            `You have provided invalid pagination values. The limit must be 1 - ${MAX_LIMIT} and the offset zero or more.`,
          ),
        );
      }
      const items = store.products(state.clock.now());
      res.json({
        ...pageLinks(req, INVENTORY_PATH, {}, limit, offset, items.length),
        total: items.length,
        size: Math.ceil(items.length / limit),
        limit,
        inventoryItems: items.slice(offset, offset + limit).map((item) => renderInventoryItem(item, store.spec)),
      });
    });

    // https://developer.ebay.com/api-docs/sell/inventory/resources/offer/methods/getOffers
    router.get(OFFER_PATH, (req, res) => {
      const store = storeOf(res);
      const sku = req.query.sku;
      if (typeof sku !== 'string' || !sku)
        return sendError(res, 400, inventoryRequestError(25709, 'Invalid value for sku.'));
      const item = store.products(state.clock.now()).find((p) => p.sku === sku);
      if (!item) return sendError(res, 404, inventoryRequestError(25713, 'This Offer is not available.'));
      res.json({
        href: `${baseUrlOf(req)}${OFFER_PATH}?${new URLSearchParams({ sku })}`,
        limit: 100,
        size: 1,
        total: 1,
        offers: [renderOffer(item, store.spec)],
      });
    });
  }

  return createMarketplaceServer({
    marketplace: 'ebay',
    state,
    serverError: (res) => sendError(res, 500, INTERNAL_ERROR),
    routes,
    controlRoutes: oauth.controlRoutes,
    tokens: TOKENS,
  });
}
