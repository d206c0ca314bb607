import type { OrderStatus } from '../generated/prisma/enums.ts';

/**
 * The status of an order whose items each carry a status of their own (Flipkart order items,
 * Snapdeal sub-orders), from each item's unified status and raw word:
 * - CANCELLED only when every item is; cancelled items are otherwise not sold (`sold` leaves
 *   them out of the order's lines and money), while an order cancelled whole keeps them all.
 * - The refund rule: an item returned (a refund after it was handed over) makes the order
 *   RETURNED, whatever the other live items show.
 * - Otherwise the order is as far along as its least advanced live item
 *   (PENDING < CONFIRMED < SHIPPED < DELIVERED): it is shipped when its last item is.
 * marketplaceStatus: the deciding item's raw word; when the items' words differ, a second
 * segment counts them, sorted by word ("SHIPPED/1 CANCELLED, 2 SHIPPED").
 */

export interface ItemStatus {
  status: OrderStatus;
  raw: string;
}

export interface StatusFromItems<T> {
  status: OrderStatus;
  marketplaceStatus: string;
  /** the items still sold: the live ones, or every item of an order cancelled whole */
  sold: T[];
}

const PROGRESS: readonly OrderStatus[] = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED'];

export function statusFromItems<T>(items: readonly T[], statusOf: (item: T) => ItemStatus): StatusFromItems<T> {
  if (items.length === 0) throw new Error('statusFromItems: an order without items');
  const read = items.map((item) => ({ item, ...statusOf(item) }));
  const live = read.filter((r) => r.status !== 'CANCELLED');
  const returned = live.find((r) => r.status === 'RETURNED');
  const leastAdvanced = [...live].sort((a, b) => PROGRESS.indexOf(a.status) - PROGRESS.indexOf(b.status))[0];
  const decider = returned ?? leastAdvanced ?? read[0]!;
  return {
    status: decider.status,
    marketplaceStatus: [decider.raw, mixedStatuses(read.map((r) => r.raw))].filter(Boolean).join('/'),
    sold: (live.length ? live : read).map((r) => r.item),
  };
}

/** "1 CANCELLED, 2 SHIPPED" when the words are not all the same, else null. */
function mixedStatuses(raws: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const raw of raws) counts.set(raw, (counts.get(raw) ?? 0) + 1);
  if (counts.size < 2) return null;
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([raw, n]) => `${n} ${raw}`)
    .join(', ');
}
