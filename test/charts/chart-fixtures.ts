import type { BarsByMarketplaceInput } from '../../src/charts/specs/bars-by-marketplace.ts';
import type { GroupedBarsInput } from '../../src/charts/specs/grouped-bars.ts';
import type { LinesOverTimeInput } from '../../src/charts/specs/lines-over-time.ts';
import type { ReturnRateBarsInput } from '../../src/charts/specs/return-rate-bars.ts';

export const salesByMarketplace: BarsByMarketplaceInput = {
  title: 'Sales by marketplace, last 30 days',
  currency: 'INR',
  items: [
    { label: 'Shopify', value: 850000 },
    { label: 'Flipkart', value: 1234567.5 },
    { label: 'Snapdeal', value: 43210 },
  ],
};

export const revenueOverTime: LinesOverTimeInput = {
  title: 'Daily revenue',
  currency: 'USD',
  series: ['Shopify', 'eBay'].map((label, k) => ({
    label,
    points: Array.from({ length: 7 }, (_, i) => ({ date: `2025-03-0${i + 1}`, value: 1000 + k * 250 + i * 40 })),
  })),
};

export const unitsBySku: GroupedBarsInput = {
  title: 'Units by SKU',
  aLabel: 'This week',
  bLabel: 'Last week',
  categories: [
    { label: 'SKU-1', a: 12, b: 20 },
    { label: 'SKU-22', a: 31, b: 18 },
    { label: 'SKU-333', a: 7, b: 9 },
  ],
};

export const returnRates: ReturnRateBarsInput = {
  title: 'Return rate by marketplace',
  items: [
    { label: 'Shopify', percent: 4.5 },
    { label: 'eBay', percent: 7.25 },
  ],
};
