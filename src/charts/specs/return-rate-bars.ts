import type { VegaLiteSpec } from '../render-png.ts';
import { horizontalBarsSpec } from './horizontal-bars.ts';

export interface ReturnRate {
  label: string;
  /** Percent, e.g. 4.5 for 4.5 % of orders returned. */
  percent: number;
}

export interface ReturnRateBarsInput {
  title: string;
  subtitle?: string;
  items: ReturnRate[];
}

export function returnRateBarsSpec(input: ReturnRateBarsInput): VegaLiteSpec {
  return horizontalBarsSpec({
    title: input.title,
    subtitle: input.subtitle,
    rows: input.items.map((item) => ({ label: item.label, value: item.percent / 100 })),
    format: { axis: '.0%', label: '.2~%' },
    valueTitle: 'Return rate',
    color: '#dc2626',
  });
}
