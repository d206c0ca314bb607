import type { MarketplaceType } from '../generated/prisma/enums.ts';

/** Where a sync's writes go: one connection (store) of one seller. */
export interface WriteTarget {
  userId: string;
  connectionId: string;
  marketplace: MarketplaceType;
  /** IANA zone whose calendar date picks an order's exchange rate */
  timeZone: string;
}
