import type { InventoryAlerts } from '../analytics/get-inventory-alerts.ts';
import type { figuresData } from '../chat/tools/format.ts';

/** What a digest is made of (composed in compose-digest.ts, drawn in render-digest.ts). */

export type Figures = ReturnType<typeof figuresData>;

export interface DigestConnection {
  marketplace: string;
  store: string;
  problem: 'failing' | 'needs_reauth' | 'stale' | 'never_synced';
  lastSyncAt: Date | null;
  /** since when it fails (its last error's time) */
  since: Date | null;
  error: string | null;
}

/** Everything a day's digest says, from the metric layer the chat answers from; money in the display currency. */
export interface Digest {
  /** the local day reported on */
  day: string;
  timeZone: string;
  currency: string;
  yesterday: Figures;
  dayBefore: Figures;
  weekBefore: Figures;
  byMarketplace: Array<{
    marketplace: string;
    figures: Figures;
    weekBefore: Figures | null;
  }>;
  /** revenue converted from USD like the chat's top products */
  topProducts: Array<{ title: string; sku: string | null; units: number; revenue: string }>;
  /** returns recorded on the day, and per day over the weeks before */
  returns: { reported: number; dailyAverage: string };
  stock: Pick<InventoryAlerts, 'counts' | 'lowStockThreshold'> & { skus: string[] };
  connections: DigestConnection[];
  /** the last 7 days (the day reported last), per marketplace: sales in the display currency, orders */
  week: Array<{ marketplace: string; points: Array<{ day: string; sales: number; orders: number }> }>;
  exceptions: DigestException[];
}

/** What a digest calls out first, because a seller would want to act on it. */
export type DigestException =
  | { kind: 'connection'; connection: DigestConnection }
  /** no orders on a marketplace that had some on most of the same weekdays before */
  | { kind: 'no_orders'; marketplace: string; weeksWithOrders: number }
  /** sales more than BELOW_USUAL below the average of the same weekday over the weeks compared */
  | { kind: 'below_usual'; marketplace: string; sales: string; usual: string; pctBelow: number }
  | { kind: 'return_spike'; returns: number; dailyAverage: string };
