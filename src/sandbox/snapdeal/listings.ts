import type { StoreData } from '../generator/index.ts';
import { MAX_LIFECYCLE_MS } from '../generator/timeline.ts';
import type { LifecycleStatus } from '../types.ts';
import { fulfillmentMode, rawStatus } from './render.ts';

/**
 * The order listings and which packages each shows. Only `new` is documented as a listing
 * (the open queue, newest first, no date filter: PFF and PRNT, and here the accepted APPROVED
 * and PACKED packages not yet shipped); `completed`, `cancelled` and `returns` take
 * epoch-ms `startDate`/`endDate`, read here as a window [start, end) on the package's
 * `updated`, i.e. when it entered its current state.
 */

export type ListingKey = 'new' | 'completed' | 'cancelled' | 'returns';

export const LISTING_STATES: Record<ListingKey, readonly LifecycleStatus[]> = {
  new: ['PENDING', 'PROCESSING'],
  completed: ['SHIPPED', 'DELIVERED'],
  cancelled: ['CANCELLED', 'REFUNDED'],
  returns: ['RETURNED'],
};

export interface ListingFilter {
  listing: ListingKey;
  fModes: ReadonlySet<string>;
  /** raw statuses asked for (orders/new `orderStatus`); null = all of the listing's */
  statuses: ReadonlySet<string> | null;
  start: Date | null;
  end: Date | null;
}

/** Indices of the store's packages the listing shows at `now`. */
export function listingIndices(store: StoreData, filter: ListingFilter, now: Date): Int32Array {
  const states = LISTING_STATES[filter.listing];
  const candidates =
    filter.listing === 'new'
      ? range(
          store.firstIndexAt(new Date(now.getTime() - MAX_LIFECYCLE_MS)),
          store.firstIndexAt(new Date(now.getTime() + 1)),
        )
      : store.updatedBetween(filter.start, filter.end ?? new Date(now.getTime() + 1), now);
  const out: number[] = [];
  for (const i of candidates) {
    const order = store.order(i, now);
    if (!order || !states.includes(order.status)) continue;
    if (!filter.fModes.has(fulfillmentMode(order))) continue;
    if (filter.statuses && !filter.statuses.has(rawStatus(order))) continue;
    out.push(i);
  }
  // the open queue comes newest first
  if (filter.listing === 'new') out.reverse();
  return Int32Array.from(out);
}

function range(start: number, end: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, end - start) }, (_, k) => start + k);
}
