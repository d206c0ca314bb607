import { valueFormats } from '../chart-style.ts';
import type { VegaLiteSpec } from '../render-png.ts';
import { horizontalBarsSpec } from './horizontal-bars.ts';

/** Chart numbers are for drawing only; the answer text carries the exact decimals. */
export interface LabelledValue {
  label: string;
  value: number;
}

export interface BarsByMarketplaceInput {
  title: string;
  subtitle?: string;
  /** One row per marketplace, e.g. { label: 'Shopify', value: 850000 }. */
  items: LabelledValue[];
  /** ISO 4217 code: axis and labels become currency (₹8,50,000). */
  currency?: string;
  valueTitle?: string;
}

export function barsByMarketplaceSpec(input: BarsByMarketplaceInput): VegaLiteSpec {
  return horizontalBarsSpec({
    title: input.title,
    subtitle: input.subtitle,
    rows: input.items.map((item) => ({ label: item.label, value: item.value })),
    format: valueFormats(input.currency),
    valueTitle: input.valueTitle ?? (input.currency ? `Amount (${input.currency})` : null),
    currency: input.currency,
    color: '#2563eb',
  });
}
