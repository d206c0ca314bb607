import { describe, expect, it } from '@jest/globals';
import { TOOL_ARGS, type ToolArgs } from '../../src/analytics/args.ts';
import type { PeriodSpec } from '../../src/analytics/period.ts';
import type { RoutedIntent, RouteResult, StoreRef } from '../../src/chat/intent.ts';
import type { Marketplace } from '../../src/chat/router/marketplaces.ts';
import { routeMessage } from '../../src/chat/router/route-message.ts';

/**
 * Issue 15: seller phrasings (typos included) → the tool and arguments a seller means. Every
 * expectation is written by hand from the question, not from the router's output. Wednesday
 * 25 Nov 2026, 15:30 in Kolkata: this week is 23–29 Nov, last week 16–22 Nov, the week before
 * 9–15 Nov; last month October; last quarter Q3 2026.
 */
const NOW = new Date('2026-11-25T10:00:00Z');
const TZ = 'Asia/Kolkata';

/** A seller with two eBay stores (US and UK), Shopify, Etsy (an EU shop) and Flipkart. */
const STORES: StoreRef[] = [
  {
    id: 'conn-sh',
    marketplace: 'SHOPIFY',
    name: 'Maple Crafts',
    storeId: 'maple-crafts.myshopify.com',
    currency: 'USD',
  },
  { id: 'conn-eb-us', marketplace: 'EBAY', name: 'maple_us', storeId: 'maple-us', currency: 'USD' },
  { id: 'conn-eb-uk', marketplace: 'EBAY', name: 'Maple UK', storeId: 'maple-uk', currency: 'GBP' },
  { id: 'conn-et', marketplace: 'ETSY', name: 'Handmade by Maple', storeId: '55501', currency: 'EUR' },
  { id: 'conn-fk', marketplace: 'FLIPKART', name: null, storeId: 'fk-7731', currency: 'INR' },
];
const SELLER_MARKETPLACES: Marketplace[] = ['SHOPIFY', 'EBAY', 'ETSY', 'FLIPKART'];

const P = {
  today: { kind: 'today' } as PeriodSpec,
  yesterday: { kind: 'yesterday' } as PeriodSpec,
  this: (unit: 'week' | 'month' | 'quarter' | 'year'): PeriodSpec => ({ kind: 'this', unit }),
  last: (unit: 'week' | 'month' | 'quarter' | 'year'): PeriodSpec => ({ kind: 'last', unit }),
  days: (days: number): PeriodSpec => ({ kind: 'last_n_days', days }),
  between: (from: string, to = from): PeriodSpec => ({ kind: 'between', from, to }),
  month: (month: number, year?: number): PeriodSpec =>
    year ? { kind: 'month', month, year } : { kind: 'month', month },
  quarter: (quarter: number, year?: number): PeriodSpec =>
    year ? { kind: 'quarter', quarter, year } : { kind: 'quarter', quarter },
  year: (year: number): PeriodSpec => ({ kind: 'year', year }),
};
const MONTH = P.this('month');
const WEEK = P.this('week');
const D30 = P.days(30);
const D90 = P.days(90);
const D365 = P.days(365);
const WEEK_BEFORE_LAST = P.between('2026-11-09', '2026-11-15');

type Sales = Omit<ToolArgs<'get_sales_summary'>, 'period'>;
type Scope = { marketplaces?: Marketplace[]; stores?: string[] };
const sales = (period: PeriodSpec, o: Sales = {}): RoutedIntent => ({
  tool: 'get_sales_summary',
  args: { period, ...o },
});
const compare = (
  period: PeriodSpec,
  comparePeriod: PeriodSpec,
  o: Omit<ToolArgs<'compare_periods'>, 'period' | 'comparePeriod'> = {},
): RoutedIntent => ({
  tool: 'compare_periods',
  args: { period, comparePeriod, ...o },
});
const trend = (
  period: PeriodSpec,
  interval: 'day' | 'week' | 'month',
  o: Omit<ToolArgs<'get_sales_trend'>, 'period' | 'interval'> = {},
): RoutedIntent => ({
  tool: 'get_sales_trend',
  args: { period, ...o, interval },
});
const top = (
  period: PeriodSpec,
  o: Scope & { currency?: string; rankBy?: 'revenue' | 'units'; limit?: number } = {},
): RoutedIntent => ({
  tool: 'get_top_products',
  args: { period, rankBy: 'revenue', limit: 5, ...o },
});
const returns = (period: PeriodSpec, o: Scope = {}): RoutedIntent => ({
  tool: 'get_return_rates',
  args: { period, ...o },
});
const stock = (o: Scope & { lowStockThreshold?: number } = {}): RoutedIntent => ({
  tool: 'get_inventory_alerts',
  args: { lowStockThreshold: 5, ...o },
});
const latest = (o: Omit<ToolArgs<'get_latest_orders'>, 'limit'> & { limit?: number } = {}): RoutedIntent => ({
  tool: 'get_latest_orders',
  args: { limit: 10, ...o },
});
const customers = (period: PeriodSpec, o: Scope & { limit?: number } = {}): RoutedIntent => ({
  tool: 'get_top_customers',
  args: { period, limit: 5, ...o },
});
const mix = (period: PeriodSpec, o: Scope = {}): RoutedIntent => ({ tool: 'get_customer_mix', args: { period, ...o } });
const returned = (period: PeriodSpec, o: Scope & { limit?: number } = {}): RoutedIntent => ({
  tool: 'get_returns_by_product',
  args: { period, limit: 5, ...o },
});

/** What a non-tool answer must be. */
type Reply =
  | { kind: 'smalltalk' }
  | { kind: 'unsupported'; topic: RegExp; nearest?: RoutedIntent }
  | {
      kind: 'clarify';
      reason: 'typo' | 'marketplace' | 'store' | 'unclear';
      suggestions?: string[];
      pending?: RoutedIntent;
    };
type Expected = RoutedIntent | Reply;
const smalltalk: Reply = { kind: 'smalltalk' };
const cant = (topic: RegExp, nearest?: RoutedIntent): Reply => ({
  kind: 'unsupported',
  topic,
  ...(nearest && { nearest }),
});
const ask = (
  reason: 'typo' | 'marketplace' | 'store' | 'unclear',
  suggestions?: string[],
  pending?: RoutedIntent,
): Reply => ({
  kind: 'clarify',
  reason,
  ...(suggestions && { suggestions }),
  ...(pending && { pending }),
});

const FRESH: readonly [string, Expected][] = [
  // trends: up or down, best and worst
  ['how are sales trending', trend(D30, 'day')],
  ['are my sales going up or down?', trend(D30, 'day')],
  ['what was my best week?', trend(D90, 'week')],
  ['best and worst day this month', trend(MONTH, 'day')],
  ['busiest month this year', trend(P.this('year'), 'month')],
  ['revenue trend on etsy last quarter', trend(P.last('quarter'), 'week', { marketplaces: ['ETSY'] })],
  ['is flipkart picking up?', trend(D30, 'day', { marketplaces: ['FLIPKART'] })],
  ['orders trend this year by month', trend(P.this('year'), 'month', { metric: 'orders' })],
  ['aov over time', trend(D30, 'day', { metric: 'aov' })],
  ['plot my net sales for the last 8 weeks weekly', trend(P.days(56), 'week', { metric: 'net_sales' })],
  ['how is shopify trending this month', trend(MONTH, 'day', { marketplaces: ['SHOPIFY'] })],
  ['what was my slowest day last week', trend(P.last('week'), 'day')],
  ['which day had the most sales this month', trend(MONTH, 'day')],
  ['what week was best for etsy', trend(D90, 'week', { marketplaces: ['ETSY'] })],
  // explicit A-vs-B periods
  [
    'compare eBay last week with the week before',
    compare(P.last('week'), WEEK_BEFORE_LAST, { marketplaces: ['EBAY'] }),
  ],
  ['March vs April', compare(P.month(3), P.month(4))],
  ['compare march and april sales', compare(P.month(3), P.month(4))],
  ['this month vs the same month last year', compare(MONTH, P.month(11, 2025))],
  [
    'how does this week compare with last week on shopify',
    compare(WEEK, P.last('week'), { marketplaces: ['SHOPIFY'] }),
  ],
  ['compare last month', compare(P.last('month'), P.month(9, 2026))],
  ['yesterday vs the day before', compare(P.yesterday, P.between('2026-11-23'))],
  ['Q3 vs Q2 net sales', compare(P.quarter(3), P.quarter(2), { metric: 'net_sales' })],
  ['orders this week vs last week', compare(WEEK, P.last('week'), { metric: 'orders' })],
  [
    'last week vs the previous week on flipkart',
    compare(P.last('week'), WEEK_BEFORE_LAST, { marketplaces: ['FLIPKART'] }),
  ],
  ['sales the week before last', sales(WEEK_BEFORE_LAST)],
  ['how did october compare to the month before', compare(P.month(10), P.month(9, 2026))],
  ['compare etsy and ebay this month', sales(MONTH, { marketplaces: ['ETSY', 'EBAY'], groupBy: 'marketplace' })],
  [
    'AOV this quarter vs last quarter in euros',
    compare(P.this('quarter'), P.last('quarter'), { metric: 'aov', currency: 'EUR' }),
  ],
  // whole periods on request
  ['compare this month with last month, whole months', compare(MONTH, P.last('month'), { wholePeriods: true })],
  ['full months: october vs september', compare(P.month(10), P.month(9), { wholePeriods: true })],
  ['this week vs last week, full weeks please', compare(WEEK, P.last('week'), { wholePeriods: true })],
  ['compare the whole of this quarter with last quarter', compare(P.this('quarter'), P.last('quarter'))],
  // top N as asked
  ['top 10', top(D30, { limit: 10 })],
  ['top 3 products this week', top(WEEK, { limit: 3 })],
  ['my 20 best sellers last month', top(P.last('month'), { limit: 20 })],
  ['top 100 products this year', top(P.this('year'), { limit: 50 })],
  ['best 7 items on etsy by units', top(D30, { marketplaces: ['ETSY'], rankBy: 'units', limit: 7 })],
  ['top twenty skus in q3', top(P.quarter(3), { limit: 20 })],
  ['show the top 5 products in rupees', top(D30, { currency: 'INR', limit: 5 })],
  ['bestsellers on flipkart this month', top(MONTH, { marketplaces: ['FLIPKART'] })],
  // currencies on request
  ['sales in rupees', sales(MONTH, { currency: 'INR' })],
  ['revenue last month in INR', sales(P.last('month'), { currency: 'INR' })],
  ['what did I sell this week in euros', sales(WEEK, { currency: 'EUR' })],
  ['sales in € yesterday', sales(P.yesterday, { currency: 'EUR' })],
  ['show sales in pounds', sales(MONTH, { currency: 'GBP' })],
  ['net sales ytd in usd', sales(P.this('year'), { metric: 'net_sales', currency: 'USD' })],
  [
    'how much did ebay make last quarter in dollars',
    sales(P.last('quarter'), { marketplaces: ['EBAY'], currency: 'USD' }),
  ],
  ['sales trend in yen', trend(D30, 'day', { currency: 'JPY' })],
  ['GBP revenue this month', sales(MONTH, { currency: 'GBP' })],
  ["convert last week's sales to euros", sales(P.last('week'), { currency: 'EUR' })],
  // the sales metrics
  ['gross sales last month', sales(P.last('month'), { metric: 'gross_sales' })],
  ['net revenue this quarter', sales(P.this('quarter'), { metric: 'net_sales' })],
  ["what's my average order value on shopify", sales(MONTH, { marketplaces: ['SHOPIFY'], metric: 'aov' })],
  ['how many units did I sell yesterday', sales(P.yesterday, { metric: 'units' })],
  ['number of orders this week', sales(WEEK, { metric: 'orders' })],
  ['how much did I give away in discounts last month', sales(P.last('month'), { metric: 'discounts' })],
  ['total refunds this year', sales(P.this('year'), { metric: 'refunds' })],
  ['how much shipping did customers pay in october', sales(P.month(10), { metric: 'shipping' })],
  ['taxes collected last quarter', sales(P.last('quarter'), { metric: 'taxes' })],
  ['GST this month on flipkart', sales(MONTH, { marketplaces: ['FLIPKART'], metric: 'taxes' })],
  ['cancellation rate this month', sales(MONTH, { metric: 'cancellation_rate' })],
  ['units per order last week', sales(P.last('week'), { metric: 'units_per_order' })],
  ['how many items per order on etsy', sales(MONTH, { marketplaces: ['ETSY'], metric: 'units_per_order' })],
  ['how much was refunded on ebay last month', sales(P.last('month'), { marketplaces: ['EBAY'], metric: 'refunds' })],
  ['what did I make after refunds last month', sales(P.last('month'), { metric: 'net_sales' })],
  ['coupon discounts this week', sales(WEEK, { metric: 'discounts' })],
  ['how many orders got cancelled yesterday', sales(P.yesterday, { metric: 'cancellation_rate' })],
  ['total sales today', sales(P.today)],
  // misspelled marketplaces and metrics
  ['shopfy sales last week', sales(P.last('week'), { marketplaces: ['SHOPIFY'] })],
  ['flipcart revenue yesterday', sales(P.yesterday, { marketplaces: ['FLIPKART'] })],
  ['etsi orders this month', sales(MONTH, { marketplaces: ['ETSY'], metric: 'orders' })],
  ['revnue this month', sales(MONTH)],
  ['retrns on ebay', returns(D30, { marketplaces: ['EBAY'] })],
  ['sales on shopiffy', sales(MONTH, { marketplaces: ['SHOPIFY'] })],
  ['ebya sales', sales(MONTH, { marketplaces: ['EBAY'] })],
  ['snapdeel orders', sales(MONTH, { marketplaces: ['SNAPDEAL'], metric: 'orders' })],
  ['bigcomerce revenue', sales(MONTH, { marketplaces: ['BIGCOMMERCE'] })],
  ['invetory on shopify', stock({ marketplaces: ['SHOPIFY'] })],
  ['yesturday sales', sales(P.yesterday)],
  ['top prodcuts this week', top(WEEK)],
  ['cancelations last month', sales(P.last('month'), { metric: 'cancellation_rate' })],
  ['costumers who spent the most', customers(D365)],
  ['revenu by marketplace', sales(MONTH, { groupBy: 'marketplace' })],
  ['sqaure sales today', sales(P.today, { marketplaces: ['SQUARE'] })],
  ['discounst last week', sales(P.last('week'), { metric: 'discounts' })],
  ['sales on shpfy', ask('typo', ['Shopify'], sales(MONTH))],
  ['orders on flpkrt last week', ask('typo', ['Flipkart'], sales(P.last('week'), { metric: 'orders' }))],
  ['etay sales last week', ask('typo', ['eBay', 'Etsy'], sales(P.last('week')))],
  ['sales on amazn', ask('marketplace', ['Shopify', 'eBay', 'Etsy', 'Flipkart'], sales(MONTH))],
  // one store of a marketplace, by name or country
  ['my eBay UK store sales', sales(MONTH, { marketplaces: ['EBAY'], stores: ['conn-eb-uk'] })],
  [
    'ebay us orders last week',
    sales(P.last('week'), { marketplaces: ['EBAY'], stores: ['conn-eb-us'], metric: 'orders' }),
  ],
  ['sales in the UK this month', sales(MONTH, { marketplaces: ['EBAY'], stores: ['conn-eb-uk'] })],
  ['Maple Crafts revenue yesterday', sales(P.yesterday, { marketplaces: ['SHOPIFY'], stores: ['conn-sh'] })],
  ['top products on my uk ebay store', top(D30, { marketplaces: ['EBAY'], stores: ['conn-eb-uk'] })],
  ['returns on the ebay.co.uk store', returns(D30, { marketplaces: ['EBAY'], stores: ['conn-eb-uk'] })],
  ['etsy EU shop sales last month', sales(P.last('month'), { marketplaces: ['ETSY'], stores: ['conn-et'] })],
  [
    'sales on my ebay germany store',
    ask('store', ['eBay: maple_us (USD)', 'eBay: Maple UK (GBP)'], sales(MONTH, { marketplaces: ['EBAY'] })),
  ],
  [
    'compare my british ebay shop this month vs last month',
    compare(MONTH, P.last('month'), { marketplaces: ['EBAY'], stores: ['conn-eb-uk'] }),
  ],
  // greetings and thanks, as a person would
  ['hi', smalltalk],
  ['hello!', smalltalk],
  ['good morning', smalltalk],
  ['thanks a lot', smalltalk],
  ['thank you!', smalltalk],
  ['bye', smalltalk],
  ['hey, how are you?', smalltalk],
  ['ok cool', smalltalk],
  ['hi there, what were my sales yesterday?', sales(P.yesterday)],
  // latest orders and order lists
  ['latest orders', latest()],
  ['last 5 orders on eBay', latest({ marketplaces: ['EBAY'], limit: 5 })],
  ['cancelled orders yesterday', latest({ period: P.yesterday, statuses: ['CANCELLED'] })],
  ["show me today's orders", latest({ period: P.today })],
  ['my last order', latest({ limit: 1 })],
  ['10 most recent flipkart orders', latest({ marketplaces: ['FLIPKART'], limit: 10 })],
  ['unshipped orders', latest({ statuses: ['PENDING', 'CONFIRMED'] })],
  ['returned orders last week', latest({ period: P.last('week'), statuses: ['RETURNED'] })],
  ['list delivered orders this month', latest({ period: MONTH, statuses: ['DELIVERED'] })],
  ['any new orders today?', latest({ period: P.today })],
  // top customers by spend
  ['who are my best customers', customers(D365)],
  ['top buyers this year', customers(P.this('year'))],
  ['top 10 customers on shopify', customers(D365, { marketplaces: ['SHOPIFY'], limit: 10 })],
  ['who spends the most with me', customers(D365)],
  ['biggest spenders last quarter', customers(P.last('quarter'))],
  // new vs returning customers
  ['new vs returning customers', mix(D30)],
  ['how many repeat customers did I have last month', mix(P.last('month'))],
  ['how many new customers this month', mix(MONTH)],
  ['customer retention on etsy', mix(D30, { marketplaces: ['ETSY'] })],
  // returns by product (and refunds are not returns)
  ['which products get returned most', returned(D30)],
  ['most returned items last quarter', returned(P.last('quarter'))],
  ['top 10 returned products this year', returned(P.this('year'), { limit: 10 })],
  ['returns by product on flipkart', returned(D30, { marketplaces: ['FLIPKART'] })],
  ['return rate on etsy this month', returns(MONTH, { marketplaces: ['ETSY'] })],
  // what sells where: every marketplace the seller has
  ['which products sell on which marketplace', top(D30, { marketplaces: SELLER_MARKETPLACES })],
  ['what sells where', top(D30, { marketplaces: SELLER_MARKETPLACES })],
  ['best sellers on each marketplace last month', top(P.last('month'), { marketplaces: SELLER_MARKETPLACES })],
  ['top products by channel this year', top(P.this('year'), { marketplaces: SELLER_MARKETPLACES })],
  // honest limits: why, and the nearest answer
  ["what's my profit this month", cant(/profit/, sales(MONTH, { metric: 'net_sales' }))],
  [
    'profit margin on etsy last month',
    cant(/profit/, sales(P.last('month'), { marketplaces: ['ETSY'], metric: 'net_sales' })),
  ],
  ['how much did ebay charge me in fees', cant(/fees/, sales(MONTH, { marketplaces: ['EBAY'] }))],
  ['what are my flipkart commissions last month', cant(/fees/, sales(P.last('month'), { marketplaces: ['FLIPKART'] }))],
  ['how much am I spending on ads', cant(/ad spend/, sales(MONTH))],
  ["what's my ROAS last week", cant(/ad spend/, sales(P.last('week')))],
  [
    'how many visitors did my shopify store get',
    cant(/traffic/, sales(MONTH, { marketplaces: ['SHOPIFY'], metric: 'orders' })),
  ],
  ['conversion rate this month', cant(/conversion/, sales(MONTH, { metric: 'orders' }))],
  ["what's my inventory worth", cant(/inventory value/, stock())],
  ['forecast sales for next month', cant(/forecast/, trend(D30, 'day'))],
  ['will I hit 10 lakh this month?', cant(/forecast/, trend(MONTH, 'day'))],
  ['when is my next payout', cant(/payout/, sales(MONTH, { metric: 'net_sales' }))],
  ['show my reviews', cant(/review/)],
  ['amazon sales last month', cant(/Amazon/)],
  ['return rate this month vs last month', cant(/return-rate comparison/, returns(MONTH))],
  // what the router can't read: asked, with suggestions
  ['gimme the lowdown', ask('unclear')],
  ["what's the weather like", ask('unclear')],
];

/** Conversations: each step after the first reads the intent the answer before it left (as answerQuestion records it). */
const SEQUENCES: readonly (readonly [string, Expected])[][] = [
  [
    ['sales on shopify last week', sales(P.last('week'), { marketplaces: ['SHOPIFY'] })],
    ['and on eBay?', sales(P.last('week'), { marketplaces: ['EBAY'] })],
    ['what about last month', sales(P.last('month'), { marketplaces: ['EBAY'] })],
    ['by marketplace?', sales(P.last('month'), { groupBy: 'marketplace' })],
    ['in euros?', sales(P.last('month'), { currency: 'EUR', groupBy: 'marketplace' })],
    ['net sales?', sales(P.last('month'), { metric: 'net_sales', currency: 'EUR', groupBy: 'marketplace' })],
  ],
  [
    ['top products this month', top(MONTH)],
    ['compare this month to last month', compare(MONTH, P.last('month'))],
    ['same for Etsy', compare(MONTH, P.last('month'), { marketplaces: ['ETSY'] })],
  ],
  [
    ['return rate last month', returns(P.last('month'))],
    ['compare this month to last month', compare(MONTH, P.last('month'))],
  ],
  [
    ['latest orders on flipkart', latest({ marketplaces: ['FLIPKART'] })],
    ['only cancelled ones', latest({ marketplaces: ['FLIPKART'], statuses: ['CANCELLED'] })],
    ['and on etsy?', latest({ marketplaces: ['ETSY'], statuses: ['CANCELLED'] })],
  ],
  [
    ['ebay sales yesterday', sales(P.yesterday, { marketplaces: ['EBAY'] })],
    ['thanks', smalltalk],
    ['and etsy?', sales(P.yesterday, { marketplaces: ['ETSY'] })],
  ],
  [
    ['my ebay uk store sales last month', sales(P.last('month'), { marketplaces: ['EBAY'], stores: ['conn-eb-uk'] })],
    ['and the US one?', sales(P.last('month'), { marketplaces: ['EBAY'], stores: ['conn-eb-us'] })],
    ['what about shopify', sales(P.last('month'), { marketplaces: ['SHOPIFY'] })],
  ],
  [
    ['sales on shpfy yesterday', ask('typo', ['Shopify'], sales(P.yesterday))],
    ['shopify', sales(P.yesterday, { marketplaces: ['SHOPIFY'] })],
  ],
  [
    ["what's my profit last month", cant(/profit/, sales(P.last('month'), { metric: 'net_sales' }))],
    ['and on flipkart?', sales(P.last('month'), { marketplaces: ['FLIPKART'], metric: 'net_sales' })],
  ],
  [
    ['top 10 products last month', top(P.last('month'), { limit: 10 })],
    ['by units?', top(P.last('month'), { rankBy: 'units', limit: 10 })],
    ['how are sales trending', trend(D30, 'day')],
  ],
  [
    ['orders this week', sales(WEEK, { metric: 'orders' })],
    ['vs last week?', compare(WEEK, P.last('week'), { metric: 'orders' })],
    ['whole weeks', compare(WEEK, P.last('week'), { metric: 'orders', wholePeriods: true })],
  ],
  [
    ['sales on etsy this year', sales(P.this('year'), { marketplaces: ['ETSY'] })],
    ['best sellers', top(P.this('year'), { marketplaces: ['ETSY'] })],
    ['and returns?', returns(P.this('year'), { marketplaces: ['ETSY'] })],
    ['which of them come back most', returned(P.this('year'), { marketplaces: ['ETSY'] })],
  ],
  [
    ['aov on shopify last month', sales(P.last('month'), { marketplaces: ['SHOPIFY'], metric: 'aov' })],
    ['and the month before?', sales(P.month(9, 2026), { marketplaces: ['SHOPIFY'], metric: 'aov' })],
  ],
  [
    ['who are my top customers this year', customers(P.this('year'))],
    ['top 10?', customers(P.this('year'), { limit: 10 })],
    ['and on ebay only', customers(P.this('year'), { marketplaces: ['EBAY'], limit: 10 })],
  ],
  [
    ['new vs returning customers last month', mix(P.last('month'))],
    ['what about shopify?', mix(P.last('month'), { marketplaces: ['SHOPIFY'] })],
  ],
  [
    ['sales by marketplace this quarter', sales(P.this('quarter'), { groupBy: 'marketplace' })],
    ['as a chart', trend(P.this('quarter'), 'day')],
  ],
  [
    ['revenue last week', sales(P.last('week'))],
    ['who are my best customers', customers(D365)],
  ],
];

const route = (text: string, lastIntent?: RoutedIntent): RouteResult =>
  routeMessage(text, { now: NOW, timeZone: TZ, stores: STORES, ...(lastIntent && { lastIntent }) });

/** What answerQuestion remembers after a reply: the tool's intent, the nearest answer, the understood part of a question back; small talk leaves the last one. */
function remembered(result: RouteResult, last: RoutedIntent | undefined): RoutedIntent | undefined {
  if (result.kind === 'tool') return result.intent;
  if (result.kind === 'unsupported') return result.nearest ?? last;
  if (result.kind === 'clarify') return result.pending ?? last;
  return last;
}

function check(result: RouteResult, expected: Expected): void {
  if ('tool' in expected) {
    expect(result.kind === 'tool' ? { tool: result.tool, args: result.args } : result).toStrictEqual(expected);
    if (result.kind === 'tool') expect(result.intent).toStrictEqual(expected);
    return;
  }
  expect(result.kind).toBe(expected.kind);
  if (expected.kind === 'unsupported' && result.kind === 'unsupported') {
    expect(result.topic).toMatch(expected.topic);
    expect(result.why.length).toBeGreaterThan(20);
    expect(result.nearest).toStrictEqual(expected.nearest);
  }
  if (expected.kind === 'clarify' && result.kind === 'clarify') {
    expect(result.reason).toBe(expected.reason);
    if (expected.suggestions) expect(result.suggestions).toStrictEqual(expected.suggestions);
    else expect(result.suggestions.length).toBeGreaterThanOrEqual(2);
    if (expected.pending) expect(result.pending).toStrictEqual(expected.pending);
  }
  if (result.kind === 'smalltalk') {
    expect(result.reply).not.toMatch(/I can answer questions/);
    expect(result.reply.length).toBeLessThan(160);
    expect(result.reply).toMatch(/"[^"]+"/); // one suggestion to ask
  }
}

describe('routeMessage: seller phrasings (issue 15)', () => {
  it('covers at least 150 new phrasings, follow-ups in sequence included', () => {
    expect(FRESH.length + SEQUENCES.flat().length).toBeGreaterThanOrEqual(150);
  });

  it.each(FRESH)('%s', (text, expected) => {
    check(route(text), expected);
  });

  it.each(SEQUENCES.map((steps) => [steps.map(([t]) => t).join(' → '), steps] as const))('%s', (_, steps) => {
    let last: RoutedIntent | undefined;
    for (const [text, expected] of steps) {
      const result = route(text, last);
      check(result, expected);
      last = remembered(result, last);
    }
  });

  it('produces args that parse with the tool schemas, unchanged, and never a tenant or user', () => {
    const intents: RoutedIntent[] = [];
    for (const [text] of FRESH) {
      const r = route(text);
      const i =
        r.kind === 'tool'
          ? r.intent
          : r.kind === 'unsupported'
            ? r.nearest
            : r.kind === 'clarify'
              ? r.pending
              : undefined;
      if (i) intents.push(i);
    }
    expect(intents.length).toBeGreaterThan(130);
    for (const intent of intents) {
      const parsed = TOOL_ARGS[intent.tool].safeParse(intent.args);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toStrictEqual(intent.args);
      expect(JSON.stringify(intent.args)).not.toMatch(/tenant|user/i);
    }
  });

  it('says the cap when more than 50 are asked for, and nothing when within it', () => {
    const capped = route('top 100 products this year');
    expect(capped.kind === 'tool' && capped.notes).toEqual([expect.stringMatching(/at most 50/)]);
    const within = route('top 50 products this year');
    expect(within.kind === 'tool' && within.notes).toBeFalsy();
  });

  it('never drops a misspelled marketplace into "all marketplaces"', () => {
    for (const text of [
      'sales on shpfy',
      'orders on flpkrt last week',
      'revenue on snpdl',
      'sales from xyzzy yesterday',
    ]) {
      const r = route(text);
      expect(r.kind).toBe('clarify');
    }
  });

  it('asks which store when a country matches none, listing the stores', () => {
    const r = route('sales on my ebay germany store');
    expect(r.kind === 'clarify' && r.question).toMatch(/eBay store in Germany/);
  });

  it('reads every marketplace the seller has for "what sells where", or all seven without a store list', () => {
    const r = routeMessage('what sells where', { now: NOW, timeZone: TZ });
    expect(r.kind === 'tool' && r.args).toMatchObject({
      marketplaces: ['SHOPIFY', 'EBAY', 'ETSY', 'FLIPKART', 'BIGCOMMERCE', 'SQUARE', 'SNAPDEAL'],
    });
    const one = routeMessage('what sells where', { now: NOW, timeZone: TZ, stores: [STORES[0]!] });
    expect(one.kind === 'tool' && one.args).toMatchObject({ marketplaces: ['SHOPIFY'] });
  });
});
