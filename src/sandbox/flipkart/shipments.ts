import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { StoreData } from '../generator/index.ts';
import type { ResultCache, SandboxState } from '../kit.ts';
import { CANCELLATION_TYPES, cancellationTypeOf, rawStatus, renderShipments, searchTypeOf, STATES_OF } from './render.ts';

/**
 * `POST /sellers/v3/shipments/filter/` and its `GET …?next_token=` pages (REFERENCE 4.2).
 * Pages hold whole orders: the shipments of one order never straddle two pages.
 */

export const MAX_PAGE_SIZE = 20;

const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date-time');
const dateRange = z.object({ from: dateTime.optional(), to: dateTime.optional() });

const filterSchema = z
  .object({
    type: z.enum(['preDispatch', 'postDispatch', 'cancelled'], 'filter.type must be one of preDispatch, postDispatch, cancelled'),
    states: z.array(z.string()).min(1).optional(),
    cancellationType: z.enum(CANCELLATION_TYPES).optional(),
    modifiedDate: dateRange.optional(),
    serviceProfiles: z.array(z.enum(['FBF', 'NON_FBF', 'FBF_LITE'])).optional(),
    hold: z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    const allowed = STATES_OF[f.type];
    if (f.type !== 'cancelled' && !f.states) ctx.addIssue({ code: 'custom', path: ['states'], message: `filter.states is required for ${f.type}` });
    for (const s of f.states ?? []) {
      if (!allowed.includes(s)) ctx.addIssue({ code: 'custom', path: ['states'], message: `state ${s} is not valid for ${f.type} (allowed: ${allowed.join(', ')})` });
    }
    if (f.type === 'cancelled' && !f.cancellationType) ctx.addIssue({ code: 'custom', path: ['cancellationType'], message: 'filter.cancellationType is required for cancelled' });
    if (f.hold !== undefined && f.type !== 'preDispatch') ctx.addIssue({ code: 'custom', path: ['hold'], message: 'hold applies to preDispatch only' });
  });

export const searchSchema = z.object({
  filter: filterSchema,
  pagination: z.object({ pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE, `pageSize must be between 1 and ${MAX_PAGE_SIZE}`) }).optional(),
  sort: z.object({ field: z.enum(['orderDate', 'dispatchByDate', 'modifiedDate', 'dispatchAfterDate']), order: z.enum(['asc', 'desc']) }).optional(),
});

export type Search = z.infer<typeof searchSchema>;

const tokenSchema = z.object({ w: z.string(), o: z.number().int().min(0), s: searchSchema });

export const encodeToken = (token: z.infer<typeof tokenSchema>) => Buffer.from(JSON.stringify(token)).toString('base64url');

export function decodeToken(raw: string): z.infer<typeof tokenSchema> | null {
  try {
    const parsed = tokenSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Indices of the orders a search matches at `now`, in the requested sort order. */
function matchingOrders(store: StoreData, search: Search, now: Date): Int32Array {
  const f = search.filter;
  const from = f.modifiedDate?.from ? new Date(f.modifiedDate.from) : null;
  const to = f.modifiedDate?.to ? new Date(f.modifiedDate.to) : null;
  const byModified = search.sort?.field === 'modifiedDate';
  if (f.hold || !(f.serviceProfiles ?? ['NON_FBF']).includes('NON_FBF')) return new Int32Array(0);
  const hits: { index: number; key: number }[] = [];
  for (const index of store.updatedBetween(from, to, now)) {
    const order = store.order(index, now)!;
    const raw = rawStatus(order);
    if (searchTypeOf(raw) !== f.type || (f.states && !f.states.includes(raw))) continue;
    if (f.type === 'cancelled' && cancellationTypeOf(order) !== f.cancellationType) continue;
    hits.push({ index, key: (byModified ? order.updatedAt : order.createdAt).getTime() });
  }
  const sign = search.sort?.order === 'desc' ? -1 : 1;
  hits.sort((a, b) => sign * (a.key - b.key || a.index - b.index));
  return Int32Array.from(hits, (h) => h.index);
}

export interface ShipmentsPage {
  hasMore: boolean;
  nextPageUrl: string | null;
  shipments: Record<string, unknown>[];
}

/** One page of a walk: `walk` names the snapshot, `offset` counts orders already served. */
export function shipmentsPage(state: SandboxState, snapshots: ResultCache, store: StoreData, search: Search, walk: string | null, offset: number): ShipmentsPage {
  const walkId = walk ?? randomUUID();
  const now = state.clock.now();
  const indices = snapshots.get(`${store.spec.key}:${walkId}`, () => matchingOrders(store, search, now), walk === null);
  const pageSize = search.pagination?.pageSize ?? MAX_PAGE_SIZE;
  const shipments: Record<string, unknown>[] = [];
  let pos = offset;
  for (; pos < indices.length; pos++) {
    const order = state.order(store, indices[pos]!);
    if (!order) continue;
    const rendered = renderShipments(order);
    if (shipments.length > 0 && shipments.length + rendered.length > pageSize) break;
    shipments.push(...rendered);
  }
  const hasMore = pos < indices.length;
  return {
    hasMore,
    nextPageUrl: hasMore ? `/v3/shipments/filter/?next_token=${encodeToken({ w: walkId, o: pos, s: search })}` : null,
    shipments,
  };
}
