import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { addDays } from '../../src/analytics/local-calendar.ts';
import { tenantDb } from '../../src/db/tenant-db.ts';
import { composeDigest } from '../../src/digest/compose-digest.ts';
import type { Digest } from '../../src/digest/digest.ts';
import { renderDigest } from '../../src/digest/render-digest.ts';
import type { Runtime } from '../../src/runtime.ts';
import { query, type ScratchDatabase } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';
import { NOW, Q, Q_ZONE, REPORTED, S, S_ZONE, seedDigest } from './digest-seed.ts';

/** Independent SQL over the seeded rows: what a digest must say, computed without the metric layer. */
const LIVE_BY_MARKETPLACE = `
  SELECT o.marketplace::text AS marketplace, count(*)::int AS orders, sum(o."itemCount")::int AS units,
    sum(o."totalAmountUSD")::text AS usd
  FROM "UnifiedOrder" o
  WHERE o."userId" = $1 AND o.status <> 'CANCELLED' AND (o."orderedAt" AT TIME ZONE $2)::date = $3::date
  GROUP BY 1 ORDER BY 1`;
const TOP_SKUS = `
  SELECT i.sku, sum(i.quantity)::int AS units, sum(i."totalPrice" * o."fxRateToUSD")::text AS usd
  FROM "UnifiedOrderItem" i JOIN "UnifiedOrder" o ON o.id = i."orderId"
  WHERE o."userId" = $1 AND o.status <> 'CANCELLED' AND (o."orderedAt" AT TIME ZONE $2)::date = $3::date
  GROUP BY 1 ORDER BY 3 DESC, 2 DESC LIMIT 3`;
const COUNT_ON_DAY = (status: string, column: string) => `
  SELECT count(*)::int AS n FROM "UnifiedOrder" o
  WHERE o."userId" = $1 AND o.status = '${status}' AND (${column} AT TIME ZONE $2)::date = $3::date`;

type Row = { marketplace: string; orders: number; units: number; usd: string };
const dec2 = (v: Decimal.Value) => new Decimal(v).toFixed(2);

describe('the daily digest', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let digest: Digest;
  const sql = <T extends Record<string, unknown>>(text: string, params: unknown[]) => query<T>(db.url, text, params);
  const byMarketplace = (day: string) => sql<Row>(LIVE_BY_MARKETPLACE, [S, S_ZONE, day]);
  const total = (rows: Row[]) => ({
    orders: rows.reduce((a, r) => a + r.orders, 0),
    units: rows.reduce((a, r) => a + r.units, 0),
    salesUSD: dec2(Decimal.sum(0, ...rows.map((r) => r.usd))),
  });

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    await seedDigest(rt.db);
    const tenant = { userId: S, timeZone: S_ZONE, preferredCurrency: 'USD', now: NOW };
    digest = await composeDigest(tenantDb(rt.db, S), tenant, { staleMs: 6 * 3_600_000 });
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('reports yesterday in the seller’s zone: the 25-hour day summer time ended on', async () => {
    expect(digest.day).toBe(REPORTED);
    const rows = await byMarketplace(REPORTED);
    expect(total(rows)).toEqual({
      orders: digest.yesterday.orders,
      units: digest.yesterday.units,
      salesUSD: digest.yesterday.salesUSD,
    });
    // the orders at 00:30 EDT and 23:30 EST are in it, 23:50 the day before and 00:10 today are not
    expect(digest.yesterday.orders).toBe(3);
    expect(digest.byMarketplace.map((m) => [m.marketplace, m.figures.orders, m.figures.salesUSD])).toEqual(
      rows.map((r) => [r.marketplace, r.orders, dec2(r.usd)]),
    );
  });

  it('compares with the day before and the same weekday a week earlier, as independent SQL counts them', async () => {
    for (const [day, figures] of [
      [addDays(REPORTED, -1), digest.dayBefore],
      [addDays(REPORTED, -7), digest.weekBefore],
    ] as const) {
      const rows = await byMarketplace(day);
      expect(total(rows)).toEqual({ orders: figures.orders, units: figures.units, salesUSD: figures.salesUSD });
    }
    const lastSunday = await byMarketplace(addDays(REPORTED, -7));
    for (const m of digest.byMarketplace) {
      const then = lastSunday.find((r) => r.marketplace === m.marketplace);
      expect(m.weekBefore?.salesUSD ?? null).toBe(then ? dec2(then.usd) : null);
    }
  });

  it('lists the top products, returns recorded that day, cancellations and stock', async () => {
    const top = await sql<{ sku: string; units: number; usd: string }>(TOP_SKUS, [S, S_ZONE, REPORTED]);
    expect(digest.topProducts.map((p) => [p.sku, p.units, p.revenue])).toEqual(
      top.map((t) => [t.sku, t.units, dec2(t.usd)]),
    );
    const [returns] = await sql<{ n: number }>(COUNT_ON_DAY('RETURNED', 'o."sourceUpdatedAt"'), [S, S_ZONE, REPORTED]);
    const [cancelled] = await sql<{ n: number }>(COUNT_ON_DAY('CANCELLED', 'o."orderedAt"'), [S, S_ZONE, REPORTED]);
    expect(digest.returns.reported).toBe(returns!.n);
    expect(digest.returns.reported).toBe(4);
    expect(digest.yesterday.cancelledOrders).toBe(cancelled!.n);
    const [before] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM "UnifiedOrder" o WHERE o."userId" = $1 AND o.status = 'RETURNED'
         AND (o."sourceUpdatedAt" AT TIME ZONE $2)::date BETWEEN $3::date - 28 AND $3::date - 1`,
      [S, S_ZONE, REPORTED],
    );
    expect(digest.returns.dailyAverage).toBe(new Decimal(before!.n).div(28).toFixed(2));
    expect(digest.stock).toEqual({
      counts: { outOfStock: 1, lowStock: 1 },
      lowStockThreshold: 5,
      skus: ['SKU-MUG', 'SKU-TEE'],
    });
  });

  it('calls out the exceptions, each checked against the seeded weeks', async () => {
    const sundays = [7, 14, 21, 28].map((n) => addDays(REPORTED, -n));
    const weeks = await Promise.all(sundays.map(byMarketplace));
    const usual = (m: string) =>
      Decimal.sum(0, ...weeks.map((rows) => rows.find((r) => r.marketplace === m)?.usd ?? 0)).div(4);
    const withOrders = (m: string) => weeks.filter((rows) => rows.some((r) => r.marketplace === m)).length;
    const shopifyUSD = (await byMarketplace(REPORTED)).find((r) => r.marketplace === 'SHOPIFY')!.usd;
    const below = new Decimal(1)
      .minus(new Decimal(shopifyUSD).div(usual('SHOPIFY')))
      .times(100)
      .round()
      .toNumber();
    expect(below).toBeGreaterThan(30);
    expect(withOrders('FLIPKART')).toBe(4);
    expect(digest.exceptions).toEqual([
      { kind: 'connection', connection: expect.objectContaining({ marketplace: 'EBAY', problem: 'failing' }) },
      { kind: 'no_orders', marketplace: 'FLIPKART', weeksWithOrders: 4 },
      {
        kind: 'below_usual',
        marketplace: 'SHOPIFY',
        sales: dec2(shopifyUSD),
        usual: dec2(usual('SHOPIFY')),
        pctBelow: below,
      },
      { kind: 'return_spike', returns: 4, dailyAverage: digest.returns.dailyAverage },
    ]);
  });

  it('writes the exceptions first, then three lines; the chart has the last 7 days by marketplace', () => {
    const r = renderDigest(digest);
    const lines = r.text.split('\n');
    expect(lines).toHaveLength(4 + 3);
    expect(lines.slice(0, 4).every((l) => l.startsWith('⚠️ '))).toBe(true);
    expect(lines[0]).toMatch(
      /^⚠️ eBay \(S on eBay\) has been failing to sync since 30 Oct \(eBay answered 500 three times\)/,
    );
    expect(lines[1]).toBe('⚠️ No Flipkart orders on Sunday, where 4 of the last 4 Sundays had some.');
    expect(lines[2]).toMatch(/^⚠️ Shopify sold \$[\d.,]+, \d+% below a usual Sunday/);
    expect(lines[3]).toMatch(/^⚠️ 4 returns came in, against 0\.\d a day/);
    expect(lines[4]).toBe(r.headline);
    expect(r.headline).toMatch(
      /^\*Sunday 1 Nov: \$[\d.,]+ from 3 orders\* \(\d+ units, average order \$[\d.,]+\) — −\d+% vs Saturday, −\d+% vs last Sunday\.$/,
    );
    expect(lines[6]).toMatch(/^Top: \w[\w ]+ ×\d+ \(\$[\d.,]+\)/);
    expect(lines[6]).toMatch(/Returns 4, cancellations 1\. Stock: 1 out, 1 low \(≤ 5\): SKU-MUG, SKU-TEE\.$/);
    expect(r.templateVariables).toEqual({
      '1': 'Sunday 1 Nov',
      '2': expect.stringMatching(/^\$[\d.,]+$/),
      '3': '3',
      '4': expect.stringMatching(/^−\d+% vs last Sunday$/),
      '5': expect.stringMatching(/^4 things to look at: eBay \(S on eBay\) has been failing/),
    });
    expect(r.chart?.kind).toBe('lines-over-time');
    const series = r.chart!.kind === 'lines-over-time' ? r.chart!.input.series : [];
    expect(series.map((s) => s.label).sort()).toEqual(['Shopify', 'eBay']);
    expect(
      series.every(
        (s) => s.points.map((p) => p.date).join() === [6, 5, 4, 3, 2, 1, 0].map((n) => addDays(REPORTED, -n)).join(),
      ),
    ).toBe(true);
  });

  it('masks a store’s sync error before a channel shows it, as the logs are masked', () => {
    const connection = {
      ...(digest.exceptions[0] as { connection: Digest['connections'][number] }).connection,
      error: 'Shopify answered 401 for buyer ann@example.com with Bearer shpat_abc123. Then more detail',
    };
    const r = renderDigest({ ...digest, connections: [connection], exceptions: [{ kind: 'connection', connection }] });
    expect(r.text.split('\n')[0]).toBe(
      '⚠️ eBay (S on eBay) has been failing to sync since 30 Oct (Shopify answered 401 for buyer [email] with Bearer [redacted] Then more detail): its latest orders may be missing.',
    );
  });

  it('stays three lines on a quiet day, in the seller’s currency with the native amounts beside it', async () => {
    const quiet = renderDigest(
      await composeDigest(
        tenantDb(rt.db, Q),
        { userId: Q, timeZone: Q_ZONE, preferredCurrency: 'EUR', now: NOW },
        {
          staleMs: 6 * 3_600_000,
        },
      ),
    );
    const lines = quiet.text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\*Sunday 1 Nov: €[\d.,]+ \(\$[\d.,]+\) from 4 orders\*/);
    expect(quiet.templateVariables['5']).toBe('Nothing unusual.');
  });

  it('reads one seller only: the other’s Shopify orders on the same day are not in it', async () => {
    const [counts] = await sql<{ mine: number; others: number }>(
      `SELECT count(*) FILTER (WHERE "userId" = $1)::int AS mine, count(*) FILTER (WHERE "userId" <> $1)::int AS others
       FROM "UnifiedOrder" WHERE marketplace = 'SHOPIFY' AND status <> 'CANCELLED'
         AND ("orderedAt" AT TIME ZONE $2)::date = $3::date`,
      [S, S_ZONE, REPORTED],
    );
    expect(counts!.others).toBeGreaterThan(0);
    expect(digest.byMarketplace.find((m) => m.marketplace === 'SHOPIFY')!.figures.orders).toBe(counts!.mine);
    expect(digest.connections.map((c) => c.store)).toEqual(['S on eBay']);
  });
});
