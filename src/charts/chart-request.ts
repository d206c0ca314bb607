import type { VegaLiteSpec } from './render-png.ts';
import { type BarsByMarketplaceInput, barsByMarketplaceSpec } from './specs/bars-by-marketplace.ts';
import { type GroupedBarsInput, groupedBarsSpec } from './specs/grouped-bars.ts';
import { type LinesOverTimeInput, linesOverTimeSpec } from './specs/lines-over-time.ts';
import { type ReturnRateBarsInput, returnRateBarsSpec } from './specs/return-rate-bars.ts';
import { barsByMarketplaceTable, groupedBarsTable, linesOverTimeTable, returnRateTable } from './text-table.ts';

/** A chart an answer asks for: which kind, and the builder's input. */
export type ChartRequest =
  | { kind: 'bars-by-marketplace'; input: BarsByMarketplaceInput }
  | { kind: 'lines-over-time'; input: LinesOverTimeInput }
  | { kind: 'grouped-bars'; input: GroupedBarsInput }
  | { kind: 'return-rate-bars'; input: ReturnRateBarsInput };

export function chartSpec(request: ChartRequest): VegaLiteSpec {
  switch (request.kind) {
    case 'bars-by-marketplace':
      return barsByMarketplaceSpec(request.input);
    case 'lines-over-time':
      return linesOverTimeSpec(request.input);
    case 'grouped-bars':
      return groupedBarsSpec(request.input);
    case 'return-rate-bars':
      return returnRateBarsSpec(request.input);
  }
}

/** The same figures as a monospace table, where a picture cannot go. */
export function chartTable(request: ChartRequest): string {
  switch (request.kind) {
    case 'bars-by-marketplace':
      return barsByMarketplaceTable(request.input);
    case 'lines-over-time':
      return linesOverTimeTable(request.input);
    case 'grouped-bars':
      return groupedBarsTable(request.input);
    case 'return-rate-bars':
      return returnRateTable(request.input);
  }
}
