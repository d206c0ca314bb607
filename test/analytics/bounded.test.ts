import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { countIntervals, fitInterval, MAX_INTERVALS } from '../../src/analytics/fit-interval.ts';
import { getSalesSummary } from '../../src/analytics/get-sales-summary.ts';
import { getSalesTrend } from '../../src/analytics/get-sales-trend.ts';
import type { TenantContext } from '../../src/analytics/tenant.ts';
import { CHAT_TOOLS } from '../../src/chat/tools/index.ts';
import { tenantDb } from '../../src/db/tenant-db.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';
import { A, NOW, seed } from './seed.ts';

/**
 * What one question can cost is bounded: a trend or a breakdown by date over a long period comes
 * by a coarser interval (day → week → month), at most MAX_INTERVALS of them, and says so.
 */
const sellerA: TenantContext = { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW };
const CENTURY = { kind: 'between' as const, from: '1926-11-16', to: '2026-11-15' };

describe('bounded answers', () => {
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

  it('counts and fits intervals', () => {
    expect(countIntervals('2026-01-01', '2026-12-31', 'day')).toBe(365);
    expect(countIntervals('2026-11-01', '2026-11-16', 'week')).toBe(4); // Sun 1 Nov sits in the week of 26 Oct
    expect(countIntervals('2000-01-01', '2026-11-15', 'month')).toBe(323);
    expect(fitInterval('2026-01-01', '2026-12-31', 'day')).toEqual({
      interval: 'day',
      firstDay: '2026-01-01',
      coarsened: false,
      cut: false,
    });
    expect(fitInterval('2020-01-01', '2026-12-31', 'day')).toEqual({
      interval: 'week',
      firstDay: '2020-01-01',
      coarsened: true,
      cut: false,
    });
    expect(fitInterval('2000-01-01', '2026-12-31', 'day')).toEqual({
      interval: 'month',
      firstDay: '2000-01-01',
      coarsened: true,
      cut: false,
    });
    // more than 400 months: the last 400
    expect(fitInterval('1900-01-01', '2026-12-31', 'week')).toEqual({
      interval: 'month',
      firstDay: '1993-09-01',
      coarsened: true,
      cut: true,
    });
  });

  it('a daily trend over a century starts at the first sale, and comes by week once that is too long for days', async () => {
    const daily = await getSalesTrend(tenantDb(rt.db, sellerA.userId), sellerA, { period: CENTURY, interval: 'day' });
    expect([daily.interval, daily.askedInterval]).toEqual(['day', undefined]);
    const first = daily.total[0]!.start;
    expect(first > '2026-01-01').toBe(true); // the seed's first order, not 1926
    const explicit = await getSalesTrend(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: { kind: 'between', from: first, to: '2026-11-15' },
      interval: 'day',
    });
    expect(daily.figures).toEqual(explicit.figures);
    expect(daily.total.map((p) => [p.start, p.orders, p.salesUSD])).toEqual(
      explicit.total.map((p) => [p.start, p.orders, p.salesUSD]),
    );

    // one order years before: days from then on would be over 2,500
    const model = await rt.db.unifiedOrder.findFirstOrThrow({ where: { userId: A, status: 'DELIVERED' } });
    await rt.db.unifiedOrder.create({
      data: {
        userId: A,
        marketplace: model.marketplace,
        connectionId: model.connectionId,
        externalOrderId: 'OLD-2020',
        status: 'DELIVERED',
        currency: 'USD',
        totalAmount: '12.00',
        totalAmountUSD: '12.00',
        fxRateToUSD: '1',
        itemCount: 1,
        orderedAt: new Date('2020-01-10T08:00:00Z'),
      },
    });
    const long = await getSalesTrend(tenantDb(rt.db, sellerA.userId), sellerA, { period: CENTURY, interval: 'day' });
    expect([long.interval, long.askedInterval]).toEqual(['week', 'day']);
    expect(long.total.length).toBeLessThanOrEqual(MAX_INTERVALS);
    expect(long.total[0]!.start).toBe('2020-01-06'); // the Monday of the old order's week
    expect(long.figures.orders).toBe(daily.figures.orders + 1);
    const tool = await CHAT_TOOLS.get_sales_trend.execute(
      { db: tenantDb(rt.db, sellerA.userId), tenant: sellerA },
      { period: CENTURY, interval: 'day' },
    );
    expect(tool.summary).toContain('Shown by week: by day this period has more than 400 of them.');
    expect(tool.summary).toMatch(/Best week: the week of \d+ \w+ 20\d\d at/); // weeks of several years name their year
    // the chart draws the same trend by month: at most 120 points a line
    const chart = tool.chart as {
      kind: string;
      input: { interval: string; title: string; series: { points: unknown[] }[] };
    };
    expect([chart.kind, chart.input.interval, chart.input.title]).toEqual([
      'lines-over-time',
      'month',
      expect.stringMatching(/^Sales by month — /),
    ]);
    expect(Math.max(...chart.input.series.map((x) => x.points.length))).toBeLessThanOrEqual(120);
    expect(JSON.stringify(tool.data).length).toBeLessThan(200_000);
    await rt.db.unifiedOrder.deleteMany({ where: { externalOrderId: 'OLD-2020' } });
  });

  it('a breakdown by day over a century comes by month', async () => {
    const s = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, { period: CENTURY, groupBy: 'day' });
    expect([s.groupBy, s.askedGroupBy]).toEqual(['month', 'day']);
    const byMonth = await getSalesSummary(tenantDb(rt.db, sellerA.userId), sellerA, {
      period: CENTURY,
      groupBy: 'month',
    });
    expect(s.groups).toEqual(byMonth.groups);
    const tool = await CHAT_TOOLS.get_sales_summary.execute(
      { db: tenantDb(rt.db, sellerA.userId), tenant: sellerA },
      { period: CENTURY, groupBy: 'day' },
    );
    expect(tool.summary).toContain('Broken down by month: by day this period has more than 400 of them.');
  });
});
