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
  return ctx.cache.get(
    key,
    () => {
      const now = ctx.state.clock.now();
      const window = parseUpdatedWindow(args.query);
      let indices = Array.from(ctx.store.updatedBetween(window.from, window.to, now));
      if (sortKey === 'UPDATED_AT') {
        const updated = new Map(indices.map((i) => [i, ctx.store.order(i, now)!.updatedAt.getTime()]));
        indices = indices.sort((a, b) => updated.get(a)! - updated.get(b)! || a - b);
      }
      return Int32Array.from(args.reverse ? indices.reverse() : indices);
    },
    fresh,
  );
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

function productVariants(ctx: RequestContext, args: ConnectionArgs) {
  const first = checkFirst(args.first);
  const window = parseUpdatedWindow(args.query);
  const items = ctx.store
    .products(ctx.state.clock.now())
    .filter((c) => inWindow(c.updatedAt, window))
    .sort((a, b) => Number(a.variantId) - Number(b.variantId));
  if (args.reverse) items.reverse();
  const variants = items.map((c) => ctx.catalog.variants.get(c.variantId)!);
  const page = connection(variants, first, args.after, (v) => v.id);
  ctx.unused += first - page.nodes.length;
  return page;
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
