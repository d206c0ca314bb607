import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import type { ToolName } from '../../src/analytics/args.ts';
import type { TenantContext } from '../../src/analytics/tenant.ts';
import { chartSpec, chartTable } from '../../src/charts/chart-request.ts';
import type { ChatTool, ToolOutput } from '../../src/chat/llm/chat-tool.ts';
import { inventedNumbers } from '../../src/chat/llm/numbers.ts';
import { CHAT_TOOLS } from '../../src/chat/tools/index.ts';
import { tenantDb } from '../../src/db/tenant-db.ts';
import type { Runtime } from '../../src/runtime.ts';
import { A, NOW, seed } from '../analytics/seed.ts';
import { type CustomerOrder, E, E_ORDERS, E_ZONE, seedCustomers } from '../analytics/seed-customers.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';

/**
 * The four new tools as the seller and the model meet them: summaries with names for the
 * seller, data without a name or an e-mail for the model, every figure of a summary found in
 * its data, money in rupees (INR's latest rate, 0.0119) with dollars beside.
 */
const sellerE: TenantContext = { userId: E, timeZone: E_ZONE, preferredCurrency: 'INR', now: NOW };
const sellerA: TenantContext = { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: NOW };
const INR_LATEST = '0.0119';
const OCT_IST = [new Date('2026-09-30T18:30:00Z'), new Date('2026-10-31T18:30:00Z')] as const;
const october = { kind: 'month', month: 10 } as const;
const NEW_TOOLS = ['get_latest_orders', 'get_top_customers', 'get_customer_mix', 'get_returns_by_product'] as const;
const NAMES = /Alice|Bob|Carol|Dave|Erin|Frank|Grace|Heidi|Ivan|Judy|Kim|Walk-in|Buyer A/;

const inOctober = (o: CustomerOrder) => o.orderedAt >= OCT_IST[0] && o.orderedAt < OCT_IST[1];
const usdOf = (o: CustomerOrder) =>
  new Decimal(o.totalAmountUSD!).minus(new Decimal(o.refundedAmount ?? 0).times(o.fxRateToUSD!).toDecimalPlaces(4));
const rupees = (usd: Decimal.Value) => new Decimal(usd).div(INR_LATEST);
/** Money as a seller reads it, by Intl apart from the code: whole from 1,000 up, else 2 places. */
const shown = (amount: Decimal.Value, currency: 'INR' | 'USD') => {
  const d = new Decimal(amount);
  const whole = d.abs().gte(1000);
  return new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(d.toDecimalPlaces(whole ? 0 : 2).toNumber());
};

describe('chat tools for the new answers', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  const outputs: Array<{ tool: ToolName; out: ToolOutput }> = [];
  const run = async (tool: (typeof NEW_TOOLS)[number], tenant: TenantContext, args: unknown): Promise<ToolOutput> => {
    const t = CHAT_TOOLS[tool] as ChatTool;
    expect(t.name).toBe(tool);
    const out = await t.execute({ db: tenantDb(rt.db, tenant.userId), tenant }, t.input.parse(args));
    outputs.push({ tool, out });
    return out;
  };

  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    await seed(rt.db);
    await seedCustomers(rt.db);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('latest orders: a short list in local time, the customer named to the seller only', async () => {
    const y = await run('get_latest_orders', sellerE, { period: { kind: 'yesterday' }, statuses: ['CANCELLED'] });
    expect(y.summary).toBe(
      '1 cancelled order yesterday (14 Nov 2026): #E26 on Flipkart (E on Flipkart), 14 Nov 2026 15:30: ₹500 ($5.95), cancelled, 1 item.',
    );
    const latest = await run('get_latest_orders', sellerE, { limit: 3 });
    expect(latest.summary).toBe(
      'Your 3 latest orders: ' +
        '#E25 on Shopify (E US Shop), 15 Nov 2026 14:30: $30, delivered, 1 item — Bob; ' +
        '#E24 on eBay, 15 Nov 2026 14:30: €20 ($21.60), cancelled, 1 item — Kim; ' +
        '#E23 on Shopify (E US Shop), 15 Nov 2026 01:30: $99, pending, 1 item — Alice Smith.',
    );
    expect(latest.data).toMatchObject({ shown: 3, matching: null, period: null });
    const oct = await run('get_latest_orders', sellerE, { period: october, statuses: ['RETURNED'], limit: 2 });
    const returned = E_ORDERS.filter((o) => inOctober(o) && o.status === 'RETURNED');
    expect(
      oct.summary.startsWith(
        `${returned.length} returned orders in October 2026 (1 Oct – 31 Oct 2026); the latest 2: #E21 on Shopify (E UK Shop), 22 Oct 2026 17:30: £40 ($50.80), returned, £40 refunded, 1 item — Ivan; #E14`,
      ),
    ).toBe(true);
    const none = await run('get_latest_orders', sellerE, { period: { kind: 'today' }, marketplaces: ['ETSY'] });
    expect(none.summary).toBe('No Etsy orders today (15 Nov 2026).');
    for (const o of [y, latest, oct, none]) expect(o.chart).toBeUndefined();
  });

  it('top customers: ranked by spend in rupees with dollars beside, what could not be counted said', async () => {
    const r = await run('get_top_customers', sellerE, { period: october, limit: 3 });
    const bob = E_ORDERS.filter(
      (o) => inOctober(o) && o.customerEmail === 'bob@example.com' && o.status !== 'CANCELLED',
    ).reduce((a, o) => a.plus(usdOf(o)), new Decimal(0));
    const alice = E_ORDERS.filter(
      (o) => inOctober(o) && o.customerEmail?.trim().toLowerCase() === 'alice@example.com',
    ).reduce((a, o) => a.plus(usdOf(o)), new Decimal(0));
    expect(r.summary).toContain(
      'Your top 3 customers in October 2026 (1 Oct – 31 Oct 2026) by spend (order totals minus reported refunds, cancelled orders excluded): ' +
        `1. Bob — ${shown(rupees(bob), 'INR')} (${shown(bob, 'USD')}) from 2 orders (Etsy, Shopify); ` +
        `2. Alice S. — ${shown(rupees(alice), 'INR')} (${shown(alice, 'USD')}) from 2 orders (eBay, Shopify); 3. Erin`,
    );
    expect(r.summary).toContain('9 customers bought in all.');
    expect(r.summary).toContain(
      'Not counted: 3 orders on Flipkart, 1 on Shopify and 1 on Snapdeal, which carry no customer e-mail.',
    );
    const data = r.data as {
      customers: Array<{ rank: number; spend: string; spendUSD: string; orders: number; marketplaces: string[] }>;
      currency: string;
    };
    expect(data.currency).toBe('INR');
    expect(data.customers[0]).toEqual({
      rank: 1,
      spend: rupees(bob).toFixed(2),
      spendUSD: bob.toFixed(2),
      orders: 2,
      ordersWithoutExchangeRate: 0,
      marketplaces: ['ETSY', 'SHOPIFY'],
    });
    const flipkart = await run('get_top_customers', sellerE, { period: october, marketplaces: ['FLIPKART'] });
    expect(flipkart.summary).toBe(
      'No customer could be named on Flipkart in October 2026 (1 Oct – 31 Oct 2026). Not counted: 3 orders on Flipkart, which carry no customer e-mail.',
    );
  });

  it('new vs returning customers: counts, shares and spend of each group, and how far back "new" reaches', async () => {
    const r = await run('get_customer_mix', sellerE, { period: october });
    const spendOf = (emails: string[]) =>
      E_ORDERS.filter(
        (o) => inOctober(o) && o.status !== 'CANCELLED' && emails.includes(o.customerEmail?.trim().toLowerCase() ?? ''),
      ).reduce((a, o) => (o.fxRateToUSD === null ? a : a.plus(usdOf(o))), new Decimal(0));
    const back = spendOf(['alice@example.com', 'erin@example.com']);
    const fresh = spendOf([
      'bob@example.com',
      'carol@example.com',
      'dave@example.com',
      'frank@example.com',
      'grace@example.com',
      'heidi@example.com',
      'ivan@example.com',
    ]);
    expect(r.summary).toContain(
      `9 customers ordered in October 2026 (1 Oct – 31 Oct 2026): 7 new (77.8%), who spent ${shown(rupees(fresh), 'INR')} (${shown(fresh, 'USD')}) over 8 orders, ` +
        `and 2 returning (22.2%), who spent ${shown(rupees(back), 'INR')} (${shown(back, 'USD')}) over 3 orders.`,
    );
    expect(r.summary).toContain('New means no earlier order with you since your data starts (20 Aug 2026)');
    expect(r.summary).toContain('Orders without an exchange rate yet are left out of spend.'); // Carol's
    const shopify = await run('get_customer_mix', sellerE, { period: october, marketplaces: ['SHOPIFY'] });
    expect(shopify.summary).toContain(
      '7 customers ordered on Shopify in October 2026 (1 Oct – 31 Oct 2026): 6 new (85.7%)',
    );
    expect(shopify.summary).toContain('New means no earlier order on Shopify since your data starts');
    // a period that reaches back to the first order synced: nobody can be seen to come back, and the answer says so
    const early = await run('get_customer_mix', sellerE, { period: { kind: 'last_n_days', days: 90 } });
    const since18Aug = E_ORDERS.filter(
      (o) => o.orderedAt >= new Date('2026-08-17T18:30:00Z') && o.status !== 'CANCELLED' && o.customerEmail?.trim(),
    );
    const people = new Set(since18Aug.map((o) => o.customerEmail!.trim().toLowerCase())).size;
    expect(early.summary).toMatch(
      new RegExp(
        `^${people} customers ordered last 90 days \\(18 Aug – 15 Nov 2026\\): ${people === 2 ? 'both' : `all ${people}`} were new, and spent .* over ${since18Aug.length} orders\\. ` +
          'Every customer counts as new here: no order was synced from before this period to compare with\\.',
      ),
    );
    expect(early.summary).toContain(
      'Your data starts on 20 Aug 2026 (the first order synced), so last 90 days is partial.',
    );
    // one store, by its id: Bob and Ivan are the UK shop's only customers in October, both new there
    const uk = await run('get_customer_mix', sellerE, { period: october, stores: ['conn-e-sh-uk'] });
    const ukBuyers = new Set(
      E_ORDERS.filter((o) => inOctober(o) && o.connectionId === 'conn-e-sh-uk' && o.status !== 'CANCELLED').map(
        (o) => o.customerEmail,
      ),
    ).size;
    expect(ukBuyers).toBe(2);
    expect(uk.summary).toContain(
      '2 customers ordered in the stores asked about in October 2026 (1 Oct – 31 Oct 2026): both were new, and spent ',
    );
    // …and that store's data starts with E6 on 5 Oct, so nobody could have come back there yet
    expect(uk.summary).toContain(
      'Every customer counts as new here: no order was synced from before this period to compare with. ' +
        'Your data starts on 5 Oct 2026 (the first order synced), so October 2026 is partial.',
    );
  });

  it('returns by product: named products, returned of sold, refunds in rupees, a return-rate chart', async () => {
    const r = await run('get_returns_by_product', sellerE, { period: october, limit: 3 });
    // E14's ₹150 refund at 0.012 is $1.80; E12's $80 refund shared 60/20 by line
    expect(r.summary).toContain(
      'The 3 most returned products in October 2026 (1 Oct – 31 Oct 2026): ' +
        `1. Handmade card: 3 units returned of 6 sold (50.0%) in 1 order, ${shown(rupees('1.80'), 'INR')} refunded; ` +
        `2. Fleece Hoodie — L: 3 units returned of 7 sold (42.9%) in 2 orders, ${shown(rupees('60'), 'INR')} refunded; ` +
        `3. Fleece Hoodie — M: 1 unit returned of 2 sold (50.0%) in 1 order, ${shown(rupees('50.80'), 'INR')} refunded.`,
    );
    expect(r.summary).toContain('In all, 8 units of 4 products came back (32.0% of 25 sold).');
    expect(r.summary).toContain('Some returned orders have no refund amount from the marketplace.'); // E13 on eBay
    if (r.chart?.kind !== 'return-rate-bars') throw new Error('no return-rate bars');
    expect(r.chart.input.items).toEqual([
      { label: 'Handmade card', percent: 50 },
      { label: 'Fleece Hoodie — L', percent: 42.9 },
      { label: 'Fleece Hoodie — M', percent: 50 },
    ]);
    expect(chartSpec(r.chart)).toBeTruthy();
    expect(chartTable(r.chart).split('\n')[1]).toMatch(/^Product +Return rate$/);
    const one = await run('get_returns_by_product', sellerE, { period: october, marketplaces: ['EBAY'] });
    expect(one.chart).toBeUndefined(); // one product: no chart
    const none = await run('get_returns_by_product', sellerE, { period: { kind: 'this', unit: 'month' } });
    expect(none.summary).toBe('No returns among the orders placed this month (1 Nov – 15 Nov 2026).');
  });

  it('every summary uses only figures of its data; the data never names a customer; seller A sees only A', async () => {
    const a = await run('get_top_customers', sellerA, { period: october, limit: 50 });
    expect(a.summary).not.toMatch(/Alice|Bob|Carol/);
    await run('get_latest_orders', sellerA, { limit: 50 });
    await run('get_customer_mix', sellerA, { period: { kind: 'this', unit: 'year' } });
    await run('get_returns_by_product', sellerA, { period: october });
    expect([...new Set(outputs.map((o) => o.tool))].sort()).toEqual([...NEW_TOOLS].sort());
    for (const { out } of outputs) {
      const data = JSON.stringify(out.data);
      expect(inventedNumbers(out.summary, [data])).toEqual([]);
      expect(`${data} ${JSON.stringify(out.chart ?? null)}`).not.toMatch(NAMES);
      expect(`${data} ${out.summary} ${JSON.stringify(out.chart ?? null)}`).not.toMatch(
        /@|example\.com|buyer\.example/i,
      );
    }
    // the names do reach the seller where the answer is about customers
    expect(
      outputs
        .filter((o) => o.tool === 'get_top_customers')
        .map((o) => o.out.summary)
        .join(' '),
    ).toMatch(/Bob.*Buyer A/s);
  });
});
