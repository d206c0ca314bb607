import { chartConfig, chartFrame, valueFormats } from '../chart-style.ts';
import type { VegaLiteSpec } from '../render-png.ts';

export interface DatedValue {
  /** Calendar date in the seller's time zone, YYYY-MM-DD. */
  date: string;
  value: number;
}

export interface TimeSeries {
  /** Series name, usually the marketplace. */
  label: string;
  points: DatedValue[];
}

export interface LinesOverTimeInput {
  title: string;
  subtitle?: string;
  series: TimeSeries[];
  currency?: string;
  valueTitle?: string;
}

export function linesOverTimeSpec(input: LinesOverTimeInput): VegaLiteSpec {
  const format = valueFormats(input.currency);
  return {
    ...chartFrame,
    title: input.subtitle ? { text: input.title, subtitle: input.subtitle } : input.title,
    config: chartConfig(input.currency),
    data: { values: input.series.flatMap((s) => s.points.map((p) => ({ series: s.label, date: p.date, value: p.value }))) },
    mark: { type: 'line', point: { size: 30 }, strokeWidth: 2 },
    encoding: {
      // The dates are calendar days already; utc keeps them from shifting with the server's zone.
      x: { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate', title: null, axis: { labelAngle: 0, tickCount: 8, format: '%d %b' } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: input.valueTitle ?? (input.currency ? `Amount (${input.currency})` : null),
        axis: { format: format.axis, formatType: 'number', tickCount: 6 },
      },
      color: { field: 'series', type: 'nominal', title: null, sort: input.series.map((s) => s.label) },
    },
  };
}
