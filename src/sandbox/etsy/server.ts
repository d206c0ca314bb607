import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response, Router } from 'express';
import { marketplaceId } from '../generator/ids.ts';
import { SANDBOX_APP_CREDENTIALS, type StoreData } from '../generator/index.ts';
import { createMarketplaceServer, ResultCache, type SandboxState, type TokenPolicy } from '../kit.ts';
import type { CatalogItem } from '../types.ts';
import { createEtsyOAuth } from './oauth.ts';
import { BadRequest, enumParam, listParam, pageParams } from './params.ts';
import { matchReceipts, readReceiptQuery } from './receipt-query.ts';
import {
  groupListings,
  LISTING_INCLUDES,
  LISTING_STATES,
  listingState,
  renderInventory,
  renderListing,
} from './render-listing.ts';
import { renderReceipt } from './render-receipt.ts';
import { renderShop } from './render-shop.ts';

/**
 * Imitation of Etsy's Open API v3 (REFERENCE.md §3): `x-api-key: keystring:shared_secret`
 * plus `Authorization: Bearer <user_id>.<token>`, limit/offset pages with `count`, unix-second
 * filters, Money as amount/divisor, per-app QPS/QPD headers and 429 + `retry-after`.
 * Errors are `{error}` objects as in the OAS's ErrorSchema. OAuth (§3.1: consent with PKCE,
 * code exchange, rotating refresh) is in oauth.ts.
 */

const APP_KEY = `${SANDBOX_APP_CREDENTIALS.ETSY_API_KEY}:${SANDBOX_APP_CREDENTIALS.ETSY_SHARED_SECRET}`;
/** QPD of an upgraded app (docs example); reported, not enforced, so long demos never stall. */
const PER_DAY = 100_000;
const DAY_MS = 86_400_000;

const store = (res: Response) => res.locals.store as StoreData;
/** The numeric prefix of an Etsy access token is the user id. */
const userIdOf = (s: StoreData) => Number(s.spec.token.split('.')[0]);

const TOKENS: TokenPolicy = { accessTtlSeconds: 3600, rotateRefresh: true, tokenPrefix: (s) => `${userIdOf(s)}.` };

export function createEtsySandbox(state: SandboxState) {
  const receiptSets = new ResultCache();
  const oauth = createEtsyOAuth(state, TOKENS);
  const usedToday = { day: -1, count: 0 };

  /** x-api-key first (403), then the app's rate limit (429), then the user's token (401). */
  function gate(req: Request, res: Response, next: NextFunction): void {
    res.setHeader('x-etsy-request-uuid', randomUUID());
    const key = req.header('x-api-key');
    if (!key) {
      res.status(403).json({ error: 'Missing x-api-key header' });
      return;
    }
    if (!key.includes(':') && key === SANDBOX_APP_CREDENTIALS.ETSY_API_KEY) {
      res.status(403).json({ error: 'Shared secret is required in x-api-key header' });
      return;
    }
    if (key !== APP_KEY) {
      res.status(403).json({ error: 'Invalid API key' });
      return;
    }
    const decision = state.take('etsy', `app:${SANDBOX_APP_CREDENTIALS.ETSY_API_KEY}`);
    const day = Math.floor(state.clock.now().getTime() / DAY_MS);
    if (usedToday.day !== day) Object.assign(usedToday, { day, count: 0 });
    if (decision.allowed) usedToday.count++;
    res.setHeader('x-limit-per-second', String(decision.limit));
    res.setHeader('x-remaining-this-second', String(decision.remaining));
    res.setHeader('x-limit-per-day', String(PER_DAY));
    res.setHeader('x-remaining-today', String(Math.max(0, PER_DAY - usedToday.count)));
    if (!decision.allowed) {
      res.setHeader('retry-after', String(decision.retryAfterSec));
      res.status(429).json({ error: 'You have exceeded your quota of requests per second.' });
      return;
    }
    const auth = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
    const found = state.storeFor('etsy', auth?.[1]);
    if (!found) {
      res.status(401).json({
        error: 'invalid_token',
        error_description: auth ? 'access token is expired or invalid' : 'Missing access token',
      });
      return;
    }
    res.locals.store = found;
    next();
  }

  /** The shop in the path must be the token owner's shop. */
  function ownShop(req: Request, res: Response): boolean {
    const shopId = String(req.params.shop_id);
    if (!/^[1-9]\d*$/.test(shopId)) throw new BadRequest(`Expected a positive int for 'shop_id' (got ${shopId})`);
    if (shopId === store(res).spec.storeId) return true;
    res.status(403).json({ error: `User ${userIdOf(store(res))} does not own shop ${shopId}` });
    return false;
  }

  const catalogOf = (s: StoreData) => new Map<string, CatalogItem>(s.catalog.map((c) => [c.sku, c]));
  const listingsOf = (s: StoreData) => groupListings(s.products(state.clock.now()));

  function routes(r: Router): void {
    oauth.routes(r);
    r.use('/v3/application', gate);

    // https://developers.etsy.com/documentation/reference#operation/getMe
    r.get('/v3/application/users/me', (_req, res) => {
      res.json({ user_id: userIdOf(store(res)), shop_id: Number(store(res).spec.storeId) });
    });

    // https://developers.etsy.com/documentation/reference#operation/getShop
    r.get('/v3/application/shops/:shop_id', (req, res) => {
      const shopId = String(req.params.shop_id);
      if (!/^[1-9]\d*$/.test(shopId)) throw new BadRequest(`Expected a positive int for 'shop_id' (got ${shopId})`);
      const shop = state.data.storesOf('etsy').find((s) => s.spec.storeId === shopId);
      if (!shop) {
        res.status(404).json({ error: `Shop ${shopId} not found` });
        return;
      }
      res.json(renderShop(shop, userIdOf(shop), state.clock.now()));
    });

    // https://developers.etsy.com/documentation/reference#operation/getShopReceipts
    r.get('/v3/application/shops/:shop_id/receipts', (req, res) => {
      if (!ownShop(req, res)) return;
      const s = store(res);
      const { limit, offset } = pageParams(req);
      const query = readReceiptQuery(req);
      const now = state.clock.now();
      const indices = receiptSets.get(
        `${s.spec.key}|${JSON.stringify(query)}`,
        () => matchReceipts(s, now, query),
        offset === 0,
      );
      const catalog = catalogOf(s);
      const results = [];
      for (const index of indices.subarray(offset, offset + limit)) {
        const order = state.order(s, index);
        if (order) results.push(renderReceipt(order, userIdOf(s), catalog));
      }
      res.json({ count: indices.length, results });
    });

    // https://developers.etsy.com/documentation/reference#operation/getShopReceipt
    r.get('/v3/application/shops/:shop_id/receipts/:receipt_id', (req, res) => {
      if (!ownShop(req, res)) return;
      const s = store(res);
      const receiptId = String(req.params.receipt_id);
      const order = /^\d+$/.test(receiptId)
        ? state.order(s, Number(receiptId) - Number(marketplaceId(s.spec, 'order', 0)))
        : null;
      if (!order) {
        res.status(404).json({ error: `Receipt ${receiptId} not found` });
        return;
      }
      res.json(renderReceipt(order, userIdOf(s), catalogOf(s)));
    });

    // https://developers.etsy.com/documentation/reference#operation/getListingsByShop
    r.get('/v3/application/shops/:shop_id/listings', (req, res) => {
      if (!ownShop(req, res)) return;
      const s = store(res);
      const { limit, offset } = pageParams(req);
      const wanted = enumParam(req, 'state', LISTING_STATES, 'active');
      const includes = listParam(req, 'includes', LISTING_INCLUDES);
      const listings = listingsOf(s).filter((l) => listingState(l) === wanted);
      const now = state.clock.now();
      res.json({
        count: listings.length,
        results: listings
          .slice(offset, offset + limit)
          .map((l) => renderListing(l, s.spec, userIdOf(s), now, includes)),
      });
    });

    // https://developers.etsy.com/documentation/reference#operation/getListingInventory
    r.get('/v3/application/listings/:listing_id/inventory', (req, res) => {
      const s = store(res);
      const listing = listingsOf(s).find((l) => String(l.listingId) === req.params.listing_id);
      if (!listing) {
        res.status(404).json({ error: `Listing ${String(req.params.listing_id)} not found` });
        return;
      }
      res.json(renderInventory(listing, s.spec));
    });

    r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (err instanceof BadRequest) res.status(400).json({ error: err.message });
      else next(err);
    });
  }

  return createMarketplaceServer({
    marketplace: 'etsy',
    state,
    serverError: (res) => res.status(500).json({ error: 'An internal error has occurred. Please try again later.' }),
    routes,
    tokens: TOKENS,
  });
}
