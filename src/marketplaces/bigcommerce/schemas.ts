import { z } from 'zod';

/** Raw BigCommerce payloads: v2 Orders (decimal money strings, RFC-2822 dates) and v3 Catalog. */

/**
 * v2 money: a decimal string. Orders usually carry 4 places (`"336.3200"`), but the v2 spec types
 * these fields as plain strings and its example order 247 has `"924.47"`, `"8"` and `"0"`.
 */
const money = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal money string');

/** v2 date: RFC-2822, `Wed, 10 Jan 2018 21:05:30 +0000` */
const rfc2822 = z
  .string()
  .regex(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/, 'expected an RFC-2822 date')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'unreadable date');

export const orderSchema = z.object({
  id: z.number().int().positive(),
  date_created: rfc2822,
  date_modified: rfc2822,
  /** `""` until shipped */
  date_shipped: z.union([z.literal(''), rfc2822]),
  status_id: z.number().int(),
  status: z.string(),
  /** the merchant's label for the status; the same text unless renamed */
  custom_status: z.string().optional(),
  /** `""` when no payment was taken (manual orders) */
  payment_status: z.string().optional(),
  subtotal_ex_tax: money,
  subtotal_inc_tax: money,
  shipping_cost_ex_tax: money,
  total_tax: money,
  total_inc_tax: money,
  discount_amount: money,
  coupon_discount: money,
  refunded_amount: money,
  items_shipped: z.number().int().nonnegative(),
  /** the transactional currency: what the shopper paid in, and what the amounts are in */
  default_currency_code: z.string().length(3),
  /** the display currency the storefront showed prices in */
  currency_code: z.string().length(3).optional(),
  billing_address: z.object({
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    email: z.string().nullish(),
  }),
});
export type BigCommerceOrder = z.infer<typeof orderSchema>;

export const orderProductSchema = z.object({
  id: z.number().int().positive(),
  /** 0 for a custom product (one typed into the order, not in the catalog) */
  product_id: z.number().int().nonnegative().nullish(),
  /** "not available for custom products": absent on their lines */
  variant_id: z.number().int().nonnegative().nullish(),
  name: z.string(),
  sku: z.string().nullish(),
  quantity: z.number().int().nonnegative(),
  price_inc_tax: money,
  total_inc_tax: money,
});
export type BigCommerceOrderProduct = z.infer<typeof orderProductSchema>;

export const orderProductsSchema = z.array(orderProductSchema);

/** `GET /v2/store`: only the currency the catalog's prices are in. */
export const storeSchema = z.object({ currency: z.string().length(3) });

const variantSchema = z.object({
  id: z.number().int().positive(),
  product_id: z.number().int().positive(),
  sku: z.string().nullish(),
  /** null: the product's price */
  price: z.number().nonnegative().nullish(),
  /** what the storefront charges: the sale price when one is set, else the (inherited) price */
  calculated_price: z.number().nonnegative().optional(),
  inventory_level: z.number().int().optional(),
  purchasing_disabled: z.boolean().default(false),
  /** `""` when the variant has no picture of its own */
  image_url: z.string().optional(),
  option_values: z.array(z.object({ label: z.string(), option_display_name: z.string() })).default([]),
});
export type BigCommerceVariant = z.infer<typeof variantSchema>;

const imageSchema = z.object({
  url_standard: z.string(),
  is_thumbnail: z.boolean().default(false),
  sort_order: z.number().int().default(0),
});

export const productSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  sku: z.string().nullish(),
  price: z.number().nonnegative(),
  categories: z.array(z.number().int()).default([]),
  inventory_level: z.number().int().optional(),
  /** "none": stock is not tracked (inventory_level 0 then means nothing); "product" or "variant": which level counts */
  inventory_tracking: z.enum(['none', 'product', 'variant']).optional(),
  is_visible: z.boolean(),
  /** "available", "disabled" (cannot be bought) or "preorder" */
  availability: z.string().optional(),
  date_modified: z.iso.datetime({ offset: true }),
  /** with `include=variants`: every product has at least its base variant */
  variants: z.array(variantSchema).default([]),
  /** with `include=images` */
  images: z.array(imageSchema).default([]),
});
export type BigCommerceProduct = z.infer<typeof productSchema>;

const paginationSchema = z.object({
  total: z.number().int(),
  count: z.number().int(),
  per_page: z.number().int(),
  current_page: z.number().int(),
  total_pages: z.number().int(),
});

/** A v3 list page; each product is validated on its own. */
export const productPageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ pagination: paginationSchema }),
});

/** `GET /v3/catalog/trees/categories`: only what names a category; each is read on its own. */
export const categoryPageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ pagination: paginationSchema }),
});

export const categorySchema = z.object({ category_id: z.number().int(), name: z.string() });
