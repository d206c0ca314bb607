import { z } from 'zod';

/**
 * Raw Square payloads (Orders, Catalog, Inventory; Square-Version 2025-08-20). Envelopes are
 * checked whole; each order and catalog object is checked on its own so one bad record is
 * skipped and the rest of the page kept.
 */

const Timestamp = z.iso.datetime({ offset: true });

/** int64 amount in the currency's smallest unit */
export const Money = z.object({ amount: z.number().int(), currency: z.string().length(3) });
export type Money = z.infer<typeof Money>;

const LineItem = z.object({
  uid: z.string(),
  name: z.string().optional(),
  variation_name: z.string().optional(),
  /** decimal string; measured units can be fractional ("2.25") */
  quantity: z.string().regex(/^\d+(\.\d+)?$/),
  catalog_object_id: z.string().optional(),
  base_price_money: Money,
  gross_sales_money: Money,
  total_money: Money,
});

const Recipient = z.object({ display_name: z.string().optional(), email_address: z.string().optional() });
const FulfillmentDetails = z.object({ recipient: Recipient.optional() });

const Fulfillment = z.object({
  uid: z.string().optional(),
  type: z.string(),
  state: z.string(),
  shipment_details: FulfillmentDetails.optional(),
  pickup_details: FulfillmentDetails.optional(),
  delivery_details: FulfillmentDetails.optional(),
});

const Refund = z.object({ id: z.string(), amount_money: Money, status: z.string() });

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
  return_amounts: z.object({ total_money: Money }).optional(),
  total_money: Money,
  total_tax_money: Money,
  total_discount_money: Money,
  total_service_charge_money: Money,
});
export type Order = z.infer<typeof Order>;

export const SearchOrdersResponse = z.object({ orders: z.array(z.unknown()).default([]), cursor: z.string().optional() });

const ItemVariation = z.object({
  type: z.literal('ITEM_VARIATION'),
  id: z.string(),
  updated_at: Timestamp,
  is_deleted: z.boolean().optional(),
  item_variation_data: z.object({
    name: z.string().optional(),
    sku: z.string().optional(),
    pricing_type: z.enum(['FIXED_PRICING', 'VARIABLE_PRICING']).optional(),
    price_money: Money.optional(),
    sellable: z.boolean().optional(),
  }),
});

export const CatalogItem = z.object({
  type: z.literal('ITEM'),
  id: z.string(),
  updated_at: Timestamp,
  is_deleted: z.boolean().optional(),
  item_data: z.object({
    name: z.string(),
    is_archived: z.boolean().optional(),
    variations: z.array(ItemVariation).default([]),
  }),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

export const ListCatalogResponse = z.object({ objects: z.array(z.unknown()).default([]), cursor: z.string().optional() });

const InventoryCount = z.object({
  catalog_object_id: z.string(),
  state: z.string(),
  location_id: z.string(),
  /** decimal string */
  quantity: z.string().regex(/^-?\d+(\.\d+)?$/),
});
export type InventoryCount = z.infer<typeof InventoryCount>;

export const InventoryCountsResponse = z.object({ counts: z.array(InventoryCount).default([]), cursor: z.string().optional() });
