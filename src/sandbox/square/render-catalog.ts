import { createHash } from 'node:crypto';
import type { CatalogItem } from '../types.ts';

/**
 * The catalog as Square's CatalogObjects: one ITEM per product with its ITEM_VARIATIONs inline
 * (item_data.variations[]), one CATEGORY per category name and one IMAGE per picture, which the
 * items name by id (item_data.categories[] / reporting_category, image_ids on the item and on
 * each variation); and InventoryCounts per variation. Stock: a variation the store does not
 * track has `track_inventory: false` (its count is still there, as Square keeps the last one);
 * a tracked variation at or below zero is `sold_out` in its location override, as Square marks
 * it; counts are decimal strings and go negative when oversold.
 */

export type CatalogObject = Record<string, unknown> & {
  type: 'ITEM' | 'ITEM_VARIATION' | 'CATEGORY' | 'IMAGE';
  id: string;
};

/** Square gives every variation its own id, also the only variation of a single-variant item. */
export function variationId(item: Pick<CatalogItem, 'productId' | 'variantId'>): string {
  return item.variantId === item.productId ? [...item.productId].reverse().join('') : item.variantId;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A 24-character catalog id (Square's shape) for a category or image, stable per store. */
function objectId(kind: string, storeId: string, key: string): string {
  const bytes = createHash('sha256').update(`${kind}:${storeId}:${key}`).digest();
  return Array.from(bytes.subarray(0, 24), (b) => BASE32[b % 32]).join('');
}

export const categoryId = (storeId: string, name: string) => objectId('category', storeId, name);
export const imageId = (storeId: string, file: string) => objectId('image', storeId, file);

/** Square's item-image CDN: files/<hash>/<name> */
export function imageUrl(storeId: string, file: string): string {
  const hash = createHash('sha1').update(`${storeId}:${file}`).digest('hex');
  return `https://items-images-production.s3.us-west-2.amazonaws.com/files/${hash}/${file}`;
}

interface Stamp {
  updated_at: string;
  version: number;
  is_deleted: false;
  present_at_all_locations: boolean;
}

const stamp = (at: Date, present = true): Stamp => ({
  updated_at: at.toISOString(),
  version: at.getTime(),
  is_deleted: false,
  present_at_all_locations: present,
});

function renderVariation(c: CatalogItem, ordinal: number, currency: string, locationId: string): CatalogObject {
  const soldOut = c.tracked && c.inventory <= 0;
  return {
    type: 'ITEM_VARIATION',
    id: variationId(c),
    // a draft variation is not at any location yet
    ...stamp(c.updatedAt, c.status !== 'draft'),
    item_variation_data: {
      item_id: c.productId,
      // single-variant items get Square's default variation name
      name: c.variantTitle ?? 'Regular',
      sku: c.sku,
      ordinal,
      pricing_type: 'FIXED_PRICING',
      price_money: { amount: c.price, currency },
      track_inventory: c.tracked,
      ...(soldOut && { location_overrides: [{ location_id: locationId, track_inventory: true, sold_out: true }] }),
      sellable: c.status !== 'archived',
      stockable: true,
      image_ids: [imageId(locationId, c.image)],
    },
  };
}

/** ITEM objects with their variations, in catalog order; prices in the store's currency. */
export function renderItems(products: readonly CatalogItem[], currency: string, locationId: string): CatalogObject[] {
  const groups = new Map<string, CatalogItem[]>();
  for (const p of products) {
    const group = groups.get(p.productId);
    if (group) group.push(p);
    else groups.set(p.productId, [p]);
  }
  return [...groups.values()].map((variants) => {
    const first = variants[0]!;
    const updated = new Date(Math.max(...variants.map((v) => v.updatedAt.getTime())));
    const category = { id: categoryId(locationId, first.category), ordinal: 0 };
    return {
      type: 'ITEM',
      id: first.productId,
      ...stamp(updated),
      item_data: {
        name: first.title,
        is_taxable: true,
        product_type: 'REGULAR',
        is_archived: variants.every((v) => v.status === 'archived'),
        categories: [category],
        reporting_category: category,
        image_ids: [imageId(locationId, first.image)],
        variations: variants.map((v, i) => renderVariation(v, i, currency, locationId)),
      },
    };
  });
}

/** The CATEGORY and IMAGE objects the products name, keyed by id. */
export function renderRelated(products: readonly CatalogItem[], locationId: string): Map<string, CatalogObject> {
  const out = new Map<string, CatalogObject>();
  for (const p of products) {
    const cat = categoryId(locationId, p.category);
    if (!out.has(cat)) {
      out.set(cat, {
        type: 'CATEGORY',
        id: cat,
        ...stamp(p.createdAt),
        category_data: { name: p.category, category_type: 'REGULAR_CATEGORY', is_top_level: true },
      });
    }
    const img = imageId(locationId, p.image);
    if (!out.has(img))
      out.set(img, {
        type: 'IMAGE',
        id: img,
        ...stamp(p.createdAt),
        image_data: { name: p.image, url: imageUrl(locationId, p.image), caption: p.title },
      });
  }
  return out;
}

/** Ids an ITEM names: its categories and the images of the item and its variations. */
export function referencedIds(item: CatalogObject): string[] {
  const data = item.item_data as {
    categories: { id: string }[];
    image_ids: string[];
    variations: { item_variation_data: { image_ids: string[] } }[];
  };
  return [
    ...data.categories.map((c) => c.id),
    ...data.image_ids,
    ...data.variations.flatMap((v) => v.item_variation_data.image_ids),
  ];
}

/** ListCatalog's and SearchCatalogObjects' `types`: the top-level objects of those types, items first. */
export function catalogObjects(
  items: readonly CatalogObject[],
  related: ReadonlyMap<string, CatalogObject>,
  types: ReadonlySet<string>,
): CatalogObject[] {
  const out: CatalogObject[] = [];
  for (const item of items) {
    if (types.has('ITEM')) out.push(item);
    if (types.has('ITEM_VARIATION')) out.push(...(item.item_data as { variations: CatalogObject[] }).variations);
  }
  for (const obj of related.values()) if (types.has(obj.type)) out.push(obj);
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
