import type { OrderStatus, ProductStatus } from '../generated/prisma/enums.ts';

/**
 * A marketplace's status table. A raw status the table does not know maps to `fallback`
 * (documented in each to-unified.ts) and is reported, never a crash.
 */
export function mapStatus(
  table: Readonly<Record<string, OrderStatus>>,
  raw: string,
  fallback: OrderStatus,
  unknown: string[],
): OrderStatus {
  const hit = table[raw];
  if (hit) return hit;
  if (!unknown.includes(raw)) unknown.push(raw);
  return fallback;
}

/**
 * The spec's product status: INACTIVE when the listing is not for sale (archived, draft, ended,
 * hidden), OUT_OF_STOCK when it is but none is left (the marketplace says sold out, or its
 * tracked stock is 0 or below), else ACTIVE. Untracked stock (null) never reads as sold out.
 */
export function productStatus(p: { forSale: boolean; inventory: number | null; soldOut?: boolean }): ProductStatus {
  if (!p.forSale) return 'INACTIVE';
  return p.soldOut || (p.inventory !== null && p.inventory <= 0) ? 'OUT_OF_STOCK' : 'ACTIVE';
}
