import type { CatalogItem, StoreSpec } from '../types.ts';
import { marketplaceId } from './ids.ts';
import { rngFor } from './random.ts';

/** Master catalog: the same SKUs sold on several marketplaces. Prices in US cents. */
interface MasterProduct {
  code: string;
  title: string;
  category: string;
  usdCents: number;
  variants: readonly string[];
}

const MASTER: readonly MasterProduct[] = [
  {
    code: 'MUG',
    title: 'Ceramic Coffee Mug',
    category: 'Kitchen & Dining',
    usdCents: 1499,
    variants: ['White', 'Black', 'Sage'],
  },
  {
    code: 'TEE',
    title: 'Organic Cotton T-Shirt',
    category: 'Apparel',
    usdCents: 2400,
    variants: ['S', 'M', 'L', 'XL'],
  },
  { code: 'TOTE', title: 'Canvas Tote Bag', category: 'Bags', usdCents: 1899, variants: [] },
  {
    code: 'CANDLE',
    title: 'Soy Wax Candle',
    category: 'Home Fragrance',
    usdCents: 2200,
    variants: ['Lavender', 'Cedar'],
  },
  { code: 'NOTE', title: 'Linen Notebook A5', category: 'Stationery', usdCents: 1250, variants: [] },
  { code: 'PRINT', title: 'Botanical Art Print', category: 'Wall Art', usdCents: 3500, variants: ['A4', 'A3'] },
  { code: 'SOCK', title: 'Merino Wool Socks', category: 'Apparel', usdCents: 1600, variants: ['M', 'L'] },
  {
    code: 'BOTTLE',
    title: 'Insulated Water Bottle',
    category: 'Kitchen & Dining',
    usdCents: 2999,
    variants: ['500ml', '750ml'],
  },
  { code: 'LAMP', title: 'Walnut Desk Lamp', category: 'Lighting', usdCents: 8900, variants: [] },
  { code: 'SCARF', title: 'Hand-Woven Scarf', category: 'Accessories', usdCents: 4500, variants: ['Rust', 'Navy'] },
  { code: 'EARBUD', title: 'Wireless Earbuds', category: 'Electronics', usdCents: 5999, variants: [] },
  {
    code: 'CASE',
    title: 'Leather Phone Case',
    category: 'Electronics',
    usdCents: 2799,
    variants: ['iPhone 16', 'Pixel 9'],
  },
  {
    code: 'PLANT',
    title: 'Terracotta Planter',
    category: 'Home & Garden',
    usdCents: 1999,
    variants: ['Small', 'Large'],
  },
  { code: 'SOAP', title: 'Handmade Olive Soap', category: 'Bath & Body', usdCents: 899, variants: [] },
  { code: 'HOODIE', title: 'Fleece Hoodie', category: 'Apparel', usdCents: 5400, variants: ['S', 'M', 'L'] },
  { code: 'WALLET', title: 'Slim Card Wallet', category: 'Accessories', usdCents: 3200, variants: [] },
  { code: 'BOARD', title: 'Bamboo Cutting Board', category: 'Kitchen & Dining', usdCents: 2650, variants: [] },
  { code: 'KIT', title: 'Watercolor Starter Kit', category: 'Arts & Crafts', usdCents: 3999, variants: [] },
];

/** Store-currency minor units per US cent, as integer ratios (the sandbox's list prices, not FX). */
const PRICE_RATIO: Record<string, { num: number; den: number }> = {
  USD: { num: 1, den: 1 },
  EUR: { num: 92, den: 100 },
  GBP: { num: 79, den: 100 },
  INR: { num: 83, den: 1 },
};

function localPrice(usdCents: number, currency: string): number {
  const { num, den } = PRICE_RATIO[currency] ?? PRICE_RATIO.USD!;
  const raw = Math.round((usdCents * num) / den);
  // INR: whole rupees ending in 9; others: .99 / .49 style endings
  if (currency === 'INR') return (Math.max(1, Math.round(raw / 1000)) * 10 - 1) * 100;
  return Math.max(99, Math.round(raw / 50) * 50 - 1);
}

export function buildCatalog(seed: number, store: StoreSpec, anchor: Date): CatalogItem[] {
  const items: CatalogItem[] = [];
  MASTER.forEach((product, p) => {
    const rng = rngFor(seed, store.key, 'catalog', p);
    // each store carries most of the catalog; the first six products are everywhere
    if (p >= 6 && !rng.chance(0.75)) return;
    const productId = marketplaceId(store, 'product', p);
    const variants = product.variants.length ? product.variants : [null];
    variants.forEach((variant, v) => {
      const createdAt = new Date(anchor.getTime() - rng.int(200, 700) * 86_400_000);
      const stockRoll = rng.int(0, 99);
      const sku = variant ? `${product.code}-${variant.toUpperCase().replace(/[^A-Z0-9]/g, '')}` : product.code;
      // drawn from a stream of their own, so the draws above (and every order) stay as they were
      const stock = rngFor(seed, store.key, 'catalog-stock', p * 100 + v);
      const tracked = !stock.chance(0.06);
      const inventory = stockRoll < 6 ? 0 : stockRoll < 15 ? rng.int(1, 4) : rng.int(5, 250);
      items.push({
        sku,
        productId,
        variantId: product.variants.length ? marketplaceId(store, 'variant', p * 100 + v) : productId,
        title: product.title,
        variantTitle: variant,
        price: localPrice(product.usdCents + v * 100, store.currency),
        // an item sold out can be oversold a little (orders taken while the stock ran out)
        inventory: inventory === 0 && stock.chance(0.4) ? -stock.int(1, 3) : inventory,
        tracked,
        category: product.category,
        image: `${sku.toLowerCase()}.jpg`,
        status: rng.chance(0.04) ? 'archived' : 'active',
        createdAt,
        updatedAt: new Date(anchor.getTime() - rng.int(0, 90) * 86_400_000 - rng.int(0, 86_399) * 1000),
      });
    });
  });
  return items;
}
