import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import type { ToolName } from '../../src/analytics/args.ts';
import type { TenantContext } from '../../src/analytics/tenant.ts';
import type { ChatTool, ToolOutput } from '../../src/chat/llm/chat-tool.ts';
import { inventedNumbers } from '../../src/chat/llm/numbers.ts';
import { CHAT_TOOLS } from '../../src/chat/tools/index.ts';
import { tenantDb } from '../../src/db/tenant-db.ts';
import type { Runtime } from '../../src/runtime.ts';
import { expectedFigures, expectedProductSales, inWindow } from '../analytics/expected.ts';
import { A, B, NOW, ORDERS, type SeedOrder, seed } from '../analytics/seed.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';

const sellerA: TenantContext = { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW };
const sellerB: TenantContext = { userId: B, timeZone: 'UTC', preferredCurrency: 'USD', now: NOW };
const D = 'seller-d'; // UTC, USD, large rupee sales: the seed's "$45,230 … ₹8,50,000" shape
const sellerD: TenantContext = { userId: D, timeZone: 'UTC', preferredCurrency: 'USD', now: NOW };
const OCT_IST = ['2026-09-30T18:30:00Z', '2026-10-31T18:30:00Z'] as const;
const NOV_IST = ['2026-10-31T18:30:00Z', '2026-11-15T18:30:00Z'] as const;
const MONDAY: TenantContext = { ...sellerA, now: new Date('2026-11-16T06:00:00Z') };
const INR_LATEST = '0.0119';
const october = { kind: 'month', month: 10 } as const;

const orderD = (
  id: string,
  marketplace: SeedOrder['marketplace'],
  status: SeedOrder['status'],
  totalAmount: string,
  currency: string,
  fx: string,
  units: number,
): SeedOrder => ({
  id,
  userId: D,
  marketplace,
  orderNumber: `#${id}`,
  orderedAt: new Date('2026-10-12T10:00:00Z'),
  status,
  totalAmount,
  currency,
  fxRateToUSD: fx,
  totalAmountUSD: new Decimal(totalAmount).times(fx).toFixed(4),
  refundedAmount: null,
  discountAmount: null,
  shippingAmount: null,
  taxAmount: null,
  customerEmail: `${id.toLowerCase()}@buyer.example`,
  items: [{ sku: 'SKU-D', title: 'Ceramic Mug', quantity: units, totalPrice: totalAmount }],
});
const ORDERS_D = [
  orderD('D1', 'SHOPIFY', 'DELIVERED', '32100.00', 'USD', '1', 95),
  orderD('D2', 'FLIPKART', 'DELIVERED', '850000.00', 'INR', '0.012', 120),
  orderD('D3', 'SNAPDEAL', 'SHIPPED', '250000.00', 'INR', '0.012', 40),
  orderD('D4', 'SHOPIFY', 'CANCELLED', '999.00', 'USD', '1', 3),
];

/** Whole units with the currency's own grouping, written apart from the code under test. */
const whole = (amount: Decimal.Value, currency: 'INR' | 'USD') =>
  new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  }).format(new Decimal(amount).toDecimalPlaces(0).toNumber());

describe('chat tools: summaries, data, charts', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  const outputs: Array<{ tool: ToolName; tenant: string; out: ToolOutput }> = [];
  const run = async <N extends ToolName>(tool: N, tenant: TenantContext, args: unknown): Promise<ToolOutput> => {
    const t = CHAT_TOOLS[tool] as ChatTool;
    expect(t.name).toBe(tool);
    const out = await t.execute({ db: tenantDb(rt.db, tenant.userId), tenant }, t.input.parse(args));
    outputs.push({ tool, tenant: tenant.userId, out });
    return out;
  };

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    await seed(rt.db);
    await rt.db.user.create({ data: { id: D, name: 'D', timeZone: 'UTC', preferredCurrency: 'USD' } });
    await rt.db.marketplaceConnection.createMany({
      data: [...new Set(ORDERS_D.map((o) => o.marketplace))].map((m) => ({
        id: `conn-d-${m}`,
        userId: D,
        marketplace: m,
        storeId: `d-${m}`,
        lastSyncAt: NOW,
      })),
    });
    await rt.db.unifiedOrder.createMany({
      data: ORDERS_D.map(({ items, id, ...o }) => ({
        ...o,
        id: `${D}-${id}`,
        externalOrderId: id,
        connectionId: `conn-d-${o.marketplace}`,
        customerName: `Buyer ${id}`,
        itemCount: items.reduce((n, i) => n + i.quantity, 0),
      })),
    });
    await rt.db.unifiedOrderItem.createMany({
      data: ORDERS_D.flatMap((o) =>
        o.items.map((i) => ({
          orderId: `${D}-${o.id}`,
          externalItemId: '0',
          sku: i.sku,
          title: i.title,
          quantity: i.quantity,
          unitPrice: new Decimal(i.totalPrice).div(i.quantity).toFixed(4),
          totalPrice: i.totalPrice,
          currency: o.currency,
        })),
      ),
    });
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('sales summary: the total in the preferred currency, natives beside it, returns, exclusions', async () => {
    const e = expectedFigures(inWindow(ORDERS, A, ...OCT_IST), INR_LATEST);
    const a = await run('get_sales_summary', sellerA, { period: october });
    expect(a.summary).toContain('October 2026 (1 Oct – 31 Oct 2026)');
    expect(a.summary).toContain(`were ${whole(e.preferred!.sales, 'INR')} from ${e.orders} orders`);
    expect(a.summary).toContain(`${e.returns.orders} returned orders`);
    expect(a.summary).toContain(
      `Sales exclude cancelled orders (${e.cancelled.orders} orders, ${whole(e.preferred!.cancelledRefunded, 'INR')} refunded before shipping); 1 order without an exchange rate`,
    );
    expect(a.summary).toMatch(/Shopify: ₹[\d,]+ \(\$160\)/); // A4 + A8 (A5 cancelled, A6 refunded before it shipped), USD natively
    expect(a.chart).toBeUndefined();

    const byMarket = await run('get_sales_summary', sellerA, { period: october, groupBy: 'marketplace' });
    expect(byMarket.chart?.kind).toBe('bars-by-marketplace');
    if (byMarket.chart?.kind !== 'bars-by-marketplace') throw new Error('no chart');
    expect(byMarket.chart.input.title).toContain('October 2026');
    expect(byMarket.chart.input.currency).toBe('INR');
    expect(byMarket.chart.input.items.map((i) => i.label)).toEqual(['eBay', 'Flipkart', 'Shopify']);
    const flipkart = expectedFigures(inWindow(ORDERS, A, ...OCT_IST, ['FLIPKART']), INR_LATEST);
    // rupee sales stay as they are for a rupee seller; other currencies are converted
    expect(flipkart.byCurrency.map((c) => c.currency)).toEqual(['INR']);
    expect(byMarket.chart.input.items[1]!.value).toBe(Number(flipkart.byCurrency[0]!.sales));
    expect(byMarket.summary).toContain(`Flipkart: ${whole(flipkart.byCurrency[0]!.sales, 'INR')},`);

    const d = await run('get_sales_summary', sellerD, { period: { kind: 'last', unit: 'month' } });
    expect(d.summary).toContain('last month (1 Oct – 31 Oct 2026) were $45,300 from 3 orders');
    expect(d.summary).toContain('Flipkart: $10,200 (₹8,50,000)');
    expect(d.summary).toContain('Shopify: $32,100,');
    expect(d.summary).toContain('Snapdeal: $3,000 (₹2,50,000)');

    const etsy = await run('get_sales_summary', sellerA, {
      period: { kind: 'last', unit: 'week' },
      marketplaces: ['ETSY'],
    });
    expect(etsy.summary).toBe('No orders from Etsy last week (2 Nov – 8 Nov 2026).');

    // a period before the data starts is not "no sales" as if that were complete
    const before = await run('get_sales_summary', sellerA, { period: { kind: 'year', year: 2025 } });
    expect(before.summary).toBe(
      'No sales in 2025 (1 Jan – 31 Dec 2025). Your data starts on 5 Oct 2026 (the first order synced), so nothing is known of 2025.',
    );
    const year = await run('get_sales_summary', sellerA, { period: { kind: 'this', unit: 'year' } });
    expect(year.summary).toContain('Your data starts on 5 Oct 2026 (the first order synced), so this year is partial.');
  });

  it('compare periods: the change in percent from the other period, a pair of bars per marketplace', async () => {
    const cur = new Decimal(expectedFigures(inWindow(ORDERS, A, ...NOV_IST), INR_LATEST).preferred!.sales);
    const prevWhole = new Decimal(expectedFigures(inWindow(ORDERS, A, ...OCT_IST), INR_LATEST).preferred!.sales);
    const prev = new Decimal(
      expectedFigures(inWindow(ORDERS, A, OCT_IST[0], '2026-10-15T18:30:00Z'), INR_LATEST).preferred!.sales,
    );
    const pct = (a: Decimal, b: Decimal) => a.minus(b).div(b).times(100).abs().toDecimalPlaces(2).toFixed(1);
    // the 15th of the month: like for like, the same 15 days of last month (six days against thirty said "down" while sales were up)
    const c = await run('compare_periods', sellerA, {
      period: { kind: 'this', unit: 'month' },
      comparePeriod: { kind: 'last', unit: 'month' },
    });
    expect(c.summary).toContain(
      `were ${whole(cur, 'INR')}, up ${pct(cur, prev)}% from ${whole(prev, 'INR')} for 1 Oct – 15 Oct 2026, the same 15 days of last month.`,
    );
    expect(c.summary).toContain(
      'Your data starts on 5 Oct 2026 (the first order synced), so 1 Oct – 15 Oct 2026 is partial.',
    );
    const whole_ = await run('compare_periods', sellerA, {
      period: { kind: 'this', unit: 'month' },
      comparePeriod: { kind: 'last', unit: 'month' },
      wholePeriods: true,
    });
    expect(whole_.summary).toContain(
      `were ${whole(cur, 'INR')}, down ${pct(cur, prevWhole)}% from ${whole(prevWhole, 'INR')} last month (1 Oct – 31 Oct 2026)`,
    );
    if (c.chart?.kind !== 'grouped-bars') throw new Error('no grouped bars');
    expect(c.chart.input.title).toContain('this month (1 Nov – 15 Nov 2026)');
    expect([c.chart.input.aLabel, c.chart.input.bLabel]).toEqual(['this month', '1 Oct – 15 Oct 2026']);
    expect(c.chart.input.categories.map((x) => x.label)).toEqual(['Flipkart', 'Shopify']); // eBay sold nothing in either span
  });

  it('top products: side by side per SKU across two marketplaces, a ranked list otherwise', async () => {
    const both = await run('get_top_products', sellerA, {
      period: october,
      marketplaces: ['FLIPKART', 'SHOPIFY'],
      rankBy: 'units',
    });
    const expected = expectedProductSales(inWindow(ORDERS, A, ...OCT_IST, ['FLIPKART', 'SHOPIFY']));
    const units = (sku: string, m: string) => expected.get(sku)!.byMarketplace.get(m)?.units ?? 0;
    const unit = (n: number) => `${n} unit${n === 1 ? '' : 's'}`;
    // named as the catalogue names the SKU ("Mug"), not by the lines' titles ("Product SKU-MUG")
    expect(both.summary).toContain(
      `Mug: Flipkart ${unit(units('SKU-MUG', 'FLIPKART'))}, Shopify ${unit(units('SKU-MUG', 'SHOPIFY'))}`,
    );
    if (both.chart?.kind !== 'grouped-bars') throw new Error('no grouped bars');
    expect([both.chart.input.aLabel, both.chart.input.bLabel]).toEqual(['Flipkart', 'Shopify']);
    expect(both.chart.input.categories).toHaveLength(expected.size);
    const mug = both.chart.input.categories.find((x) => x.label === 'Mug')!; // products named, not shown by SKU
    expect([mug.a, mug.b]).toEqual([units('SKU-MUG', 'FLIPKART'), units('SKU-MUG', 'SHOPIFY')]);

    const all = await run('get_top_products', sellerA, { period: october, rankBy: 'revenue', limit: 3 });
    const tee = expectedProductSales(inWindow(ORDERS, A, ...OCT_IST)).get('SKU-TEE')!;
    expect(all.summary).toContain(`1. Tee — ${whole(tee.usd.div(INR_LATEST), 'INR')} (${tee.units} units)`);
    expect(all.chart).toBeUndefined();

    // "top 10" of a seller with seven products: all seven listed, not the first five
    const T = 'seller-top';
    await rt.db.user.create({ data: { id: T, name: 'T', timeZone: 'UTC', preferredCurrency: 'USD' } });
    await rt.db.marketplaceConnection.create({
      data: { id: 'conn-t', userId: T, marketplace: 'ETSY', storeId: 't-etsy', lastSyncAt: NOW },
    });
    await rt.db.unifiedOrder.create({
      data: {
        id: 't-1',
        userId: T,
        connectionId: 'conn-t',
        marketplace: 'ETSY',
        externalOrderId: 'T1',
        orderNumber: 'T1',
        orderedAt: new Date('2026-10-10T12:00:00Z'),
        status: 'DELIVERED',
        totalAmount: '28.00',
        currency: 'USD',
        fxRateToUSD: '1',
        totalAmountUSD: '28.0000',
        itemCount: 28,
        items: {
          create: [1, 2, 3, 4, 5, 6, 7].map((n) => ({
            externalItemId: `L${n}`,
            sku: `T-${n}`,
            title: `Print ${n}`,
            quantity: n,
            unitPrice: '1.00',
            totalPrice: `${n}.00`,
            currency: 'USD',
          })),
        },
      },
    });
    const ten = await run(
      'get_top_products',
      { ...sellerB, userId: T },
      { period: october, rankBy: 'units', limit: 10 },
    );
    expect(ten.summary).toContain(
      'by units: 1. Print 7 — 7 units ($7); 2. Print 6 — 6 units ($6); 3. Print 5 — 5 units ($5); 4. Print 4 — 4 units ($4); 5. Print 3 — 3 units ($3); 6. Print 2 — 2 units ($2); 7. Print 1 — 1 unit ($1).',
    );
  });

  it('return rates per marketplace, with bars', async () => {
    const r = await run('get_return_rates', sellerA, { period: october });
    const placed = inWindow(ORDERS, A, ...OCT_IST);
    const rate = (os: SeedOrder[]) =>
      new Decimal(os.filter((o) => o.status === 'RETURNED').length)
        .div(os.length)
        .times(100)
        .toDecimalPlaces(2)
        .toFixed(1);
    expect(r.summary).toContain(`was ${rate(placed)}% (2 of ${placed.length} orders)`);
    for (const [m, name] of [
      ['EBAY', 'eBay'],
      ['FLIPKART', 'Flipkart'],
      ['SHOPIFY', 'Shopify'],
    ] as const) {
      expect(r.summary).toContain(`${name} ${rate(placed.filter((o) => o.marketplace === m))}%`);
    }
    if (r.chart?.kind !== 'return-rate-bars') throw new Error('no return-rate bars');
    expect(r.chart.input.items.map((i) => [i.label, i.percent])).toEqual([
      ['eBay', 50],
      ['Flipkart', 0],
      ['Shopify', 25],
    ]);
    // the money given back, in rupees at the latest rate: A4's $40 and A9's €10 (at 1.08) returned, A6's $25 before it shipped
    expect(r.summary).toContain(
      `Refunded: ${whole(new Decimal(40).plus(10.8).div(INR_LATEST), 'INR')} on returns, ${whole(new Decimal(25).div(INR_LATEST), 'INR')} on orders cancelled before they shipped.`,
    );
  });

  it('sales trend: the total and the best week, a line per marketplace', async () => {
    // on Monday 16 Nov (no orders yet that day): on the Sunday before, the week of 9 Nov was not over
    const t = await run('get_sales_trend', MONDAY, { period: { kind: 'this', unit: 'month' }, interval: 'week' });
    const e = expectedFigures(inWindow(ORDERS, A, ...NOV_IST), INR_LATEST);
    expect(t.summary).toContain(
      `Your sales this month (1 Nov – 16 Nov 2026): ${whole(e.preferred!.sales, 'INR')} from ${e.orders} orders.`,
    );
    // the weeks of 2 and 9 Nov are whole; the week of 26 Oct starts before the month and today's is under way: neither is ranked
    const week = (from: string, to: string) =>
      new Decimal(expectedFigures(inWindow(ORDERS, A, from, to), INR_LATEST).preferred!.sales);
    const [w2, w9] = [
      week('2026-11-01T18:30:00Z', '2026-11-08T18:30:00Z'),
      week('2026-11-08T18:30:00Z', '2026-11-15T18:30:00Z'),
    ];
    expect(t.summary).toContain(
      `Up ${w9.minus(w2).div(w2).times(100).toDecimalPlaces(1).toFixed(1)}% from the week of 2 Nov to the week of 9 Nov.`,
    );
    expect(t.summary).toContain(`Best week: the week of 9 Nov at ${whole(w9, 'INR')}`);
    expect(t.summary).toContain('Part weeks (at the ends, or under way) are marked partial and not ranked.');
    const data = t.data as { total: Array<{ start: string; partial: boolean }> };
    expect(data.total.map((p) => [p.start, p.partial])).toEqual([
      ['2026-10-26', true],
      ['2026-11-02', false],
      ['2026-11-09', false],
      ['2026-11-16', true],
    ]);
    if (t.chart?.kind !== 'lines-over-time') throw new Error('no lines');
    expect(t.chart.input.title).toContain('this month (1 Nov – 16 Nov 2026)');
    expect(t.chart.input.series.map((s) => [s.label, s.points.length])).toEqual([
      ['Flipkart', 4],
      ['Shopify', 4],
    ]);
    // on the Sunday, the week under way is not ranked either: one whole week, no direction
    const sunday = await run('get_sales_trend', sellerA, { period: { kind: 'this', unit: 'month' }, interval: 'week' });
    expect((sunday.data as { total: Array<{ partial: boolean }> }).total.map((p) => p.partial)).toEqual([
      true,
      false,
      true,
    ]);
    expect(sunday.summary).toContain(`Best week: the week of 2 Nov at ${whole(w2, 'INR')}.`);
    expect(sunday.summary).not.toMatch(/Up|Down/);
  });

  it('a sales answer leads with the metric asked for, names what it counted, and in a currency asked for', async () => {
    const e = expectedFigures(inWindow(ORDERS, A, ...OCT_IST), INR_LATEST);
    const net = await run('get_sales_summary', sellerA, { period: october, metric: 'net_sales' });
    expect(net.summary).toContain(
      `Your net sales in October 2026 (1 Oct – 31 Oct 2026): ${whole(e.preferred!.netSales, 'INR')}`,
    );
    expect(net.summary).toContain('(net sales = gross sales − discounts − refunds.)');
    const rate = await run('get_sales_summary', sellerA, { period: october, metric: 'cancellation_rate' });
    expect(rate.summary).toContain('Your cancellation rate in October 2026 (1 Oct – 31 Oct 2026): 22.2%');
    const aov = await run('compare_periods', sellerA, {
      period: october,
      comparePeriod: { kind: 'month', month: 9 },
      metric: 'orders',
    });
    expect(aov.summary).toContain(
      `Your orders in October 2026 (1 Oct – 31 Oct 2026): ${e.orders} orders, against none in September 2026`,
    );
    const orders = await run('get_sales_trend', MONDAY, {
      period: { kind: 'this', unit: 'month' },
      interval: 'week',
      metric: 'orders',
    });
    expect(orders.summary).toContain(
      `Your orders this month (1 Nov – 16 Nov 2026): ${expectedFigures(inWindow(ORDERS, A, ...NOV_IST), null).orders} orders. Up`,
    );
    const eur = await run('get_sales_summary', sellerA, { period: { kind: 'this', unit: 'month' }, currency: 'EUR' });
    expect(eur.summary).toContain(
      "In EUR at each order's own date's rate (3 orders of days without a EUR rate left out).",
    );
  });

  it('inventory, order lookup and sync status: one plain answer, no chart', async () => {
    const inv = await run('get_inventory_alerts', sellerA, {});
    expect(inv.summary).toBe(
      '2 listings are out of stock: SKU-HAT on eBay (oversold, stock -1) and SKU-MUG on Flipkart (40 on Shopify). ' +
        '2 listings are low (at or below 5 units): SKU-TEE on Shopify (3 left) and SKU-PEN on Flipkart (5 left).',
    );
    const order = await run('lookup_order', sellerA, { orderId: 'A1' });
    expect(order.summary).toBe(
      'Order #A1 on Flipkart (5 Oct 2026, 11:30): delivered, ₹1,000 ($12) — 2 × Product SKU-MUG.',
    );
    const missing = await run('lookup_order', sellerA, { orderId: 'B2' });
    expect(missing.summary).toBe('No order B2 found in your connected stores.');
    const sync = await run('get_sync_status', sellerA, {});
    expect(sync.summary).toBe(
      'Your stores: a-ebay (eBay): error, last synced 14 days ago — token revoked; ' +
        'A on Flipkart (Flipkart): connected, last synced 1 h ago; A Shop (Shopify): connected, last synced 30 min ago.',
    );
    for (const o of [inv, order, sync]) expect(o.chart).toBeUndefined();
  });

  it('every summary uses only figures of its data; no customer details; seller A never sees seller B', async () => {
    await run('get_sales_summary', sellerB, { period: october, groupBy: 'marketplace' });
    await run('lookup_order', sellerB, { orderId: '#A1' });
    for (const tenant of [sellerA, sellerB]) {
      await run('get_latest_orders', tenant, { limit: 5 });
      await run('get_top_customers', tenant, { period: october });
      await run('get_customer_mix', tenant, { period: october });
      await run('get_returns_by_product', tenant, { period: october });
    }
    const tools = new Set(outputs.map((o) => o.tool));
    expect([...tools].sort()).toEqual(Object.keys(CHAT_TOOLS).sort());
    const namesForTheSeller: ToolName[] = ['get_latest_orders', 'get_top_customers'];
    for (const { tool, out } of outputs) {
      const data = JSON.stringify(out.data);
      expect(inventedNumbers(out.summary, [data])).toEqual([]);
      expect(`${data} ${JSON.stringify(out.chart ?? null)}`).not.toMatch(/buyer\.example|Buyer [A-Z]\d/i);
      expect(out.summary).not.toMatch(
        namesForTheSeller.includes(tool) ? /buyer\.example/i : /buyer\.example|Buyer [A-Z]\d/i,
      );
    }
    expect(outputs.find((o) => o.tenant === A && o.tool === 'get_top_customers')!.out.summary).toMatch(/Buyer A\d/);
    const ofA = outputs
      .filter((o) => o.tenant === A)
      .map((o) => `${JSON.stringify(o.out)}`)
      .join('\n');
    for (const bOnly of ['SKU-X', 'B Shop', 'b.myshopify.com', '5100.00', '5,100', '"1.00"'])
      expect(ofA).not.toContain(bOnly);
    const b = outputs.find((o) => o.tenant === B && o.tool === 'get_sales_summary')!.out;
    const eb = expectedFigures(inWindow(ORDERS, B, '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'), null);
    expect(b.summary).toContain(`were ${whole(eb.usd.sales, 'USD')} from ${eb.orders} orders`);
    expect(b.summary).toContain('Flipkart: $8.33 (₹700)');
  });
});
