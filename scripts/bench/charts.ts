/**
 * Chart rendering benchmark (prints figures; not a test).
 *
 *   npx tsx scripts/bench/charts.ts [--runs 30] [--scale 2]
 *
 * Renders each chart kind --runs times after a warm-up, through the same path the bot uses
 * (vega-lite compile → vega View with the locked loader → SVG → sharp PNG), and prints p50/p95 ms.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { renderPng, type VegaLiteSpec } from '../../src/charts/render-png.ts';
import { barsByMarketplaceSpec } from '../../src/charts/specs/bars-by-marketplace.ts';
import { groupedBarsSpec } from '../../src/charts/specs/grouped-bars.ts';
import { linesOverTimeSpec } from '../../src/charts/specs/lines-over-time.ts';
import { returnRateBarsSpec } from '../../src/charts/specs/return-rate-bars.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, scale: { type: 'string', default: '2' } },
});
const runs = Number(values.runs);
const scale = Number(values.scale);
const marketplaces = ['Shopify', 'eBay', 'Etsy', 'Flipkart', 'BigCommerce', 'Square', 'Snapdeal'];

const kinds: Record<string, VegaLiteSpec> = {
  'bars-by-marketplace': barsByMarketplaceSpec({
    title: 'Sales by marketplace, last 30 days',
    currency: 'INR',
    items: marketplaces.map((label, i) => ({ label, value: 50000 + i * 123456.78 })),
  }),
  'lines-over-time': linesOverTimeSpec({
    title: 'Daily revenue, last 30 days',
    currency: 'USD',
    series: marketplaces.map((label, k) => ({
      label,
      points: Array.from({ length: 30 }, (_, i) => ({
        date: new Date(Date.UTC(2025, 2, i + 1)).toISOString().slice(0, 10),
        value: 800 + k * 150 + ((i * 37 + k * 11) % 200),
      })),
    })),
  }),
  'grouped-bars': groupedBarsSpec({
    title: 'Top SKUs: this week vs last week',
    aLabel: 'This week',
    bLabel: 'Last week',
    categories: Array.from({ length: 10 }, (_, i) => ({
      label: `SKU-${1000 + i}`,
      a: 20 + ((i * 7) % 15),
      b: 18 + ((i * 5) % 12),
    })),
  }),
  'return-rate-bars': returnRateBarsSpec({
    title: 'Return rate by marketplace',
    items: marketplaces.map((label, i) => ({ label, percent: 1.5 + i * 0.9 })),
  }),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

console.log(`chart render at ${scale}x, ${runs} warm runs per kind (node ${process.version})`);
for (const [name, spec] of Object.entries(kinds)) {
  for (let i = 0; i < 3; i++) await renderPng(spec, { scale });
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const chart = await renderPng(spec, { scale });
    times.push(performance.now() - start);
    bytes = chart.png.length;
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(20)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  png ${(bytes / 1024).toFixed(0)} KiB`,
  );
}
