import type { MarketplaceType, OrderStatus } from '../../src/generated/prisma/enums.ts';

/**
 * The spec's Status Mapping table (../shared/spec/SPEC.md), row for row, with the raw value as
 * each API spells it: the first "/"-segment of `marketplaceStatus` is that value (the
 * convention every to-unified.ts follows). eBay's RETURNED row has no value of its own in
 * getOrders: a return is a refund after shipping, so it is checked as an override below.
 */
export const SPEC_STATUS_TABLE: Array<{ marketplace: MarketplaceType; raw: string[]; status: OrderStatus }> = [
  { marketplace: 'SHOPIFY', raw: ['UNFULFILLED'], status: 'PENDING' },
  { marketplace: 'SHOPIFY', raw: ['FULFILLED'], status: 'DELIVERED' },
  { marketplace: 'SHOPIFY', raw: ['CANCELLED'], status: 'CANCELLED' },
  { marketplace: 'FLIPKART', raw: ['APPROVED'], status: 'CONFIRMED' },
  { marketplace: 'FLIPKART', raw: ['PACKED'], status: 'CONFIRMED' },
  { marketplace: 'FLIPKART', raw: ['SHIPPED'], status: 'SHIPPED' },
  { marketplace: 'FLIPKART', raw: ['DELIVERED'], status: 'DELIVERED' },
  { marketplace: 'FLIPKART', raw: ['CANCELLED'], status: 'CANCELLED' },
  { marketplace: 'FLIPKART', raw: ['RETURN_REQUESTED'], status: 'RETURNED' },
  { marketplace: 'ETSY', raw: ['open'], status: 'PENDING' },
  { marketplace: 'ETSY', raw: ['paid'], status: 'CONFIRMED' },
  { marketplace: 'ETSY', raw: ['completed'], status: 'DELIVERED' },
  { marketplace: 'ETSY', raw: ['canceled'], status: 'CANCELLED' },
  { marketplace: 'EBAY', raw: ['NOT_STARTED'], status: 'PENDING' },
  { marketplace: 'EBAY', raw: ['IN_PROGRESS'], status: 'SHIPPED' },
  { marketplace: 'EBAY', raw: ['FULFILLED'], status: 'DELIVERED' },
  // eBay spells its cancel state CANCELED
  { marketplace: 'EBAY', raw: ['CANCELED'], status: 'CANCELLED' },
  { marketplace: 'BIGCOMMERCE', raw: ['Shipped'], status: 'SHIPPED' },
  { marketplace: 'BIGCOMMERCE', raw: ['Completed'], status: 'DELIVERED' },
  { marketplace: 'BIGCOMMERCE', raw: ['Cancelled'], status: 'CANCELLED' },
  { marketplace: 'BIGCOMMERCE', raw: ['Refunded'], status: 'RETURNED' },
  { marketplace: 'SQUARE', raw: ['OPEN'], status: 'PENDING' },
  { marketplace: 'SQUARE', raw: ['COMPLETED'], status: 'DELIVERED' },
  { marketplace: 'SQUARE', raw: ['CANCELED'], status: 'CANCELLED' },
  { marketplace: 'SNAPDEAL', raw: ['PFF', 'PRNT'], status: 'PENDING' },
  { marketplace: 'SNAPDEAL', raw: ['APPROVED', 'PACKED'], status: 'CONFIRMED' },
  { marketplace: 'SNAPDEAL', raw: ['SHIPPED', 'IN_TRANSIT'], status: 'SHIPPED' },
  { marketplace: 'SNAPDEAL', raw: ['DELIVERED'], status: 'DELIVERED' },
  { marketplace: 'SNAPDEAL', raw: ['CANCELLED'], status: 'CANCELLED' },
  { marketplace: 'SNAPDEAL', raw: ['RETURNED'], status: 'RETURNED' },
];

export interface StatusRow {
  marketplace: MarketplaceType;
  marketplaceStatus: string;
  status: OrderStatus;
  n: number;
}

/**
 * The rows that break the table: a row whose first segment is a table value has the table's
 * status, unless a later segment names a refund or a return (the refund rule): after shipping it
 * is RETURNED; before, CANCELLED, or as it was when only part was refunded. A table value that
 * says shipped or delivered is after shipping, unless a later segment says the fulfilment itself
 * was cancelled (Square: a COMPLETED order whose shipment was CANCELED).
 */
export function statusTableBreaches(rows: readonly StatusRow[]): string[] {
  const breaches: string[] = [];
  for (const r of rows) {
    const [first, ...rest] = r.marketplaceStatus.split('/');
    const row = SPEC_STATUS_TABLE.find(
      (t) => t.marketplace === r.marketplace && t.raw.some((raw) => raw.toLowerCase() === first!.toLowerCase()),
    );
    if (!row) continue;
    const overridden = row.status !== 'RETURNED' && rest.some((s) => /refund|return/i.test(s));
    const shipped = (row.status === 'SHIPPED' || row.status === 'DELIVERED') && !rest.some((s) => /:CANCELED$/.test(s));
    const allowed = !overridden ? [row.status] : shipped ? ['RETURNED'] : [row.status, 'CANCELLED'];
    if (!allowed.includes(r.status))
      breaches.push(
        `${r.marketplace} ${r.marketplaceStatus} → ${r.status} (${r.n} orders), the table says ${row.status}`,
      );
  }
  return breaches;
}
