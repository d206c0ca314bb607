import { z } from 'zod';

/**
 * Raw Square payloads (Orders, Catalog, Inventory; Square-Version 2025-08-20). Envelopes are
 * checked whole; each order and catalog object is checked on its own so one bad record is
 * skipped and the rest of the page kept. In Square's spec nearly every Order field is read-only
 * and optional (only `location_id` is required): a return order carries no `total_money` and no
 * `line_items`, an order opened without items carries zero totals. Optional here means optional
 * there; what the mapper cannot do without (id, state, timestamps) is required.
 */

const Timestamp = z.iso.datetime({ offset: true });

/** int64 amount in the currency's smallest unit; negative in signed fields (net amounts of a return) */
export const Money = z.object({ amount: z.number().int(), currency: z.string().length(3) });
export type Money = z.infer<typeof Money>;

/** decimal string; measured units can be fractional ("2.25") */
const Quantity = z.string().regex(/^\d+(\.\d+)?$/);

const LineItem = z.object({
  uid: z.string(),
  name: z.string().optional(),
  variation_name: z.string().optional(),
  /** ITEM, CUSTOM_AMOUNT (no name, no catalog object), GIFT_CARD */
  item_type: z.string().optional(),
  quantity: Quantity,
  catalog_object_id: z.string().optional(),
  base_price_money: Money.optional(),
  variation_total_price_money: Money.optional(),
  gross_sales_money: Money.optional(),
  total_money: Money.optional(),
});
export type LineItem = z.infer<typeof LineItem>;

const Recipient = z.object({ display_name: z.string().optional(), email_address: z.string().optional() });

const Fulfillment = z.object({
  uid: z.string().optional(),
  type: z.string().optional(),
  state: z.string().optional(),
  shipment_details: z.object({ recipient: Recipient.optional(), shipped_at: Timestamp.optional() }).optional(),
  pickup_details: z.object({ recipient: Recipient.optional(), picked_up_at: Timestamp.optional() }).optional(),
  delivery_details: z
    .object({ recipient: Recipient.optional(), delivered_at: Timestamp.optional(), completed_at: Timestamp.optional() })
    .optional(),
});
export type Fulfillment = z.infer<typeof Fulfillment>;

const Refund = z.object({ id: z.string(), amount_money: Money, status: z.string(), created_at: Timestamp.optional() });

/** The money rollups Square computes: `net_amounts` (after returns), `return_amounts` (returned) */
const MoneyAmounts = z.object({
  total_money: Money.optional(),
  tax_money: Money.optional(),
  discount_money: Money.optional(),
  service_charge_money: Money.optional(),
});

const ReturnLineItem = z.object({ uid: z.string().optional(), quantity: Quantity, total_money: Money.optional() });

const OrderReturn = z.object({
  uid: z.string().optional(),
  /** the sale the items come back from; unset for an unlinked return */
  source_order_id: z.string().optional(),
  return_line_items: z.array(ReturnLineItem).default([]),
  return_service_charges: z.array(z.object({ total_money: Money.optional() })).default([]),
  return_amounts: MoneyAmounts.optional(),
});
export type OrderReturn = z.infer<typeof OrderReturn>;

export const Order = z.object({
  id: z.string(),
  location_id: z.string(),
  reference_id: z.string().optional(),
  state: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
  closed_at: Timestamp.optional(),
  line_items: z.array(LineItem).default([]),
  fulfillments: z.array(Fulfillment).default([]),
  refunds: z.array(Refund).default([]),
  returns: z.array(OrderReturn).default([]),
  return_amounts: MoneyAmounts.optional(),
  net_amounts: MoneyAmounts.optional(),
  total_money: Money.optional(),
  total_tax_money: Money.optional(),
  total_discount_money: Money.optional(),
  total_service_charge_money: Money.optional(),
});
export type Order = z.infer<typeof Order>;

export const SearchOrdersResponse = z.object({
  orders: z.array(z.unknown()).default([]),
  cursor: z.string().optional(),
});

/** which locations a catalog object is sold at (`present_at_all_locations` defaults to true) */
const Presence = {
  present_at_all_locations: z.boolean().optional(),
  present_at_location_ids: z.array(z.string()).optional(),
  absent_at_location_ids: z.array(z.string()).optional(),
};

const LocationOverride = z.object({
  location_id: z.string().optional(),
  track_inventory: z.boolean().optional(),
  sold_out: z.boolean().optional(),
});

const ItemVariation = z.object({
  type: z.literal('ITEM_VARIATION'),
  id: z.string(),
  updated_at: Timestamp,
  is_deleted: z.boolean().optional(),
  ...Presence,
  item_variation_data: z.object({
    name: z.string().optional(),
    sku: z.string().optional(),
    pricing_type: z.enum(['FIXED_PRICING', 'VARIABLE_PRICING']).optional(),
    price_money: Money.optional(),
    sellable: z.boolean().optional(),
    track_inventory: z.boolean().optional(),
    location_overrides: z.array(LocationOverride).optional(),
    image_ids: z.array(z.string()).optional(),
  }),
});
export type ItemVariation = z.infer<typeof ItemVariation>;

const CategoryRef = z.object({ id: z.string(), ordinal: z.number().optional() });

export const CatalogItem = z.object({
  type: z.literal('ITEM'),
  id: z.string(),
  updated_at: Timestamp,
  is_deleted: z.boolean().optional(),
  ...Presence,
  item_data: z.object({
    name: z.string(),
    is_archived: z.boolean().optional(),
    categories: z.array(CategoryRef).optional(),
    reporting_category: CategoryRef.optional(),
    /** deprecated in favour of categories[], still sent by older catalogs */
    category_id: z.string().optional(),
    image_ids: z.array(z.string()).optional(),
    variations: z.array(ItemVariation).default([]),
  }),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

/** The related objects an item names by id: its categories (names) and images (URLs). */
export const CatalogCategory = z.object({
  type: z.literal('CATEGORY'),
  id: z.string(),
  category_data: z.object({ name: z.string().optional() }),
});
export const CatalogImage = z.object({
  type: z.literal('IMAGE'),
  id: z.string(),
  image_data: z.object({ name: z.string().optional(), url: z.string().optional() }),
});

/** SearchCatalogObjects (and ListCatalog: the same envelope without related objects) */
export const SearchCatalogResponse = z.object({
  objects: z.array(z.unknown()).default([]),
  related_objects: z.array(z.unknown()).default([]),
  cursor: z.string().optional(),
});

const InventoryCount = z.object({
  catalog_object_id: z.string(),
  state: z.string(),
  location_id: z.string(),
  /** decimal string, negative when oversold */
  quantity: z.string().regex(/^-?\d+(\.\d+)?$/),
});
export type InventoryCount = z.infer<typeof InventoryCount>;

export const InventoryCountsResponse = z.object({
  counts: z.array(InventoryCount).default([]),
  cursor: z.string().optional(),
});
