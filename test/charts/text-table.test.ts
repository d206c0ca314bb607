import { describe, expect, it } from '@jest/globals';
import { barsByMarketplaceTable, formatTextTable, groupedBarsTable, linesOverTimeTable, returnRateTable } from '../../src/charts/text-table.ts';
import { returnRates, revenueOverTime, salesByMarketplace, unitsBySku } from './chart-fixtures.ts';

function columnEnds(line: string): number {
  return [...line].length;
}

describe('text tables', () => {
  it('aligns text left and numbers right', () => {
    const table = formatTextTable(['Name', 'Qty'], [['a', '1'], ['longer name', '1,000']], ['left', 'right']);
    expect(table).toBe(['Name           Qty', '-----------  -----', 'a                1', 'longer name  1,000'].join('\n'));
  });

  it('formats a marketplace table with the currency, largest first, every row the same width', () => {
    const lines = barsByMarketplaceTable(salesByMarketplace).split('\n');
    expect(lines[0]).toBe('Sales by marketplace, last 30 days');
    expect(lines.slice(3)).toEqual(['Flipkart     ₹12,34,567.50', 'Shopify       ₹8,50,000.00', 'Snapdeal        ₹43,210.00']);
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
    expect(returnRateTable(returnRates).split('\n').slice(3)).toEqual(['eBay               7.25%', 'Shopify             4.5%']);
  });
});
