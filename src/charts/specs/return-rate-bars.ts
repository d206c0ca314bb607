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
  /** what the bars are, for the text table's header: 'Marketplace' unless said */
  categoryTitle?: string;
}

const percentLabel = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function returnRateBarsSpec(input: ReturnRateBarsInput): VegaLiteSpec {
  return horizontalBarsSpec({
    title: input.title,
    subtitle: input.subtitle,
    rows: input.items.map((item) => ({ label: item.label, value: item.percent / 100 })),
    // ~ trims zeros: 0%, 0.1%, 2.5%, 10% (a fixed .0% printed "0%" for every tick under 1 %)
    format: { axis: '.2~%', label: '.2~%' },
    printValue: (value) => `${percentLabel.format(value * 100)}%`,
    valueTitle: 'Return rate',
    color: '#dc2626',
  });
}
