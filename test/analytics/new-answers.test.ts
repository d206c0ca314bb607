import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { getCustomerMix } from '../../src/analytics/get-customer-mix.ts';
import { getLatestOrders } from '../../src/analytics/get-latest-orders.ts';
import { getReturnsByProduct } from '../../src/analytics/get-returns-by-product.ts';
import { getTopCustomers } from '../../src/analytics/get-top-customers.ts';
import type { TenantContext } from '../../src/analytics/tenant.ts';
import { tenantDb } from '../../src/db/tenant-db.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';
import { A, NOW, ORDERS, seed } from './seed.ts';
import { type CustomerOrder, E, E_ORDERS, E_ZONE, rowId, seedCustomers } from './seed-customers.ts';

/**
 * The new answers (latest orders, top customers, new vs returning, returns by product) against
 * seller E's rows: every expectation is computed here in plain JS from the seeded arrays.
 */
const sellerE: TenantContext = { userId: E, timeZone: E_ZONE, preferredCurrency: 'INR', now: NOW };
const sellerA: TenantContext = { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW };
const OCT_IST = [new Date('2026-09-30T18:30:00Z'), new Date('2026-10-31T18:30:00Z')] as const;
const october = { kind: 'month', month: 10 } as const;

const sum = (xs: Decimal.Value[]) => xs.reduce<Decimal>((a, x) => a.plus(x), new Decimal(0));
const inOctober = (o: CustomerOrder) => o.orderedAt >= OCT_IST[0] && o.orderedAt < OCT_IST[1];
const live = (o: CustomerOrder) => o.status !== 'CANCELLED';
const keyOf = (o: CustomerOrder) => o.customerEmail?.trim().toLowerCase() || null;
const refundUSD = (o: CustomerOrder) =>
  o.fxRateToUSD === null ? new Decimal(0) : new Decimal(o.refundedAmount ?? 0).times(o.fxRateToUSD).toDecimalPlaces(4);
const inScope = (scope: { marketplaces?: string[]; stores?: string[] }) => (o: CustomerOrder) =>
  (!scope.marketplaces || scope.marketplaces.includes(o.marketplace)) &&
  (!scope.stores || scope.stores.includes(o.connectionId));

/** Customers by spend: order totals in USD minus refunds, per lower-cased trimmed e-mail. */
function expectedTopCustomers(orders: CustomerOrder[]) {
  const byKey = new Map<string, CustomerOrder[]>();
  for (const o of orders.filter(live)) {
    const k = keyOf(o);
    if (k) byKey.set(k, [...(byKey.get(k) ?? []), o]);
  }
  return [...byKey]
    .map(([key, os]) => {
      const usd = os.filter((o) => o.totalAmountUSD !== null);
      const gross = sum(usd.map((o) => o.totalAmountUSD!));
      const refunded = sum(usd.map(refundUSD));
      const latest = [...os]
        .sort((a, b) => b.orderedAt.getTime() - a.orderedAt.getTime())
        .find((o) => o.customerName?.trim());
      return {
        key,
        name: latest?.customerName ?? null,
        orders: os.length,
        spend: gross.minus(refunded),
        refunded,
        withoutUSD: os.length - usd.length,
        marketplaces: [...new Set(os.map((o) => o.marketplace))].sort(),
      };
    })
    .sort((a, b) => b.spend.comparedTo(a.spend) || b.orders - a.orders || (a.key < b.key ? -1 : 1));
}

function expectedCoverage(orders: CustomerOrder[]) {
  const markets = [...new Set(orders.filter(live).map((o) => o.marketplace))].sort();
  return markets.map((m) => {
    const os = orders.filter((o) => live(o) && o.marketplace === m);
    return { marketplace: m, orders: os.length, withoutCustomer: os.filter((o) => !keyOf(o)).length };
  });
}

function expectedMix(scope: { marketplaces?: string[]; stores?: string[] }) {
  const scoped = E_ORDERS.filter(inScope(scope));
  const buyers = expectedTopCustomers(scoped.filter(inOctober));
  const returning = (key: string) => scoped.some((o) => live(o) && keyOf(o) === key && o.orderedAt < OCT_IST[0]);
  const group = (isReturning: boolean) => {
    const bs = buyers.filter((b) => returning(b.key) === isReturning);
    return {
      customers: bs.length,
      orders: bs.reduce((n, b) => n + b.orders, 0),
      spendUSD: sum(bs.map((b) => b.spend)).toFixed(4),
    };
  };
  return {
    new: group(false),
    returning: group(true),
    names: buyers
      .filter((b) => !returning(b.key))
      .map((b) => b.key)
      .sort(),
  };
}

/** Per product (SKU, else title): returned units and orders, units sold, refunds shared by line total. */
function expectedReturns(orders: CustomerOrder[]) {
  const out = new Map<
    string,
    {
      sku: string | null;
      returnedUnits: number;
      orderIds: Set<string>;
      unitsSold: number;
      refunded: Decimal;
      refundUnknown: Set<string>;
    }
  >();
  for (const o of orders.filter(live)) {
    const lines = sum(o.items.map((i) => i.totalPrice));
    for (const i of o.items) {
      const k = i.sku ?? i.title;
      const p = out.get(k) ?? {
        sku: i.sku,
        returnedUnits: 0,
        orderIds: new Set(),
        unitsSold: 0,
        refunded: new Decimal(0),
        refundUnknown: new Set(),
      };
      p.unitsSold += i.quantity;
      if (o.status === 'RETURNED') {
        p.returnedUnits += i.quantity;
        p.orderIds.add(o.id);
        if (o.refundedAmount === null) p.refundUnknown.add(o.id);
        else if (o.fxRateToUSD !== null)
          p.refunded = p.refunded.plus(
            new Decimal(o.refundedAmount).times(o.fxRateToUSD).times(i.totalPrice).div(lines).toDecimalPlaces(4),
          );
      }
      out.set(k, p);
    }
  }
  const rate = (p: { returnedUnits: number; unitsSold: number }) => new Decimal(p.returnedUnits).div(p.unitsSold);
  return [...out]
    .filter(([, p]) => p.returnedUnits > 0)
    .sort(([ka, a], [kb, b]) => b.returnedUnits - a.returnedUnits || rate(b).comparedTo(rate(a)) || (ka < kb ? -1 : 1))
    .map(([key, p]) => ({ key, ...p, ratePct: rate(p).times(100).toDecimalPlaces(2).toNumber() }));
}

/** 'YYYY-MM-DD HH:MM' in the seller's zone, by Intl (apart from the SQL's to_char). */
function localTime(d: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const newestFirst = (os: CustomerOrder[]) =>
  [...os].sort((a, b) => b.orderedAt.getTime() - a.orderedAt.getTime() || (rowId(b) < rowId(a) ? -1 : 1));

describe('new answers: latest orders, top customers, new vs returning customers, returns by product', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    await seed(rt.db);
    await seedCustomers(rt.db);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('lists the newest orders first, in local time, with every filter', async () => {
    const all = await getLatestOrders(tenantDb(rt.db, sellerE.userId), sellerE, { limit: 10 });
    const expected = newestFirst(E_ORDERS).slice(0, 10);
    expect(all.orders.map((o) => o.externalOrderId)).toEqual(expected.map((o) => o.id));
    expect(all.orders.map((o) => o.localOrderDate)).toEqual(expected.map((o) => localTime(o.orderedAt, E_ZONE)));
    expect(all.orders[0]).toMatchObject({
      marketplace: 'SHOPIFY',
      storeName: 'E US Shop',
      orderNumber: '#E25',
      status: 'DELIVERED',
      totalAmount: '30.0000',
      currency: 'USD',
      itemCount: 1,
    });
    expect(all.matching).toBeNull(); // no period: no count
    expect(all.period).toBeNull();

    // "cancelled orders yesterday": 14 Nov in India
    const yesterday = await getLatestOrders(tenantDb(rt.db, sellerE.userId), sellerE, {
      period: { kind: 'yesterday' },
      statuses: ['CANCELLED'],
      limit: 10,
    });
    const y = E_ORDERS.filter(
      (o) => o.status === 'CANCELLED' && localTime(o.orderedAt, E_ZONE).startsWith('2026-11-14'),
    );
    expect(yesterday.orders.map((o) => o.externalOrderId)).toEqual(y.map((o) => o.id));
    expect(yesterday.matching).toBeNull(); // the list holds them all

    // a status across days and months, with commoner ones in between (the walk starts where the
    // daily rollup says the newest 2 are), the same from the orders in another zone, and one with none
    const cancelled = newestFirst(E_ORDERS.filter((o) => o.status === 'CANCELLED'))
      .slice(0, 3)
      .map((o) => o.id);
    for (const tenant of [sellerE, { ...sellerE, timeZone: 'America/New_York' }]) {
      expect(
        (
          await getLatestOrders(tenantDb(rt.db, tenant.userId), tenant, { statuses: ['CANCELLED'], limit: 3 })
        ).orders.map((o) => o.externalOrderId),
      ).toEqual(cancelled);
    }
    expect(
      (
        await getLatestOrders(tenantDb(rt.db, sellerE.userId), sellerE, {
          statuses: ['CANCELLED', 'RETURNED'],
          marketplaces: ['EBAY'],
          limit: 2,
        })
      ).orders.map((o) => o.externalOrderId),
    ).toEqual(['E24', 'E13']);
    expect(
      (await getLatestOrders(tenantDb(rt.db, sellerE.userId), sellerE, { statuses: ['CONFIRMED'], limit: 10 })).orders,
    ).toEqual([]);

    // "the last eBay order"
    const ebay = await getLatestOrders(tenantDb(rt.db, sellerE.userId), sellerE, { marketplaces: ['EBAY'], limit: 1 });
    expect(ebay.orders.map((o) => o.externalOrderId)).toEqual(
      newestFirst(E_ORDERS.filter((o) => o.marketplace === 'EBAY'))
        .slice(0, 1)
        .map((o) => o.id),
    );

    // one store, several statuses, a period, a short list: how many matched in all (from the daily rollup)
    const returned = await getLatestOrders(tenantDb(rt.db, sellerE.userId), sellerE, {
      period: october,
      statuses: ['RETURNED', 'SHIPPED'],
      limit: 2,
    });
    const r = E_ORDERS.filter((o) => inOctober(o) && ['RETURNED', 'SHIPPED'].includes(o.status));
    expect(returned.orders.map((o) => o.externalOrderId)).toEqual(
      newestFirst(r)
        .slice(0, 2)
        .map((o) => o.id),
    );
    expect(returned.matching).toBe(r.length);
    const uk = await getLatestOrders(tenantDb(rt.db, sellerE.userId), sellerE, {
      period: october,
      stores: ['conn-e-sh-uk'],
      limit: 1,
    });
    const ukOrders = E_ORDERS.filter((o) => inOctober(o) && o.connectionId === 'conn-e-sh-uk');
    expect(uk.orders.map((o) => o.externalOrderId)).toEqual(
      newestFirst(ukOrders)
        .slice(0, 1)
        .map((o) => o.id),
    );
    expect(uk.matching).toBe(ukOrders.length); // by store: counted from the orders, not the per-marketplace rollup

    // another seller's store id finds nothing; seller A never sees E's orders
    expect(
      (await getLatestOrders(tenantDb(rt.db, sellerA.userId), sellerA, { stores: ['conn-e-sh-us'], limit: 10 })).orders,
    ).toEqual([]);
    const a = await getLatestOrders(tenantDb(rt.db, sellerA.userId), sellerA, { limit: 50 });
    expect(a.orders.map((o) => o.externalOrderId).sort()).toEqual(
      ORDERS.filter((o) => o.userId === A)
        .map((o) => o.id)
        .sort(),
    );
  });

  it('ranks customers by spend net of refunds, one customer per e-mail whatever its case, and counts the orders that name no one', async () => {
    const expected = expectedTopCustomers(E_ORDERS.filter(inOctober));
    const r = await getTopCustomers(tenantDb(rt.db, sellerE.userId), sellerE, { period: october, limit: 50 });
    expect(r.customers.map((c) => [c.name, c.orders, c.spendUSD, c.ordersWithoutUSD, c.marketplaces])).toEqual(
      expected.map((e) => [e.name, e.orders, e.spend.toFixed(4), e.withoutUSD, e.marketplaces]),
    );
    expect(r.customers.map((c) => c.rank)).toEqual(expected.map((_, i) => i + 1));
    expect(r.customersInPeriod).toBe(expected.length);
    // the hand-checked shape of it: Bob's GBP and Etsy orders beat Alice's refunded order; Alice's eBay e-mail in capitals is hers
    expect(r.customers.slice(0, 2).map((c) => [c.name, c.marketplaces])).toEqual([
      ['Bob', ['ETSY', 'SHOPIFY']],
      ['Alice S.', ['EBAY', 'SHOPIFY']],
    ]);
    expect(r.coverage).toEqual(expectedCoverage(E_ORDERS.filter(inOctober)));
    expect(r.coverage.find((c) => c.marketplace === 'FLIPKART')).toEqual({
      marketplace: 'FLIPKART',
      orders: 3,
      withoutCustomer: 3,
    });
    expect(JSON.stringify(r)).not.toMatch(/@|example\.com/); // e-mails never leave the SQL

    const top3 = await getTopCustomers(tenantDb(rt.db, sellerE.userId), sellerE, { period: october, limit: 3 });
    expect(top3.customers.map((c) => c.name)).toEqual(expected.slice(0, 3).map((e) => e.name));
    expect(top3.customersInPeriod).toBe(expected.length);

    const uk = await getTopCustomers(tenantDb(rt.db, sellerE.userId), sellerE, {
      period: october,
      stores: ['conn-e-sh-uk'],
      limit: 5,
    });
    const ukExpected = expectedTopCustomers(E_ORDERS.filter((o) => inOctober(o) && o.connectionId === 'conn-e-sh-uk'));
    expect(uk.customers.map((c) => [c.name, c.spendUSD])).toEqual(ukExpected.map((e) => [e.name, e.spend.toFixed(4)]));

    // seller A's customers are A's alone
    const a = await getTopCustomers(tenantDb(rt.db, sellerA.userId), sellerA, { period: october, limit: 50 });
    expect(a.customers.every((c) => /^Buyer A\d+$/.test(c.name ?? ''))).toBe(true);
    expect(a.customersInPeriod).toBe(
      ORDERS.filter(
        (o) => o.userId === A && o.status !== 'CANCELLED' && o.orderedAt >= OCT_IST[0] && o.orderedAt < OCT_IST[1],
      ).length,
    );
  });

  it("splits the period's customers into new and returning, on the marketplaces and stores asked about", async () => {
    for (const scope of [
      {},
      { marketplaces: ['SHOPIFY'] },
      { stores: ['conn-e-sh-uk'] },
      { marketplaces: ['EBAY', 'SHOPIFY'] },
    ] as const) {
      const e = expectedMix(scope as { marketplaces?: string[]; stores?: string[] });
      const r = await getCustomerMix(tenantDb(rt.db, sellerE.userId), sellerE, { period: october, ...scope } as never);
      expect([r.new.customers, r.new.orders, r.new.spendUSD]).toEqual([e.new.customers, e.new.orders, e.new.spendUSD]);
      expect([r.returning.customers, r.returning.orders, r.returning.spendUSD]).toEqual([
        e.returning.customers,
        e.returning.orders,
        e.returning.spendUSD,
      ]);
    }
    // by hand: Alice (September) and Erin (August, on eBay) come back; Dave's only earlier order was cancelled, so he is new
    const all = await getCustomerMix(tenantDb(rt.db, sellerE.userId), sellerE, { period: october });
    expect([all.new.customers, all.returning.customers]).toEqual([7, 2]);
    const shopify = await getCustomerMix(tenantDb(rt.db, sellerE.userId), sellerE, {
      period: october,
      marketplaces: ['SHOPIFY'],
    });
    expect([shopify.new.customers, shopify.returning.customers]).toEqual([6, 1]); // Erin is new to Shopify
    expect(all.coverage).toEqual(expectedCoverage(E_ORDERS.filter(inOctober)));
    expect(all.freshness.firstOrderDay).toBe('2026-08-20');
    expect(all.definition).toContain('2026-08-20');
  });

  it('ranks products by returned units, with units sold, return rate and refunds shared by line', async () => {
    const expected = expectedReturns(E_ORDERS.filter(inOctober));
    const r = await getReturnsByProduct(tenantDb(rt.db, sellerE.userId), sellerE, { period: october, limit: 10 });
    expect(
      r.products.map((p) => [
        p.sku ?? p.title,
        p.returnedUnits,
        p.returnedOrders,
        p.unitsSold,
        p.returnRatePct,
        p.refundedUSD,
        p.ordersRefundUnknown,
      ]),
    ).toEqual(
      expected.map((e) => [
        e.key,
        e.returnedUnits,
        e.orderIds.size,
        e.unitsSold,
        e.ratePct,
        e.refunded.toFixed(4),
        e.refundUnknown.size,
      ]),
    );
    // named as the catalogue names them, with the variant; a line without a SKU keeps its title
    expect(r.products.map((p) => p.title)).toEqual(
      expected.map(
        (e) =>
          (
            ({
              'E-HOODIE-L': 'Fleece Hoodie — L',
              'E-HOODIE-M': 'Fleece Hoodie — M',
              'E-MUG': 'Ceramic Mug',
            }) as Record<string, string>
          )[e.key] ?? e.key,
      ),
    );
    expect(r.total.returnedUnits).toBe(expected.reduce((n, e) => n + e.returnedUnits, 0));
    expect(r.total.productsReturned).toBe(expected.length);
    const sold = E_ORDERS.filter((o) => inOctober(o) && live(o))
      .flatMap((o) => o.items)
      .reduce((n, i) => n + i.quantity, 0);
    expect(r.total.unitsSold).toBe(sold);
    expect(r.definition).toMatch(/no per-line return flag/);

    const top2 = await getReturnsByProduct(tenantDb(rt.db, sellerE.userId), sellerE, { period: october, limit: 2 });
    expect(top2.products.map((p) => p.sku ?? p.title)).toEqual(expected.slice(0, 2).map((e) => e.key));
    expect(top2.total.productsReturned).toBe(expected.length);

    // one store (read from the orders, not the rollup) and one marketplace
    for (const scope of [{ stores: ['conn-e-sh-us'] }, { marketplaces: ['EBAY'] }]) {
      const s = await getReturnsByProduct(tenantDb(rt.db, sellerE.userId), sellerE, {
        period: october,
        limit: 10,
        ...scope,
      } as never);
      const e = expectedReturns(E_ORDERS.filter((o) => inOctober(o) && inScope(scope)(o)));
      expect(s.products.map((p) => [p.sku ?? p.title, p.returnedUnits, p.unitsSold, p.refundedUSD])).toEqual(
        e.map((x) => [x.key, x.returnedUnits, x.unitsSold, x.refunded.toFixed(4)]),
      );
    }
    // a period without returns
    expect(
      (
        await getReturnsByProduct(tenantDb(rt.db, sellerE.userId), sellerE, {
          period: { kind: 'this', unit: 'month' },
          limit: 5,
        })
      ).products,
    ).toEqual([]);
  });
});
