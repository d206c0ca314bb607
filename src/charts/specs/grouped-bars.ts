import type { ColorDef, OffsetDef, PositionFieldDef } from 'vega-lite/types_unstable/channeldef.js';
import {
  chartConfig,
  chartFrame,
  chartTitle,
  currencySymbol,
  displayLabels,
  FONT,
  INNER_WIDTH,
  marketplaceOf,
  PERIOD_COLOURS,
  seriesColours,
  topLegend,
  valueFormats,
  widest,
} from '../chart-style.ts';
import type { VegaLiteSpec } from '../render-png.ts';
import { CATEGORY_LABEL_WIDTH } from './horizontal-bars.ts';

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

/** Columns stand up only while every category's label fits under its own pair of bars. */
const MAX_COLUMNS = 8;

/** Rough width of the value axis (tick labels, title) beside vertical bars. */
function valueAxisWidth(input: GroupedBarsInput): number {
  const max = Math.max(1, ...input.categories.flatMap((c) => [Math.abs(c.a), Math.abs(c.b)]));
  const tick = `${input.currency ? currencySymbol(input.currency) : ''}${new Intl.NumberFormat(input.currency === 'INR' ? 'en-IN' : 'en-US', { maximumFractionDigits: 0 }).format(max * 1.25)}`;
  return widest([tick], FONT.axisLabel) + 40;
}

/**
 * A vs B side by side for each category, in the order given: columns when the category
 * labels fit under them level, else rows with the labels on the left (long product names,
 * many marketplaces), never rotated labels that collide.
 */
export function groupedBarsSpec(input: GroupedBarsInput): VegaLiteSpec {
  const format = valueFormats(input.currency);
  const legend = topLegend([input.aLabel, input.bLabel]);
  const groups = legend.labels;
  const count = input.categories.length;
  const columnLabels = displayLabels(
    input.categories.map((c) => c.label),
    CATEGORY_LABEL_WIDTH,
    FONT.axisLabel,
  );
  const step = (INNER_WIDTH - valueAxisWidth(input)) / Math.max(count, 1);
  const vertical = count <= MAX_COLUMNS && widest(columnLabels, FONT.axisLabel) <= step * 0.85 - 6;
  const labels = vertical
    ? columnLabels
    : displayLabels(
        input.categories.map((c) => c.label),
        CATEGORY_LABEL_WIDTH,
        FONT.categoryLabel,
      );
  const bothMarketplaces = marketplaceOf(input.aLabel) && marketplaceOf(input.bLabel);
  const colours = bothMarketplaces
    ? seriesColours([{ label: input.aLabel }, { label: input.bLabel }])
    : [...PERIOD_COLOURS];
  const max = Math.max(0, ...input.categories.flatMap((c) => [c.a, c.b]));
  const min = Math.min(0, ...input.categories.flatMap((c) => [c.a, c.b]));

  const category: PositionFieldDef<string> = {
    field: 'category',
    type: 'nominal',
    sort: labels,
    title: null,
    // a lone category would otherwise get bars half the chart wide
    scale: { paddingInner: 0.25, paddingOuter: count === 1 ? 1.5 : count === 2 ? 0.6 : 0.15 },
    axis: vertical
      ? { labelAngle: 0, labelLimit: 0, labelOverlap: false, labelPadding: 4 }
      : { labelFontSize: FONT.categoryLabel, labelLimit: 0, labelOverlap: false },
  };
  const value: PositionFieldDef<string> = {
    field: 'value',
    type: 'quantitative',
    title: input.valueTitle ?? (input.currency ? `Amount (${input.currency})` : null),
    scale: { domain: [min, max > 0 || min < 0 ? max : 1], nice: true },
    axis: { format: format.axis, formatType: 'number', tickCount: vertical ? 6 : 5 },
  };
  const offset: OffsetDef<string> = { field: 'group', type: 'nominal', sort: groups, scale: { paddingInner: 0.05 } };
  const color: ColorDef<string> = {
    field: 'group',
    type: 'nominal',
    title: null,
    scale: { domain: groups, range: colours },
    legend: legend.legend,
  };

  return {
    ...chartFrame,
    title: chartTitle(input.title, input.subtitle),
    config: chartConfig(input.currency),
    data: {
      values: input.categories.flatMap((c, i) => [
        { category: labels[i], group: groups[0], value: c.a },
        { category: labels[i], group: groups[1], value: c.b },
      ]),
    },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      ...(vertical ? { x: category, xOffset: offset, y: value } : { y: category, yOffset: offset, x: value }),
      color,
    },
  };
}
