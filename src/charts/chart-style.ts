import type { Config } from 'vega-lite';
import { z } from 'zod';
import { CHART_FONT } from './fonts.ts';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 360;

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as INR');

/** Decimal places the currency uses (JPY 0, INR 2, …). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function currencySymbol(currency: string): string {
  const parts = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
  return parts.find((p) => p.type === 'currency')?.value ?? `${currency} `;
}

/** d3 groups digits by cycling `grouping`; Indian grouping is 3 then 2s (₹8,50,000). */
function grouping(currency: string): number[] {
  return currency === 'INR' ? [3, 2, 2, 2, 2, 2, 2, 2, 2, 2] : [3];
}

/** d3 formats for axis ticks (trailing zeros trimmed) and value labels; `$` is the spec locale's currency. */
export function valueFormats(currency: string | undefined): { axis: string; label: string } {
  if (!currency) return { axis: ',~f', label: ',.2~f' };
  return { axis: '$,~f', label: `$,.${currencyDigits(currency)}f` };
}

/** Shared look: DejaVu Sans everywhere, white background, readable sizes, currency locale. */
export function chartConfig(currency?: string): Config {
  return {
    font: CHART_FONT,
    background: 'white',
    view: { stroke: null },
    title: { fontSize: 18, anchor: 'start', offset: 12 },
    axis: { labelFontSize: 12, titleFontSize: 13, labelLimit: 160, gridColor: '#e5e7eb' },
    legend: { labelFontSize: 12, titleFontSize: 12, orient: 'top' },
    ...(currency
      ? { locale: { number: { decimal: '.', thousands: ',', grouping: grouping(currency), currency: [currencySymbol(currency), ''] } } }
      : {}),
  };
}

/** Total size fixed at 640×360 (1x) including axes, titles and legend. */
export const chartFrame = {
  width: CHART_WIDTH,
  height: CHART_HEIGHT,
  autosize: { type: 'fit', contains: 'padding' },
  padding: 12,
} as const;
