import {
  chartConfig,
  chartFrame,
  chartTitle,
  displayLabels,
  FONT,
  INNER_WIDTH,
  seriesColours,
  widest,
} from '../chart-style.ts';
import type { VegaLiteSpec } from '../render-png.ts';

export interface HorizontalBarsOptions {
  title: string;
  subtitle?: string;
  rows: { label: string; value: number; marketplace?: string }[];
  format: { axis: string; label: string };
  /** The value label as the chart prints it, to make room for the widest one. */
  printValue: (value: number) => string;
  valueTitle: string | null;
  currency?: string;
  /** One colour for every bar, or 'marketplace': each bar its marketplace's fixed colour. */
  color: string;
}

/** Widest a category label may be before it is shortened (with "…"; the answer text has it whole). */
export const CATEGORY_LABEL_WIDTH = 200;

/** One bar per label, largest first, the value printed at the end of each bar. */
export function horizontalBarsSpec(o: HorizontalBarsOptions): VegaLiteSpec {
  const rows = [...o.rows].sort((x, y) => y.value - x.value);
  const labels = displayLabels(
    rows.map((r) => r.label),
    CATEGORY_LABEL_WIDTH,
    FONT.categoryLabel,
  );
  const values = rows.map((r, i) => ({ label: labels[i]!, value: r.value }));
  // Room at the right for the widest value label: the plot is what the labels on the left leave.
  const plot = INNER_WIDTH - widest(labels, FONT.categoryLabel) - 12;
  const room =
    widest(
      rows.map((r) => o.printValue(r.value)),
      FONT.valueLabel,
    ) + 10;
  const max = Math.max(0, ...rows.map((r) => r.value));
  const min = Math.min(0, ...rows.map((r) => r.value));
  const top = max > 0 ? (max * plot) / Math.max(plot - room, plot / 3) : min < 0 ? 0 : 1;
  const colours = o.color === 'marketplace' ? seriesColours(rows) : null;
  return {
    ...chartFrame,
    title: chartTitle(o.title, o.subtitle),
    config: chartConfig(o.currency),
    data: { values },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        sort: null,
        title: null,
        scale: { paddingInner: 0.25, paddingOuter: rows.length < 3 ? 0.6 : 0.15 },
        axis: { labelFontSize: FONT.categoryLabel, labelLimit: 0, labelOverlap: false },
      },
      x: {
        field: 'value',
        type: 'quantitative',
        title: o.valueTitle,
        axis: { format: o.format.axis, formatType: 'number', tickCount: 5 },
        scale: { domain: [min, top], nice: true },
      },
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2, ...(colours ? {} : { color: o.color }) },
        ...(colours
          ? {
              encoding: {
                color: { field: 'label', type: 'nominal', scale: { domain: labels, range: colours }, legend: null },
              },
            }
          : {}),
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: FONT.valueLabel, color: '#111827' },
        encoding: { text: { field: 'value', type: 'quantitative', format: o.format.label, formatType: 'number' } },
      },
    ],
  };
}
