import express, { type NextFunction, type Request, type Response } from 'express';
import { marketplaceId } from '../generator/ids.ts';
import type { StoreData } from '../generator/index.ts';
import { createMarketplaceServer, ResultCache, type SandboxState } from '../kit.ts';
import { createWebhookEmitter } from '../webhooks.ts';
import { sendError } from './errors.ts';
import { floorSecond, parseDateParam } from './format.ts';
import { matchOrders, parseOrderQuery, snapshotKey } from './list-orders.ts';
import { createBigCommerceOAuth } from './oauth.ts';
import { renderOrder, renderOrderProducts } from './render-order.ts';
import { categoriesOf, groupProducts, renderCategory, renderProduct } from './render-product.ts';

/** BigCommerce's quota window: the bucket is reported as a quota per 30 s. */
const WINDOW_MS = 30_000;

const queryParam = (req: Request) => (name: string) =>
  typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined;

/** v3 `page` and `limit` (default 50, at most 250), or the error BigCommerce answers with. */
function v3Paging(param: (name: string) => string | undefined): { page: number; limit: number } | string {
  const page = Number(param('page') ?? 1);
  const limit = Number(param('limit') ?? 50);
  if (!Number.isInteger(page) || page < 1) return "The field 'page' is invalid.";
  if (!Number.isInteger(limit) || limit < 1 || limit > 250) return "The field 'limit' must be between 1 and 250.";
  return { page, limit };
}

/** A v3 list page: `data` plus `meta.pagination` with its links. */
function listPage(items: readonly (() => Record<string, unknown>)[], page: number, limit: number) {
  const data = items.slice((page - 1) * limit, page * limit).map((render) => render());
  const totalPages = Math.ceil(items.length / limit);
  const link = (p: number) => `?page=${p}&limit=${limit}`;
  return {
    data,
    meta: {
      pagination: {
        total: items.length,
        count: data.length,
        per_page: limit,
        current_page: page,
        total_pages: totalPages,
        links: {
          ...(page > 1 && { previous: link(page - 1) }),
          current: link(page),
          ...(page < totalPages && { next: link(page + 1) }),
        },
      },
    },
  };
}

/**
 * Imitation of the BigCommerce v2 Orders and v3 Catalog APIs (REFERENCE.md section 5):
 * `X-Auth-Token`, bare v2 arrays with 204 on an empty page, RFC-2822 dates and 4-dp money
 * strings in v2, `meta.pagination` and JSON numbers in v3, `X-Rate-Limit-*` on every response.
 * Every BigCommerce store of the data set is served, each under its own hash and token; their
 * order and product ids overlap, as real stores' do.
 * The app install and token endpoints (login.bigcommerce.com) are served here too: ./oauth.ts.
 */
export function createBigCommerceSandbox(state: SandboxState) {
  const snapshots = new ResultCache();
  const storeOf = (res: Response) => res.locals.store as StoreData;
  const apiBase = (req: Request) => `${req.protocol}://${req.get('host')}/stores/${req.params.hash}`;

  const authAndQuota = (req: Request, res: Response, next: NextFunction) => {
    const store = state.storeFor('bigcommerce', req.get('x-auth-token'));
    // a fleet benchmark's shop of its own shares a store's data under the hash `<hash>~<n>`
    if (!store || store.spec.storeId !== String(req.params.hash).split('~')[0]) {
      sendError(req, res, 401, 'No valid credentials were found in this request');
      return;
    }
    const rate = state.take('bigcommerce', state.bucketKey(store, req.get('x-auth-token')));
    const resetMs = rate.allowed ? WINDOW_MS - (Date.now() % WINDOW_MS) : rate.retryAfterSec * 1000;
    res.set({
      'X-Rate-Limit-Requests-Quota': String(rate.limit),
      'X-Rate-Limit-Requests-Left': String(rate.remaining),
      'X-Rate-Limit-Time-Window-Ms': String(WINDOW_MS),
      'X-Rate-Limit-Time-Reset-Ms': String(resetMs),
    });
    if (!rate.allowed) {
      sendError(req, res, 429, 'Too many requests');
      return;
    }
    res.locals.store = store;
    next();
  };

  /** An order by its v2 id, if placed by now. */
  const orderById = (store: StoreData, id: string) => {
    const index = /^\d+$/.test(id) ? Number(id) - Number(marketplaceId(store.spec, 'order', 0)) : -1;
    return state.order(store, index);
  };

  const api = express.Router({ mergeParams: true });
  api.use(authAndQuota);

  // https://developer.bigcommerce.com/docs/rest-management/orders#get-all-orders
  api.get('/v2/orders', (req, res) => {
    const store = storeOf(res);
    const q = parseOrderQuery(req.query);
    if (typeof q === 'string') return sendError(req, res, 400, q);
    const now = state.clock.now();
    const indices = snapshots.get(snapshotKey(store, q), () => matchOrders(store, q, now), q.page === 1);
    const page = [...indices.subarray((q.page - 1) * q.limit, q.page * q.limit)];
    const orders = page.flatMap((i) => state.order(store, i) ?? []);
    if (!orders.length) return void res.status(204).end();
    res.json(orders.map((o) => renderOrder(o, apiBase(req))));
  });

  // https://developer.bigcommerce.com/docs/rest-management/orders#get-an-order
  api.get('/v2/orders/:id', (req, res) => {
    const order = orderById(storeOf(res), req.params.id!);
    if (!order) return sendError(req, res, 404, 'The requested resource was not found.');
    res.json(renderOrder(order, apiBase(req)));
  });

  // https://developer.bigcommerce.com/docs/rest-management/orders/order-products#list-order-products
  api.get('/v2/orders/:id/products', (req, res) => {
    const order = orderById(storeOf(res), req.params.id!);
    if (!order) return sendError(req, res, 404, 'The requested resource was not found.');
    const q = parseOrderQuery({ page: req.query.page, limit: req.query.limit });
    if (typeof q === 'string') return sendError(req, res, 400, q);
    const items = renderOrderProducts(order).slice((q.page - 1) * q.limit, q.page * q.limit);
    if (!items.length) return void res.status(204).end();
    res.json(items);
  });

  // https://developer.bigcommerce.com/docs/rest-management/store-information
  api.get('/v2/store', (_req, res) => {
    const { spec } = storeOf(res);
    res.json({
      id: spec.storeId,
      domain: `${spec.key}.mybigcommerce.com`,
      name: spec.name,
      currency: spec.currency,
      currency_symbol: spec.currency === 'USD' ? '$' : spec.currency,
      decimal_places: spec.exponent,
      timezone: { name: spec.timeZone },
      plan_name: 'Standard',
    });
  });

  // https://developer.bigcommerce.com/docs/rest-catalog/products#get-all-products
  api.get('/v3/catalog/products', (req, res) => {
    const store = storeOf(res);
    const param = queryParam(req);
    const paging = v3Paging(param);
    if (typeof paging === 'string') return sendError(req, res, 400, paging);
    const { page, limit } = paging;
    const bounds: Date[] = [];
    for (const name of ['date_modified:min', 'date_modified:max']) {
      const raw = param(name);
      const at = raw === undefined ? new Date(name.endsWith('min') ? 0 : 8.64e15) : parseDateParam(raw);
      if (!at) return sendError(req, res, 400, `The field '${name}' is invalid.`);
      bounds.push(at);
    }
    const [min, max] = bounds as [Date, Date];
    const products = groupProducts(store.products(state.clock.now())).filter(
      (p) => p.modifiedAt.getTime() >= min.getTime() && p.modifiedAt.getTime() <= floorSecond(max.getTime()),
    );
    const includes = (param('include') ?? '').split(',');
    const categoryIds = new Map(categoriesOf(store.catalog).map((c) => [c.name, c.id]));
    const include = { variants: includes.includes('variants'), images: includes.includes('images') };
    res.json(
      listPage(
        products.map((p) => () => renderProduct(p, store.spec, categoryIds, include)),
        page,
        limit,
      ),
    );
  });

  // https://developer.bigcommerce.com/docs/rest-catalog/category-trees/categories#get-all-categories
  api.get('/v3/catalog/trees/categories', (req, res) => {
    const store = storeOf(res);
    const param = queryParam(req);
    const paging = v3Paging(param);
    if (typeof paging === 'string') return sendError(req, res, 400, paging);
    const { page, limit } = paging;
    const idsParam = param('category_id:in');
    if (idsParam !== undefined && !/^\d+(,\d+)*$/.test(idsParam))
      return sendError(req, res, 400, "The field 'category_id:in' is invalid.");
    const wanted = idsParam === undefined ? null : new Set(idsParam.split(',').map(Number));
    const categories = categoriesOf(store.catalog).filter((c) => !wanted || wanted.has(c.id));
    res.json(
      listPage(
        categories.map((c) => () => renderCategory(c)),
        page,
        limit,
      ),
    );
  });

  const webhooks = createWebhookEmitter('bigcommerce', state);
  const oauth = createBigCommerceOAuth(state);
  return createMarketplaceServer({
    marketplace: 'bigcommerce',
    state,
    controlRoutes: (router) => {
      webhooks.routes(router);
      oauth.controlRoutes(router);
    },
    serverError: (res) => sendError(res.req, res, 500, 'Internal Server Error'),
    routes: (router) => {
      oauth.routes(router);
      router.use('/stores/:hash', api);
    },
  });
}
