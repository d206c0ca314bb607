import { Decimal } from 'decimal.js';
import type { Db } from '../../src/db/client.ts';
import type { MarketplaceType, OrderStatus } from '../../src/generated/prisma/enums.ts';

/**
 * A seller with named customers, for the customer and returns answers, inserted on top of
 * seed() (which holds the exchange rates: INR's latest is 0.0119). Seller E works in India
 * (Asia/Kolkata, INR) and sells on two Shopify stores, eBay, Etsy, Flipkart and Snapdeal.
 * The tests compute every expectation from these arrays in plain JS.
 */
export const E = 'seller-e';
export const E_ZONE = 'Asia/Kolkata';

export interface CustomerItem {
  sku: string | null;
  title: string;
  quantity: number;
  totalPrice: string;
}
export interface CustomerOrder {
  id: string;
  connectionId: string;
  marketplace: MarketplaceType;
  orderedAt: Date;
  status: OrderStatus;
  totalAmount: string;
  currency: string;
  fxRateToUSD: string | null;
  totalAmountUSD: string | null;
  refundedAmount: string | null;
  customerEmail: string | null;
  customerName: string | null;
  items: CustomerItem[];
}

export const E_CONNECTIONS = [
  {
    id: 'conn-e-sh-us',
    marketplace: 'SHOPIFY',
    storeId: 'e-us.myshopify.com',
    storeName: 'E US Shop',
    storeCurrency: 'USD',
  },
  {
    id: 'conn-e-sh-uk',
    marketplace: 'SHOPIFY',
    storeId: 'e-uk.myshopify.com',
    storeName: 'E UK Shop',
    storeCurrency: 'GBP',
  },
  { id: 'conn-e-eb', marketplace: 'EBAY', storeId: 'e-ebay', storeName: null, storeCurrency: 'EUR' },
  { id: 'conn-e-et', marketplace: 'ETSY', storeId: 'e-etsy', storeName: 'E on Etsy', storeCurrency: 'USD' },
  { id: 'conn-e-fk', marketplace: 'FLIPKART', storeId: 'e-fk', storeName: 'E on Flipkart', storeCurrency: 'INR' },
  { id: 'conn-e-sd', marketplace: 'SNAPDEAL', storeId: 'e-sd', storeName: 'E on Snapdeal', storeCurrency: 'INR' },
] as const;

const FX: Record<string, string> = { USD: '1', EUR: '1.08', GBP: '1.27', INR: '0.012' };

function order(
  id: string,
  connectionId: (typeof E_CONNECTIONS)[number]['id'],
  at: string,
  status: OrderStatus,
  totalAmount: string,
  currency: string,
  customer: [email: string | null, name: string | null],
  items: CustomerItem[],
  opts: { fx?: string | null; refunded?: string } = {},
): CustomerOrder {
  const fx = opts.fx === undefined ? FX[currency]! : opts.fx;
  return {
    id,
    connectionId,
    marketplace: E_CONNECTIONS.find((c) => c.id === connectionId)!.marketplace,
    orderedAt: new Date(at),
    status,
    totalAmount,
    currency,
    fxRateToUSD: fx,
    totalAmountUSD: fx === null ? null : new Decimal(totalAmount).times(fx).toDecimalPlaces(4).toFixed(4),
    refundedAmount: opts.refunded ?? null,
    customerEmail: customer[0],
    customerName: customer[1],
    items,
  };
}
const line = (sku: string | null, quantity: number, totalPrice: string, title?: string): CustomerItem => ({
  sku,
  quantity,
  totalPrice,
  title: title ?? (sku === null ? 'Handmade card' : `Line ${sku}`),
});
const none: [null, null] = [null, null];

export const E_ORDERS: CustomerOrder[] = [
  // before October: the history that makes a customer "returning"
  order(
    'E1',
    'conn-e-sh-us',
    '2026-09-10T10:00:00Z',
    'DELIVERED',
    '50.00',
    'USD',
    ['alice@example.com', 'Alice A'],
    [line('E-HOODIE-L', 1, '50.00')],
  ),
  order(
    'E2',
    'conn-e-eb',
    '2026-08-20T10:00:00Z',
    'DELIVERED',
    '40.00',
    'EUR',
    ['erin@example.com', 'Erin'],
    [line('E-MUG', 2, '40.00')],
  ),
  order(
    'E3',
    'conn-e-sh-us',
    '2026-09-15T10:00:00Z',
    'CANCELLED',
    '30.00',
    'USD',
    ['dave@example.com', 'Dave'],
    [line('E-MUG', 1, '30.00')],
  ), // cancelled: Dave is still new in October
  order('E4', 'conn-e-fk', '2026-09-20T10:00:00Z', 'DELIVERED', '1000.00', 'INR', none, [line('E-MUG', 2, '1000.00')]),
  // October 2026 in India
  order(
    'E5',
    'conn-e-sh-us',
    '2026-10-03T05:00:00Z',
    'DELIVERED',
    '120.00',
    'USD',
    ['alice@example.com', 'Alice Smith'],
    [line('E-HOODIE-L', 2, '100.00'), line('E-MUG', 1, '20.00')],
    { refunded: '20.00' },
  ),
  order(
    'E6',
    'conn-e-sh-uk',
    '2026-10-05T12:00:00Z',
    'SHIPPED',
    '80.00',
    'GBP',
    ['bob@example.com', 'Bob'],
    [line('E-HOODIE-M', 1, '80.00')],
  ),
  order(
    'E7',
    'conn-e-et',
    '2026-10-06T12:00:00Z',
    'DELIVERED',
    '45.00',
    'USD',
    ['bob@example.com', 'Bob'],
    [line(null, 3, '45.00')],
  ),
  order(
    'E8',
    'conn-e-et',
    '2026-10-07T12:00:00Z',
    'CANCELLED',
    '500.00',
    'USD',
    ['bob@example.com', 'Bob'],
    [line('E-HOODIE-L', 5, '500.00')],
  ),
  order(
    'E9',
    'conn-e-sh-us',
    '2026-10-08T12:00:00Z',
    'DELIVERED',
    '70.00',
    'USD',
    ['carol@example.com', 'Carol'],
    [line('E-MUG', 1, '70.00')],
    { fx: null },
  ),
  order(
    'E10',
    'conn-e-sh-us',
    '2026-10-09T12:00:00Z',
    'DELIVERED',
    '25.00',
    'USD',
    ['dave@example.com', 'Dave'],
    [line('E-MUG', 1, '25.00')],
  ),
  order(
    'E11',
    'conn-e-sh-us',
    '2026-10-10T12:00:00Z',
    'DELIVERED',
    '60.00',
    'USD',
    ['erin@example.com', 'Erin'],
    [line('E-HOODIE-L', 1, '60.00')],
  ),
  order(
    'E12',
    'conn-e-sh-us',
    '2026-10-12T12:00:00Z',
    'RETURNED',
    '80.00',
    'USD',
    ['frank@example.com', 'Frank'],
    [line('E-HOODIE-L', 2, '60.00'), line('E-MUG', 1, '20.00')],
    { refunded: '80.00' },
  ),
  order(
    'E13',
    'conn-e-eb',
    '2026-10-14T12:00:00Z',
    'RETURNED',
    '30.00',
    'EUR',
    ['GRACE@example.com', 'Grace'],
    [line('E-HOODIE-L', 1, '30.00')],
  ), // refund not given
  order('E14', 'conn-e-fk', '2026-10-15T12:00:00Z', 'RETURNED', '300.00', 'INR', none, [line(null, 3, '300.00')], {
    refunded: '150.00',
  }),
  order('E15', 'conn-e-fk', '2026-10-16T12:00:00Z', 'DELIVERED', '2000.00', 'INR', none, [
    line('E-HOODIE-L', 1, '2000.00'),
  ]),
  order('E16', 'conn-e-fk', '2026-10-17T12:00:00Z', 'DELIVERED', '600.00', 'INR', none, [line('E-MUG', 1, '600.00')]),
  order('E17', 'conn-e-sd', '2026-10-18T12:00:00Z', 'DELIVERED', '900.00', 'INR', none, [line('E-MUG', 2, '900.00')]),
  order(
    'E18',
    'conn-e-sd',
    '2026-10-19T12:00:00Z',
    'DELIVERED',
    '450.00',
    'INR',
    ['heidi@example.com', 'Heidi'],
    [line('E-MUG', 1, '450.00')],
  ), // Snapdeal sometimes gives one
  order(
    'E19',
    'conn-e-eb',
    '2026-10-20T10:00:00Z',
    'DELIVERED',
    '35.00',
    'EUR',
    [' Alice@Example.com ', 'Alice S.'],
    [line('E-MUG', 1, '35.00')],
  ),
  order(
    'E20',
    'conn-e-sh-us',
    '2026-10-21T12:00:00Z',
    'DELIVERED',
    '10.00',
    'USD',
    ['   ', 'Walk-in'],
    [line('E-MUG', 1, '10.00')],
  ), // a blank e-mail names no one
  order(
    'E21',
    'conn-e-sh-uk',
    '2026-10-22T12:00:00Z',
    'RETURNED',
    '40.00',
    'GBP',
    ['ivan@example.com', 'Ivan'],
    [line('E-HOODIE-M', 1, '40.00')],
    { refunded: '40.00' },
  ),
  order(
    'E22',
    'conn-e-sh-us',
    '2026-10-31T19:00:00Z',
    'DELIVERED',
    '15.00',
    'USD',
    ['judy@example.com', 'Judy'],
    [line('E-MUG', 1, '15.00')],
  ), // 1 Nov 00:30 in India
  // November
  order(
    'E23',
    'conn-e-sh-us',
    '2026-11-14T20:00:00Z',
    'PENDING',
    '99.00',
    'USD',
    ['alice@example.com', 'Alice Smith'],
    [line('E-HOODIE-L', 1, '99.00')],
  ), // 15 Nov 01:30 in India
  order(
    'E24',
    'conn-e-eb',
    '2026-11-15T09:00:00Z',
    'CANCELLED',
    '20.00',
    'EUR',
    ['kim@example.com', 'Kim'],
    [line('E-MUG', 1, '20.00')],
  ),
  order(
    'E25',
    'conn-e-sh-us',
    '2026-11-15T09:00:00Z',
    'DELIVERED',
    '30.00',
    'USD',
    ['bob@example.com', 'Bob'],
    [line('E-MUG', 1, '30.00')],
  ), // same instant as E24
  order('E26', 'conn-e-fk', '2026-11-14T10:00:00Z', 'CANCELLED', '500.00', 'INR', none, [line('E-MUG', 1, '500.00')], {
    fx: '0.0119',
  }), // yesterday in India
];

export const E_PRODUCTS = [
  {
    connectionId: 'conn-e-sh-us',
    marketplace: 'SHOPIFY',
    externalId: 'e-hoodie-l',
    sku: 'E-HOODIE-L',
    title: 'Fleece Hoodie',
    variantTitle: 'L',
  },
  {
    connectionId: 'conn-e-sh-uk',
    marketplace: 'SHOPIFY',
    externalId: 'e-hoodie-m',
    sku: 'E-HOODIE-M',
    title: 'Fleece Hoodie',
    variantTitle: 'M',
  },
  {
    connectionId: 'conn-e-sh-us',
    marketplace: 'SHOPIFY',
    externalId: 'e-mug',
    sku: 'E-MUG',
    title: 'Ceramic Mug',
    variantTitle: null,
  },
] as const;

/** The order's row id in the database. */
export const rowId = (o: Pick<CustomerOrder, 'id'>): string => `${E}-${o.id}`;

export async function seedCustomers(db: Db): Promise<void> {
  await db.user.create({ data: { id: E, name: 'E', timeZone: E_ZONE, preferredCurrency: 'INR' } });
  await db.marketplaceConnection.createMany({
    data: E_CONNECTIONS.map((c) => ({
      ...c,
      userId: E,
      status: 'CONNECTED' as const,
      lastSyncAt: new Date('2026-11-15T11:00:00Z'),
    })),
  });
  await db.unifiedOrder.createMany({
    data: E_ORDERS.map(({ items, id, ...o }) => ({
      ...o,
      id: rowId({ id }),
      userId: E,
      externalOrderId: id,
      orderNumber: `#${id}`,
      itemCount: items.reduce((n, i) => n + i.quantity, 0),
    })),
  });
  await db.unifiedOrderItem.createMany({
    data: E_ORDERS.flatMap((o) =>
      o.items.map((i, n) => ({
        orderId: rowId(o),
        externalItemId: String(n),
        sku: i.sku,
        title: i.title,
        quantity: i.quantity,
        unitPrice: new Decimal(i.totalPrice).div(i.quantity).toDecimalPlaces(4).toFixed(4),
        totalPrice: i.totalPrice,
        currency: o.currency,
      })),
    ),
  });
  await db.unifiedProduct.createMany({ data: E_PRODUCTS.map((p) => ({ ...p, userId: E, status: 'ACTIVE' as const })) });
}
