import type { NextFunction, Request, Response, Router } from 'express';
import { SANDBOX_APP_CREDENTIALS, type StoreData } from '../generator/index.ts';
import { createMarketplaceServer, ResultCache, type SandboxState } from '../kit.ts';
import { createSnapdealAuthorize } from './authorize.ts';
import { envelope, fail } from './envelope.ts';
import { LISTING_STATES, type ListingFilter, type ListingKey, listingIndices } from './listings.ts';
import { FULFILLMENT_MODES, renderPackage, renderProduct } from './render.ts';

/**
 * Imitation of the Snapdeal Seller API (REFERENCE section 7): three static headers, the
 * {metadata, payload} envelope on every answer, `fModes` mandatory on order calls,
 * pageNumber/pageSize (default 10) with no total count. Snapdeal documents no rate limit,
 * so the sandbox answers 429 with Retry-After from the shared token bucket. The seller
 * authorization page (authorize.snapdeal.com) is in authorize.ts.
 */

const MAX_PAGE_SIZE = 100;
/** documented for returns/completed */
const MAX_RETURNS_PAGE_SIZE = 20;
/**
 * The docs name PFF and PRNT for the open queue; the spec's APPROVED and PACKED are the steps
 * between acceptance and dispatch, shown in the same queue (completed is in transit or after).
 */
const NEW_STATUSES = new Set(['PFF', 'PRNT', 'APPROVED', 'PACKED']);

class BadRequest extends Error {}

function stringParam(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function intParam(req: Request, name: string, fallback: number, min: number, max: number): number {
  const raw = stringParam(req, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new BadRequest(`${name} must be an integer between ${min} and ${max}`);
  return n;
}

function epochParam(req: Request, name: string, required: boolean): Date | null {
  const raw = stringParam(req, name);
  if (raw === undefined) {
    if (required) throw new BadRequest(`${name} is mandatory (epoch milliseconds)`);
    return null;
  }
  if (!/^\d+$/.test(raw)) throw new BadRequest(`${name} must be epoch milliseconds`);
  return new Date(Number(raw));
}

function fModesParam(req: Request): Set<string> {
  const raw = stringParam(req, 'fModes');
  if (!raw) throw new BadRequest('fModes is mandatory');
  const modes = raw.split(',').map((m) => m.trim());
  const bad = modes.find((m) => !(FULFILLMENT_MODES as readonly string[]).includes(m));
  if (bad !== undefined) throw new BadRequest(`invalid fMode ${bad}`);
  return new Set(modes);
}

function listingFilter(req: Request, listing: ListingKey): ListingFilter {
  const fModes = fModesParam(req);
  if (listing === 'new') {
    const raw = stringParam(req, 'orderStatus');
    const statuses = raw ? new Set(raw.split(/[|,]/)) : null;
    for (const s of statuses ?? []) if (!NEW_STATUSES.has(s)) throw new BadRequest(`invalid orderStatus ${s}`);
    return { listing, fModes, statuses, start: null, end: null };
  }
  return {
    listing,
    fModes,
    statuses: null,
    start: epochParam(req, 'startDate', true),
    end: epochParam(req, 'endDate', false),
  };
}

/** Rejects a missing, unknown or expired token in Snapdeal's envelope, then takes a rate-limit token. */
function authenticate(state: SandboxState) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.started = Date.now();
    const clientId = req.get('clientId');
    const partnerToken = req.get('X-Auth-Token');
    const sellerToken = req.get('X-Seller-AuthZ-Token');
    if (!clientId || !partnerToken || !sellerToken)
      return fail(req, res, 401, 'clientId, X-Auth-Token and X-Seller-AuthZ-Token headers are required');
    if (
      clientId !== SANDBOX_APP_CREDENTIALS.SNAPDEAL_CLIENT_ID ||
      partnerToken !== SANDBOX_APP_CREDENTIALS.SNAPDEAL_AUTH_TOKEN
    ) {
      return fail(req, res, 403, 'partner is not authorized');
    }
    const store = state.storeFor('snapdeal', sellerToken);
    if (!store) return fail(req, res, 401, 'seller authorization token is invalid or expired');
    const rate = state.take('snapdeal', state.bucketKey(store, sellerToken));
    if (!rate.allowed) {
      res.set('Retry-After', String(rate.retryAfterSec));
      return fail(req, res, 429, 'too many requests');
    }
    res.locals.store = store;
    next();
  };
}

export function createSnapdealSandbox(state: SandboxState) {
  const cache = new ResultCache();

  const handle = (fn: (req: Request, res: Response, store: StoreData) => void) => (req: Request, res: Response) => {
    try {
      fn(req, res, res.locals.store as StoreData);
    } catch (err) {
      if (err instanceof BadRequest) fail(req, res, 400, err.message);
      else throw err;
    }
  };

  const listPackages = (listing: ListingKey) =>
    handle((req, res, store) => {
      const filter = listingFilter(req, listing);
      const maxSize = listing === 'returns' ? MAX_RETURNS_PAGE_SIZE : MAX_PAGE_SIZE;
      const pageSize = intParam(req, 'pageSize', 10, 1, maxSize);
      const pageNumber = intParam(req, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER);
      if (listing === 'returns') {
        const mode = stringParam(req, 'returnMode');
        if (mode !== undefined && mode !== 'BUYER' && mode !== 'COURIER')
          throw new BadRequest(`invalid returnMode ${mode}`);
        // every sandbox return is a buyer return after delivery: none comes back by courier (RTO)
        if (mode === 'COURIER') filter.statuses = new Set();
      }
      const now = state.clock.now();
      const key = [
        store.spec.key,
        listing,
        [...filter.fModes].sort().join(),
        [...(filter.statuses ?? ['*'])].sort().join(),
        stringParam(req, 'startDate'),
        stringParam(req, 'endDate'),
      ].join('|');
      const indices = cache.get(key, () => listingIndices(store, filter, now), pageNumber === 1);
      const slice = indices.subarray((pageNumber - 1) * pageSize, pageNumber * pageSize);
      const packages = Array.from(slice, (i) => state.order(store, i)).flatMap((o) => (o ? [renderPackage(o)] : []));
      res.json(envelope(req, { packages, pageNumber, pageSize }));
    });

  const onePackage = (listing: ListingKey) =>
    handle((req, res, store) => {
      const fModes = fModesParam(req);
      const match = /^SLP(\d+)$/.exec(String(req.params.code));
      const order = match ? state.order(store, Number(match[1]) - 1_000_000_000) : null;
      const rendered = order && LISTING_STATES[listing].includes(order.status) ? renderPackage(order) : null;
      if (!rendered || !fModes.has(rendered.fulfillmentModelCode))
        return fail(req, res, 404, `package ${String(req.params.code)} not found`);
      res.json(envelope(req, { packages: [rendered] }));
    });

  return createMarketplaceServer({
    marketplace: 'snapdeal',
    state,
    serverError: (res) => res.status(500).json(envelope(res.req, null, 'Internal Server Error')),
    routes: (r: Router) => {
      createSnapdealAuthorize(state).routes(r);
      r.use('/seller-api', authenticate(state));
      r.get('/seller-api/orders/new', listPackages('new'));
      r.get('/seller-api/orders/new/:code', onePackage('new'));
      r.get('/seller-api/orders/completed', listPackages('completed'));
      r.get('/seller-api/orders/completed/:code', onePackage('completed'));
      r.get('/seller-api/suborders/cancelled', listPackages('cancelled'));
      r.get('/seller-api/returns/completed', listPackages('returns'));
      r.get(
        '/seller-api/products/search',
        handle((req, res, store) => {
          const pageSize = intParam(req, 'pageSize', 10, 1, MAX_PAGE_SIZE);
          const pageNumber = intParam(req, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER);
          const searchKey = stringParam(req, 'searchKey')?.toLowerCase();
          const active = stringParam(req, 'active');
          const items = store
            .products(state.clock.now())
            .filter(
              (p) => !searchKey || p.title.toLowerCase().includes(searchKey) || p.sku.toLowerCase().includes(searchKey),
            )
            .filter((p) => active === undefined || (p.status === 'active') === (active === 'true'));
          const supcDetails = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(renderProduct);
          const categories = new Map<string, number>();
          for (const p of items) categories.set(p.category, (categories.get(p.category) ?? 0) + 1);
          const categorySummary = [...categories].map(([name, count]) => ({ name, count }));
          res.json(
            envelope(req, {
              supcDetails,
              categorySummary,
              brandSummary: [{ name: 'Frame Demo', count: items.length }],
              currentPage: pageNumber,
              pageSize,
            }),
          );
        }),
      );
    },
  });
}
