import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getInventoryAlerts } from '../../src/analytics/get-inventory-alerts.ts';
import { getReturnRates } from '../../src/analytics/get-return-rates.ts';
import { getSalesSummary } from '../../src/analytics/get-sales-summary.ts';
import { getSalesTrend } from '../../src/analytics/get-sales-trend.ts';
import { getSyncStatus } from '../../src/analytics/get-sync-status.ts';
import { getTopProducts } from '../../src/analytics/get-top-products.ts';
import { lookupOrder } from '../../src/analytics/lookup-order.ts';
import type { TenantContext } from '../../src/analytics/tenant.ts';
import { tenantDb } from '../../src/db/tenant-db.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { query } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';
import { expectedFigures, expectedProductSales, inWindow } from './expected.ts';
import { A, B, C, NOW, ORDERS, seed } from './seed.ts';

const sellerA: TenantContext = { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW };
const sellerB: TenantContext = { userId: B, timeZone: 'UTC', preferredCurrency: 'USD', now: NOW };
const OCT_IST = ['2026-09-30T18:30:00Z', '2026-10-31T18:30:00Z'] as const;
const october = { kind: 'month', month: 10 } as const;

describe('top products, returns, stock, orders, sync status — and one seller never sees another', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    await seed(rt.db);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('ranks products by revenue (USD at each order rate) and by units, a SKU being one product', async () => {
    const expected = expectedProductSales(inWindow(ORDERS, A, ...OCT_IST));
    const byRevenue = await getTopProducts(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: october,
      rankBy: 'revenue',
      limit: 10,
    });
    const revenueOrder = [...expected].sort(([, a], [, b]) => b.usd.comparedTo(a.usd)).map(([k]) => k);
    expect(byRevenue.products.map((p) => p.sku ?? p.title)).toEqual(revenueOrder);
    for (const p of byRevenue.products) {
      const e = expected.get(p.sku ?? p.title)!;
      expect([p.units, p.revenueUSD]).toEqual([e.units, e.usd.toFixed(4)]);
    }
    const tee = byRevenue.products.find((p) => p.sku === 'SKU-TEE')!;
    expect(tee.byMarketplace.map((m) => m.marketplace)).toEqual(['EBAY', 'FLIPKART', 'SHOPIFY']);
    expect(tee.revenue).toEqual([
      { currency: 'EUR', amount: '30.0000' },
      { currency: 'INR', amount: '2500.5000' },
      { currency: 'USD', amount: '80.0000' },
    ]);
    const mug = byRevenue.products.find((p) => p.sku === 'SKU-MUG')!;
    expect(mug.linesWithoutUSD).toBe(1); // the EUR order without a rate
    expect(byRevenue.products.find((p) => p.sku === null)!.title).toBe('Handmade card');

    const byUnits = await getTopProducts(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: october,
      rankBy: 'units',
      limit: 2,
    });
    const unitsOrder = [...expected]
      .sort(([, a], [, b]) => b.units - a.units || b.usd.comparedTo(a.usd))
      .map(([k]) => k);
    expect(byUnits.products.map((p) => p.sku ?? p.title)).toEqual(unitsOrder.slice(0, 2));
  });

  it('matches products across marketplaces by SKU, side by side, with each one’s own leader', async () => {
    const r = await getTopProducts(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: october,
      marketplaces: ['FLIPKART', 'SHOPIFY'],
      rankBy: 'units',
      limit: 5,
    });
    expect(r.matchedAcross).toEqual(['FLIPKART', 'SHOPIFY']);
    const expected = expectedProductSales(inWindow(ORDERS, A, ...OCT_IST, ['FLIPKART', 'SHOPIFY']));
    for (const p of r.products) {
      expect(p.byMarketplace.map((m) => m.marketplace)).toEqual(['FLIPKART', 'SHOPIFY']);
      for (const m of p.byMarketplace) {
        const e = expected.get(p.sku ?? p.title)!.byMarketplace.get(m.marketplace) ?? {
          units: 0,
          usd: { toFixed: () => '0.0000' },
        };
        expect([m.units, m.revenueUSD]).toEqual([e.units, e.usd.toFixed(4)]);
      }
    }
    expect(r.perMarketplace!.map((m) => [m.marketplace, m.products[0]!.sku ?? m.products[0]!.title])).toEqual([
      ['FLIPKART', 'Handmade card'],
      ['SHOPIFY', 'SKU-TEE'],
    ]); // A6's cap was cancelled (refunded before it shipped)
  });

  it("names a product as the catalogue does, with its variant, and keeps the lines' title where the catalogue has no such SKU", async () => {
    const sellerC: TenantContext = { userId: C, timeZone: 'America/New_York', preferredCurrency: 'USD', now: NOW };
    await rt.db.unifiedProduct.create({
      data: {
        userId: C,
        connectionId: 'conn-c-sh',
        marketplace: 'SHOPIFY',
        externalId: 'c-hoodie-l',
        sku: 'SKU-C',
        title: 'Fleece Hoodie',
        variantTitle: 'L',
        status: 'ACTIVE',
      },
    });
    const r = await getTopProducts(tenantDb(rt.db, sellerC.userId), sellerC, {
      period: { kind: 'year', year: 2026 },
      rankBy: 'revenue',
      limit: 5,
    });
    expect(r.products.map((p) => [p.sku, p.title])).toEqual([['SKU-C', 'Fleece Hoodie — L']]);
    const a = await getTopProducts(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: october,
      rankBy: 'units',
      limit: 10,
    });
    expect(a.products.find((p) => p.sku === null)!.title).toBe('Handmade card'); // no SKU: the lines' title
    expect(a.products.find((p) => p.sku === 'SKU-CAP')!.title).toBe('Cap');
  });

  it('gives return and cancellation rates of the orders placed, per marketplace', async () => {
    const r = await getReturnRates(tenantDb(rt.db, sellerA.userId), sellerA, { period: october });
    const placed = inWindow(ORDERS, A, ...OCT_IST);
    for (const m of r.byMarketplace) {
      const os = placed.filter((o) => o.marketplace === m.marketplace);
      const returned = os.filter((o) => o.status === 'RETURNED').length;
      const cancelled = os.filter((o) => o.status === 'CANCELLED').length;
      expect(m).toMatchObject({
        orders: os.length,
        returned,
        cancelled,
        returnRatePct: Math.round((returned / os.length) * 10000) / 100,
      });
    }
    expect(r.total).toMatchObject({
      orders: 9,
      returned: 2,
      cancelled: 2,
      returnRatePct: 22.22,
      cancellationRatePct: 22.22,
    });
    expect(r.byMarketplace.find((m) => m.marketplace === 'EBAY')).toMatchObject({
      orders: 2,
      returned: 1,
      returnRatePct: 50,
    });
  });

  it('lists out-of-stock and low-stock listings of active products, with the SKU elsewhere', async () => {
    const r = await getInventoryAlerts(tenantDb(rt.db, sellerA.userId), sellerA, { lowStockThreshold: 5 });
    expect(r.outOfStock.map((a) => [a.marketplace, a.sku, a.quantity])).toEqual([
      ['EBAY', 'SKU-HAT', -1],
      ['FLIPKART', 'SKU-MUG', 0],
    ]);
    expect(r.outOfStock[1]!.elsewhere).toEqual([{ marketplace: 'SHOPIFY', quantity: 40 }]); // not seller B's 0
    expect(r.lowStock.map((a) => [a.marketplace, a.sku, a.quantity])).toEqual([
      ['SHOPIFY', 'SKU-TEE', 3],
      ['FLIPKART', 'SKU-PEN', 5],
    ]);
    expect(r.counts).toEqual({ outOfStock: 2, lowStock: 2 });
    const flipkart = await getInventoryAlerts(tenantDb(rt.db, sellerA.userId), sellerA, {
      marketplaces: ['FLIPKART'],
      lowStockThreshold: 0,
    });
    expect(flipkart.outOfStock.map((a) => a.sku)).toEqual(['SKU-MUG']);
    expect(flipkart.lowStock).toEqual([]);
  });

  it('looks up an order by id or number, only the seller’s, never with the customer email', async () => {
    const a = await lookupOrder(tenantDb(rt.db, sellerA.userId), sellerA, { orderId: '#A8' });
    expect(a.matches).toHaveLength(1);
    expect(a.matches[0]).toMatchObject({
      externalOrderId: 'A8',
      marketplace: 'SHOPIFY',
      storeName: 'A Shop',
      totalAmount: '120.0000',
      refundedAmount: '20.0000',
      localOrderDate: '2026-10-25 17:30',
    });
    expect(a.matches[0]!.items).toEqual([
      { sku: 'SKU-TEE', title: 'Product SKU-TEE', quantity: 2, unitPrice: '40.0000', totalPrice: '80.0000' },
      { sku: 'SKU-CAP', title: 'Product SKU-CAP', quantity: 2, unitPrice: '20.0000', totalPrice: '40.0000' },
    ]);
    expect(JSON.stringify(a)).not.toMatch(/@buyer\.example|customerEmail/);
    expect(
      (await lookupOrder(tenantDb(rt.db, sellerA.userId), sellerA, { orderId: 'A1' })).matches.map(
        (m) => m.totalAmount,
      ),
    ).toEqual(['1000.0000']);
    expect(
      (await lookupOrder(tenantDb(rt.db, sellerB.userId), sellerB, { orderId: 'A1' })).matches.map(
        (m) => m.totalAmount,
      ),
    ).toEqual(['1.0000']);
    expect((await lookupOrder(tenantDb(rt.db, sellerA.userId), sellerA, { orderId: 'B2' })).matches).toEqual([]);
  });

  it('reports each connection’s state, last sync, last error and order count', async () => {
    const s = await getSyncStatus(tenantDb(rt.db, sellerA.userId), sellerA, {});
    const [counts] = await query<{ fk: number; sh: number; eb: number }>(
      db.url,
      `SELECT count(*) FILTER (WHERE "connectionId" = 'conn-a-fk')::int AS fk,
      count(*) FILTER (WHERE "connectionId" = 'conn-a-sh')::int AS sh, count(*) FILTER (WHERE "connectionId" = 'conn-a-eb')::int AS eb FROM "UnifiedOrder"`,
    );
    expect(s.connections.map((c) => [c.marketplace, c.status, c.orders, c.lastError])).toEqual([
      ['EBAY', 'ERROR', counts!.eb, 'token revoked'],
      ['FLIPKART', 'CONNECTED', counts!.fk, null],
      ['SHOPIFY', 'CONNECTED', counts!.sh, null],
    ]);
    expect(s.connections.find((c) => c.marketplace === 'EBAY')!.lastSyncAt).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(s.freshness.asOf).toEqual(new Date('2026-11-15T11:00:00Z'));
  });

  it('seller A never sees seller B’s rows, in any query', async () => {
    const all = { kind: 'all' } as const;
    const mineA = ORDERS.filter((o) => o.userId === A);
    const summary = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: all,
      groupBy: 'marketplace',
    });
    expect(summary.totals).toEqual(expectedFigures(mineA, '0.0119'));
    const top = await getTopProducts(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: all,
      rankBy: 'units',
      limit: 50,
    });
    expect(top.products.find((p) => p.sku === 'SKU-MUG')!.units).toBe(
      expectedProductSales(mineA).get('SKU-MUG')!.units,
    );
    expect(top.products.some((p) => p.sku === 'SKU-X')).toBe(false);
    expect((await getReturnRates(tenantDb(rt.db, sellerA.userId), sellerA, { period: all })).total.orders).toBe(
      mineA.length,
    );
    const trend = await getSalesTrend(tenantDb(rt.db, sellerA.userId), sellerA, { period: all, interval: 'month' });
    expect(trend.total.reduce((n, p) => n + p.orders, 0)).toBe(mineA.filter((o) => o.status !== 'CANCELLED').length);
    const alerts = await getInventoryAlerts(tenantDb(rt.db, sellerA.userId), sellerA, { lowStockThreshold: 5 });
    expect([...alerts.outOfStock, ...alerts.lowStock].some((a) => a.title.startsWith('B '))).toBe(false);
    expect(
      (await getSyncStatus(tenantDb(rt.db, sellerA.userId), sellerA, {})).connections.some((c) =>
        c.storeId.startsWith('b.'),
      ),
    ).toBe(false);
    const b = await getSalesSummary(tenantDb(rt.db, sellerB.userId), sellerB, { period: all });
    expect(b.totals).toEqual(
      expectedFigures(
        ORDERS.filter((o) => o.userId === B),
        null,
      ),
    );
    expect(b.freshness.asOf).toEqual(new Date('2026-11-15T01:00:00Z'));
  });
});
