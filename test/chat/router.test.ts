import { describe, expect, it } from '@jest/globals';
import { TOOL_ARGS } from '../../src/analytics/args.ts';
import type { PeriodSpec } from '../../src/analytics/period.ts';
import type { RoutedIntent, RouteResult } from '../../src/chat/intent.ts';
import { localToday } from '../../src/chat/router/local-date.ts';
import type { Marketplace } from '../../src/chat/router/marketplaces.ts';
import { routeMessage } from '../../src/chat/router/route-message.ts';

/** Wednesday 25 Nov 2026, 15:30 in Kolkata. */
const NOW = new Date('2026-11-25T10:00:00Z');
const TZ = 'Asia/Kolkata';

const P = {
  today: { kind: 'today' },
  yesterday: { kind: 'yesterday' },
  this: (unit: 'week' | 'month' | 'quarter' | 'year'): PeriodSpec => ({ kind: 'this', unit }),
  last: (unit: 'week' | 'month' | 'quarter' | 'year'): PeriodSpec => ({ kind: 'last', unit }),
  days: (days: number): PeriodSpec => ({ kind: 'last_n_days', days }),
  since: (date: string): PeriodSpec => ({ kind: 'since', date }),
  between: (from: string, to = from): PeriodSpec => ({ kind: 'between', from, to }),
  month: (month: number, year?: number): PeriodSpec =>
    year ? { kind: 'month', month, year } : { kind: 'month', month },
  quarter: (quarter: number, year?: number): PeriodSpec =>
    year ? { kind: 'quarter', quarter, year } : { kind: 'quarter', quarter },
  year: (year: number): PeriodSpec => ({ kind: 'year', year }),
  all: { kind: 'all' },
} as const;

type Mp = Marketplace[];
const mp = (m?: Mp): { marketplaces?: Mp } => (m ? { marketplaces: m } : {});
type Metric = 'orders' | 'units' | 'aov' | 'cancellation_rate' | 'refunds';
const summary = (
  period: PeriodSpec,
  m?: Mp,
  groupBy?: 'marketplace' | 'day' | 'week' | 'month',
  metric?: Metric,
): RoutedIntent => ({
  tool: 'get_sales_summary',
  args: { period, ...mp(m), ...(metric ? { metric } : {}), ...(groupBy ? { groupBy } : {}) },
});
/** issue 15: a question about orders, units, AOV, cancellations or refunds names its metric */
const metric = (period: PeriodSpec, name: Metric, m?: Mp): RoutedIntent => summary(period, m, undefined, name);
const compare = (period: PeriodSpec, comparePeriod: PeriodSpec, m?: Mp): RoutedIntent => ({
  tool: 'compare_periods',
  args: { period, comparePeriod, ...mp(m) },
});
const top = (period: PeriodSpec, m?: Mp, rankBy: 'revenue' | 'units' = 'revenue', limit = 5): RoutedIntent => ({
  tool: 'get_top_products',
  args: { period, ...mp(m), rankBy, limit },
});
const returns = (period: PeriodSpec, m?: Mp): RoutedIntent => ({
  tool: 'get_return_rates',
  args: { period, ...mp(m) },
});
const trend = (period: PeriodSpec, interval: 'day' | 'week' | 'month', m?: Mp): RoutedIntent => ({
  tool: 'get_sales_trend',
  args: { period, ...mp(m), interval },
});
const stock = (lowStockThreshold = 5, m?: Mp): RoutedIntent => ({
  tool: 'get_inventory_alerts',
  args: { ...mp(m), lowStockThreshold },
});
const order = (orderId: string): RoutedIntent => ({ tool: 'lookup_order', args: { orderId } });
const SYNC: RoutedIntent = { tool: 'get_sync_status', args: {} };
const MONTH = P.this('month');
const D30 = P.days(30);

const FRESH: readonly [string, RoutedIntent][] = [
  // every period form
  ['sales today', summary(P.today)],
  ['What were my sales yesterday?', summary(P.yesterday)],
  ['revenue this week', summary(P.this('week'))],
  ['sales last week', summary(P.last('week'))],
  ['revenue this month', summary(MONTH)],
  ['how much did I sell last month', summary(P.last('month'))],
  ['sales this quarter', summary(P.this('quarter'))],
  ['turnover last quarter', summary(P.last('quarter'))],
  ['sales this year', summary(P.this('year'))],
  ['income previous year', summary(P.last('year'))],
  ['sales in the last 7 days', summary(P.days(7))],
  ['revenue over the past 30 days', summary(P.days(30))],
  ['sales last fortnight', summary(P.days(14))],
  ['orders in the last two weeks', metric(P.days(14), 'orders')],
  ['sales past week', summary(P.days(7))],
  ['sales for the last 3 months', summary(P.days(92))],
  ['sales since March 3', summary(P.since('2026-03-03'))],
  ['sales since 2026-03-03', summary(P.since('2026-03-03'))],
  ['sales since Dec 5', summary(P.since('2025-12-05'))],
  ['sales since January', summary(P.since('2026-01-01'))],
  ['revenue between Jan 5 and Feb 2', summary(P.between('2026-01-05', '2026-02-02'))],
  ['sales from 1 Oct to 15 Oct', summary(P.between('2026-10-01', '2026-10-15'))],
  ['sales between Dec 20 and Jan 10', summary(P.between('2025-12-20', '2026-01-10'))],
  ['sales from 2025-10-01 to 2025-10-31', summary(P.between('2025-10-01', '2025-10-31'))],
  ['sales on 3rd November', summary(P.between('2026-11-03'))],
  ['sales from August to October', summary(P.between('2026-08-01', '2026-10-31'))],
  ['sales in October', summary(P.month(10))],
  ['sales Oct 2025', summary(P.month(10, 2025))],
  ['gmv for sept', summary(P.month(9))],
  ['revenue in December', summary(P.month(12))],
  ['sales in may', summary(P.month(5))],
  ['sales 2025-10', summary(P.month(10, 2025))],
  ['Q3 sales', summary(P.quarter(3))],
  ['sales Q3 2025', summary(P.quarter(3, 2025))],
  ['third quarter revenue', summary(P.quarter(3))],
  ['sales in the 2nd quarter of 2025', summary(P.quarter(2, 2025))],
  ['sales in 2025', summary(P.year(2025))],
  ['sales so far', summary(P.all)],
  ['all time revenue', summary(P.all)],
  ['sales this month so far', summary(MONTH)],
  ['sales mtd', summary(MONTH)],
  ['ytd revenue', summary(P.this('year'))],
  // every marketplace alias
  ['shopify sales today', summary(P.today, ['SHOPIFY'])],
  ['shopfy revenue', summary(MONTH, ['SHOPIFY'])],
  ['shoppify orders yesterday', metric(P.yesterday, 'orders', ['SHOPIFY'])],
  ['ebay sales last week', summary(P.last('week'), ['EBAY'])],
  ['e-bay sales', summary(MONTH, ['EBAY'])],
  ['ebey revenue', summary(MONTH, ['EBAY'])],
  ['e bay orders', metric(MONTH, 'orders', ['EBAY'])],
  ['etsy sales this month', summary(MONTH, ['ETSY'])],
  ['etsey orders', metric(MONTH, 'orders', ['ETSY'])],
  ['Flipkart sales', summary(MONTH, ['FLIPKART'])],
  ['flip kart revenue', summary(MONTH, ['FLIPKART'])],
  ['flipcart sales', summary(MONTH, ['FLIPKART'])],
  ['bigcommerce sales', summary(MONTH, ['BIGCOMMERCE'])],
  ['big commerce revenue', summary(MONTH, ['BIGCOMMERCE'])],
  ['bc sales yesterday', summary(P.yesterday, ['BIGCOMMERCE'])],
  ['square sales today', summary(P.today, ['SQUARE'])],
  ['sq revenue', summary(MONTH, ['SQUARE'])],
  ['snapdeal sales', summary(MONTH, ['SNAPDEAL'])],
  ['snap deal orders', metric(MONTH, 'orders', ['SNAPDEAL'])],
  ['snapdel revenue', summary(MONTH, ['SNAPDEAL'])],
  ['sales across all marketplaces this week', summary(P.this('week'))],
  ['sales on shopify and etsy last month', summary(P.last('month'), ['SHOPIFY', 'ETSY'])],
  ['ebay yesterday', summary(P.yesterday, ['EBAY'])],
  // every metric
  ['orders last week', metric(P.last('week'), 'orders')],
  ['order count yesterday', metric(P.yesterday, 'orders')],
  ["what's my AOV this month", metric(MONTH, 'aov')],
  ['average order value last quarter', metric(P.last('quarter'), 'aov')],
  ['basket size on flipkart', metric(MONTH, 'aov', ['FLIPKART'])],
  ['units sold this week', metric(P.this('week'), 'units')],
  ['how many items sold yesterday', metric(P.yesterday, 'units')],
  ['cancellations last month', metric(P.last('month'), 'cancellation_rate')],
  ['how many orders were cancelled on etsy', metric(MONTH, 'cancellation_rate', ['ETSY'])],
  ['GMV this year', summary(P.this('year'))],
  ['return rate last month', returns(P.last('month'))],
  ['returns on ebay', returns(D30, ['EBAY'])],
  // issue 15: a refund question is about refunds, not the return rate
  ['refunds this quarter', metric(P.this('quarter'), 'refunds')],
  ['inventory', stock()],
  ["what's out of stock on shopify", stock(5, ['SHOPIFY'])],
  ['low stock items', stock()],
  ['products with stock below 10', stock(10)],
  ['best sellers', top(D30)],
  ['top 10 products last month', top(P.last('month'), undefined, 'revenue', 10)],
  ['best-selling items on etsy this year', top(P.this('year'), ['ETSY'])],
  ['top products by units', top(D30, undefined, 'units')],
  ['what were my most sold products in q3', top(P.quarter(3), undefined, 'units')],
  ['top five skus this week by revenue', top(P.this('week'))],
  ['when did you last sync', SYNC],
  ['sync status', SYNC],
  ['is my data up to date?', SYNC],
  ['order #1234', order('1234')],
  ['where is order OD123456789012', order('OD123456789012')],
  ['status of order 12-34567-89012 on ebay', order('12-34567-89012')],
  ['track #1001', order('1001')],
  // breakdowns and trends
  ['sales by marketplace', summary(MONTH, undefined, 'marketplace')],
  ['revenue per channel last month', summary(P.last('month'), undefined, 'marketplace')],
  ['daily sales this week', summary(P.this('week'), undefined, 'day')],
  ['sales by week this quarter', summary(P.this('quarter'), undefined, 'week')],
  ['monthly revenue', summary(P.this('year'), undefined, 'month')],
  ['monthly sales in 2025', summary(P.year(2025), undefined, 'month')],
  ['sales trend', trend(D30, 'day')],
  ['revenue over time this year', trend(P.this('year'), 'month')],
  ['chart of sales last quarter', trend(P.last('quarter'), 'week')],
  ['weekly sales trend for the last 90 days', trend(P.days(90), 'week')],
  ['show me a graph of flipkart sales this month', trend(MONTH, 'day', ['FLIPKART'])],
  // comparisons
  ['sales this month vs last month', compare(MONTH, P.last('month'))],
  ['revenue vs last month', compare(MONTH, P.last('month'))],
  ['how did this week compare to last week', compare(P.this('week'), P.last('week'))],
  ['this week vs last', compare(P.this('week'), P.last('week'))],
  ['sales today versus yesterday', compare(P.today, P.yesterday)],
  ['compare October and September', compare(P.month(10), P.month(9))],
  ['Q3 vs Q2 revenue', compare(P.quarter(3), P.quarter(2))],
  ['are sales better than last month?', compare(MONTH, P.last('month'))],
  ['sales growth this quarter', compare(P.this('quarter'), P.last('quarter'))],
  ['shopify sales compared to last week', compare(P.this('week'), P.last('week'), ['SHOPIFY'])],
  ['sales this month vs last year', compare(MONTH, P.month(11, 2025))],
  ['sales yoy', compare(MONTH, P.month(11, 2025))],
  ['last 7 days vs the previous 7 days', compare(P.days(7), P.between('2026-11-12', '2026-11-18'))],
  ['Flipkart vs Shopify', summary(MONTH, ['FLIPKART', 'SHOPIFY'], 'marketplace')],
  ['flipkart vs shopify sales last month', summary(P.last('month'), ['FLIPKART', 'SHOPIFY'], 'marketplace')],
  ['Flipkart vs Shopify best sellers', top(D30, ['FLIPKART', 'SHOPIFY'])],
  ['etsy versus ebay return rate', returns(D30, ['ETSY', 'EBAY'])],
];

const FOLLOW_UPS: readonly [RoutedIntent, string, RoutedIntent][] = [
  [summary(P.last('week'), ['SHOPIFY']), 'and on eBay?', summary(P.last('week'), ['EBAY'])],
  [summary(P.last('week'), ['SHOPIFY']), 'what about last month?', summary(P.last('month'), ['SHOPIFY'])],
  [summary(MONTH), 'and by marketplace?', summary(MONTH, undefined, 'marketplace')],
  [summary(MONTH), 'daily', summary(MONTH, undefined, 'day')],
  [summary(P.today), 'and yesterday?', summary(P.yesterday)],
  [summary(P.this('week'), ['EBAY']), 'across all marketplaces?', summary(P.this('week'))],
  [summary(P.this('week')), 'as a chart', trend(P.this('week'), 'day')],
  [summary(MONTH), 'vs last year?', compare(MONTH, P.month(11, 2025))],
  [summary(P.last('month'), ['FLIPKART']), 'same for returns', returns(P.last('month'), ['FLIPKART'])],
  [summary(MONTH, ['SHOPIFY']), 'and orders on square in Q2?', metric(P.quarter(2), 'orders', ['SQUARE'])],
  [trend(D30, 'day'), 'by marketplace?', summary(D30, undefined, 'marketplace')],
  [trend(D30, 'day'), 'weekly?', trend(D30, 'week')],
  [top(D30), 'by units?', top(D30, undefined, 'units')],
  [top(P.last('month'), ['ETSY']), 'and top 10?', top(P.last('month'), ['ETSY'], 'revenue', 10)],
  [top(D30, ['ETSY']), 'and returns?', returns(D30, ['ETSY'])],
  [compare(MONTH, P.last('month')), 'what about this week?', compare(P.this('week'), P.last('week'))],
  [compare(MONTH, P.last('month'), ['SHOPIFY']), 'and on flipkart?', compare(MONTH, P.last('month'), ['FLIPKART'])],
  [returns(P.last('month')), 'how about on snapdeal', returns(P.last('month'), ['SNAPDEAL'])],
  [stock(), 'and on etsy?', stock(5, ['ETSY'])],
  [stock(5, ['ETSY']), 'below 2?', stock(2, ['ETSY'])],
];

/**
 * Not a tool call. Issue 15 changed what these get: greetings and thanks a friendly reply
 * (smalltalk), unreadable words a question back with suggestions (clarify), a return-rate
 * comparison an honest "one period at a time" with the first period (unsupported); help and
 * empty messages stay `unknown` (the help list).
 */
type NotTool = 'unknown' | 'smalltalk' | 'clarify' | 'unsupported';
const UNKNOWN: readonly [string, NotTool][] = [
  ['hi', 'smalltalk'],
  ['hello there', 'smalltalk'],
  ['thanks!', 'smalltalk'],
  ['help', 'unknown'],
  ['what can you do?', 'unknown'],
  ['', 'unknown'],
  ['   ', 'unknown'],
  ['tell me a joke', 'smalltalk'],
  ["what's the weather today", 'clarify'],
  ['connect my shopify store', 'clarify'],
  ['asdfgh', 'clarify'],
  ['good morning', 'smalltalk'],
  ['who are you', 'unknown'],
  ['return rate this month vs last month', 'unsupported'],
];
const UNKNOWN_AFTER: readonly [RoutedIntent, string, NotTool][] = [
  [order('1234'), 'and on ebay?', 'clarify'],
  [SYNC, 'what about last week?', 'clarify'],
  [summary(MONTH), 'thanks', 'smalltalk'],
  [summary(MONTH), 'what is the weather today', 'clarify'],
];

const route = (text: string, lastIntent?: RoutedIntent, now = NOW, timeZone = TZ): RouteResult =>
  routeMessage(text, lastIntent ? { now, timeZone, lastIntent } : { now, timeZone });

const intentOf = (result: RouteResult): RoutedIntent | string =>
  result.kind === 'tool'
    ? ({ tool: result.tool, args: result.args } as RoutedIntent)
    : `${result.kind}: ${JSON.stringify(result)}`;

describe('routeMessage', () => {
  it('covers at least 120 phrasings, 10 of them unknown', () => {
    expect(FRESH.length + FOLLOW_UPS.length + UNKNOWN.length + UNKNOWN_AFTER.length).toBeGreaterThanOrEqual(120);
    expect(UNKNOWN.length + UNKNOWN_AFTER.length).toBeGreaterThanOrEqual(10);
  });

  it.each(FRESH)('%s', (text, expected) => {
    const result = route(text);
    expect(intentOf(result)).toStrictEqual(expected);
    if (result.kind === 'tool') expect(result.intent).toStrictEqual(expected);
  });

  it.each(FOLLOW_UPS)('after %j: %s', (last, text, expected) => {
    expect(intentOf(route(text, last))).toStrictEqual(expected);
  });

  it.each(UNKNOWN)('%j is %s, not a tool call', (text, kind) => {
    expect(route(text).kind).toBe(kind);
  });

  it.each(UNKNOWN_AFTER)('after %j, %j is %s', (last, text, kind) => {
    expect(route(text, last).kind).toBe(kind);
  });

  it('produces args that parse with the tool schemas, unchanged, and never a tenant or user', () => {
    const results = [...FRESH.map(([text]) => route(text)), ...FOLLOW_UPS.map(([last, text]) => route(text, last))];
    for (const result of results) {
      if (result.kind !== 'tool') throw new Error('expected a tool');
      const parsed = TOOL_ARGS[result.tool].safeParse(result.args);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toStrictEqual(result.args);
      expect(JSON.stringify(result.args)).not.toMatch(/tenant|user/i);
    }
  });

  it('reads "today" in the seller\'s time zone, not in UTC', () => {
    // 00:30 on 1 Dec in Kolkata is still 30 Nov in UTC
    const justAfterMidnight = new Date('2026-11-30T19:00:00Z');
    expect(localToday(justAfterMidnight, 'Asia/Kolkata')).toEqual({ year: 2026, month: 12, day: 1 });
    expect(intentOf(route('sales yesterday', undefined, justAfterMidnight))).toStrictEqual(summary(P.yesterday));
    expect(intentOf(route('sales on Nov 30', undefined, justAfterMidnight))).toStrictEqual(
      summary(P.between('2026-11-30')),
    );
    // 1 Dec has begun in Kolkata, so it is this year's; UTC would still call it the future
    expect(intentOf(route('sales since Dec 1', undefined, justAfterMidnight))).toStrictEqual(
      summary(P.since('2026-12-01')),
    );
    expect(intentOf(route('sales since Dec 1', undefined, justAfterMidnight, 'America/New_York'))).toStrictEqual(
      summary(P.since('2025-12-01')),
    );
    // the last 7 days before a Kolkata Monday morning end on that Monday
    expect(intentOf(route('last 7 days vs the previous 7 days', undefined, justAfterMidnight))).toStrictEqual(
      compare(P.days(7), P.between('2026-11-18', '2026-11-24')),
    );
  });

  it('reads a year-less date across New Year in New York', () => {
    const newYearsEve = new Date('2026-01-01T03:00:00Z'); // 22:00 on 31 Dec 2025 in New York
    expect(intentOf(route('sales since Jan 1', undefined, newYearsEve, 'America/New_York'))).toStrictEqual(
      summary(P.since('2025-01-01')),
    );
    expect(intentOf(route('sales since Jan 1', undefined, newYearsEve, 'Asia/Kolkata'))).toStrictEqual(
      summary(P.since('2026-01-01')),
    );
    expect(
      intentOf(route('revenue between Dec 20 and Dec 31', undefined, newYearsEve, 'America/New_York')),
    ).toStrictEqual(summary(P.between('2025-12-20', '2025-12-31')));
  });
});
