import type { BarsByMarketplaceInput } from './specs/bars-by-marketplace.ts';
import type { GroupedBarsInput } from './specs/grouped-bars.ts';
import { isPartial, type LinesOverTimeInput, timeBuckets } from './specs/lines-over-time.ts';
import type { ReturnRateBarsInput } from './specs/return-rate-bars.ts';

export type Align = 'left' | 'right';

/** Width in monospace cells; counts code points so ₹ and é take one cell. */
function cells(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - cells(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Plain monospace table: header, a dashed rule, rows; text left-aligned, numbers right-aligned. */
export function formatTextTable(headers: string[], rows: string[][], align: Align[], title?: string): string {
  const widths = headers.map((h, i) => Math.max(cells(h), ...rows.map((r) => cells(r[i] ?? ''))));
  const line = (row: string[]) =>
    row
      .map((cell, i) => pad(cell, widths[i] ?? 0, align[i] ?? 'left'))
      .join('  ')
      .trimEnd();
  const body = [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  return (title ? [title, ...body] : body).join('\n');
}

function numberFormatter(currency: string | undefined): (value: number) => string {
  const format = currency
    ? new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en-US', {
        style: 'currency',
        currency,
        currencyDisplay: 'narrowSymbol',
      })
    : new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  return (value) => format.format(value);
}

export function barsByMarketplaceTable(input: BarsByMarketplaceInput): string {
  const fmt = numberFormatter(input.currency);
  const rows = [...input.items].sort((a, b) => b.value - a.value).map((item) => [item.label, fmt(item.value)]);
  return formatTextTable(['Marketplace', input.valueTitle ?? 'Value'], rows, ['left', 'right'], input.title);
}

export function returnRateTable(input: ReturnRateBarsInput): string {
  const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  const rows = [...input.items]
    .sort((a, b) => b.percent - a.percent)
    .map((item) => [item.label, `${fmt.format(item.percent)}%`]);
  return formatTextTable([input.categoryTitle ?? 'Marketplace', 'Return rate'], rows, ['left', 'right'], input.title);
}

export function groupedBarsTable(input: GroupedBarsInput): string {
  const fmt = numberFormatter(input.currency);
  const rows = input.categories.map((c) => [c.label, fmt(c.a), fmt(c.b)]);
  return formatTextTable(['', input.aLabel, input.bLabel], rows, ['left', 'right', 'right'], input.title);
}

const BUCKET_HEADER = { day: 'Date', week: 'Week of', month: 'Month' } as const;

/**
 * One row per date, one column per series; a missing point shows as '-'. A bucket the chart
 * draws as partial (flagged, or cut by the period) says "(partial)" after its date.
 */
export function linesOverTimeTable(input: LinesOverTimeInput): string {
  const fmt = numberFormatter(input.currency);
  const { dates, interval } = timeBuckets(input);
  const known = { ...input, interval };
  const lookup = input.series.map((s) => new Map(s.points.map((p) => [p.date, p])));
  const partial = (date: string) =>
    lookup.some((m) => {
      const point = m.get(date);
      return point !== undefined && isPartial(known, point);
    });
  const rows = dates.map((date) => [
    partial(date) ? `${date} (partial)` : date,
    ...lookup.map((m) => (m.has(date) ? fmt(m.get(date)!.value) : '-')),
  ]);
  const headers = [BUCKET_HEADER[interval ?? 'day'], ...input.series.map((s) => s.label)];
  return formatTextTable(headers, rows, ['left', ...input.series.map((): Align => 'right')], input.title);
}
