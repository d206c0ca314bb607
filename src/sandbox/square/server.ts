import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { StoreData } from '../generator/index.ts';
import { createMarketplaceServer, ResultCache, type SandboxState } from '../kit.ts';
import type { CatalogItem } from '../types.ts';
import { createWebhookEmitter } from '../webhooks.ts';
import { createSquareOAuth } from './oauth.ts';
import {
  type CatalogObject,
  catalogObjects,
  referencedIds,
  renderCount,
  renderItems,
  renderRelated,
  variationId,
} from './render-catalog.ts';
import { renderOrder, renderReturnOrder, returnOrderId } from './render-order.ts';
import { BadRequest, encodeCursor, planSearch, SearchOrdersBody } from './search-orders.ts';

/**
 * Imitation of Square's Orders, Catalog and Inventory APIs (REFERENCE.md §6): Bearer tokens,
 * errors as {errors: [{category, code, detail, field}]}, body cursors, 429 RATE_LIMITED. OAuth: ./oauth.ts.
 * SearchOrders lists return orders beside the sales (./render-order.ts); the catalog is
 * served by ListCatalog and by SearchCatalogObjects (with include_related_objects).
 */

const CATALOG_PAGE = 100;
const CATALOG_SEARCH_MAX = 1000;
const CATALOG_TYPES = new Set([
  'ITEM',
  'ITEM_VARIATION',
  'CATEGORY',
  'TAX',
  'DISCOUNT',
  'MODIFIER',
  'MODIFIER_LIST',
  'IMAGE',
]);

function sendErrors(
  res: Response,
  status: number,
  category: string,
  code: string,
  detail: string,
  field?: string,
): void {
  res.status(status).json({ errors: [{ category, code, detail, ...(field && { field }) }] });
}

const badRequest = (res: Response, err: BadRequest) =>
  sendErrors(res, 400, 'INVALID_REQUEST_ERROR', err.code, err.message, err.field);

const SearchCatalogBody = z.object({
  object_types: z.array(z.string()).optional(),
  include_related_objects: z.boolean().optional(),
  include_deleted_objects: z.boolean().optional(),
  begin_time: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an RFC 3339 timestamp')
    .optional(),
  cursor: z.string().optional(),
  limit: z.number().int().optional(),
});

const InventoryBody = z.object({
  catalog_object_ids: z.array(z.string()).optional(),
  location_ids: z.array(z.string()).optional(),
  updated_after: z.string().optional(),
  states: z.array(z.string()).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

/** `?cursor=` / body cursor of the offset-paged routes */
function offsetOf(cursor: unknown): number {
  const text = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString() : '';
  return /^\d+$/.test(text) ? Number(text) : 0;
}
const offsetCursor = (offset: number) => Buffer.from(String(offset)).toString('base64url');

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new BadRequest('INVALID_VALUE', issue.path.join('.') || undefined, issue.message);
}

export function createSquareSandbox(state: SandboxState) {
  const snapshots = new ResultCache();
  const store = (res: Response) => res.locals.store as StoreData;
  const catalogByVariant = new Map<string, Map<string, CatalogItem>>();
  /** the catalog as Square objects at the sandbox clock */
  const catalog = (s: StoreData): { items: CatalogObject[]; related: Map<string, CatalogObject> } => {
    const products = s.products(state.clock.now());
    return {
      items: renderItems(products, s.spec.currency, s.spec.storeId),
      related: renderRelated(products, s.spec.storeId),
    };
  };
  const catalogOf = (s: StoreData) => {
    let map = catalogByVariant.get(s.spec.key);
    if (!map) catalogByVariant.set(s.spec.key, (map = new Map(s.catalog.map((c) => [c.variantId, c]))));
    return map;
  };

  const guard = (req: Request, res: Response, next: NextFunction) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const found = state.storeFor('square', token);
    if (!found) {
      const expired = token !== undefined && state.expiredTokens.has(token);
      sendErrors(
        res,
        401,
        'AUTHENTICATION_ERROR',
        expired ? 'ACCESS_TOKEN_EXPIRED' : 'UNAUTHORIZED',
        expired ? 'The access token has expired.' : 'This request could not be authorized.',
      );
      return;
    }
    const rate = state.take('square', state.bucketKey(found, token));
    if (!rate.allowed) {
      res.set('Retry-After', String(rate.retryAfterSec));
      sendErrors(res, 429, 'RATE_LIMIT_ERROR', 'RATE_LIMITED', 'Too many requests. Retry later.');
      return;
    }
    res.locals.store = found;
    next();
  };

  const webhooks = createWebhookEmitter('square', state);
  const oauth = createSquareOAuth(state);
  return createMarketplaceServer({
    marketplace: 'square',
    state,
    controlRoutes: (router) => {
      webhooks.routes(router);
      oauth.controlRoutes(router);
    },
    serverError: (res) =>
      sendErrors(
        res,
        500,
        'API_ERROR',
        'INTERNAL_SERVER_ERROR',
        'An internal error has occurred, and the API was unable to service your request.',
      ),
    routes: (r) => {
      r.use(express.json());
      oauth.routes(r);

      r.get('/v2/locations', guard, (_req, res) => {
        const { spec } = store(res);
        res.json({
          locations: [
            {
              id: spec.storeId,
              name: spec.name,
              business_name: spec.name,
              timezone: spec.timeZone,
              currency: spec.currency,
              status: 'ACTIVE',
              country: 'US',
            },
          ],
        });
      });

      r.post('/v2/orders/search', guard, (req, res) => {
        const s = store(res);
        const body = parseBody(SearchOrdersBody, req.body);
        const now = state.clock.now();
        const plan = planSearch(body, s.spec.storeId, now);
        const indices = snapshots.get(`${s.spec.key}:${plan.key}`, () => plan.match(s, now), !body.cursor);
        const page = indices.subarray(plan.offset, plan.offset + plan.limit);
        const end = plan.offset + page.length;
        // key ≥ 0: the sale at that index; ~key: its return order
        const entries = [...page].flatMap((key) => {
          const o = state.order(s, key >= 0 ? key : ~key);
          return o ? [{ o, isReturn: key < 0 }] : [];
        });
        const cursor =
          end < indices.length ? encodeCursor({ h: plan.hash, o: end, t: plan.firstRequestAt }) : undefined;
        if (body.return_entries) {
          const orderEntries = entries.map(({ o, isReturn }) => ({
            order_id: isReturn ? returnOrderId(o) : o.id,
            version: isReturn ? 4 : o.history.length,
            location_id: s.spec.storeId,
          }));
          res.json({ ...(orderEntries.length > 0 && { order_entries: orderEntries }), cursor });
        } else {
          const catalog = catalogOf(s);
          const orders = entries.map(({ o, isReturn }) =>
            isReturn ? renderReturnOrder(o, catalog) : renderOrder(o, catalog),
          );
          res.json({ ...(orders.length > 0 && { orders }), cursor });
        }
      });

      r.get('/v2/catalog/list', guard, (req, res) => {
        const s = store(res);
        const types = new Set(
          String(req.query.types ?? [...CATALOG_TYPES].join(','))
            .split(',')
            .map((t) => t.trim().toUpperCase()),
        );
        const bad = [...types].find((t) => !CATALOG_TYPES.has(t));
        if (bad) throw new BadRequest('INVALID_ENUM_VALUE', 'types', `\`${bad}\` is not a valid catalog object type.`);
        const { items, related } = catalog(s);
        const objects = catalogObjects(items, related, types);
        const offset = offsetOf(req.query.cursor);
        const page = objects.slice(offset, offset + CATALOG_PAGE);
        const end = offset + page.length;
        res.json({
          ...(page.length > 0 && { objects: page }),
          cursor: end < objects.length ? offsetCursor(end) : undefined,
        });
      });

      // https://developer.squareup.com/reference/square/catalog-api/search-catalog-objects
      r.post('/v2/catalog/search', guard, (req, res) => {
        const s = store(res);
        const body = parseBody(SearchCatalogBody, req.body);
        const types = new Set((body.object_types ?? [...CATALOG_TYPES]).map((t) => t.toUpperCase()));
        const bad = [...types].find((t) => !CATALOG_TYPES.has(t));
        if (bad)
          throw new BadRequest('INVALID_ENUM_VALUE', 'object_types', `\`${bad}\` is not a valid catalog object type.`);
        const { items, related } = catalog(s);
        const after = body.begin_time ? Date.parse(body.begin_time) : null;
        // begin_time is exclusive; this catalog deletes nothing, so include_deleted_objects changes nothing
        const objects = catalogObjects(items, related, types).filter(
          (o) => after === null || Date.parse(o.updated_at as string) > after,
        );
        // the limit is advisory: out of 1..1000 it is ignored
        const limit = body.limit && body.limit >= 1 && body.limit <= CATALOG_SEARCH_MAX ? body.limit : CATALOG_PAGE;
        const offset = offsetOf(body.cursor);
        const page = objects.slice(offset, offset + limit);
        const end = offset + page.length;
        const relatedObjects = body.include_related_objects
          ? [...new Set(page.filter((o) => o.type === 'ITEM').flatMap(referencedIds))].flatMap(
              (id) => related.get(id) ?? [],
            )
          : [];
        const latest = objects.reduce((max, o) => (String(o.updated_at) > max ? String(o.updated_at) : max), '');
        res.json({
          ...(page.length > 0 && { objects: page }),
          ...(relatedObjects.length > 0 && { related_objects: relatedObjects }),
          cursor: end < objects.length ? offsetCursor(end) : undefined,
          ...(latest && { latest_time: latest }),
        });
      });

      r.post('/v2/inventory/counts/batch-retrieve', guard, (req, res) => {
        const s = store(res);
        const body = parseBody(InventoryBody, req.body);
        const ids = body.catalog_object_ids && new Set(body.catalog_object_ids);
        const after = body.updated_after ? Date.parse(body.updated_after) : null;
        const here = !body.location_ids || body.location_ids.includes(s.spec.storeId);
        const inStock = !body.states || body.states.includes('IN_STOCK');
        const counts = s
          .products(state.clock.now())
          .filter(
            (c) =>
              here && inStock && (!ids || ids.has(variationId(c))) && (after === null || c.updatedAt.getTime() > after),
          )
          .map((c) => renderCount(c, s.spec.storeId));
        const offset = offsetOf(body.cursor);
        const page = counts.slice(offset, offset + (body.limit ?? 1000));
        const end = offset + page.length;
        res.json({
          ...(page.length > 0 && { counts: page }),
          cursor: end < counts.length ? offsetCursor(end) : undefined,
        });
      });

      r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
        if (err instanceof BadRequest) badRequest(res, err);
        else if ((err as { type?: string }).type === 'entity.parse.failed')
          sendErrors(res, 400, 'INVALID_REQUEST_ERROR', 'INVALID_CONTENT_TYPE', 'The request body is not valid JSON.');
        else next(err);
      });
    },
  });
}
