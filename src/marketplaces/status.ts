import type { OrderStatus } from '../generated/prisma/enums.ts';

/**
 * A marketplace's status table. A raw status the table does not know maps to `fallback`
 * (documented in each to-unified.ts) and is reported, never a crash.
 */
export function mapStatus(table: Readonly<Record<string, OrderStatus>>, raw: string, fallback: OrderStatus, unknown: string[]): OrderStatus {
  const hit = table[raw];
  if (hit) return hit;
  if (!unknown.includes(raw)) unknown.push(raw);
  return fallback;
}
