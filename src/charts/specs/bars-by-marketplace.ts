import { formatValueLabel, valueFormats } from '../chart-style.ts';
import type { VegaLiteSpec } from '../render-png.ts';
import { horizontalBarsSpec } from './horizontal-bars.ts';

/** Chart numbers are for drawing only; the answer text carries the exact decimals. */
export interface LabelledValue {
  label: string;
  value: number;
  /** The marketplace the row stands for (name or enum, e.g. 'BIGCOMMERCE'), when the label alone does not say (a store's name). */
  marketplace?: string;
}

export interface BarsByMarketplaceInput {
  title: string;
  subtitle?: string;
  /** One row per marketplace (or store), e.g. { label: 'Shopify', value: 850000 }. */
  items: LabelledValue[];
  /** ISO 4217 code: axis and labels become currency (₹8,50,000). */
  currency?: string;
  valueTitle?: string;
}

/** Each bar in its marketplace's fixed colour (two stores of one marketplace: two shades). */
export function barsByMarketplaceSpec(input: BarsByMarketplaceInput): VegaLiteSpec {
  return horizontalBarsSpec({
    title: input.title,
    subtitle: input.subtitle,
    rows: input.items.map((item) => ({
      label: item.label,
      value: item.value,
      ...(item.marketplace ? { marketplace: item.marketplace } : {}),
    })),
    format: valueFormats(input.currency),
    printValue: (value) => formatValueLabel(value, input.currency),
    valueTitle: input.valueTitle ?? (input.currency ? `Amount (${input.currency})` : null),
    currency: input.currency,
    color: 'marketplace',
  });
}
