import { z } from 'zod';

/**
 * Raw Etsy Open API v3 payloads (the generated OAS: ShopReceipt, ShopReceiptTransaction,
 * ShopReceiptShipment, ShopRefund, ShopListing with its Images and Inventory, ListingInventory).
 * Only the fields the mapper reads are checked, and only those it cannot do without are
 * required (ids, status, the created time, the grand total, each transaction's quantity and
 * price); nullable fields stay nullable. Pages are parsed as an envelope first so that each
 * record is validated (and, when broken, skipped with its reason) on its own.
 */

const int = z.number().int();
const unixSeconds = int.min(0);

/** Money: `amount` in minor units of `currency_code`, value = amount / divisor. */
export const MoneySchema = z.object({
  amount: int,
  divisor: int.positive(),
  currency_code: z.string().length(3),
});

export const TransactionSchema = z.object({
  transaction_id: int,
  title: z.string().nullish(),
  quantity: int.min(0),
  listing_id: int.nullish(),
  product_id: int.nullish(),
  sku: z.string().nullish(),
  /** per unit */
  price: MoneySchema,
  shipped_timestamp: unixSeconds.nullish(),
});

export const RefundSchema = z.object({
  amount: MoneySchema,
  created_timestamp: unixSeconds.nullish(),
  status: z.string().nullish(),
});

export const ShipmentSchema = z.object({
  receipt_shipping_id: int.nullish(),
  shipment_notification_timestamp: unixSeconds.nullish(),
  carrier_name: z.string().nullish(),
});

/** Etsy sends each receipt time twice (create_/created_, update_/updated_); either will do. */
export const ReceiptSchema = z
  .object({
    receipt_id: int,
    status: z.string(),
    is_paid: z.boolean().nullish(),
    is_shipped: z.boolean().nullish(),
    name: z.string().nullish(),
    buyer_email: z.string().nullish(),
    created_timestamp: unixSeconds.optional(),
    create_timestamp: unixSeconds.optional(),
    updated_timestamp: unixSeconds.optional(),
    update_timestamp: unixSeconds.optional(),
    grandtotal: MoneySchema,
    total_price: MoneySchema.nullish(),
    total_shipping_cost: MoneySchema.nullish(),
    total_tax_cost: MoneySchema.nullish(),
    discount_amt: MoneySchema.nullish(),
    transactions: z.array(TransactionSchema).nullish(),
    refunds: z.array(RefundSchema).nullish(),
    shipments: z.array(ShipmentSchema).nullish(),
  })
  .refine((r) => r.created_timestamp !== undefined || r.create_timestamp !== undefined, {
    message: 'no created_timestamp',
    path: ['created_timestamp'],
  });

export const OfferingSchema = z.object({
  offering_id: int.nullish(),
  quantity: int.min(0),
  is_enabled: z.boolean().nullish(),
  is_deleted: z.boolean().nullish(),
  price: MoneySchema,
});

export const InventoryProductSchema = z.object({
  product_id: int,
  sku: z.string().nullish(),
  is_deleted: z.boolean().nullish(),
  offerings: z.array(OfferingSchema).default([]),
  property_values: z
    .array(z.object({ property_name: z.string().nullish(), values: z.array(z.string()).default([]) }))
    .default([]),
});

export const InventorySchema = z.object({ products: z.array(InventoryProductSchema) });

export const ListingImageSchema = z.object({
  listing_image_id: int.nullish(),
  rank: int.nullish(),
  url_570xN: z.string().nullish(),
  url_fullxfull: z.string().nullish(),
});

export const ListingSchema = z.object({
  listing_id: int,
  title: z.string(),
  /** active, inactive, sold_out, draft or expired */
  state: z.string(),
  updated_timestamp: unixSeconds.nullish(),
  last_modified_timestamp: unixSeconds.nullish(),
  has_variations: z.boolean().nullish(),
  taxonomy_id: int.nullish(),
  /** with `includes=Images` */
  images: z.array(ListingImageSchema).nullish(),
  /** with `includes=Inventory`; checked on its own (InventorySchema) so a bad one costs only this listing */
  inventory: z.unknown().optional(),
});

/** `{count, results}` of every list endpoint; results are validated one by one. */
export const ListPageSchema = z.object({ count: int.min(0), results: z.array(z.unknown()) });

export type EtsyMoney = z.infer<typeof MoneySchema>;
export type EtsyReceipt = z.infer<typeof ReceiptSchema>;
export type EtsyListing = z.infer<typeof ListingSchema>;
export type EtsyInventory = z.infer<typeof InventorySchema>;
