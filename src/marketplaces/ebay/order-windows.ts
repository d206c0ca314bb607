import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';

/**
 * getOrders searches `lastmodifieddate:[from..to]` (both ends inclusive) over at most 90
 * days, so [updatedFrom, updatedTo) is walked in windows of 89 days, each paged by offset.
 * The cursor carries the walk: the current window's start, the walk's end, and the offset.
 * Without updatedTo the last window is open (`[from..]`): the server reads it up to its own
 * now, and the day to spare keeps it inside 90 days despite clock skew or a slow walk.
 */

const DAY = 86_400_000;
const STEP_MS = 89 * DAY;

const cursorSchema = z.object({
  from: z.iso.datetime(),
  end: z.iso.datetime(),
  open: z.boolean(),
  offset: z.number().int().nonnegative(),
});

export type OrdersCursor = z.infer<typeof cursorSchema>;

export interface OrdersWindow {
  filter: string;
  last: boolean;
  /** start of the following window */
  to: Date;
}

export function firstCursor(updatedFrom: Date, updatedTo: Date | undefined, now: Date): OrdersCursor {
  return { from: updatedFrom.toISOString(), end: (updatedTo ?? now).toISOString(), open: !updatedTo, offset: 0 };
}

export const ordersCursor = cursorCodec('ebay', 'orders', cursorSchema);

export function windowOf(cursor: OrdersCursor): OrdersWindow {
  const from = new Date(cursor.from);
  const end = new Date(cursor.end);
  const to = new Date(Math.min(from.getTime() + STEP_MS, end.getTime()));
  const last = to >= end;
  const upper = last && cursor.open ? '' : new Date(to.getTime() - 1).toISOString();
  return { filter: `lastmodifieddate:[${from.toISOString()}..${upper}]`, last, to };
}
