import { describe, expect, it } from '@jest/globals';
import {
  barsByMarketplaceTable,
  formatTextTable,
  groupedBarsTable,
  linesOverTimeTable,
  returnRateTable,
} from '../../src/charts/text-table.ts';
import { returnRates, revenueOverTime, salesByMarketplace, unitsBySku } from './chart-fixtures.ts';

function columnEnds(line: string): number {
  return [...line].length;
}

describe('text tables', () => {
  it('aligns text left and numbers right', () => {
    const table = formatTextTable(
      ['Name', 'Qty'],
      [
        ['a', '1'],
        ['longer name', '1,000'],
      ],
      ['left', 'right'],
    );
    expect(table).toBe(
      ['Name           Qty', '-----------  -----', 'a                1', 'longer name  1,000'].join('\n'),
    );
  });

  it('formats a marketplace table with the currency, largest first, every row the same width', () => {
    const lines = barsByMarketplaceTable(salesByMarketplace).split('\n');
    expect(lines[0]).toBe('Sales by marketplace, last 30 days');
    expect(lines.slice(3)).toEqual([
      'Flipkart     ₹12,34,567.50',
      'Shopify       ₹8,50,000.00',
      'Snapdeal        ₹43,210.00',
    ]);
    expect(new Set(lines.slice(1).map(columnEnds)).size).toBe(1);
  });

  it('pivots time series into one column per series', () => {
    const lines = linesOverTimeTable(revenueOverTime).split('\n');
    expect(lines[1]).toMatch(/^Date\s+Shopify\s+eBay$/);
    expect(lines[3]).toBe('2025-03-01  $1,000.00  $1,250.00');
    expect(lines).toHaveLength(3 + 7);
  });

  it('shows A vs B and return rates', () => {
    expect(groupedBarsTable(unitsBySku).split('\n').slice(1, 4)).toEqual([
      '         This week  Last week',
      '-------  ---------  ---------',
      'SKU-1           12         20',
    ]);
    expect(returnRateTable(returnRates).split('\n').slice(3)).toEqual([
      'eBay               7.25%',
      'Shopify             4.5%',
    ]);
  });
});

describe('text tables keep in step with the charts', () => {
  it('names the bucket and marks the partial ones like the chart', () => {
    const lines = linesOverTimeTable({
      title: 'Sales by week — Q1 2026',
      currency: 'INR',
      interval: 'week',
      period: { firstDay: '2026-01-01', lastDay: '2026-03-31' },
      series: [
        { label: 'Shopify', points: ['2025-12-29', '2026-01-05', '2026-03-30'].map((date) => ({ date, value: 1000 })) },
      ],
    }).split('\n');
    expect(lines[1]).toMatch(/^Week of\s+Shopify$/);
    expect(lines.slice(3).map((l) => l.split(/\s{2,}/)[0])).toEqual([
      '2025-12-29 (partial)',
      '2026-01-05',
      '2026-03-30 (partial)',
    ]);
  });

  it('marks a point flagged partial without a period', () => {
    const table = linesOverTimeTable({
      ...revenueOverTime,
      series: revenueOverTime.series.map((s) => ({
        ...s,
        points: s.points.map((p, i) => (i === 6 ? { ...p, partial: true } : p)),
      })),
    });
    expect(table.split('\n').at(-1)).toMatch(/^2025-03-07 \(partial\)\s/);
    expect(table.split('\n')[1]).toMatch(/^Date\s/);
  });
});
