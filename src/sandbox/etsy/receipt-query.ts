import type { Request } from 'express';
import type { StoreData } from '../generator/index.ts';
import type { SandboxOrder } from '../types.ts';
import { boolParam, enumParam, intParam, MIN_TIMESTAMP } from './params.ts';
import { wasDelivered, wasPaid, wasShipped } from './render-receipt.ts';

/** getShopReceipts' filters and sort, and the receipts (order indices) they select. */

const SORT_ON = ['created', 'updated', 'receipt_id'] as const;
const SORT_ORDER = ['asc', 'ascending', 'desc', 'descending', 'up', 'down'] as const;

export interface ReceiptQuery {
  minCreated?: number;
  maxCreated?: number;
  minModified?: number;
  maxModified?: number;
  wasPaid?: boolean;
  wasShipped?: boolean;
  wasDelivered?: boolean;
  wasCanceled?: boolean;
  sortOn: (typeof SORT_ON)[number];
  descending: boolean;
}

export function readReceiptQuery(req: Request): ReceiptQuery {
  const stamp = (name: string) => intParam(req, name, { min: MIN_TIMESTAMP });
  const sortOrder = enumParam(req, 'sort_order', SORT_ORDER, 'desc');
  return {
    minCreated: stamp('min_created'),
    maxCreated: stamp('max_created'),
    minModified: stamp('min_last_modified'),
    maxModified: stamp('max_last_modified'),
    wasPaid: boolParam(req, 'was_paid'),
    wasShipped: boolParam(req, 'was_shipped'),
    wasDelivered: boolParam(req, 'was_delivered'),
    wasCanceled: boolParam(req, 'was_canceled'),
    sortOn: enumParam(req, 'sort_on', SORT_ON, 'created'),
    descending: sortOrder === 'desc' || sortOrder === 'descending' || sortOrder === 'down',
  };
}

/** Inclusive unix-second bounds → half-open instants: second s covers [s, s+1). */
const from = (s: number | undefined) => (s === undefined ? null : new Date(s * 1000));
const until = (s: number | undefined) => (s === undefined ? null : new Date((s + 1) * 1000));

function flagsMatch(q: ReceiptQuery, o: SandboxOrder): boolean {
  const checks: [boolean | undefined, boolean][] = [
    [q.wasPaid, wasPaid(o)],
    [q.wasShipped, wasShipped(o)],
    [q.wasDelivered, wasDelivered(o)],
    [q.wasCanceled, o.status === 'CANCELLED'],
  ];
  return checks.every(([wanted, actual]) => wanted === undefined || wanted === actual);
}

/** Order indices matching the query at `now`, in the requested order. */
export function matchReceipts(store: StoreData, now: Date, q: ReceiptQuery): Int32Array {
  let candidates: Int32Array;
  const byModified = q.minModified !== undefined || q.maxModified !== undefined;
  if (byModified) {
    candidates = store.updatedBetween(from(q.minModified), until(q.maxModified), now);
  } else {
    const { start, end } = store.createdBetween(from(q.minCreated), until(q.maxCreated), now);
    candidates = Int32Array.from({ length: end - start }, (_, k) => start + k);
  }
  const createdFrom = from(q.minCreated)?.getTime() ?? -Infinity;
  const createdTo = until(q.maxCreated)?.getTime() ?? Infinity;
  const needOrder =
    q.sortOn === 'updated' || [q.wasPaid, q.wasShipped, q.wasDelivered, q.wasCanceled].some((f) => f !== undefined);
  const kept: { index: number; updated: number }[] = [];
  for (const index of candidates) {
    if (byModified) {
      const created = store.createdAt(index).getTime();
      if (created < createdFrom || created >= createdTo) continue;
    }
    let updated = 0;
    if (needOrder) {
      const order = store.order(index, now);
      if (!order || !flagsMatch(q, order)) continue;
      updated = order.updatedAt.getTime();
    }
    kept.push({ index, updated });
  }
  // receipt ids grow with creation, so `created` and `receipt_id` share one order
  if (q.sortOn === 'updated') kept.sort((a, b) => a.updated - b.updated || a.index - b.index);
  if (q.descending) kept.reverse();
  return Int32Array.from(kept, (k) => k.index);
}
