import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../src/db/migrate.ts';
import { createScratchDatabase, query, type ScratchDatabase } from '../helpers/db.ts';
import { rollupDrift } from '../helpers/rollup.ts';

/**
 * A database written by the version before the spec's data model (orderDate, units, statuses
 * PROCESSING and REFUNDED, free-text product statuses, orders of a deleted store with no
 * connection) is upgraded: every order, line and product is still there with the same amounts,
 * renamed and backfilled, and both rollups equal the orders again.
 */

const SPEC_MIGRATION = '20261207041306_spec_data_model';

/** The migrations up to the one before the spec's data model, in a folder of their own. */
function migrationsBefore(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'frame-migrations-before-'));
  for (const m of readMigrations())
    if (m.name < name) cpSync(join(MIGRATIONS_DIR, m.name), join(dir, m.name), { recursive: true });
  return dir;
}

// Rows as the previous version's sync wrote them (its column names), with the status each should get.
const OLD_ORDERS = [
  // id, marketplace, connection, old status, raw status, total, refunded, expected status
  ['o-shop-pending', 'SHOPIFY', 'c-shop', 'PROCESSING', 'PAID/UNFULFILLED', '25.50', null, 'PENDING'],
  ['o-shop-shipped', 'SHOPIFY', 'c-shop', 'SHIPPED', 'PAID/FULFILLED', '40.00', '0', 'DELIVERED'],
  ['o-shop-refunded', 'SHOPIFY', 'c-shop', 'REFUNDED', 'REFUNDED/UNFULFILLED', '19.99', '19.99', 'CANCELLED'],
  ['o-shop-refunded-late', 'SHOPIFY', 'c-shop', 'REFUNDED', 'REFUNDED/FULFILLED', '12.00', '12.00', 'RETURNED'],
  ['o-fk-processing', 'FLIPKART', 'c-fk', 'PROCESSING', 'PACKED', '1499.00', null, 'CONFIRMED'],
  ['o-fk-returned', 'FLIPKART', 'c-fk', 'RETURNED', 'RETURN_REQUESTED', '899.00', null, 'RETURNED'],
  ['o-bc-refunded', 'BIGCOMMERCE', 'c-bc', 'REFUNDED', 'Refunded', '336.3200', '336.3200', 'RETURNED'],
  ['o-bc-cancelled', 'BIGCOMMERCE', 'c-bc', 'CANCELLED', 'Cancelled', '10.0000', null, 'CANCELLED'],
  ['o-sq-delivered', 'SQUARE', 'c-sq', 'DELIVERED', 'COMPLETED', '7.25', '0', 'DELIVERED'],
  // the raw words decide, as the new tables read them (the previous version's words: Shopify
  // "<financial>/<fulfillment>…", eBay "<fulfillment>/<payment>", Square "<state>[/<fulfillment>][+RETURN|+REFUND]")
  ['o-ebay-in-progress', 'EBAY', 'c-ebay', 'PROCESSING', 'IN_PROGRESS/PAID', '30.00', '0', 'SHIPPED'],
  ['o-ebay-fulfilled', 'EBAY', 'c-ebay', 'SHIPPED', 'FULFILLED/PAID', '31.00', '0', 'DELIVERED'],
  ['o-ebay-refunded', 'EBAY', 'c-ebay', 'REFUNDED', 'NOT_STARTED/FULLY_REFUNDED', '32.00', '32.00', 'CANCELLED'],
  ['o-etsy-completed', 'ETSY', 'c-etsy', 'SHIPPED', 'completed', '20.00', '0', 'DELIVERED'],
  ['o-etsy-paid', 'ETSY', 'c-etsy', 'PROCESSING', 'Paid', '21.00', '0', 'CONFIRMED'],
  ['o-etsy-part-refunded', 'ETSY', 'c-etsy', 'REFUNDED', 'partially refunded', '22.00', '5.00', 'CONFIRMED'],
  ['o-sd-printed', 'SNAPDEAL', 'c-sd', 'PROCESSING', 'PRNT', '499.00', null, 'PENDING'],
  ['o-bc-part-shipped', 'BIGCOMMERCE', 'c-bc', 'PROCESSING', 'Partially Shipped', '50.0000', '0.0000', 'SHIPPED'],
  ['o-bc-disputed', 'BIGCOMMERCE', 'c-bc', 'REFUNDED', 'Disputed', '51.0000', '51.0000', 'CANCELLED'],
  ['o-bc-part-refunded', 'BIGCOMMERCE', 'c-bc', 'REFUNDED', 'Partially Refunded', '52.0000', '10.0000', 'CONFIRMED'],
  ['o-shop-partly-out', 'SHOPIFY', 'c-shop', 'PROCESSING', 'PAID/PARTIALLY_FULFILLED', '60.00', '0', 'SHIPPED'],
  ['o-shop-restocked', 'SHOPIFY', 'c-shop', 'RETURNED', 'REFUNDED/RESTOCKED', '61.00', '61.00', 'CANCELLED'],
  ['o-sq-returned', 'SQUARE', 'c-sq', 'RETURNED', 'COMPLETED/COMPLETED+RETURN', '8.00', '8.00', 'RETURNED'],
  ['o-sq-reserved', 'SQUARE', 'c-sq', 'PROCESSING', 'OPEN/RESERVED', '9.00', '0', 'PENDING'],
  // a store deleted before stores kept their rows: its orders had lost their connection
  ['o-gone-1', 'ETSY', null, 'PENDING', 'open', '18.00', '0', 'PENDING'],
  ['o-gone-2', 'ETSY', null, 'DELIVERED', 'completed', '33.30', '0', 'DELIVERED'],
] as const;

const OLD_PRODUCTS = [
  // id, connection, marketplace, external id, raw status, inventory, expected status
  ['p-active', 'c-shop', 'SHOPIFY', 'gid://shopify/ProductVariant/1', 'active', 12, 'ACTIVE'],
  ['p-sold-out', 'c-shop', 'SHOPIFY', 'gid://shopify/ProductVariant/2', 'active', 0, 'OUT_OF_STOCK'],
  ['p-oversold', 'c-shop', 'SHOPIFY', 'gid://shopify/ProductVariant/3', 'active', -2, 'OUT_OF_STOCK'],
  ['p-archived', 'c-shop', 'SHOPIFY', 'gid://shopify/ProductVariant/4', 'archived', 5, 'INACTIVE'],
  ['p-untracked', 'c-bc', 'BIGCOMMERCE', '77', null, null, 'ACTIVE'],
  ['p-etsy-sold-out', null, 'ETSY', '1500000001', 'sold_out', 0, 'OUT_OF_STOCK'],
] as const;

describe('the spec data model migration keeps the data', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase();
    await migrate(db.url, { dir: migrationsBefore(SPEC_MIGRATION) });
    const q = (sql: string, params: unknown[] = []) => query(db.url, sql, params);
    await q(`INSERT INTO "User" (id, name, "timeZone", "updatedAt") VALUES ('u1', 'Seller', 'Asia/Kolkata', now())`);
    for (const [id, m] of [
      ['c-shop', 'SHOPIFY'],
      ['c-fk', 'FLIPKART'],
      ['c-bc', 'BIGCOMMERCE'],
      ['c-sq', 'SQUARE'],
      ['c-ebay', 'EBAY'],
      ['c-etsy', 'ETSY'],
      ['c-sd', 'SNAPDEAL'],
    ]) {
      await q(
        `INSERT INTO "MarketplaceConnection" (id, "userId", marketplace, "storeId", cursors, "updatedAt")
        VALUES ($1, 'u1', $2, $1, '{"ORDERS": {"updatedAfter": "2026-11-01T00:00:00.000Z"}}', now())`,
        [id, m],
      );
    }
    for (const [n, [id, m, conn, status, raw, total, refunded]] of OLD_ORDERS.entries()) {
      const currency = m === 'FLIPKART' || m === 'SNAPDEAL' ? 'INR' : 'USD';
      await q(
        `INSERT INTO "UnifiedOrder" (id, "userId", "connectionId", marketplace, "externalOrderId", "orderDate", status, "marketplaceStatus",
          "totalAmount", currency, "totalAmountUSD", "fxRateToUSD", "refundedAmount", units, "sourceUpdatedAt", "updatedAt")
        VALUES ($1, 'u1', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $5, now())`,
        [
          id,
          conn,
          m,
          `ext-${n}`,
          new Date(Date.UTC(2026, 9, 1 + n, 10)),
          status,
          raw,
          total,
          currency,
          currency === 'INR' ? (Number(total) * 0.012).toFixed(4) : total,
          currency === 'INR' ? '0.012' : '1',
          refunded,
          2,
        ],
      );
      await q(
        `INSERT INTO "UnifiedOrderItem" (id, "orderId", "externalItemId", sku, title, quantity, "unitPrice", "totalPrice")
        VALUES ($1 || '-1', $1, '1', 'SKU-' || $2, 'Line', 2, ($3::numeric / 2), $3)`,
        [id, n % 3, total],
      );
    }
    for (const [id, conn, m, ext, status, inventory] of OLD_PRODUCTS) {
      await q(
        `INSERT INTO "UnifiedProduct" (id, "userId", "connectionId", marketplace, "externalProductId", title, price, currency, "inventoryQuantity", status, "updatedAt")
        VALUES ($1, 'u1', $2, $3, $4, 'Product', 9.5, 'USD', $5, $6, now())`,
        [id, conn, m, ext, inventory, status],
      );
    }
    await migrate(db.url);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("keeps every order with its amounts, under the spec's names, with the spec's statuses", async () => {
    const rows = await query<{
      id: string;
      status: string;
      totalAmount: string;
      refundedAmount: string | null;
      itemCount: number;
      orderedAt: Date;
      connectionId: string;
      syncedAt: Date;
    }>(
      db.url,
      `SELECT id, status::text, "totalAmount"::text, "refundedAmount"::text, "itemCount", "orderedAt", "connectionId", "syncedAt" FROM "UnifiedOrder" ORDER BY id`,
    );
    expect(rows.map((r) => r.id)).toEqual(OLD_ORDERS.map((o) => o[0]).sort());
    for (const [n, [id, , conn, , , total, refunded, status]] of OLD_ORDERS.entries()) {
      const row = rows.find((r) => r.id === id)!;
      expect([
        id,
        row.status,
        Number(row.totalAmount),
        row.refundedAmount === null ? null : Number(row.refundedAmount),
        row.itemCount,
        row.orderedAt,
      ]).toEqual([
        id,
        status,
        Number(total),
        refunded === null ? null : Number(refunded),
        2,
        new Date(Date.UTC(2026, 9, 1 + n, 10)),
      ]);
      if (conn) expect(row.connectionId).toBe(conn);
    }
  });

  it('gives the orders of a deleted store a DISCONNECTED connection of their own', async () => {
    const [gone] = await query<{
      connectionId: string;
      status: string;
      marketplace: string;
      orders: number;
      products: number;
    }>(
      db.url,
      `
      SELECT c.id AS "connectionId", c.status::text, c.marketplace::text,
        (SELECT count(*)::int FROM "UnifiedOrder" o WHERE o."connectionId" = c.id) AS orders,
        (SELECT count(*)::int FROM "UnifiedProduct" p WHERE p."connectionId" = c.id) AS products
      FROM "MarketplaceConnection" c WHERE c.id NOT LIKE 'c-%'`,
    );
    expect(gone).toMatchObject({ status: 'DISCONNECTED', marketplace: 'ETSY', orders: 2, products: 1 });
  });

  it("keeps every line with its amounts, now with its order's currency", async () => {
    const lines = await query<{
      id: string;
      quantity: number;
      unitPrice: string;
      totalPrice: string;
      currency: string;
    }>(
      db.url,
      `SELECT id, quantity, "unitPrice"::text, "totalPrice"::text, currency FROM "UnifiedOrderItem" ORDER BY id`,
    );
    expect(lines).toHaveLength(OLD_ORDERS.length);
    for (const [id, m, , , , total] of OLD_ORDERS) {
      const line = lines.find((l) => l.id === `${id}-1`)!;
      expect([line.quantity, Number(line.totalPrice), Number(line.unitPrice) * 2, line.currency]).toEqual([
        2,
        Number(total),
        Number(total),
        m === 'FLIPKART' || m === 'SNAPDEAL' ? 'INR' : 'USD',
      ]);
    }
  });

  it("keeps every product under the spec's names, its words kept beside the spec's status", async () => {
    const products = await query<{
      id: string;
      externalId: string;
      inventory: number | null;
      price: string;
      status: string;
      marketplaceStatus: string | null;
    }>(
      db.url,
      `SELECT id, "externalId", inventory, price::text, status::text, "marketplaceStatus" FROM "UnifiedProduct" ORDER BY id`,
    );
    expect(products).toHaveLength(OLD_PRODUCTS.length);
    for (const [id, , , ext, raw, inventory, status] of OLD_PRODUCTS) {
      expect(products.find((p) => p.id === id)).toEqual({
        id,
        externalId: ext,
        inventory,
        price: '9.5000',
        status,
        marketplaceStatus: raw,
      });
    }
  });

  it('rebuilds both rollups from the orders and re-reads each store with the new mapping', async () => {
    expect(await rollupDrift(db.url)).toEqual([]);
    const [daily] = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM "DailySales"`);
    expect(daily!.n).toBeGreaterThan(0);
    const cursors = await query<{ cursors: unknown }>(db.url, `SELECT cursors FROM "MarketplaceConnection"`);
    expect(cursors.every((c) => JSON.stringify(c.cursors) === '{}')).toBe(true);
  });
});
