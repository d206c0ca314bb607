import { z } from 'zod';

/** Raw BigCommerce payloads: v2 Orders (4-dp money strings, RFC-2822 dates) and v3 Catalog. */

/** v2 money: a decimal string with 4 places, `"336.3200"` */
const money4 = z.string().regex(/^-?\d+\.\d{4}$/, 'expected a 4-decimal money string');

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
  subtotal_ex_tax: money4,
  shipping_cost_ex_tax: money4,
  total_tax: money4,
  total_inc_tax: money4,
  discount_amount: money4,
  coupon_discount: money4,
  refunded_amount: money4,
  items_shipped: z.number().int().nonnegative(),
  default_currency_code: z.string().length(3),
  billing_address: z.object({
    first_name: z.string(),
    last_name: z.string(),
    email: z.string(),
  }),
});
export type BigCommerceOrder = z.infer<typeof orderSchema>;

export const orderProductSchema = z.object({
  id: z.number().int().positive(),
  product_id: z.number().int().nonnegative(),
  variant_id: z.number().int().nonnegative(),
  name: z.string(),
  sku: z.string(),
  quantity: z.number().int().nonnegative(),
  price_ex_tax: money4,
  total_ex_tax: money4,
});
export type BigCommerceOrderProduct = z.infer<typeof orderProductSchema>;

export const orderProductsSchema = z.array(orderProductSchema);

/** `GET /v2/store`: only the currency the catalog's prices are in. */
export const storeSchema = z.object({ currency: z.string().length(3) });

const variantSchema = z.object({
  id: z.number().int().positive(),
  product_id: z.number().int().positive(),
  sku: z.string(),
  calculated_price: z.number().nonnegative(),
  inventory_level: z.number().int(),
  purchasing_disabled: z.boolean().default(false),
  option_values: z.array(z.object({ label: z.string(), option_display_name: z.string() })),
});

export const productSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  is_visible: z.boolean(),
  date_modified: z.iso.datetime({ offset: true }),
  variants: z.array(variantSchema).min(1),
});
export type BigCommerceProduct = z.infer<typeof productSchema>;

/** A v3 list page; each product is validated on its own. */
export const productPageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({
    pagination: z.object({
      total: z.number().int(),
      count: z.number().int(),
      per_page: z.number().int(),
      current_page: z.number().int(),
      total_pages: z.number().int(),
    }),
  }),
});
