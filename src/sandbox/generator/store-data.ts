import type { CatalogItem, OrderLine, SandboxOrder, StatusChange, StoreSpec, TruthRow } from '../types.ts';
import { buildCatalog } from './catalog.ts';
import { marketplaceId } from './ids.ts';
import { type Rng, rngFor } from './random.ts';
import { historyAt, MAX_LIFECYCLE_MS, planLifecycle } from './timeline.ts';

const DAY = 86_400_000;
/** Mon..Sun relative order volume: weekends are busier for these shops. */
const WEEKDAY_WEIGHT = [100, 92, 95, 98, 110, 135, 128];
const FIRST = [
  'Aarav',
  'Priya',
  'Emma',
  'Liam',
  'Sofia',
  'Noah',
  'Mia',
  'Lucas',
  'Ananya',
  'Oliver',
  'Chloe',
  'Rohan',
  'Hannah',
  'Mateo',
  'Isla',
  'Kabir',
];
const LAST = [
  'Sharma',
  'Smith',
  'Müller',
  'Garcia',
  'Patel',
  'Brown',
  'Rossi',
  'Kumar',
  'Wilson',
  'Dubois',
  'Singh',
  'Taylor',
  'Jones',
  'Iyer',
];

export interface StoreWindow {
  /** first instant orders may be created */
  start: Date;
  days: number;
}

/**
 * One store's data, generated on demand from (seed, store, index): any order can be built
 * without the others, so a million orders never sit in memory. Only the per-day counts
 * (one number per day) and the small catalog are kept.
 */
export class StoreData {
  readonly catalog: CatalogItem[];
  /** cumulative order counts: orders of day d have indices [cum[d], cum[d+1]) */
  private readonly cum: Int32Array;
  private readonly activeCatalog: CatalogItem[];

  constructor(
    readonly seed: number,
    readonly spec: StoreSpec,
    readonly orderCount: number,
    readonly window: StoreWindow,
  ) {
    this.catalog = buildCatalog(seed, spec, new Date(window.start.getTime() + window.days * DAY));
    this.activeCatalog = this.catalog.filter((c) => c.status === 'active');
    this.cum = allocateDays(orderCount, window, seed, spec.key);
  }

  createdAt(index: number): Date {
    const day = upperBound(this.cum, index) - 1;
    const inDay = this.cum[day + 1]! - this.cum[day]!;
    const k = index - this.cum[day]!;
    const jitter = rngFor(this.seed, this.spec.key, 'at', index).int(0, 999);
    const ms = Math.floor(((k + jitter / 1000) / inDay) * DAY);
    return new Date(this.window.start.getTime() + day * DAY + ms);
  }

  /** first index created at or after `at` */
  firstIndexAt(at: Date): number {
    let lo = 0;
    let hi = this.orderCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.createdAt(mid) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private plan(index: number): StatusChange[] {
    return planLifecycle(rngFor(this.seed, this.spec.key, 'life', index), this.createdAt(index));
  }

  /** The order as the API shows it at `now`, or null if it is not placed yet. */
  order(index: number, now: Date, malformedRate = 0): SandboxOrder | null {
    if (index < 0 || index >= this.orderCount) return null;
    const history = historyAt(this.plan(index), now);
    if (!history) return null;
    const rng = rngFor(this.seed, this.spec.key, 'order', index);
    const lines = this.lines(rng, index);
    const subtotal = lines.reduce((a, l) => a + l.lineTotal, 0);
    const shipping = lines.reduce((a, l) => a + l.shipping, 0);
    const inr = this.spec.currency === 'INR';
    const discount = !inr && rng.chance(0.12) ? Math.round(subtotal / 10) : 0;
    const tax = this.spec.currency === 'USD' ? Math.round(((subtotal - discount) * 8) / 100) : 0;
    const total = subtotal + shipping + tax - discount;
    const last = history[history.length - 1]!;
    const first = rng.pick(FIRST);
    const lastName = rng.pick(LAST);
    return {
      store: this.spec,
      index,
      id: marketplaceId(this.spec, 'order', index),
      number: String(1001 + index),
      createdAt: history[0]!.at,
      updatedAt: last.at,
      status: last.status,
      history,
      currency: this.spec.currency,
      lines,
      subtotal,
      shipping,
      tax,
      discount,
      total,
      refunded: last.status === 'RETURNED' || last.status === 'REFUNDED' ? total : 0,
      cancelledAt: last.status === 'CANCELLED' ? last.at : null,
      customer: {
        name: `${first} ${lastName}`,
        email: `${first}.${lastName}${index % 97}@example.com`.toLowerCase().replace('ü', 'u'),
      },
      malformed: malformedRate > 0 && rngFor(this.seed, this.spec.key, 'malformed', index).chance(malformedRate),
    };
  }

  private lines(rng: Rng, index: number): OrderLine[] {
    const count = 1 + rng.weighted([70, 22, 8]);
    const inr = this.spec.currency === 'INR';
    const used = new Set<number>();
    const lines: OrderLine[] = [];
    for (let k = 0; k < count; k++) {
      let c = rng.int(0, this.activeCatalog.length - 1);
      while (used.has(c)) c = (c + 1) % this.activeCatalog.length;
      used.add(c);
      const item = this.activeCatalog[c]!;
      // Snapdeal makes one sub-order per unit: keep its quantities small
      const quantity = 1 + rng.weighted(this.spec.marketplace === 'snapdeal' ? [85, 15, 0] : [80, 15, 5]);
      const unitPrice = item.price;
      const shipping = inr
        ? item.price >= 49900
          ? 0
          : 4000 * quantity
        : k === 0 && unitPrice * quantity < 5000
          ? 599
          : 0;
      lines.push({
        lineId: marketplaceId(this.spec, 'line', index * 4 + k),
        sku: item.sku,
        productId: item.productId,
        variantId: item.variantId,
        title: item.variantTitle ? `${item.title} - ${item.variantTitle}` : item.title,
        quantity,
        unitPrice,
        lineTotal: unitPrice * quantity,
        shipping,
      });
    }
    return lines;
  }

  /** Indices of orders whose last change at `now` falls in [from, to), in creation order. */
  updatedBetween(from: Date | null, to: Date | null, now: Date): Int32Array {
    const start = from ? this.firstIndexAt(new Date(from.getTime() - MAX_LIFECYCLE_MS)) : 0;
    const end = this.firstIndexAt(new Date(now.getTime() + 1));
    const out = new Int32Array(Math.max(0, end - start));
    let n = 0;
    for (let i = start; i < end; i++) {
      const history = historyAt(this.plan(i), now);
      if (!history) continue;
      const updated = history[history.length - 1]!.at;
      if ((from === null || updated >= from) && (to === null || updated < to)) out[n++] = i;
    }
    return out.subarray(0, n);
  }

  /** Indices of orders created in [from, to) and placed by `now`. */
  createdBetween(from: Date | null, to: Date | null, now: Date): { start: number; end: number } {
    const start = from ? this.firstIndexAt(from) : 0;
    const cap = this.firstIndexAt(new Date(now.getTime() + 1));
    const end = Math.min(cap, to ? this.firstIndexAt(to) : this.orderCount);
    return { start, end: Math.max(start, end) };
  }

  products(now: Date): CatalogItem[] {
    return this.catalog.filter((c) => c.createdAt <= now);
  }

  truth(now: Date): TruthRow {
    const end = this.firstIndexAt(new Date(now.getTime() + 1));
    let total = 0;
    const byStatus: TruthRow['byStatus'] = {
      PENDING: 0,
      PROCESSING: 0,
      SHIPPED: 0,
      DELIVERED: 0,
      CANCELLED: 0,
      RETURNED: 0,
      REFUNDED: 0,
    };
    let orders = 0;
    for (let i = 0; i < end; i++) {
      const order = this.order(i, now);
      if (!order) continue;
      orders++;
      total += order.total;
      byStatus[order.status]++;
    }
    return {
      store: this.spec.key,
      marketplace: this.spec.marketplace,
      storeId: this.spec.storeId,
      orders,
      products: this.products(now).length,
      totals: orders ? { [this.spec.currency]: formatMinor(total, this.spec.exponent) } : {},
      byStatus,
    };
  }
}

/** Integer minor units → decimal string, exactly ("123456" with exponent 2 → "1234.56"). */
export function formatMinor(minor: number, exponent: number): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`not a safe integer amount: ${minor}`);
  if (exponent === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

function upperBound(arr: Int32Array, value: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Orders per day: growth over the year times weekly seasonality, allocated by largest remainder. */
function allocateDays(total: number, window: StoreWindow, seed: number, key: string): Int32Array {
  const weights: number[] = [];
  for (let d = 0; d < window.days; d++) {
    const date = new Date(window.start.getTime() + d * DAY);
    const weekday = (date.getUTCDay() + 6) % 7;
    const growth = 1000 + Math.floor((d * 1500) / window.days); // 2.5x over the window
    const noise = 90 + rngFor(seed, key, 'day', d).int(0, 20);
    weights.push(growth * WEEKDAY_WEIGHT[weekday]! * noise);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w * total) / sum));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = weights.map((w, d) => ({ d, rem: (w * total) % sum })).sort((a, b) => b.rem - a.rem || a.d - b.d);
  for (let i = 0; left > 0; i = (i + 1) % order.length, left--) counts[order[i]!.d]!++;
  const cum = new Int32Array(window.days + 1);
  for (let d = 0; d < window.days; d++) cum[d + 1] = cum[d]! + counts[d]!;
  return cum;
}
