import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { comparePeriods } from '../../src/analytics/compare-periods.ts';
import { getSalesSummary } from '../../src/analytics/get-sales-summary.ts';
import { getSalesTrend } from '../../src/analytics/get-sales-trend.ts';
import { metricValue, SALES_METRICS } from '../../src/analytics/metrics.ts';
import type { TenantContext } from '../../src/analytics/tenant.ts';
import { tenantDb } from '../../src/db/tenant-db.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { query } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';
import { expectedFigures, inWindow } from './expected.ts';
import { A, B, C, NOW, ORDERS, seed } from './seed.ts';

const sellerA: TenantContext = { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW };
const sellerB: TenantContext = { userId: B, timeZone: 'UTC', preferredCurrency: 'USD', now: NOW };
const sellerC: TenantContext = { userId: C, timeZone: 'America/New_York', preferredCurrency: 'USD', now: NOW };
const INR_LATEST = '0.0119';
// October 2026 and 1–15 Nov 2026 in Kolkata, as instants written by hand
const OCT_IST = ['2026-09-30T18:30:00Z', '2026-10-31T18:30:00Z'] as const;
const NOV_IST = ['2026-10-31T18:30:00Z', '2026-11-15T18:30:00Z'] as const;

describe('sales summary, comparison and trend', () => {
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

  it('sums the sales of a Kolkata month: native currencies, USD, INR at the latest rate, returns, refunds', async () => {
    const s = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, { period: { kind: 'month', month: 10 } });
    expect(s.period.label).toBe('October 2026 (1 Oct – 31 Oct 2026)');
    expect(s.totals).toEqual(expectedFigures(inWindow(ORDERS, A, ...OCT_IST), INR_LATEST));
    // 23:30 IST on 31 Oct (A2) is October there; 00:30 IST on 1 Nov (A3) is not
    expect(s.totals.byCurrency.find((c) => c.currency === 'INR')).toMatchObject({ orders: 3, sales: '3800.5000' });
    expect(s.totals.usd.ordersWithoutUSD).toBe(1); // the EUR order without a rate
    expect(s.totals.cancelled).toEqual({ orders: 2, refundedUSD: '25.0000' }); // A6 was refunded before it shipped
    expect(s.freshness.asOf).toEqual(new Date('2026-11-15T11:00:00Z')); // the ERROR connection is not in scope
    const [independent] = await query<{ n: number }>(
      db.url,
      `SELECT count(*)::int AS n FROM "UnifiedOrder" WHERE "userId" = $1 AND status <> 'CANCELLED'
      AND date_trunc('month', "orderedAt" AT TIME ZONE 'Asia/Kolkata') = '2026-10-01'`,
      [A],
    );
    expect(s.totals.orders).toBe(independent!.n);
  });

  it('splits the totals as the metric layer defines them: gross, discounts, shipping, taxes, refunds, net', async () => {
    const s = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, { period: { kind: 'month', month: 10 } });
    // A8: 120 = items 110 − discount 5 + shipping 7 + tax 8, 20 refunded; A9: €30 with €4.50 shipping at 1.08, €10 refunded
    const usd = s.totals.usd;
    expect([usd.discounts, usd.shipping, usd.taxes]).toEqual(['5.0000', '11.8600', '8.0000']);
    expect(usd.grossSales).toBe(new Decimal(usd.sales).minus('8').minus('11.86').plus('5').toFixed(4));
    expect(usd.netSales).toBe(new Decimal(usd.grossSales).minus('5').minus(usd.refunded).toFixed(4));
    expect(metricValue('net_sales', s.totals)).toBe(s.totals.preferred!.netSales);
    expect(metricValue('cancellation_rate', s.totals)).toBe(
      new Decimal(2).div(9).times(100).toDecimalPlaces(2).toNumber(),
    );
    expect(metricValue('units_per_order', s.totals)).toBe(
      new Decimal(s.totals.units).div(s.totals.orders).toDecimalPlaces(2).toNumber(),
    );
    // a trend sums only what its metric reads: every metric's value the same as from every sum, in total and per marketplace
    for (const metric of SALES_METRICS) {
      for (const currency of [undefined, 'EUR']) {
        const full = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, {
          period: { kind: 'month', month: 10 },
          groupBy: 'marketplace',
          ...(currency && { currency }),
        });
        const t = await getSalesTrend(tenantDb(rt.db, sellerA.userId), sellerA, {
          period: { kind: 'month', month: 10 },
          interval: 'week',
          metric,
          ...(currency && { currency }),
        });
        expect([metric, currency, metricValue(metric, t.figures)]).toEqual([
          metric,
          currency,
          metricValue(metric, full.totals),
        ]);
        for (const g of full.groups!)
          expect([metric, g.key, metricValue(metric, t.series.find((x) => x.marketplace === g.key)!.figures)]).toEqual([
            metric,
            g.key,
            metricValue(metric, g),
          ]);
      }
    }
  });

  it("shows a currency asked for at each day's own rate, and says which orders had none", async () => {
    // the only EUR rate is quoted for 13 Nov: it serves 13–19 Nov (a week at most), so of November's
    // orders only A12 (15 Nov, $60) converts; A3, A11 and A13 come before it
    const s = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'this', unit: 'month' },
      currency: 'EUR',
    });
    expect(s.totals.preferred).toMatchObject({
      currency: 'EUR',
      atEachDaysRate: true,
      ordersWithoutRate: 3,
      sales: new Decimal(60).div('1.08').toFixed(4),
    });
  });

  it('puts the same instant in October for a UTC seller', async () => {
    const s = await getSalesSummary(tenantDb(rt.db, sellerB.userId), sellerB, { period: { kind: 'month', month: 10 } });
    expect(s.totals).toEqual(
      expectedFigures(inWindow(ORDERS, B, '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'), null),
    );
    expect(s.totals.byCurrency.find((c) => c.currency === 'INR')?.orders).toBe(1); // B1, 19:00 UTC on 31 Oct
    expect(s.totals.refundsUnknown).toBe(1); // B3, returned without an amount
    const nov = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'this', unit: 'month' },
    });
    expect(nov.totals).toEqual(expectedFigures(inWindow(ORDERS, A, ...NOV_IST), INR_LATEST));
    expect(nov.totals.byCurrency.find((c) => c.currency === 'INR')?.orders).toBe(2); // A3 and A11
  });

  it('groups by marketplace, local week and day, and filters marketplaces', async () => {
    const byMarket = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'last', unit: 'month' },
      groupBy: 'marketplace',
    });
    expect(byMarket.groups!.map((g) => g.key)).toEqual(['EBAY', 'FLIPKART', 'SHOPIFY']);
    for (const g of byMarket.groups!) {
      const { key, ...figures } = g;
      expect(figures).toEqual(expectedFigures(inWindow(ORDERS, A, ...OCT_IST, [key]), INR_LATEST));
    }
    const byWeek = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'this', unit: 'month' },
      groupBy: 'week',
    });
    // A3 (Sun 1 Nov IST) in the week of Mon 26 Oct; A13 (Sun 8 Nov 22:30 IST) in the week of 2 Nov; A11, A12 in the week of 9 Nov
    expect(byWeek.groups!.map((g) => [g.key, g.orders])).toEqual([
      ['2026-10-26', 1],
      ['2026-11-02', 1],
      ['2026-11-09', 2],
    ]);
    const byDay = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'this', unit: 'week' },
      groupBy: 'day',
    });
    expect(byDay.groups!.map((g) => [g.key, g.usd.sales])).toEqual([
      ['2026-11-09', '14.2800'],
      ['2026-11-15', '60.0000'],
    ]);
    const shopify = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'last', unit: 'month' },
      marketplaces: ['SHOPIFY'],
    });
    expect(shopify.totals).toEqual(expectedFigures(inWindow(ORDERS, A, ...OCT_IST, ['SHOPIFY']), INR_LATEST));
    expect(shopify.freshness.asOf).toEqual(new Date('2026-11-15T11:30:00Z'));
    const ebay = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'last', unit: 'month' },
      marketplaces: ['EBAY'],
    });
    expect(ebay.freshness.asOf).toBeNull(); // its only connection is in ERROR
  });

  it('compares a period under way with the same days of the other, like for like', async () => {
    // the 15th: this month's 15 days against last month's first 15
    const c = await comparePeriods(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'this', unit: 'month' },
      comparePeriod: { kind: 'last', unit: 'month' },
    });
    expect([c.sameDays, c.comparePeriod.firstDay, c.comparePeriod.lastDay, c.wholeComparePeriod.lastDay]).toEqual([
      true,
      '2026-10-01',
      '2026-10-15',
      '2026-10-31',
    ]);
    expect(c.current).toEqual(expectedFigures(inWindow(ORDERS, A, ...NOV_IST), INR_LATEST));
    expect(c.previous).toEqual(expectedFigures(inWindow(ORDERS, A, OCT_IST[0], '2026-10-15T18:30:00Z'), INR_LATEST));
    // a whole period is compared whole; and a finished one too
    const last = await comparePeriods(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'last', unit: 'month' },
      comparePeriod: { kind: 'month', month: 9 },
    });
    expect(last.sameDays).toBe(false);
  });

  it('compares two whole periods in total and per marketplace when asked to', async () => {
    const c = await comparePeriods(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'this', unit: 'month' },
      comparePeriod: { kind: 'last', unit: 'month' },
      wholePeriods: true,
    });
    expect(c.sameDays).toBe(false);
    const cur = expectedFigures(inWindow(ORDERS, A, ...NOV_IST), INR_LATEST);
    const prev = expectedFigures(inWindow(ORDERS, A, ...OCT_IST), INR_LATEST);
    expect(c.current).toEqual(cur);
    expect(c.previous).toEqual(prev);
    expect(c.change.orders).toEqual({ current: '4', previous: '7', absolute: '-3', percent: -42.86 });
    const pct = Math.round(((Number(cur.usd.sales) - Number(prev.usd.sales)) / Number(prev.usd.sales)) * 10000) / 100;
    expect(c.change.salesUSD.percent).toBeCloseTo(pct, 2);
    expect(c.change.salesUSD.absolute).toBe((Number(cur.usd.sales) - Number(prev.usd.sales)).toFixed(4));
    expect(c.byMarketplace.map((m) => m.marketplace)).toEqual(['EBAY', 'FLIPKART', 'SHOPIFY']);
    const ebay = c.byMarketplace.find((m) => m.marketplace === 'EBAY')!;
    expect(ebay.current).toBeNull();
    expect(ebay.change.orders).toEqual({ current: '0', previous: '2', absolute: '-2', percent: -100 });
    const flipkart = c.byMarketplace.find((m) => m.marketplace === 'FLIPKART')!;
    expect(flipkart.change.units.current).toBe(
      String(expectedFigures(inWindow(ORDERS, A, ...NOV_IST, ['FLIPKART']), null).units),
    );
  });

  it('trends per local day across the New York DST changes, with gaps as zero', async () => {
    const t = await getSalesTrend(tenantDb(rt.db, sellerC.userId), sellerC, {
      period: { kind: 'between', from: '2026-03-06', to: '2026-03-10' },
      interval: 'day',
    });
    expect(t.total.map((p) => [p.start, p.orders, p.salesUSD])).toEqual([
      ['2026-03-06', 0, '0.0000'],
      ['2026-03-07', 1, '10.0000'],
      ['2026-03-08', 2, '50.0000'],
      ['2026-03-09', 1, '40.0000'],
      ['2026-03-10', 0, '0.0000'],
    ]);
    const nov = await getSalesTrend(tenantDb(rt.db, sellerC.userId), sellerC, {
      period: { kind: 'between', from: '2026-11-01', to: '2026-11-02' },
      interval: 'day',
    });
    expect(nov.total.map((p) => p.orders)).toEqual([1, 0]); // 23:30 EST on the 25-hour day
    const [byDay] = await query<{ n: number }>(
      db.url,
      `SELECT count(*)::int AS n FROM "UnifiedOrder" WHERE "userId" = $1 AND ("orderedAt" AT TIME ZONE 'America/New_York')::date = '2026-03-08'`,
      [C],
    );
    expect(byDay!.n).toBe(2);
  });

  it('trends per marketplace by day and week for a seller in Kolkata, in INR too', async () => {
    const t = await getSalesTrend(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'this', unit: 'month' },
      interval: 'day',
      marketplaces: ['FLIPKART', 'SHOPIFY'],
    });
    expect(t.series.map((s) => s.marketplace)).toEqual(['FLIPKART', 'SHOPIFY']);
    expect(t.total).toHaveLength(15);
    const flipkart = t.series[0]!.points;
    expect(flipkart.filter((p) => p.orders > 0).map((p) => [p.start, p.salesUSD])).toEqual([
      ['2026-11-01', '8.3300'],
      ['2026-11-09', '14.2800'],
    ]);
    expect(flipkart.find((p) => p.start === '2026-11-01')!.salesPreferred).toBe('700.0000');
    // from Sunday 1 Nov: a partial first week, labelled by its Monday
    const weeks = await getSalesTrend(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'last_n_days', days: 15 },
      interval: 'week',
    });
    expect(weeks.total.map((p) => [p.start, p.orders])).toEqual([
      ['2026-10-26', 1],
      ['2026-11-02', 1],
      ['2026-11-09', 2],
    ]);
    const all = await getSalesTrend(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'all' },
      interval: 'month',
    });
    expect(all.total.map((p) => [p.start, p.orders])).toEqual([
      ['2026-10-01', 7],
      ['2026-11-01', 4],
    ]);
  });
});
