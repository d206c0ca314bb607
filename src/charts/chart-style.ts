import type { Config } from 'vega-lite';
import type { ExprRef } from 'vega-lite/types_unstable/expr.js';
import type { Legend } from 'vega-lite/types_unstable/legend.js';
import { z } from 'zod';
import { MarketplaceType } from '../generated/prisma/enums.ts';
import { CHART_FONT } from './fonts.ts';
import { measureText, shortenText, wrapText } from './text-metrics.ts';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 360;
export const CHART_PADDING = 12;
/** Width inside the padding: what a title, subtitle or top legend may use. */
export const INNER_WIDTH = CHART_WIDTH - 2 * CHART_PADDING;

/** Font sizes the specs lay text out with (the measurements must use the same ones). */
export const FONT = {
  title: 18,
  /** a title too long for two lines at 18 px tries this size before being shortened */
  titleSmall: 15,
  subtitle: 13,
  axisLabel: 12,
  axisTitle: 13,
  legendLabel: 12,
  valueLabel: 12,
  categoryLabel: 13,
} as const;

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as INR');

/** Decimal places the currency uses (JPY 0, INR 2, …). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function currencySymbol(currency: string): string {
  const parts = new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
  }).formatToParts(0);
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

/** A value as the chart's value labels print it (Intl, close enough to d3 for measuring). */
export function formatValueLabel(value: number, currency: string | undefined): string {
  if (!currency) return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
  const digits = currencyDigits(currency);
  const number = new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(Math.abs(value));
  return `${value < 0 ? '-' : ''}${currencySymbol(currency)}${number}`;
}

/** Shared look: DejaVu Sans everywhere, white background, readable sizes, currency locale. */
export function chartConfig(currency?: string): Config {
  return {
    font: CHART_FONT,
    background: 'white',
    view: { stroke: null },
    title: {
      fontSize: FONT.title,
      subtitleFontSize: FONT.subtitle,
      subtitleColor: '#4b5563',
      anchor: 'start',
      offset: 10,
      limit: INNER_WIDTH,
    },
    axis: { labelFontSize: FONT.axisLabel, titleFontSize: FONT.axisTitle, labelLimit: 200, gridColor: '#e5e7eb' },
    // top legends start at the left edge of the chart (not of the plot), so they have the whole inner width
    legend: {
      labelFontSize: FONT.legendLabel,
      titleFontSize: 12,
      orient: 'top',
      layout: { top: { anchor: 'start', frame: 'bounds' } },
    } as unknown as Config['legend'],
    ...(currency
      ? {
          locale: {
            number: {
              decimal: '.',
              thousands: ',',
              grouping: grouping(currency),
              currency: [currencySymbol(currency), ''],
            },
          },
        }
      : {}),
  };
}

/** Total size fixed at 640×360 (1x) including axes, titles and legend. */
export const chartFrame = {
  width: CHART_WIDTH,
  height: CHART_HEIGHT,
  autosize: { type: 'fit', contains: 'padding' },
  padding: CHART_PADDING,
} as const;

// ---- titles ---------------------------------------------------------------------------------

/**
 * Title and subtitle wrapped to the chart's width by our own measurement, so vega never cuts
 * them and a long title cannot squeeze the plot: the title in at most two lines (at a smaller
 * size before anything is shortened), the subtitle in at most two, then any notes one line each.
 */
export interface ChartTitle {
  text: string | string[];
  fontSize: number;
  subtitle?: string | string[];
}

export function chartTitle(title: string, subtitle?: string, notes: string[] = []): ChartTitle {
  // a hair under the title's limit: vega cuts a line that is not strictly narrower than it
  const width = INNER_WIDTH - 2;
  let size: number = FONT.title;
  let wrapped = wrapText(title, width, size, 'bold', 2);
  if (!wrapped.fits) {
    size = FONT.titleSmall;
    wrapped = wrapText(title, width, size, 'bold', 2);
  }
  const sub = [
    ...(subtitle ? wrapText(subtitle, width, FONT.subtitle, 'normal', 2).lines : []),
    ...notes.map((n) => shortenText(n, width, FONT.subtitle)),
  ];
  return {
    text: wrapped.lines.length === 1 ? wrapped.lines[0]! : wrapped.lines,
    fontSize: size,
    ...(sub.length ? { subtitle: sub.length === 1 ? sub[0]! : sub } : {}),
  };
}

// ---- labels ---------------------------------------------------------------------------------

/**
 * Labels shortened to `width` px and made unique, so a band scale never merges two categories
 * (two stores, or two long names that shorten alike, would otherwise share one bar).
 */
export function displayLabels(labels: string[], width: number, fontSize: number, fontWeight?: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const label of labels) {
    let shown = shortenText(label, width, fontSize, fontWeight) || '(no name)';
    for (let n = 2; seen.has(shown); n++)
      shown = `${shortenText(label, width - measureText(` (${n})`, fontSize, fontWeight), fontSize, fontWeight)} (${n})`;
    seen.add(shown);
    out.push(shown);
  }
  return out;
}

/** Widest of the texts in px. */
export function widest(texts: string[], fontSize: number, fontWeight?: unknown): number {
  return texts.reduce((w, t) => Math.max(w, measureText(t, fontSize, fontWeight)), 0);
}

// ---- legends --------------------------------------------------------------------------------

/** Px a symbol legend entry takes besides its label: symbol, gap, and the padding to the next column. */
const LEGEND_ENTRY_EXTRA = 16 + 4 + 12;

/**
 * A top legend that wraps into rows instead of running off the right edge (vega lays a top
 * legend out in one row by default: the 7th marketplace fell outside a 640 px chart).
 * Labels are shortened to fit one column at most the inner width.
 */
export function topLegend(labels: string[]): { labels: string[]; legend: Legend<ExprRef> } {
  const shown = displayLabels(labels, INNER_WIDTH - LEGEND_ENTRY_EXTRA, FONT.legendLabel);
  const widths = shown.map((l) => measureText(l, FONT.legendLabel) + LEGEND_ENTRY_EXTRA);
  let columns = Math.max(1, shown.length);
  const fits = (k: number) => {
    let total = 0;
    for (let c = 0; c < k; c++) total += Math.max(...widths.filter((_, i) => i % k === c));
    return total <= INNER_WIDTH;
  };
  while (columns > 1 && !fits(columns)) columns--;
  return {
    labels: shown,
    // symbolLimit 0: no cap on the number of entries
    legend: { columns, labelLimit: INNER_WIDTH, symbolLimit: 0, columnPadding: 12, rowPadding: 4, title: null },
  };
}

// ---- colours --------------------------------------------------------------------------------

/**
 * One fixed colour per marketplace, so Shopify is the same green in every chart whatever else
 * is drawn beside it (scale order would repaint it with each chart's series list). Given in the
 * order of the marketplaces' enum: a marketplace added at its end never moves another's colour.
 */
const MARKETPLACE_PALETTE = [
  '#5b8c2a',
  '#1f5fd1',
  '#e8590c',
  '#b58900',
  '#7c3aed',
  '#3f3f46',
  '#db2777',
  '#0891b2',
  '#65a30d',
];
export const MARKETPLACE_COLOURS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(MarketplaceType).map((m, i) => [m, MARKETPLACE_PALETTE[i % MARKETPLACE_PALETTE.length]!]),
);

/** Two periods compared (this month vs last month): the current one strong, the earlier one grey. */
export const PERIOD_COLOURS = ['#0e7490', '#9ca3af'] as const;

/** Series that are neither marketplaces nor the two periods, in order. */
const OTHER_COLOURS = [
  '#0e7490',
  '#be123c',
  '#4d7c0f',
  '#c2410c',
  '#0369a1',
  '#a21caf',
  '#854d0e',
  '#0f766e',
  '#9f1239',
  '#57534e',
];

const MARKETPLACE_KEYS = Object.keys(MARKETPLACE_COLOURS).map((name) => ({ name, key: name.toLowerCase() }));

/** A marketplace's colour by its name or enum ('Shopify', 'BIGCOMMERCE'). */
export const marketplaceColour = (name: string): string | undefined =>
  MARKETPLACE_COLOURS[marketplaceOf(name, name) ?? ''];

/**
 * The marketplace (its enum) a series or category stands for: its `marketplace` field (a name
 * or an enum such as 'BIGCOMMERCE'), else its label when the label starts with a marketplace's name
 * ("Shopify", "Shopify — Outlet store").
 */
export function marketplaceOf(label: string, marketplace?: string): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  if (marketplace) {
    const found = MARKETPLACE_KEYS.find((m) => m.key === norm(marketplace));
    if (found) return found.name;
  }
  const lower = label.trim().toLowerCase();
  return MARKETPLACE_KEYS.find(
    (m) => lower === m.key || (lower.startsWith(m.key) && !/[a-z0-9]/.test(lower.charAt(m.key.length))),
  )?.name;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbToHex([r, g, b]: number[]): string {
  return `#${[r, g, b]
    .map((v) =>
      Math.round(Math.min(255, Math.max(0, v!)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function toLab(hex: string): [number, number, number] {
  const lin = hexToRgb(hex).map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const [r, g, b] = lin;
  const xyz = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ].map((t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116)) as [number, number, number];
  return [116 * xyz[1] - 16, 500 * (xyz[0] - xyz[1]), 200 * (xyz[1] - xyz[2])];
}

/** CIE76 ΔE between two #rrggbb colours: under ~10 two lines are hard to tell apart. */
export function colourDistance(a: string, b: string): number {
  const [l1, a1, b1] = toLab(a);
  const [l2, a2, b2] = toLab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** The colour mixed toward white (t > 0) or black (t < 0). */
function shade(hex: string, t: number): string {
  const target = t > 0 ? 255 : 0;
  return rgbToHex(hexToRgb(hex).map((v) => v + (target - v) * Math.abs(t)));
}

const MIN_DISTANCE = 18;

/**
 * Distinct colours for a list of series: a marketplace's own colour for the first series of
 * that marketplace, lighter and darker shades of it for its other stores, the fixed "other"
 * list for the rest; any candidate too close to a colour already used is skipped.
 */
export function seriesColours(
  series: { label: string; marketplace?: string }[],
  others: readonly string[] = OTHER_COLOURS,
): string[] {
  const used: string[] = [];
  const take = (candidates: string[]): string => {
    const pick =
      candidates.find((c) => used.every((u) => colourDistance(u, c) >= MIN_DISTANCE)) ??
      candidates.find((c) => !used.includes(c)) ??
      generated(used);
    used.push(pick);
    return pick;
  };
  const storesSeen = new Map<string, number>();
  let other = 0;
  return series.map((s) => {
    const market = marketplaceOf(s.label, s.marketplace);
    if (market) {
      const base = MARKETPLACE_COLOURS[market]!;
      const n = storesSeen.get(market) ?? 0;
      storesSeen.set(market, n + 1);
      const family = [base, shade(base, -0.4), shade(base, 0.45), shade(base, -0.65), shade(base, 0.65)];
      return take([...family.slice(n), ...family.slice(0, n), ...others]);
    }
    const rotated = [...others.slice(other), ...others.slice(0, other)];
    other++;
    return take(rotated);
  });
}

/** A colour far from every used one, by walking hues at the golden angle. */
function generated(used: string[]): string {
  for (let i = 0; i < 360; i++) {
    const hue = (i * 137.508) % 360;
    const candidate = hslToHex(hue, 0.65, i % 2 ? 0.35 : 0.5);
    if (used.every((u) => colourDistance(u, candidate) >= MIN_DISTANCE / 2)) return candidate;
  }
  return '#000000';
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return rgbToHex([f(0), f(8), f(4)]);
}
