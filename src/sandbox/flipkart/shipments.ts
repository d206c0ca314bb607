import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { marketplaceId } from '../generator/ids.ts';
import type { StoreData } from '../generator/index.ts';
import type { ResultCache, SandboxState } from '../kit.ts';
import {
  CANCELLATION_TYPES,
  orderIndexOfItem,
  planShipments,
  renderShipment,
  STATES_OF,
  searchTypeOf,
  shipmentKeyOf,
} from './render.ts';

/**
 * `POST /sellers/v3/shipments/filter/` and its `GET …?next_token=` pages (REFERENCE 4.2), and
 * `GET /sellers/v3/shipments?shipmentIds=|orderIds=|orderItemIds=`. The searches list
 * shipments, each by its own state and last change: the shipments of one order can be in
 * different searches, and on different pages of one.
 */

export const MAX_PAGE_SIZE = 20;

const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date-time');
const dateRange = z.object({ from: dateTime.optional(), to: dateTime.optional() });

const filterSchema = z
  .object({
    type: z.enum(
      ['preDispatch', 'postDispatch', 'cancelled'],
      'filter.type must be one of preDispatch, postDispatch, cancelled',
    ),
    states: z.array(z.string()).min(1).optional(),
    cancellationType: z.enum(CANCELLATION_TYPES).optional(),
    modifiedDate: dateRange.optional(),
    serviceProfiles: z.array(z.enum(['FBF', 'NON_FBF', 'FBF_LITE'])).optional(),
    hold: z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    const allowed = STATES_OF[f.type];
    if (f.type !== 'cancelled' && !f.states)
      ctx.addIssue({ code: 'custom', path: ['states'], message: `filter.states is required for ${f.type}` });
    for (const s of f.states ?? []) {
      if (!allowed.includes(s))
        ctx.addIssue({
          code: 'custom',
          path: ['states'],
          message: `state ${s} is not valid for ${f.type} (allowed: ${allowed.join(', ')})`,
        });
    }
    if (f.type === 'cancelled' && !f.cancellationType)
      ctx.addIssue({
        code: 'custom',
        path: ['cancellationType'],
        message: 'filter.cancellationType is required for cancelled',
      });
    if (f.hold !== undefined && f.type !== 'preDispatch')
      ctx.addIssue({ code: 'custom', path: ['hold'], message: 'hold applies to preDispatch only' });
  });

export const searchSchema = z.object({
  filter: filterSchema,
  pagination: z
    .object({ pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE, `pageSize must be between 1 and ${MAX_PAGE_SIZE}`) })
    .optional(),
  sort: z
    .object({
      field: z.enum(['orderDate', 'dispatchByDate', 'modifiedDate', 'dispatchAfterDate']),
      order: z.enum(['asc', 'desc']),
    })
    .optional(),
});

export type Search = z.infer<typeof searchSchema>;

const tokenSchema = z.object({ w: z.string(), o: z.number().int().min(0), s: searchSchema });

export const encodeToken = (token: z.infer<typeof tokenSchema>) =>
  Buffer.from(JSON.stringify(token)).toString('base64url');

export function decodeToken(raw: string): z.infer<typeof tokenSchema> | null {
  try {
    const parsed = tokenSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The shipments a search matches at `now` (order index × 4 + shipment number), in the requested sort order. */
function matchingShipments(store: StoreData, search: Search, now: Date): Int32Array {
  const f = search.filter;
  const from = f.modifiedDate?.from ? new Date(f.modifiedDate.from) : null;
  const to = f.modifiedDate?.to ? new Date(f.modifiedDate.to) : null;
  const byModified = search.sort?.field === 'modifiedDate';
  if (f.hold || !(f.serviceProfiles ?? ['NON_FBF']).includes('NON_FBF')) return new Int32Array(0);
  const hits: { key: number; sortKey: number }[] = [];
  // an order's shipments change at or before the order's last change
  for (const index of store.updatedBetween(from, to, now)) {
    const order = store.order(index, now)!;
    for (const plan of planShipments(order)) {
      if (from && plan.updatedAt < from) continue;
      if (searchTypeOf(plan.status) !== f.type || (f.states && !f.states.includes(plan.status))) continue;
      if (f.type === 'cancelled' && plan.cancellationType !== f.cancellationType) continue;
      hits.push({ key: index * 4 + plan.k, sortKey: (byModified ? plan.updatedAt : order.createdAt).getTime() });
    }
  }
  const sign = search.sort?.order === 'desc' ? -1 : 1;
  hits.sort((a, b) => sign * (a.sortKey - b.sortKey || a.key - b.key));
  return Int32Array.from(hits, (h) => h.key);
}

export interface ShipmentsPage {
  hasMore: boolean;
  nextPageUrl: string | null;
  shipments: Record<string, unknown>[];
}

/** One shipment as the API shows it now, or null when there is no such shipment. */
function shipmentAt(state: SandboxState, store: StoreData, index: number, k: number): Record<string, unknown> | null {
  const order = state.order(store, index);
  const plan = order && planShipments(order).find((p) => p.k === k);
  return order && plan ? renderShipment(order, plan) : null;
}

/** One page of a walk: `walk` names the snapshot, `offset` counts shipments already served. */
export function shipmentsPage(
  state: SandboxState,
  snapshots: ResultCache,
  store: StoreData,
  search: Search,
  walk: string | null,
  offset: number,
): ShipmentsPage {
  const walkId = walk ?? randomUUID();
  const now = state.clock.now();
  const keys = snapshots.get(`${store.spec.key}:${walkId}`, () => matchingShipments(store, search, now), walk === null);
  const pageSize = search.pagination?.pageSize ?? MAX_PAGE_SIZE;
  const end = Math.min(offset + pageSize, keys.length);
  const shipments: Record<string, unknown>[] = [];
  for (let pos = offset; pos < end; pos++) {
    const shipment = shipmentAt(state, store, Math.floor(keys[pos]! / 4), keys[pos]! % 4);
    if (shipment) shipments.push(shipment);
  }
  const hasMore = end < keys.length;
  return {
    hasMore,
    nextPageUrl: hasMore ? `/v3/shipments/filter/?next_token=${encodeToken({ w: walkId, o: end, s: search })}` : null,
    shipments,
  };
}

export const ID_KINDS = ['shipmentIds', 'orderIds', 'orderItemIds'] as const;
export type IdKind = (typeof ID_KINDS)[number];
export const MAX_IDS = 100;

/**
 * `GET /sellers/v3/shipments`: the shipments with the given ids, or every shipment of the given
 * orders or order items, whatever their state. Unknown ids are left out.
 */
export function shipmentsByIds(
  state: SandboxState,
  store: StoreData,
  kind: IdKind,
  ids: readonly string[],
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const add = (shipment: Record<string, unknown>) => {
    const id = shipment.shipmentId as string;
    if (!seen.has(id)) out.push(shipment);
    seen.add(id);
  };
  for (const id of ids) {
    if (kind === 'shipmentIds') {
      const key = shipmentKeyOf(id);
      const shipment = key && shipmentAt(state, store, key.index, key.k);
      if (shipment && shipment.shipmentId === id) add(shipment);
      continue;
    }
    const index = kind === 'orderIds' ? orderIndexOfOrder(store, id) : orderIndexOfItem(id);
    const order = index === null ? null : state.order(store, index);
    if (!order) continue;
    for (const plan of planShipments(order)) {
      if (kind === 'orderItemIds' && !plan.lines.some((l) => l.lineId === id)) continue;
      add(renderShipment(order, plan));
    }
  }
  return out;
}

/** Order ids are `OD` + a store number + the order index in 16 digits. */
function orderIndexOfOrder(store: StoreData, orderId: string): number | null {
  const index = /^OD\d+(\d{16})$/.test(orderId) ? Number(orderId.slice(-16)) : -1;
  return Number.isSafeInteger(index) && index >= 0 && marketplaceId(store.spec, 'order', index) === orderId
    ? index
    : null;
}
