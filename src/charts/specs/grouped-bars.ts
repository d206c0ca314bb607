import { chartConfig, chartFrame, valueFormats } from '../chart-style.ts';
import type { VegaLiteSpec } from '../render-png.ts';

export interface PairedValues {
  /** Category, e.g. a SKU. */
  label: string;
  a: number;
  b: number;
}

export interface GroupedBarsInput {
  title: string;
  subtitle?: string;
  /** What A and B are: two marketplaces ('Shopify', 'eBay') or two periods ('This week', 'Last week'). */
  aLabel: string;
  bLabel: string;
  categories: PairedValues[];
  currency?: string;
  valueTitle?: string;
}

/** A vs B side by side for each category, in the order given. */
export function groupedBarsSpec(input: GroupedBarsInput): VegaLiteSpec {
  const format = valueFormats(input.currency);
  const groups = [input.aLabel, input.bLabel];
  return {
    ...chartFrame,
    title: input.subtitle ? { text: input.title, subtitle: input.subtitle } : input.title,
    config: chartConfig(input.currency),
    data: {
      values: input.categories.flatMap((c) => [
        { category: c.label, group: input.aLabel, value: c.a },
        { category: c.label, group: input.bLabel, value: c.b },
      ]),
    },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      x: {
        field: 'category',
        type: 'nominal',
        sort: input.categories.map((c) => c.label),
        title: null,
        axis: { labelAngle: input.categories.length > 6 ? -35 : 0, labelLimit: 120 },
      },
      xOffset: { field: 'group', type: 'nominal', sort: groups },
      y: {
        field: 'value',
        type: 'quantitative',
        title: input.valueTitle ?? (input.currency ? `Amount (${input.currency})` : null),
        axis: { format: format.axis, formatType: 'number', tickCount: 6 },
      },
      color: { field: 'group', type: 'nominal', title: null, scale: { domain: groups, range: ['#2563eb', '#f59e0b'] } },
    },
  };
}
