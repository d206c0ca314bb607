import { Decimal } from 'decimal.js';
import { createPrisma, type Db } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { MarketplaceType, OrderStatus } from '../../src/generated/prisma/enums.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/db.ts';

/** Three sellers' rows for the analytics tests; the tests compute expectations from these arrays. */
export const NOW = new Date('2026-11-15T12:00:00Z'); // Sunday 15 Nov 2026

export interface SeedItem {
  sku: string | null;
  title: string;
  quantity: number;
  totalPrice: string;
}
export interface SeedOrder {
  id: string;
  userId: string;
  marketplace: MarketplaceType;
  orderNumber: string;
  orderedAt: Date;
  status: OrderStatus;
  totalAmount: string;
  currency: string;
  fxRateToUSD: string | null;
  totalAmountUSD: string | null;
  refundedAmount: string | null;
  /** the parts of the total the marketplace reports (null: not reported) */
  discountAmount: string | null;
  shippingAmount: string | null;
  taxAmount: string | null;
  customerEmail: string;
  items: SeedItem[];
}

const fxOf: Record<string, string> = { USD: '1', INR: '0.012', EUR: '1.08' };

function order(
  userId: string,
  id: string,
  marketplace: MarketplaceType,
  at: string,
  status: OrderStatus,
  totalAmount: string,
  currency: string,
  items: SeedItem[],
  opts: { fx?: string | null; refunded?: string; parts?: { discount?: string; shipping?: string; tax?: string } } = {},
): SeedOrder {
  const fx = opts.fx === undefined ? fxOf[currency]! : opts.fx;
  return {
    id,
    userId,
    marketplace,
    orderNumber: `#${id}`,
    orderedAt: new Date(at),
    status,
    totalAmount,
    currency,
    fxRateToUSD: fx,
    totalAmountUSD: fx === null ? null : new Decimal(totalAmount).times(fx).toDecimalPlaces(4).toFixed(4),
    refundedAmount: opts.refunded ?? null,
    discountAmount: opts.parts?.discount ?? null,
    shippingAmount: opts.parts?.shipping ?? null,
    taxAmount: opts.parts?.tax ?? null,
    customerEmail: `${id.toLowerCase()}@buyer.example`,
    items,
  };
}
const item = (
  sku: string | null,
  quantity: number,
  totalPrice: string,
  title = sku ? `Product ${sku}` : 'Handmade card',
): SeedItem => ({ sku, title, quantity, totalPrice });

export const A = 'seller-a'; // Asia/Kolkata, INR
export const B = 'seller-b'; // UTC, USD
export const C = 'seller-c'; // America/New_York, USD

export const ORDERS: SeedOrder[] = [
  order(A, 'A1', 'FLIPKART', '2026-10-05T06:00:00Z', 'DELIVERED', '1000.00', 'INR', [item('SKU-MUG', 2, '1000.00')]),
  order(A, 'A2', 'FLIPKART', '2026-10-31T18:00:00Z', 'SHIPPED', '2500.50', 'INR', [item('SKU-TEE', 1, '2500.50')]), // 23:30 IST, 31 Oct
  order(A, 'A3', 'FLIPKART', '2026-10-31T19:00:00Z', 'DELIVERED', '700.00', 'INR', [item('SKU-MUG', 1, '700.00')], {
    fx: '0.0119',
  }), // 00:30 IST, 1 Nov
  order(A, 'A4', 'SHOPIFY', '2026-10-10T12:00:00Z', 'RETURNED', '40.00', 'USD', [item('SKU-MUG', 1, '40.00')], {
    refunded: '40.00',
  }),
  order(A, 'A5', 'SHOPIFY', '2026-10-20T12:00:00Z', 'CANCELLED', '99.99', 'USD', [item('SKU-TEE', 3, '99.99')]),
  order(A, 'A6', 'SHOPIFY', '2026-10-21T12:00:00Z', 'CANCELLED', '25.00', 'USD', [item('SKU-CAP', 1, '25.00')], {
    refunded: '25.00',
  }), // refunded before it shipped
  order(A, 'A7', 'EBAY', '2026-10-22T12:00:00Z', 'DELIVERED', '50.00', 'EUR', [item('SKU-MUG', 2, '50.00')], {
    fx: null,
  }),
  // 120 = items 110 − discount 5 + shipping 7 + tax 8
  order(
    A,
    'A8',
    'SHOPIFY',
    '2026-10-25T12:00:00Z',
    'DELIVERED',
    '120.00',
    'USD',
    [item('SKU-TEE', 2, '80.00'), item('SKU-CAP', 2, '40.00')],
    { refunded: '20.00', parts: { discount: '5.00', shipping: '7.00', tax: '8.00' } },
  ),
  order(A, 'A9', 'EBAY', '2026-10-26T12:00:00Z', 'RETURNED', '30.00', 'EUR', [item('SKU-TEE', 1, '30.00')], {
    refunded: '10.00',
    parts: { shipping: '4.50' },
  }),
  order(A, 'A10', 'FLIPKART', '2026-10-15T09:00:00Z', 'PENDING', '300.00', 'INR', [item(null, 3, '300.00')]),
  order(A, 'A11', 'FLIPKART', '2026-11-09T04:00:00Z', 'CONFIRMED', '1200.00', 'INR', [item('SKU-MUG', 2, '1200.00')], {
    fx: '0.0119',
  }),
  order(A, 'A12', 'SHOPIFY', '2026-11-15T10:00:00Z', 'DELIVERED', '60.00', 'USD', [item('SKU-CAP', 3, '60.00')]),
  order(A, 'A13', 'SHOPIFY', '2026-11-08T17:00:00Z', 'DELIVERED', '10.00', 'USD', [item('SKU-CAP', 1, '10.00')]), // Sun 22:30 IST
  order(B, 'B1', 'FLIPKART', '2026-10-31T19:00:00Z', 'DELIVERED', '700.00', 'INR', [item('SKU-MUG', 1, '700.00')], {
    fx: '0.0119',
  }),
  order(B, 'B2', 'SHOPIFY', '2026-10-12T12:00:00Z', 'DELIVERED', '5000.00', 'USD', [item('SKU-MUG', 100, '5000.00')]),
  order(B, 'B3', 'SHOPIFY', '2026-10-13T12:00:00Z', 'RETURNED', '100.00', 'USD', [item('SKU-TEE', 5, '100.00')]),
  order(B, 'A1', 'SHOPIFY', '2026-11-10T12:00:00Z', 'DELIVERED', '1.00', 'USD', [item('SKU-X', 1, '1.00')]), // same id and number as A's
  order(C, 'C1', 'SHOPIFY', '2026-03-08T04:30:00Z', 'DELIVERED', '10.00', 'USD', [item('SKU-C', 1, '10.00')]), // Sat 7 Mar 23:30 EST
  order(C, 'C2', 'SHOPIFY', '2026-03-08T05:00:00Z', 'DELIVERED', '20.00', 'USD', [item('SKU-C', 1, '20.00')]), // Sun 8 Mar 00:00 EST
  order(C, 'C3', 'SHOPIFY', '2026-03-09T03:59:00Z', 'DELIVERED', '30.00', 'USD', [item('SKU-C', 1, '30.00')]), // Sun 8 Mar 23:59 EDT
  order(C, 'C4', 'SHOPIFY', '2026-03-09T04:00:00Z', 'DELIVERED', '40.00', 'USD', [item('SKU-C', 1, '40.00')]), // Mon 9 Mar 00:00 EDT
  order(C, 'C5', 'SHOPIFY', '2026-11-02T04:30:00Z', 'DELIVERED', '50.00', 'USD', [item('SKU-C', 1, '50.00')]), // Sun 1 Nov 23:30 EST
];

export const PRODUCTS = [
  {
    userId: A,
    marketplace: 'FLIPKART',
    externalId: 'fk-mug',
    sku: 'SKU-MUG',
    title: 'Mug',
    inventory: 0,
    status: 'OUT_OF_STOCK',
  },
  {
    userId: A,
    marketplace: 'SHOPIFY',
    externalId: 'sh-mug',
    sku: 'SKU-MUG',
    title: 'Mug',
    inventory: 40,
    status: 'ACTIVE',
  },
  {
    userId: A,
    marketplace: 'SHOPIFY',
    externalId: 'sh-tee',
    sku: 'SKU-TEE',
    title: 'Tee',
    inventory: 3,
    status: 'ACTIVE',
  },
  {
    userId: A,
    marketplace: 'FLIPKART',
    externalId: 'fk-tee',
    sku: 'SKU-TEE',
    title: 'Tee',
    inventory: 12,
    status: 'ACTIVE',
  },
  {
    userId: A,
    marketplace: 'SHOPIFY',
    externalId: 'sh-cap',
    sku: 'SKU-CAP',
    title: 'Cap',
    inventory: null,
    status: 'ACTIVE',
  },
  {
    userId: A,
    marketplace: 'EBAY',
    externalId: 'eb-cap',
    sku: 'SKU-CAP',
    title: 'Cap',
    inventory: 2,
    status: 'INACTIVE',
  },
  {
    userId: A,
    marketplace: 'EBAY',
    externalId: 'eb-hat',
    sku: 'SKU-HAT',
    title: 'Hat',
    inventory: -1,
    status: 'OUT_OF_STOCK',
  },
  {
    userId: A,
    marketplace: 'FLIPKART',
    externalId: 'fk-pen',
    sku: 'SKU-PEN',
    title: 'Pen',
    inventory: 5,
    status: 'ACTIVE',
  },
  {
    userId: B,
    marketplace: 'SHOPIFY',
    externalId: 'b-mug',
    sku: 'SKU-MUG',
    title: 'B Mug',
    inventory: 0,
    status: 'OUT_OF_STOCK',
  },
  {
    userId: B,
    marketplace: 'EBAY',
    externalId: 'b-tee',
    sku: 'SKU-TEE',
    title: 'B Tee',
    inventory: 1,
    status: 'ACTIVE',
  },
] as const;

export const CONNECTIONS = [
  {
    id: 'conn-a-fk',
    userId: A,
    marketplace: 'FLIPKART',
    storeId: 'a-fk',
    storeName: 'A on Flipkart',
    status: 'CONNECTED',
    lastSyncAt: new Date('2026-11-15T11:00:00Z'),
  },
  {
    id: 'conn-a-sh',
    userId: A,
    marketplace: 'SHOPIFY',
    storeId: 'a.myshopify.com',
    storeName: 'A Shop',
    status: 'CONNECTED',
    lastSyncAt: new Date('2026-11-15T11:30:00Z'),
  },
  {
    id: 'conn-a-eb',
    userId: A,
    marketplace: 'EBAY',
    storeId: 'a-ebay',
    storeName: null,
    status: 'ERROR',
    lastSyncAt: new Date('2026-11-01T00:00:00Z'),
    lastError: 'token revoked',
  },
  {
    id: 'conn-b-sh',
    userId: B,
    marketplace: 'SHOPIFY',
    storeId: 'b.myshopify.com',
    storeName: 'B Shop',
    status: 'CONNECTED',
    lastSyncAt: new Date('2026-11-15T01:00:00Z'),
  },
  // stores disconnected since: their orders keep their identity and stay answerable
  {
    id: 'conn-b-fk',
    userId: B,
    marketplace: 'FLIPKART',
    storeId: 'b-fk',
    storeName: 'B on Flipkart',
    status: 'DISCONNECTED',
    lastSyncAt: new Date('2026-11-02T00:00:00Z'),
  },
  {
    id: 'conn-b-eb',
    userId: B,
    marketplace: 'EBAY',
    storeId: 'b-ebay-old',
    storeName: null,
    status: 'DISCONNECTED',
    lastSyncAt: new Date('2026-11-02T00:00:00Z'),
  },
  {
    id: 'conn-c-sh',
    userId: C,
    marketplace: 'SHOPIFY',
    storeId: 'c.myshopify.com',
    storeName: 'C Shop',
    status: 'DISCONNECTED',
    lastSyncAt: new Date('2026-11-03T00:00:00Z'),
  },
] as const;

const connectionOf = (o: { userId: string; marketplace: string }) =>
  CONNECTIONS.find((c) => c.userId === o.userId && c.marketplace === o.marketplace)!.id;

export async function seed(db: Db): Promise<void> {
  await db.user.createMany({
    data: [
      { id: A, name: 'A', timeZone: 'Asia/Kolkata', preferredCurrency: 'INR' },
      { id: B, name: 'B', timeZone: 'UTC', preferredCurrency: 'USD' },
      { id: C, name: 'C', timeZone: 'America/New_York', preferredCurrency: 'USD' },
    ],
  });
  await db.marketplaceConnection.createMany({ data: CONNECTIONS.map((c) => ({ ...c })) });
  await db.exchangeRate.createMany({
    data: [
      { date: new Date('2026-10-01'), currency: 'INR', rateToUSD: '0.012', source: 'test' },
      { date: new Date('2026-11-13'), currency: 'INR', rateToUSD: '0.0119', source: 'test' },
      { date: new Date('2026-11-13'), currency: 'EUR', rateToUSD: '1.08', source: 'test' },
    ],
  });
  await db.unifiedOrder.createMany({
    data: ORDERS.map(({ items, id, ...o }) => ({
      ...o,
      id: `${o.userId}-${id}`,
      externalOrderId: id,
      connectionId: connectionOf(o),
      customerName: `Buyer ${id}`,
      itemCount: items.reduce((n, i) => n + i.quantity, 0),
    })),
  });
  await db.unifiedOrderItem.createMany({
    data: ORDERS.flatMap((o) =>
      o.items.map((i, n) => ({
        orderId: `${o.userId}-${o.id}`,
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
  await db.unifiedProduct.createMany({
    data: PRODUCTS.map((p) => ({ ...p, connectionId: connectionOf(p) })),
  });
}

/** A scratch database, migrated and seeded, for tests that run `frame` in a child process. */
export async function seededScratchDatabase(): Promise<ScratchDatabase> {
  const db = await createScratchDatabase();
  await migrate(db.url);
  const prisma = createPrisma(db.url);
  try {
    await seed(prisma);
  } finally {
    await prisma.$disconnect();
  }
  return db;
}
