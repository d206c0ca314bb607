import type { StoreSpec } from '../types.ts';
import { hashKeys } from './random.ts';

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function alnum(n: number, seedValue: number, length: number): string {
  let h = hashKeys(seedValue, [n]);
  let out = '';
  for (let i = 0; i < length; i++) {
    if (i % 5 === 0) h = hashKeys(h, [i]);
    out += ALNUM[h % ALNUM.length];
    h = Math.floor(h / ALNUM.length);
  }
  return out;
}

/**
 * Marketplace-shaped identifiers, unique per store and kind, derived from a sequence number.
 * Each server formats them further where its API does (Shopify GIDs, for one).
 */
export function marketplaceId(store: StoreSpec, kind: 'order' | 'line' | 'product' | 'variant', n: number): string {
  const storeNo = (hashKeys(7, [store.key]) % 90) + 10;
  switch (store.marketplace) {
    case 'ebay':
      if (kind === 'order')
        return `${storeNo}-${String(10000 + Math.floor(n / 100000)).padStart(5, '0')}-${String(n % 100000).padStart(5, '0')}`;
      if (kind === 'line') return String(10_000_000_000 + storeNo * 100_000_000 + n);
      return `${store.key.toUpperCase()}-${kind === 'product' ? 'P' : 'V'}${n}`;
    case 'flipkart':
      if (kind === 'order') return `OD${String(storeNo)}${String(n).padStart(16, '0')}`;
      if (kind === 'line') return String(4_000_000_000_000 + n);
      return kind === 'product'
        ? `LST${storeNo}${String(n).padStart(10, '0')}`
        : `FSN${storeNo}${String(n).padStart(10, '0')}`;
    case 'square':
      return `${alnum(n, hashKeys(storeNo, [kind]), kind === 'line' ? 22 : 24)}`;
    case 'snapdeal':
      if (kind === 'order') return `SLP${String(1_000_000_000 + n)}`;
      if (kind === 'line') return String(30_000_000 + n);
      return kind === 'product'
        ? `SUPC${storeNo}${String(n).padStart(8, '0')}`
        : `SUPC${storeNo}${String(n).padStart(8, '0')}V`;
    default: {
      const bases: Record<string, Record<typeof kind, number>> = {
        shopify: {
          order: 5_000_000_000_000 + storeNo * 1e9,
          line: 13_000_000_000_000 + storeNo * 1e10,
          product: 7_000_000_000_000 + storeNo * 1e6,
          variant: 45_000_000_000_000 + storeNo * 1e6,
        },
        etsy: {
          order: 3_000_000_000,
          line: 4_000_000_000,
          product: 1_500_000_000 + storeNo * 1e5,
          variant: 2_000_000_000 + storeNo * 1e5,
        },
        bigcommerce: { order: 100, line: 1, product: 100, variant: 1000 },
      };
      return String(bases[store.marketplace]![kind] + n);
    }
  }
}
