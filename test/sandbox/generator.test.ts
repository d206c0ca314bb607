import { describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { formatMinor, SandboxData, STORES } from '../../src/sandbox/generator/index.ts';
import { childEnv, frame } from '../helpers/spawn.ts';

const ANCHOR = new Date('2026-11-01T00:00:00Z');
const NOW = new Date('2026-11-01T12:00:00Z');
const DAY = 86_400_000;

describe('sandbox data generator', () => {
  const data = new SandboxData({ orders: 6000, seed: 42, anchor: ANCHOR });

  it('is deterministic: the same seed gives the same stores, another seed does not', () => {
    const again = new SandboxData({ orders: 6000, seed: 42, anchor: ANCHOR });
    expect(again.truth(NOW)).toEqual(data.truth(NOW));
    expect(again.store('etsy').order(123, NOW)).toEqual(data.store('etsy').order(123, NOW));
    const other = new SandboxData({ orders: 6000, seed: 43, anchor: ANCHOR });
    expect(other.truth(NOW)).not.toEqual(data.truth(NOW));
  });

  it('splits the orders over ten stores in their currencies', () => {
    expect(data.stores.reduce((a, s) => a + s.orderCount, 0)).toBe(6000);
    const currencies = Object.fromEntries(data.stores.map((s) => [s.spec.key, s.spec.currency]));
    expect(currencies).toEqual({
      'shopify-us': 'USD',
      'shopify-eu': 'EUR',
      'ebay-us': 'USD',
      'ebay-uk': 'GBP',
      etsy: 'USD',
      flipkart: 'INR',
      bigcommerce: 'USD',
      'bigcommerce-outlet': 'USD',
      square: 'USD',
      snapdeal: 'INR',
    });
    expect(new Set(STORES.map((s) => s.marketplace)).size).toBe(7);
  });

  it("numbers the two BigCommerce stores' orders and products alike, as BigCommerce does", () => {
    const [main, outlet] = [data.store('bigcommerce'), data.store('bigcommerce-outlet')];
    expect(main.order(0, NOW)!.id).toBe('100');
    expect(outlet.order(0, NOW)!.id).toBe('100');
    expect(new Set(main.catalog.map((c) => c.productId)).has(outlet.catalog[0]!.productId)).toBe(true);
  });

  it('gives the catalog untracked and oversold items, categories and pictures, without moving any order', () => {
    const items = data.stores.flatMap((s) => s.catalog);
    expect(items.some((c) => !c.tracked)).toBe(true);
    expect(items.some((c) => c.inventory < 0)).toBe(true);
    expect(items.every((c) => c.category.length > 0 && /^[a-z0-9-]+\.jpg$/.test(c.image))).toBe(true);
  });

  it('sells the same SKUs on several marketplaces', () => {
    const skusBy = (key: string) => new Set(data.store(key).catalog.map((c) => c.sku));
    const shared = [...skusBy('flipkart')].filter((sku) => skusBy('shopify-us').has(sku));
    expect(shared.length).toBeGreaterThanOrEqual(10);
  });

  it('has weekly seasonality and growth over the year', () => {
    const store = data.store('shopify-us');
    const perWeekday = new Array(7).fill(0) as number[];
    let firstQuarter = 0;
    let lastQuarter = 0;
    for (let i = 0; i < store.orderCount; i++) {
      const at = store.createdAt(i);
      perWeekday[at.getUTCDay()]!++;
      const age = (ANCHOR.getTime() - at.getTime()) / DAY;
      if (age > 273) firstQuarter++;
      else if (age >= 0 && age < 91) lastQuarter++;
    }
    expect(perWeekday[6]! + perWeekday[0]!).toBeGreaterThan(perWeekday[2]! + perWeekday[3]!); // Sat+Sun > Tue+Wed
    expect(lastQuarter).toBeGreaterThan(firstQuarter * 1.6);
  });

  it('has every lifecycle status at realistic rates, and money that adds up', () => {
    const rows = data.truth(NOW);
    const statuses = rows.reduce<Record<string, number>>((acc, r) => {
      for (const [k, v] of Object.entries(r.byStatus)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {});
    const all = Object.values(statuses).reduce((a, b) => a + b, 0);
    for (const s of ['PENDING', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED', 'REFUNDED'])
      expect(statuses[s]).toBeGreaterThan(0);
    expect(statuses.RETURNED! / all).toBeGreaterThan(0.03);
    expect(statuses.RETURNED! / all).toBeLessThan(0.12);
    expect(statuses.CANCELLED! / all).toBeGreaterThan(0.02);
    expect(statuses.CANCELLED! / all).toBeLessThan(0.1);

    const store = data.store('flipkart');
    let sum = new Decimal(0);
    for (let i = 0; i < store.orderCount; i++) {
      const o = store.order(i, NOW);
      if (!o) continue;
      expect(o.total).toBe(o.subtotal + o.shipping + o.tax - o.discount);
      expect(o.subtotal).toBe(o.lines.reduce((a, l) => a + l.unitPrice * l.quantity, 0));
      expect(o.total % 100).toBe(0); // whole rupees
      sum = sum.plus(formatMinor(o.total, 2));
    }
    expect(rows.find((r) => r.store === 'flipkart')!.totals.INR).toBe(sum.toFixed(2));
  });

  it('changes order statuses as the clock moves, and shows new orders', () => {
    const store = data.store('bigcommerce');
    const later = new Date(NOW.getTime() + 2 * DAY);
    const changed = store.updatedBetween(NOW, null, later);
    expect(changed.length).toBeGreaterThan(0);
    const statusChanges = [...changed].filter((i) => {
      const before = store.order(i, NOW);
      return before !== null && before.status !== store.order(i, later)!.status;
    });
    expect(statusChanges.length).toBeGreaterThan(0);
    const newOnes = [...changed].filter((i) => store.order(i, NOW) === null);
    expect(newOnes.length).toBeGreaterThan(0);
    for (const i of changed) expect(store.order(i, later)!.updatedAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
  });

  it('formats minor units exactly', () => {
    expect(formatMinor(123456, 2)).toBe('1234.56');
    expect(formatMinor(5, 2)).toBe('0.05');
    expect(formatMinor(-5, 2)).toBe('-0.05');
    expect(formatMinor(1200, 0)).toBe('1200');
  });
});

describe('frame sandbox --truth', () => {
  it('prints per store the order count and totals as JSON, the same for the same seed', async () => {
    const args = [
      'sandbox',
      '--truth',
      '--json',
      '--orders',
      '3000',
      '--seed',
      '9',
      '--anchor',
      '2026-11-01',
      '--now',
      '2026-11-01T12:00:00Z',
    ];
    const [a, b] = await Promise.all([frame(args, childEnv()), frame(args, childEnv())]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout) as { stores: { store: string; orders: number; totals: Record<string, string> }[] };
    expect(out.stores).toHaveLength(10);
    const expected = new SandboxData({ orders: 3000, seed: 9, anchor: ANCHOR }).truth(NOW);
    expect(out.stores.map((s) => [s.store, s.orders, s.totals])).toEqual(
      expected.map((s) => [s.store, s.orders, s.totals]),
    );
  });

  it('rejects a bad --orders with a clear message', async () => {
    const result = await frame(['sandbox', '--truth', '--orders', 'lots'], childEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--orders: expected an integer from 1 to 5,000,000');
  });
});
