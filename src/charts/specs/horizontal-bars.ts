import type { VegaLiteSpec } from '../render-png.ts';
import { chartConfig, chartFrame } from '../chart-style.ts';

export interface HorizontalBarsOptions {
  title: string;
  subtitle?: string;
  rows: { label: string; value: number }[];
  format: { axis: string; label: string };
  valueTitle: string | null;
  currency?: string;
  color: string;
}

/** One bar per label, largest first, the value printed at the end of each bar. */
export function horizontalBarsSpec(o: HorizontalBarsOptions): VegaLiteSpec {
  return {
    ...chartFrame,
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    config: chartConfig(o.currency),
    data: { values: [...o.rows].sort((x, y) => y.value - x.value) },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelFontSize: 13 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: o.valueTitle,
        axis: { format: o.format.axis, formatType: 'number', tickCount: 5 },
        scale: { nice: true },
      },
    },
    layer: [
      { mark: { type: 'bar', color: o.color, cornerRadiusEnd: 2 } },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 12, color: '#111827' },
        encoding: { text: { field: 'value', type: 'quantitative', format: o.format.label, formatType: 'number' } },
      },
    ],
  };
}
