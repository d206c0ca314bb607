import type { CatalogItem } from '../types.ts';

/**
 * The catalog as Square's CatalogObjects: one ITEM per product with its ITEM_VARIATIONs inline
 * (item_data.variations[]), and InventoryCounts per variation.
 */

export type CatalogObject = Record<string, unknown> & { type: 'ITEM' | 'ITEM_VARIATION'; id: string };

/** Square gives every variation its own id, also the only variation of a single-variant item. */
export function variationId(item: Pick<CatalogItem, 'productId' | 'variantId'>): string {
  return item.variantId === item.productId ? [...item.productId].reverse().join('') : item.variantId;
}

function renderVariation(c: CatalogItem, ordinal: number, currency: string): CatalogObject {
  return {
    type: 'ITEM_VARIATION',
    id: variationId(c),
    updated_at: c.updatedAt.toISOString(),
    version: c.updatedAt.getTime(),
    is_deleted: false,
    present_at_all_locations: true,
    item_variation_data: {
      item_id: c.productId,
      // single-variant items get Square's default variation name
      name: c.variantTitle ?? 'Regular',
      sku: c.sku,
      ordinal,
      pricing_type: 'FIXED_PRICING',
      price_money: { amount: c.price, currency },
      stockable: true,
      sellable: c.status !== 'archived',
      track_inventory: true,
    },
  };
}

/** ITEM objects with their variations, in catalog order; prices in the store's currency. */
export function renderItems(products: readonly CatalogItem[], currency: string): CatalogObject[] {
  const groups = new Map<string, CatalogItem[]>();
  for (const p of products) {
    const group = groups.get(p.productId);
    if (group) group.push(p);
    else groups.set(p.productId, [p]);
  }
  return [...groups.values()].map((variants) => {
    const first = variants[0]!;
    const updated = new Date(Math.max(...variants.map((v) => v.updatedAt.getTime())));
    const variations = variants.map((v, i) => renderVariation(v, i, currency));
    return {
      type: 'ITEM',
      id: first.productId,
      updated_at: updated.toISOString(),
      version: updated.getTime(),
      is_deleted: false,
      present_at_all_locations: true,
      item_data: {
        name: first.title,
        product_type: 'REGULAR',
        is_archived: variants.every((v) => v.status === 'archived'),
        variations,
      },
    };
  });
}

/** ListCatalog's `types`: the ITEMs and/or their variations as top-level objects. */
export function catalogObjects(items: readonly CatalogObject[], types: ReadonlySet<string>): CatalogObject[] {
  const out: CatalogObject[] = [];
  for (const item of items) {
    if (types.has('ITEM')) out.push(item);
    if (types.has('ITEM_VARIATION')) out.push(...((item.item_data as { variations: CatalogObject[] }).variations));
  }
  return out;
}

export function renderCount(c: CatalogItem, locationId: string) {
  return {
    catalog_object_id: variationId(c),
    catalog_object_type: 'ITEM_VARIATION',
    state: 'IN_STOCK',
    location_id: locationId,
    quantity: String(c.inventory),
    calculated_at: c.updatedAt.toISOString(),
  };
}
