import { Decimal } from 'decimal.js';
import type { Db } from '../../src/db/client.ts';
import type { MarketplaceType, OrderStatus } from '../../src/generated/prisma/enums.ts';

/**
 * Sellers for the digest tests, their orders generated from a fixed seed over six weeks; the
 * tests compute what a digest should say from these rows with their own SQL.
 *
 * S sells on Shopify every day, on Flipkart on Sundays, on eBay now and then, in New York,
 * where summer time ends on Sunday 1 Nov 2026 (a 25-hour day). The digest on Monday 2 Nov
 * reports that Sunday: Shopify far below a usual Sunday, no Flipkart orders where the last
 * four Sundays had some, a spike of returns, and an eBay store that fails to sync.
 * Q sells on Shopify every day the same: a quiet digest.
 */
export const S = 'digest-seller';
export const Q = 'quiet-seller';
export const S_ZONE = 'America/New_York';
export const Q_ZONE = 'Europe/Berlin';
/** 09:00 in New York on Monday 2 Nov 2026 (EST) */
export const NOW = new Date('2026-11-02T14:00:00Z');
export const REPORTED = '2026-11-01';

const FX: Record<string, string> = { USD: '1', INR: '0.012', EUR: '1.08' };
const SKUS = [
  { sku: 'SKU-MUG', title: 'Stoneware Mug', price: '18.00' },
  { sku: 'SKU-TEE', title: 'Organic Tee', price: '25.00' },
  { sku: 'SKU-CAP', title: 'Canvas Cap', price: '15.00' },
  { sku: 'SKU-BAG', title: 'Tote Bag', price: '32.00' },
];

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 71 | t));
    return ((t ^ (t >>> 9)) >>> 0) / 4294967296;
  };
}

interface Order {
  userId: string;
  connectionId: string;
  marketplace: MarketplaceType;
  id: string;
  orderedAt: Date;
  status: OrderStatus;
  currency: string;
  items: { sku: string; title: string; quantity: number; totalPrice: string }[];
  sourceUpdatedAt: Date;
}

const DAY = 86_400_000;

function build(): Order[] {
  const rnd = random(20261101);
  const out: Order[] = [];
  let n = 0;
  const add = (
    userId: string,
    connectionId: string,
    marketplace: MarketplaceType,
    currency: string,
    at: Date,
    status: OrderStatus = 'DELIVERED',
    updated?: Date,
  ) => {
    const lines = 1 + Math.floor(rnd() * 2);
    const items = Array.from({ length: userId === Q ? 0 : lines }, (_, i) => {
      const p = SKUS[(n + i * 3 + Math.floor(rnd() * 4)) % SKUS.length]!;
      const quantity = 1 + Math.floor(rnd() * 3);
      const scale = currency === 'INR' ? 80 : 1;
      return {
        sku: p.sku,
        title: p.title,
        quantity,
        totalPrice: new Decimal(p.price).times(quantity * scale).toFixed(2),
      };
    });
    out.push({
      userId,
      connectionId,
      marketplace,
      id: `${marketplace[0]}${++n}`,
      orderedAt: at,
      status,
      currency,
      // Q's orders are all alike: one mug
      items:
        userId === Q
          ? [{ sku: 'SKU-MUG', title: 'Stoneware Mug', quantity: 1, totalPrice: '18.00' }]
          : items.filter((it, i) => items.findIndex((x) => x.sku === it.sku) === i),
      sourceUpdatedAt: updated ?? at,
    });
  };
  // 6 weeks to the reported day, and today (2 Nov) so far: a day is [05:00Z, 05:00Z) in EST, [04:00Z, 04:00Z) in EDT
  for (let d = 0; d < 43; d++) {
    const dayStart = Date.UTC(2026, 8, 21) + d * DAY; // 21 Sep … 2 Nov (UTC dates)
    const date = new Date(dayStart).toISOString().slice(0, 10);
    const sunday = new Date(dayStart).getUTCDay() === 0;
    const reported = date === REPORTED;
    if (date === '2026-11-02') break;
    // S, Shopify: 6–9 orders a day at 14:00–21:00 UTC; 1 on the reported day
    const shopify = reported ? 1 : 6 + Math.floor(rnd() * 4);
    for (let i = 0; i < shopify; i++)
      add(S, 'conn-s-sh', 'SHOPIFY', 'USD', new Date(dayStart + (14 + i) * 3_600_000 + Math.floor(rnd() * 3_000_000)));
    // S, Flipkart: Sundays only, and not on the reported one
    if (sunday && !reported)
      for (let i = 0; i < 3; i++) add(S, 'conn-s-fk', 'FLIPKART', 'INR', new Date(dayStart + (15 + i) * 3_600_000));
    // S, eBay: every third day
    if (d % 3 === 0) add(S, 'conn-s-eb', 'EBAY', 'EUR', new Date(dayStart + 16 * 3_600_000));
    // Q, Shopify: 4 orders every day
    for (let i = 0; i < 4; i++) add(Q, 'conn-q-sh', 'SHOPIFY', 'USD', new Date(dayStart + (10 + i) * 3_600_000));
  }
  const edge = (at: string, status: OrderStatus = 'DELIVERED') =>
    add(S, 'conn-s-sh', 'SHOPIFY', 'USD', new Date(at), status);
  edge('2026-11-01T04:30:00Z'); // 00:30 EDT on the reported day
  edge('2026-11-02T04:30:00Z'); // 23:30 EST on the reported day (its 25th hour)
  edge('2026-11-01T03:50:00Z'); // 23:50 EDT the day before
  edge('2026-11-02T05:10:00Z'); // 00:10 EST today: not in the digest
  edge('2026-11-01T18:00:00Z', 'CANCELLED'); // a cancellation on the reported day
  // returns: 4 recorded on the reported day, 2 in the four weeks before
  const returned = out.filter(
    (o) => o.userId === S && o.marketplace === 'SHOPIFY' && o.orderedAt < new Date('2026-10-20'),
  );
  for (const [i, o] of returned.slice(0, 4).entries()) {
    o.status = 'RETURNED';
    o.sourceUpdatedAt = new Date(Date.parse('2026-11-01T15:00:00Z') + i * 60_000);
  }
  for (const [i, o] of returned.slice(4, 6).entries()) {
    o.status = 'RETURNED';
    o.sourceUpdatedAt = new Date(Date.parse('2026-10-12T15:00:00Z') + i * DAY);
  }
  return out;
}

export const ORDERS = build();

export async function seedDigest(db: Db): Promise<void> {
  await db.user.createMany({
    data: [
      { id: S, name: 'S', timeZone: S_ZONE, preferredCurrency: 'USD' },
      { id: Q, name: 'Q', timeZone: Q_ZONE, preferredCurrency: 'EUR' },
    ],
  });
  const synced = new Date(NOW.getTime() - 10 * 60_000);
  await db.marketplaceConnection.createMany({
    data: [
      {
        id: 'conn-s-sh',
        userId: S,
        marketplace: 'SHOPIFY',
        storeId: 's.myshopify.com',
        storeName: 'S Shop',
        status: 'CONNECTED',
        lastSyncAt: synced,
      },
      {
        id: 'conn-s-fk',
        userId: S,
        marketplace: 'FLIPKART',
        storeId: 's-fk',
        storeName: 'S on Flipkart',
        status: 'CONNECTED',
        lastSyncAt: synced,
      },
      {
        id: 'conn-s-eb',
        userId: S,
        marketplace: 'EBAY',
        storeId: 's-ebay',
        storeName: 'S on eBay',
        status: 'ERROR',
        lastSyncAt: new Date('2026-10-30T12:00:00Z'),
        lastError: 'eBay answered 500 three times',
        lastErrorAt: new Date('2026-10-30T12:15:00Z'),
      },
      {
        id: 'conn-q-sh',
        userId: Q,
        marketplace: 'SHOPIFY',
        storeId: 'q.myshopify.com',
        storeName: 'Q Shop',
        status: 'CONNECTED',
        lastSyncAt: synced,
      },
    ],
  });
  await db.exchangeRate.createMany({
    data: ['2026-09-01', '2026-10-31'].flatMap((date) => [
      { date: new Date(date), currency: 'INR', rateToUSD: FX.INR!, source: 'test' },
      { date: new Date(date), currency: 'EUR', rateToUSD: FX.EUR!, source: 'test' },
    ]),
  });
  await db.unifiedOrder.createMany({
    data: ORDERS.map((o) => {
      const total = Decimal.sum(...o.items.map((i) => i.totalPrice));
      return {
        id: `${o.userId}-${o.id}`,
        userId: o.userId,
        marketplace: o.marketplace,
        connectionId: o.connectionId,
        externalOrderId: o.id,
        status: o.status,
        currency: o.currency,
        totalAmount: total.toFixed(2),
        fxRateToUSD: FX[o.currency]!,
        totalAmountUSD: total.times(FX[o.currency]!).toDecimalPlaces(4).toFixed(4),
        itemCount: o.items.reduce((a, i) => a + i.quantity, 0),
        orderedAt: o.orderedAt,
        sourceUpdatedAt: o.sourceUpdatedAt,
        ...(o.status === 'RETURNED' && { refundedAmount: total.toFixed(2) }),
      };
    }),
  });
  await db.unifiedOrderItem.createMany({
    data: ORDERS.flatMap((o) =>
      o.items.map((i, n) => ({
        orderId: `${o.userId}-${o.id}`,
        externalItemId: String(n),
        sku: i.sku,
        title: i.title,
        quantity: i.quantity,
        unitPrice: new Decimal(i.totalPrice).div(i.quantity).toFixed(4),
        totalPrice: i.totalPrice,
        currency: o.currency,
      })),
    ),
  });
  await db.unifiedProduct.createMany({
    data: [
      { sku: 'SKU-MUG', inventory: 0, status: 'OUT_OF_STOCK' as const },
      { sku: 'SKU-TEE', inventory: 3, status: 'ACTIVE' as const },
      { sku: 'SKU-CAP', inventory: 40, status: 'ACTIVE' as const },
      { sku: 'SKU-BAG', inventory: 1, status: 'INACTIVE' as const },
    ].map((p) => ({
      ...p,
      userId: S,
      marketplace: 'SHOPIFY' as const,
      connectionId: 'conn-s-sh',
      externalId: p.sku,
      title: SKUS.find((s) => s.sku === p.sku)!.title,
      price: SKUS.find((s) => s.sku === p.sku)!.price,
      currency: 'USD',
    })),
  });
}
