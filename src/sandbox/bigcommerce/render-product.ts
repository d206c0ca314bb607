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

/** A store's categories: its catalog's category names, numbered from 18 in name order (ids are per store). */
export interface Category {
  id: number;
  name: string;
}

export function categoriesOf(catalog: readonly CatalogItem[]): Category[] {
  return [...new Set(catalog.map((i) => i.category))].sort().map((name, k) => ({ id: 18 + k, name }));
}

/** `GET /v3/catalog/trees/categories` item (the default channel's tree, id 1). */
export function renderCategory(c: Category): Record<string, unknown> {
  const slug = c.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    category_id: c.id,
    category_uuid: `0b4e7c2a-1f3d-4c5e-9a8b-${String(c.id).padStart(12, '0')}`,
    parent_id: 0,
    tree_id: 1,
    name: c.name,
    description: '',
    views: 0,
    sort_order: 0,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    layout_file: 'category.html',
    image_url: '',
    is_visible: true,
    search_keywords: '',
    default_product_sort: 'use_store_settings',
    url: { path: `/${slug}/`, is_customized: false },
  };
}

/** The CDN's picture URLs: `…/products/{product}/images/{image}/{name}.{uploaded}.{w}.{h}.jpg?c=1`. */
function imageUrls(store: StoreSpec, productId: number, imageId: number, item: CatalogItem) {
  const dot = item.image.lastIndexOf('.');
  const [name, ext] = dot > 0 ? [item.image.slice(0, dot), item.image.slice(dot + 1)] : [item.image, 'jpg'];
  const uploaded = Math.floor(item.createdAt.getTime() / 1000);
  const url = (w: number, h: number) =>
    `https://cdn11.bigcommerce.com/s-${store.storeId}/products/${productId}/images/${imageId}/${name}.${uploaded}.${w}.${h}.${ext}?c=1`;
  return {
    image_file: `${name[0]}/${imageId % 1000}/${name}__${uploaded % 100000}.${ext}`,
    url_zoom: url(1280, 1280),
    url_standard: url(386, 513),
    url_thumbnail: url(220, 290),
    url_tiny: url(44, 58),
  };
}

/** Option names the sandbox's variant titles stand for. */
const optionName = (title: string) =>
  /^(XS|S|M|L|XL|A\d|Small|Large|\d+ml)$/.test(title) ? 'Size' : /^(iPhone|Pixel)/.test(title) ? 'Model' : 'Style';

export interface ProductIncludes {
  variants: boolean;
  images: boolean;
}

/**
 * `GET /v3/catalog/products` item; `variants` and `images` only when included. Stock is tracked
 * per product in BigCommerce: a product is untracked (`inventory_tracking: "none"`, every level 0)
 * when its first variant is not tracked, tracked by variant when it has options, else by product.
 * Levels cannot go below 0 here (an oversold item shows 0).
 */
export function renderProduct(
  group: ProductGroup,
  store: StoreSpec,
  categoryIds: ReadonlyMap<string, number>,
  include: ProductIncludes,
): Record<string, unknown> {
  const base = group.items[0]!;
  const money = (minor: number) => moneyNumber(minor, store.exponent);
  const visible = group.items.some((i) => i.status === 'active');
  const hasOptions = base.variantTitle !== null;
  const tracking = !base.tracked ? 'none' : hasOptions ? 'variant' : 'product';
  const level = (item: CatalogItem) => (tracking === 'none' ? 0 : Math.max(0, item.inventory));
  // one picture per variant; a product with options shows each on its variant too
  const images = group.items.map((item, v) => ({ item, id: group.id * 100 + v }));
  const slug = base.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const created = new Date(Math.min(...group.items.map((i) => i.createdAt.getTime())));
  return {
    id: group.id,
    name: base.title,
    type: 'physical',
    sku: hasOptions ? base.sku.split('-')[0] : base.sku,
    description: `<p>${base.title}.</p>`,
    weight: 1,
    width: 0,
    depth: 0,
    height: 0,
    price: money(base.price),
    cost_price: 0,
    retail_price: 0,
    sale_price: 0,
    map_price: 0,
    tax_class_id: 0,
    product_tax_code: '',
    calculated_price: money(base.price),
    categories: [categoryIds.get(base.category)!],
    brand_id: 0,
    option_set_id: hasOptions ? group.id - 90 : null,
    option_set_display: 'right',
    inventory_level: group.items.reduce((a, i) => a + level(i), 0),
    inventory_warning_level: 0,
    inventory_tracking: tracking,
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: 0,
    fixed_cost_shipping_price: 0,
    is_free_shipping: false,
    is_visible: visible,
    is_featured: false,
    related_products: [-1],
    warranty: '',
    bin_picking_number: '',
    layout_file: 'product.html',
    upc: '',
    mpn: '',
    gtin: '',
    date_last_imported: null,
    search_keywords: '',
    availability: visible ? 'available' : 'disabled',
    availability_description: '',
    gift_wrapping_options_type: 'any',
    gift_wrapping_options_list: [],
    sort_order: 0,
    condition: 'New',
    is_condition_shown: false,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    date_created: iso(created),
    date_modified: iso(group.modifiedAt),
    view_count: 0,
    preorder_release_date: null,
    preorder_message: '',
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: '',
    custom_url: { url: `/${slug}/`, is_customized: false },
    // a product with options has no single base variant
    base_variant_id: hasOptions ? null : Number(base.variantId),
    open_graph_type: 'product',
    open_graph_title: '',
    open_graph_description: '',
    open_graph_use_meta_description: true,
    open_graph_use_product_name: true,
    open_graph_use_image: true,
    ...(include.variants && {
      variants: group.items.map((item, v) => ({
        id: Number(item.variantId),
        product_id: group.id,
        sku: item.sku,
        sku_id: hasOptions ? Number(item.variantId) - 900 : null,
        // a variant priced like its product inherits the price: null
        price: item.price === base.price ? null : money(item.price),
        calculated_price: money(item.price),
        sale_price: null,
        retail_price: null,
        map_price: null,
        fixed_cost_shipping_price: null,
        cost_price: 0,
        weight: null,
        width: null,
        height: null,
        depth: null,
        is_free_shipping: false,
        calculated_weight: 1,
        purchasing_disabled: item.status !== 'active',
        purchasing_disabled_message: '',
        image_url: hasOptions ? imageUrls(store, group.id, images[v]!.id, item).url_zoom : '',
        upc: '',
        mpn: '',
        gtin: '',
        inventory_level: level(item),
        inventory_warning_level: 0,
        bin_picking_number: '',
        option_values: item.variantTitle
          ? [
              {
                id: group.id * 10 + v,
                label: item.variantTitle,
                option_id: group.id,
                option_display_name: optionName(item.variantTitle),
              },
            ]
          : [],
      })),
    }),
    ...(include.images && {
      images: images.map(({ item, id }, v) => ({
        id,
        product_id: group.id,
        is_thumbnail: v === 0,
        sort_order: v,
        description: item.variantTitle ?? '',
        ...imageUrls(store, group.id, id, item),
        date_modified: iso(new Date(floorSecond(item.createdAt.getTime()))),
      })),
    }),
  };
}
