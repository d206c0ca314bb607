import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { StoreData } from '../generator/index.ts';
import { MAX_LIFECYCLE_MS } from '../generator/timeline.ts';
import { ORDER_STATES, type SearchEntry, searchEntries } from './render-order.ts';

/**
 * SearchOrders' request rules: ≤10 location ids, limit ≤1000, a sort field equal to the
 * date filter's field, inclusive time ranges whose missing end_at is the time of the first
 * request, and a cursor that only works with the query it came from. Return orders are orders
 * like the others: listed by their own state and timestamps (keys ~index, see searchEntries).
 */

const Timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an RFC 3339 timestamp');
const TimeRange = z.object({ start_at: Timestamp.optional(), end_at: Timestamp.optional() });
const SORT_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'CLOSED_AT'] as const;

export const SearchOrdersBody = z.object({
  location_ids: z.array(z.string()).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().optional(),
  return_entries: z.boolean().optional(),
  query: z
    .object({
      filter: z
        .object({
          state_filter: z.object({ states: z.array(z.enum(ORDER_STATES)).min(1) }).optional(),
          date_time_filter: z
            .object({
              created_at: TimeRange.optional(),
              updated_at: TimeRange.optional(),
              closed_at: TimeRange.optional(),
            })
            .optional(),
        })
        .optional(),
      sort: z.object({ sort_field: z.enum(SORT_FIELDS), sort_order: z.enum(['ASC', 'DESC']).optional() }).optional(),
    })
    .optional(),
});
export type SearchOrdersBody = z.infer<typeof SearchOrdersBody>;

/** A request Square refuses with 400; `code` and `field` as in its error objects. */
export class BadRequest extends Error {
  constructor(
    readonly code: string,
    readonly field: string | undefined,
    detail: string,
  ) {
    super(detail);
  }
}

const Cursor = z.object({ h: z.string(), o: z.number().int().min(0), t: z.number().int() });
type Cursor = z.infer<typeof Cursor>;

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

export interface SearchPlan {
  limit: number;
  offset: number;
  /** the query's fingerprint, with the first request's time: the snapshot's key */
  key: string;
  hash: string;
  firstRequestAt: number;
  match(store: StoreData, now: Date): Int32Array;
}

type DateField = 'created_at' | 'updated_at' | 'closed_at';

export function planSearch(body: SearchOrdersBody, locationId: string, now: Date): SearchPlan {
  const locations = body.location_ids ?? [];
  if (locations.length === 0)
    throw new BadRequest('ARRAY_LENGTH_TOO_SHORT', 'location_ids', 'At least one location_id is required.');
  if (locations.length > 10)
    throw new BadRequest('ARRAY_LENGTH_TOO_LONG', 'location_ids', 'At most 10 location_ids may be given.');
  const unknown = locations.find((l) => l !== locationId);
  if (unknown)
    throw new BadRequest('INVALID_VALUE', 'location_ids', `Location \`${unknown}\` does not belong to this merchant.`);
  const limit = body.limit ?? 500;
  if (limit < 1) throw new BadRequest('VALUE_TOO_LOW', 'limit', '`limit` must be at least 1.');
  if (limit > 1000) throw new BadRequest('VALUE_TOO_HIGH', 'limit', '`limit` must be at most 1000.');

  const filters = body.query?.filter?.date_time_filter ?? {};
  const fields = (Object.keys(filters) as DateField[]).filter((f) => filters[f]);
  if (fields.length > 1)
    throw new BadRequest(
      'INVALID_VALUE',
      'query.filter.date_time_filter',
      'Only one date_time_filter field may be set.',
    );
  const field = fields[0];
  const sortField = body.query?.sort?.sort_field ?? 'CREATED_AT';
  if (field && sortField !== field.toUpperCase()) {
    throw new BadRequest(
      'INVALID_VALUE',
      'query.sort.sort_field',
      `sort_field must be ${field.toUpperCase()} when filtering on ${field}.`,
    );
  }
  const hash = createHash('sha256')
    .update(JSON.stringify([locations, body.query ?? null]))
    .digest('base64url')
    .slice(0, 16);
  let cursor: Cursor = { h: hash, o: 0, t: now.getTime() };
  if (body.cursor) {
    const parsed = Cursor.safeParse(tryJson(Buffer.from(body.cursor, 'base64url').toString()));
    if (!parsed.success || parsed.data.h !== hash)
      throw new BadRequest('INVALID_VALUE', 'cursor', 'The cursor is invalid or was issued for a different query.');
    cursor = parsed.data;
  }

  const range = field ? filters[field]! : {};
  const from = range.start_at ? new Date(range.start_at) : null;
  // ranges are inclusive; a missing end_at is the time of the first request for this cursor
  const to = new Date((range.end_at ? Date.parse(range.end_at) : cursor.t) + 1);
  const states = body.query?.filter?.state_filter ? new Set<string>(body.query.filter.state_filter.states) : null;
  const direction = (body.query?.sort?.sort_order ?? 'DESC') === 'ASC' ? 1 : -1;
  const valueAt = (e: SearchEntry, f: DateField) =>
    f === 'created_at'
      ? e.createdAt.getTime()
      : f === 'updated_at'
        ? e.updatedAt.getTime()
        : (e.closedAt?.getTime() ?? null);
  const sortBy: DateField =
    sortField === 'CREATED_AT' ? 'created_at' : sortField === 'UPDATED_AT' ? 'updated_at' : 'closed_at';

  return {
    limit,
    offset: cursor.o,
    hash,
    firstRequestAt: cursor.t,
    key: `${hash}:${cursor.t}`,
    match(store, at) {
      const rows: [number, number][] = [];
      for (const i of candidates(store, field, from, to, at)) {
        const o = store.order(i, at);
        if (!o) continue;
        for (const e of searchEntries(o)) {
          if (states && !states.has(e.state)) continue;
          if (field) {
            const v = valueAt(e, field);
            if (v === null || (from && v < from.getTime()) || v >= to.getTime()) continue;
          }
          rows.push([e.key, valueAt(e, sortBy) ?? Number.MAX_SAFE_INTEGER]);
        }
      }
      // ties (a sale and its return share a time) in creation order, the sale first
      const rank = (key: number) => (key >= 0 ? key * 2 : ~key * 2 + 1);
      rows.sort((a, b) => (a[1] - b[1]) * direction || rank(a[0]) - rank(b[0]));
      return Int32Array.from(rows, (r) => r[0]);
    },
  };
}

/** Sales whose entries may fall in the range: a return order is created up to MAX_LIFECYCLE_MS after its sale, and updated when its sale last is. */
function* candidates(
  store: StoreData,
  field: DateField | undefined,
  from: Date | null,
  to: Date,
  at: Date,
): Iterable<number> {
  if (field === 'updated_at') {
    yield* store.updatedBetween(from, to, at);
    return;
  }
  const since = field === 'created_at' && from ? new Date(from.getTime() - MAX_LIFECYCLE_MS) : null;
  const { start, end } = store.createdBetween(since, field === 'created_at' ? to : null, at);
  for (let i = start; i < end; i++) yield i;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
