import type { StoreData } from '../generator/index.ts';
import type { SandboxOrder } from '../types.ts';
import { floorSecond, parseDateParam } from './format.ts';
import { statusIdOf } from './render-order.ts';

/** The `GET /v2/orders` filters and sort the imitation honours. */
export interface OrderQuery {
  page: number;
  limit: number;
  sort: { field: SortField; desc: boolean };
  statusId?: number;
  modifiedMin?: Date;
  modifiedMax?: Date;
  createdMin?: Date;
  createdMax?: Date;
}

const SORT_KEYS = {
  id: (o: SandboxOrder) => o.index,
  customer_id: (o: SandboxOrder) => (o.index % 97) + 1,
  date_created: (o: SandboxOrder) => floorSecond(o.createdAt.getTime()),
  date_modified: (o: SandboxOrder) => floorSecond(o.updatedAt.getTime()),
  status_id: statusIdOf,
  channel_id: () => 1,
  external_id: () => 0,
} satisfies Record<string, (o: SandboxOrder) => number>;
type SortField = keyof typeof SORT_KEYS;

const DATE_PARAMS = [
  ['min_date_modified', 'modifiedMin'],
  ['max_date_modified', 'modifiedMax'],
  ['min_date_created', 'createdMin'],
  ['max_date_created', 'createdMax'],
] as const;

/** Reads the query string; an error message names the first bad field (the API answers 400). */
export function parseOrderQuery(q: Record<string, unknown>): OrderQuery | string {
  const str = (name: string) => (typeof q[name] === 'string' ? q[name] : undefined);
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    return n >= min && n <= max ? n : undefined;
  };
  const page = int('page', 1, 1, 1_000_000);
  if (page === undefined) return "The field 'page' is invalid.";
  // the spec gives no maximum; 250 is the limit the API enforces in practice
  const limit = int('limit', 50, 1, 250);
  if (limit === undefined) return "The field 'limit' is invalid.";
  const [field = 'id', dir = 'asc', ...extra] = (str('sort') ?? 'id').split(':');
  if (!(field in SORT_KEYS) || !['asc', 'desc'].includes(dir) || extra.length) return "The field 'sort' is invalid.";
  const query: OrderQuery = { page, limit, sort: { field: field as SortField, desc: dir === 'desc' } };
  const statusId = int('status_id', -1, 0, 14);
  if (statusId === undefined) return "The field 'status_id' is invalid.";
  if (statusId >= 0) query.statusId = statusId;
  for (const [param, key] of DATE_PARAMS) {
    const raw = str(param);
    if (raw === undefined) continue;
    const at = parseDateParam(raw);
    if (!at) return `The field '${param}' is invalid.`;
    query[key] = at;
  }
  return query;
}

export const snapshotKey = (store: StoreData, q: OrderQuery) =>
  JSON.stringify([store.spec.key, q.sort, q.statusId, q.modifiedMin, q.modifiedMax, q.createdMin, q.createdMax]);

const ceilSecond = (at: Date) => new Date(Math.ceil(at.getTime() / 1000) * 1000);

/**
 * Indices of the matching orders in the requested order. Dates have second precision and the
 * min/max filters are inclusive. Incomplete orders (status 0) are listed too: whether the real
 * list hides them by default is not confirmed (REFERENCE 5.2 [MEM]).
 */
export function matchOrders(store: StoreData, q: OrderQuery, now: Date): Int32Array {
  const from = q.modifiedMin ? ceilSecond(q.modifiedMin) : null;
  const to = q.modifiedMax ? new Date(floorSecond(q.modifiedMax.getTime()) + 1000) : null;
  const createdFrom = q.createdMin ? ceilSecond(q.createdMin).getTime() : -Infinity;
  const createdTo = q.createdMax ? floorSecond(q.createdMax.getTime()) + 1000 : Infinity;
  const keyOf = SORT_KEYS[q.sort.field];
  const rows: { index: number; key: number }[] = [];
  for (const index of store.updatedBetween(from, to, now)) {
    const order = store.order(index, now);
    if (!order) continue;
    const created = order.createdAt.getTime();
    if (created < createdFrom || created >= createdTo) continue;
    if (q.statusId !== undefined && statusIdOf(order) !== q.statusId) continue;
    rows.push({ index, key: keyOf(order) });
  }
  const sign = q.sort.desc ? -1 : 1;
  rows.sort((a, b) => sign * (a.key - b.key) || a.index - b.index);
  return Int32Array.from(rows, (r) => r.index);
}
