import type { CatalogItem, StoreSpec } from '../types.ts';
import { floorSecond, iso, moneyNumber } from './format.ts';

/** One v3 catalog product: the catalog items (sellable variants) that share a productId. */
export interface ProductGroup {
  id: number;
  items: CatalogItem[];
  /** latest change of any variant, second precision */
  modifiedAt: Date;
}

export function groupProducts(items: readonly CatalogItem[]): ProductGroup[] {
  const groups = new Map<string, CatalogItem[]>();
  for (const item of items) {
    const group = groups.get(item.productId);
    if (group) group.push(item);
    else groups.set(item.productId, [item]);
  }
  return [...groups.entries()]
    .map(([id, group]) => ({
      id: Number(id),
      items: group,
      modifiedAt: new Date(floorSecond(Math.max(...group.map((i) => i.updatedAt.getTime())))),
    }))
    .sort((a, b) => a.id - b.id);
}

/** `GET /v3/catalog/products` item; `variants` only with `include=variants`. */
export function renderProduct(group: ProductGroup, store: StoreSpec, withVariants: boolean): Record<string, unknown> {
  const base = group.items[0]!;
  const money = (minor: number) => moneyNumber(minor, store.exponent);
  const visible = group.items.some((i) => i.status === 'active');
  const hasOptions = base.variantTitle !== null;
  return {
    id: group.id,
    name: base.title,
    type: 'physical',
    sku: hasOptions ? base.sku.split('-')[0] : base.sku,
    description: `<p>${base.title}.</p>`,
    price: money(base.price),
    cost_price: 0,
    retail_price: 0,
    sale_price: 0,
    calculated_price: money(base.price),
    weight: 1,
    categories: [23],
    brand_id: 0,
    inventory_level: group.items.reduce((a, i) => a + i.inventory, 0),
    inventory_tracking: hasOptions ? 'variant' : 'product',
    total_sold: 0,
    is_visible: visible,
    availability: visible ? 'available' : 'disabled',
    condition: 'New',
    date_created: iso(new Date(Math.min(...group.items.map((i) => i.createdAt.getTime())))),
    date_modified: iso(group.modifiedAt),
    base_variant_id: Number(base.variantId),
    ...(withVariants && {
      variants: group.items.map((item, v) => ({
        id: Number(item.variantId),
        product_id: group.id,
        sku: item.sku,
        // a variant priced like its product inherits the price: null
        price: item.price === base.price ? null : money(item.price),
        calculated_price: money(item.price),
        inventory_level: item.inventory,
        purchasing_disabled: item.status !== 'active',
        option_values: item.variantTitle ? [{ id: v + 1, label: item.variantTitle, option_id: 10, option_display_name: 'Option' }] : [],
      })),
    }),
  };
}
