import type { ChartRequest } from '../../src/charts/chart-request.ts';
import type { TimeSeries } from '../../src/charts/specs/lines-over-time.ts';
import { returnRates, revenueOverTime, salesByMarketplace, unitsBySku } from './chart-fixtures.ts';

/** Realistic and awkward chart inputs, as the chat tools could build them. */

/** All seven marketplaces plus a second Shopify store: eight series, two of one marketplace. */
export const STORES = [
  'Shopify',
  'Shopify — Outlet store',
  'eBay',
  'Etsy',
  'Flipkart',
  'BigCommerce',
  'Square',
  'Snapdeal',
];

export const LONG_TITLE =
  'Sales by marketplace — this quarter so far (1 Oct – 17 Dec 2026) vs the same days of last year (1 Oct – 17 Dec 2025)';
export const LONG_SUBTITLE =
  'Orders not cancelled, converted to INR at the latest rate; marketplaces with no sales in either period are left out of the chart';

/** Product names of about sixty characters, two of them alike for their first forty. */
export const LONG_PRODUCTS = [
  'Handloom Cotton Saree with Zari Border, Maroon, 6.3 m with Blouse',
  'Handloom Cotton Saree with Zari Border, Navy Blue, 6.3 m with Blouse',
  'Stainless Steel Insulated Water Bottle 1 Litre, Leak-proof Lid',
  'Organic Darjeeling First Flush Tea, Loose Leaf, 250 g Tin Pack',
  'Wireless Bluetooth Earbuds with Charging Case, 30 h Playtime',
  'Ceramic Coffee Mug Set of 4, Hand-painted Blue Pottery, 350 ml',
  'Kids Wooden Alphabet Puzzle Board with 26 Pieces, Non-toxic',
  'Men’s Running Shoes, Breathable Mesh, Cushioned Sole, Size 9 UK',
  'Yoga Mat 6 mm Anti-slip with Carrying Strap, Eco-friendly TPE',
  'Brass Diya Set for Pooja, Handcrafted, Pack of 6 with Gift Box',
  'Leather Bifold Wallet for Men with RFID Blocking, Tan Brown',
  'LED Desk Lamp with USB Charging Port and 3 Brightness Levels',
];

/** Weekly points of Q1 2026 (Thu 1 Jan – Tue 31 Mar): 14 buckets from Monday 29 Dec, the first and last partial. */
export const QUARTER_WEEKS = Array.from({ length: 14 }, (_, i) =>
  new Date(Date.UTC(2025, 11, 29 + 7 * i)).toISOString().slice(0, 10),
);

function weekly(label: string, k: number): TimeSeries {
  return {
    label,
    points: QUARTER_WEEKS.map((date, i) => ({
      date,
      value: k === 3 ? 0 : 2_50_000 + k * 1_75_000 + ((i * 37_000 + k * 11_000) % 1_20_000),
    })),
  };
}

export interface SceneCase {
  name: string;
  request: ChartRequest;
}

export const sceneCases: SceneCase[] = [
  // ---- bars by marketplace
  { name: 'bars: the small fixture', request: { kind: 'bars-by-marketplace', input: salesByMarketplace } },
  {
    name: 'bars: eight stores in lakhs and crores, one at zero, long title and subtitle',
    request: {
      kind: 'bars-by-marketplace',
      input: {
        title: LONG_TITLE,
        subtitle: LONG_SUBTITLE,
        currency: 'INR',
        items: STORES.map((label, i) => ({
          label,
          value: [2_45_67_890.5, 85_00_000, 12_34_567.25, 43_210, 0, 9_99_99_999, 1_00_000, 7_50_000][i]!,
        })),
      },
    },
  },
  {
    name: 'bars: a single marketplace',
    request: {
      kind: 'bars-by-marketplace',
      input: { title: 'Sales by marketplace — today', currency: 'USD', items: [{ label: 'Etsy', value: 1234.5 }] },
    },
  },
  {
    name: 'bars: every value zero',
    request: {
      kind: 'bars-by-marketplace',
      input: {
        title: 'Sales by marketplace — yesterday',
        currency: 'INR',
        items: STORES.slice(0, 3).map((label) => ({ label, value: 0 })),
      },
    },
  },
  {
    name: 'bars: twelve long names',
    request: {
      kind: 'bars-by-marketplace',
      input: {
        title: 'Revenue by product — November 2026',
        currency: 'INR',
        items: LONG_PRODUCTS.map((label, i) => ({ label, value: 10_000 + i * 37_500 })),
      },
    },
  },
  // ---- return rates
  { name: 'return rates: the small fixture', request: { kind: 'return-rate-bars', input: returnRates } },
  {
    name: 'return rates: eight stores, small and zero rates, long title',
    request: {
      kind: 'return-rate-bars',
      input: {
        title: LONG_TITLE,
        subtitle: LONG_SUBTITLE,
        items: STORES.map((label, i) => ({ label, percent: [0.25, 0, 12.5, 3.33, 100, 0.5, 7.75, 1][i]! })),
      },
    },
  },
  {
    name: 'return rates: all under one percent',
    request: {
      kind: 'return-rate-bars',
      input: {
        title: 'Return rate by marketplace — this week',
        items: [
          { label: 'eBay', percent: 0.4 },
          { label: 'Etsy', percent: 0.15 },
          { label: 'Square', percent: 0.05 },
        ],
      },
    },
  },
  {
    name: 'return rates: one marketplace at 0 %',
    request: {
      kind: 'return-rate-bars',
      input: { title: 'Return rate — October 2026', items: [{ label: 'Flipkart', percent: 0 }] },
    },
  },
  // ---- grouped bars
  { name: 'grouped: three SKUs this week vs last week', request: { kind: 'grouped-bars', input: unitsBySku } },
  {
    name: 'grouped: periods across eight stores in crores, long title',
    request: {
      kind: 'grouped-bars',
      input: {
        title: LONG_TITLE,
        subtitle: LONG_SUBTITLE,
        aLabel: 'this quarter so far',
        bLabel: 'same days last year',
        currency: 'INR',
        categories: STORES.map((label, i) => ({
          label,
          a: [3_20_00_000, 0, 45_00_000, 12_345, 8_90_000, 1_50_00_000, 0, 99_999][i]!,
          b: [2_10_00_000, 5_00_000, 0, 54_321, 9_10_000, 1_20_00_000, 25_000, 0][i]!,
        })),
      },
    },
  },
  {
    name: 'grouped: twelve long product names, Shopify vs eBay units',
    request: {
      kind: 'grouped-bars',
      input: {
        title: 'Top products by units — last 30 days (18 Nov – 17 Dec 2026)',
        aLabel: 'Shopify',
        bLabel: 'eBay',
        valueTitle: 'Units',
        categories: LONG_PRODUCTS.map((label, i) => ({
          label,
          a: i % 5 === 0 ? 0 : 40 - i * 3,
          b: i % 4 === 1 ? 0 : 5 + i * 2,
        })),
      },
    },
  },
  {
    name: 'grouped: a single category',
    request: {
      kind: 'grouped-bars',
      input: {
        title: 'Units of SKU-MUG',
        aLabel: 'Flipkart',
        bLabel: 'Shopify',
        categories: [{ label: 'SKU-MUG', a: 14, b: 9 }],
      },
    },
  },
  {
    name: 'grouped: three marketplaces this month vs last month (the compare tool)',
    request: {
      kind: 'grouped-bars',
      input: {
        title: 'Sales by marketplace — this month (1 Nov – 15 Nov 2026) vs last month (1 Oct – 15 Oct 2026)',
        aLabel: 'this month',
        bLabel: 'last month',
        currency: 'INR',
        categories: [
          { label: 'eBay', a: 1_20_000, b: 95_000.5 },
          { label: 'Flipkart', a: 12_34_567.5, b: 0 },
          { label: 'Shopify', a: 8_50_000, b: 9_10_000 },
        ],
      },
    },
  },
  // ---- lines over time
  { name: 'lines: the small fixture', request: { kind: 'lines-over-time', input: revenueOverTime } },
  {
    name: 'lines: a 13-week quarter from mid-week, eight stores, partial weeks from the period',
    request: {
      kind: 'lines-over-time',
      input: {
        title: 'Sales by week — Q1 2026 (1 Jan – 31 Mar 2026)',
        currency: 'INR',
        interval: 'week',
        period: { firstDay: '2026-01-01', lastDay: '2026-03-31' },
        series: STORES.map(weekly),
      },
    },
  },
  {
    name: 'lines: the same quarter as the trend tool sends it today (no interval, no period)',
    request: {
      kind: 'lines-over-time',
      input: { title: 'Sales by week — Q1 2026 (1 Jan – 31 Mar 2026)', currency: 'INR', series: STORES.map(weekly) },
    },
  },
  {
    name: 'lines: this month by day, the running day flagged partial, long title and subtitle',
    request: {
      kind: 'lines-over-time',
      input: {
        title: LONG_TITLE,
        subtitle: LONG_SUBTITLE,
        currency: 'USD',
        series: STORES.slice(0, 7).map((label, k) => ({
          label,
          points: Array.from({ length: 17 }, (_, i) => ({
            date: `2026-12-${String(i + 1).padStart(2, '0')}`,
            value: 800 + k * 150 + ((i * 37 + k * 11) % 200),
            ...(i === 16 ? { partial: true } : {}),
          })),
        })),
      },
    },
  },
  {
    name: 'lines: twelve months in crores, long series names',
    request: {
      kind: 'lines-over-time',
      input: {
        title: 'Sales by month — 2026',
        currency: 'INR',
        interval: 'month',
        period: { firstDay: '2026-01-01', lastDay: '2026-12-17' },
        series: [LONG_PRODUCTS[0]!, LONG_PRODUCTS[1]!, 'Flipkart'].map((label, k) => ({
          label,
          points: Array.from({ length: 12 }, (_, i) => ({
            date: `2026-${String(i + 1).padStart(2, '0')}-01`,
            value: 1_00_00_000 + k * 2_50_00_000 + i * 12_34_567,
          })),
        })),
      },
    },
  },
  {
    name: 'lines: a single day',
    request: {
      kind: 'lines-over-time',
      input: {
        title: 'Sales today',
        currency: 'USD',
        series: [
          { label: 'eBay', points: [{ date: '2026-12-17', value: 310, partial: true }] },
          { label: 'Square', points: [{ date: '2026-12-17', value: 0 }] },
        ],
      },
    },
  },
  {
    name: 'lines: uneven dates, one series missing some',
    request: {
      kind: 'lines-over-time',
      input: {
        title: 'Sales on the days with orders',
        currency: 'USD',
        series: [
          {
            label: 'Etsy',
            points: ['2026-12-01', '2026-12-02', '2026-12-05', '2026-12-06', '2026-12-13'].map((date, i) => ({
              date,
              value: 120 + i * 30,
            })),
          },
          {
            label: 'BigCommerce',
            points: ['2026-12-02', '2026-12-13'].map((date, i) => ({ date, value: 90 + i * 10 })),
          },
        ],
      },
    },
  },
  {
    name: 'lines: all zero',
    request: {
      kind: 'lines-over-time',
      input: {
        title: 'Sales by day — last 7 days',
        currency: 'INR',
        series: [
          { label: 'Snapdeal', points: Array.from({ length: 7 }, (_, i) => ({ date: `2026-12-1${i}`, value: 0 })) },
        ],
      },
    },
  },
];
