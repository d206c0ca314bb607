import type { StoreData } from '../generator/index.ts';
import type { ResultCache, SandboxState } from '../kit.ts';
import type { SandboxOrder } from '../types.ts';
import { checkFirst, connection, decodeCursor, pageOf } from './paging.ts';
import { type CatalogView, renderOrder } from './render.ts';
import { inWindow, parseUpdatedWindow } from './search.ts';

export interface RequestContext {
  state: SandboxState;
  store: StoreData;
  catalog: CatalogView;
  cache: ResultCache;
  /** nodes requested but not returned: refunded from the requested cost */
  unused: number;
  /** the shop the token opened (its store, or an installation of its own sharing the store's data) */
  shop: string;
  /** the Admin API version the request names, e.g. "2026-07" */
  version: string;
  /** scheme, host and port the request came to (links the sandbox hands out point back at it) */
  origin: string;
}

interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  query?: string | null;
  reverse?: boolean | null;
}

type OrderSortKey = 'CREATED_AT' | 'ID' | 'UPDATED_AT';

/**
 * The orders matching a search, in walk order, as a snapshot of indices kept while a client
 * pages through it. Ids grow with creation, so ID and CREATED_AT are creation order.
 */
function orderSnapshot(ctx: RequestContext, args: ConnectionArgs, sortKey: OrderSortKey, fresh: boolean): Int32Array {
  const key = `${ctx.store.spec.key}|${args.query ?? ''}|${sortKey}|${args.reverse ? 'rev' : 'fwd'}`;
  return ctx.cache.get(key, () => matchingOrders(ctx, args, sortKey), fresh);
}

function matchingOrders(ctx: RequestContext, args: ConnectionArgs, sortKey: OrderSortKey): Int32Array {
  const now = ctx.state.clock.now();
  const window = parseUpdatedWindow(args.query);
  let indices = Array.from(ctx.store.updatedBetween(window.from, window.to, now));
  if (sortKey === 'UPDATED_AT') {
    const updated = new Map(indices.map((i) => [i, ctx.store.order(i, now)!.updatedAt.getTime()]));
    indices = indices.sort((a, b) => updated.get(a)! - updated.get(b)! || a - b);
  }
  return Int32Array.from(args.reverse ? indices.reverse() : indices);
}

/** Where to resume after the cursor's order: by position in the snapshot, or by key once it is gone. */
function resumeAt(
  snapshot: Int32Array,
  cursor: Record<string, unknown>,
  sortValue: (i: number) => number,
  reverse: boolean,
): number {
  const last = Number(cursor.i);
  const at = snapshot.indexOf(last);
  if (at >= 0) return at + 1;
  const lastValue = Number(cursor.v);
  let lo = 0;
  let hi = snapshot.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const i = snapshot[mid]!;
    const cmp = sortValue(i) - lastValue || i - last;
    if (reverse ? cmp < 0 : cmp > 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function orders(ctx: RequestContext, args: ConnectionArgs & { sortKey?: OrderSortKey | null }) {
  const first = checkFirst(args.first);
  const sortKey = args.sortKey ?? 'ID';
  const now = ctx.state.clock.now();
  const valueAt = (o: SandboxOrder) =>
    sortKey === 'UPDATED_AT' ? o.updatedAt.getTime() : sortKey === 'CREATED_AT' ? o.createdAt.getTime() : o.index;
  const sortValue = (i: number) => valueAt(ctx.store.order(i, now)!);
  const snapshot = orderSnapshot(ctx, args, sortKey, !args.after);
  const start = args.after ? resumeAt(snapshot, decodeCursor(args.after), sortValue, !!args.reverse) : 0;
  const placed = Array.from(snapshot.subarray(start, start + first)).flatMap(
    (i) => ctx.state.order(ctx.store, i) ?? [],
  );
  ctx.unused += first - placed.length;
  const entries = placed.map((o) => ({ node: renderOrder(o, ctx.catalog), key: { i: o.index, v: valueAt(o) } }));
  return pageOf(entries, start + first < snapshot.length, start > 0);
}

function matchingVariants(ctx: RequestContext, args: ConnectionArgs) {
  const window = parseUpdatedWindow(args.query);
  const items = ctx.store
    .products(ctx.state.clock.now())
    .filter((c) => inWindow(c.updatedAt, window))
    .sort((a, b) => Number(a.variantId) - Number(b.variantId));
  if (args.reverse) items.reverse();
  return items.map((c) => ctx.catalog.variants.get(c.variantId)!);
}

function productVariants(ctx: RequestContext, args: ConnectionArgs) {
  const first = checkFirst(args.first);
  const page = connection(matchingVariants(ctx, args), first, args.after, (v) => v.id);
  ctx.unused += first - page.nodes.length;
  return page;
}

/**
 * What a bulk query over a top-level connection reads: every node it matches (`first` and `after`
 * ignored), rendered as the paged query renders them, the orders as they are now. Null for a
 * field that is no connection the sandbox serves.
 */
export function bulkRoots(
  ctx: RequestContext,
  field: string,
  args: ConnectionArgs & { sortKey?: string | null },
): { count: number; node(k: number): object | null } | null {
  if (field === 'orders') {
    const indices = matchingOrders(ctx, args, (args.sortKey ?? 'ID') as OrderSortKey);
    const now = ctx.state.clock.now();
    const malformedRate = ctx.state.faultsOf('shopify').malformedRate;
    return {
      count: indices.length,
      node: (k) => {
        const order = ctx.store.order(indices[k]!, now, malformedRate);
        return order && renderOrder(order, ctx.catalog);
      },
    };
  }
  if (field === 'productVariants') {
    const variants = matchingVariants(ctx, args);
    return { count: variants.length, node: (k) => variants[k] ?? null };
  }
  return null;
}

/** The root value of one request: every field is answered for the store the token belongs to. */
export function rootValue(ctx: RequestContext) {
  const { spec } = ctx.store;
  return {
    orders: (args: ConnectionArgs & { sortKey?: OrderSortKey | null }) => orders(ctx, args),
    productVariants: (args: ConnectionArgs) => productVariants(ctx, args),
    shop: () => ({
      name: spec.name,
      myshopifyDomain: spec.storeId,
      currencyCode: spec.currency,
      ianaTimezone: spec.timeZone,
    }),
  };
}
