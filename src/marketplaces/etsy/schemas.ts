import { z } from 'zod';

/**
 * Raw Etsy Open API v3 payloads (the generated OAS: ShopReceipt, ShopReceiptTransaction,
 * ShopRefund, ShopListing, ListingInventory). Only the fields the mapper reads are checked;
 * pages are parsed as an envelope first so that each record is validated on its own.
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
  title: z.string().nullable(),
  quantity: int.min(0),
  listing_id: int.nullable(),
  product_id: int.nullable(),
  sku: z.string().nullable(),
  price: MoneySchema,
});

export const RefundSchema = z.object({
  amount: MoneySchema,
  created_timestamp: unixSeconds,
});

export const ReceiptSchema = z.object({
  receipt_id: int,
  status: z.string(),
  is_paid: z.boolean(),
  is_shipped: z.boolean(),
  name: z.string().nullable(),
  buyer_email: z.string().nullable(),
  created_timestamp: unixSeconds,
  updated_timestamp: unixSeconds,
  grandtotal: MoneySchema,
  total_price: MoneySchema,
  total_shipping_cost: MoneySchema,
  total_tax_cost: MoneySchema,
  discount_amt: MoneySchema,
  transactions: z.array(TransactionSchema),
  refunds: z.array(RefundSchema),
});

export const ListingSchema = z.object({
  listing_id: int,
  title: z.string(),
  state: z.string(),
  updated_timestamp: unixSeconds,
});

export const OfferingSchema = z.object({
  offering_id: int,
  quantity: int.min(0),
  is_enabled: z.boolean(),
  is_deleted: z.boolean(),
  price: MoneySchema,
});

export const InventoryProductSchema = z.object({
  product_id: int,
  sku: z.string().nullable(),
  is_deleted: z.boolean(),
  offerings: z.array(OfferingSchema),
  property_values: z.array(z.object({ property_name: z.string().nullable(), values: z.array(z.string()) })),
});

export const InventorySchema = z.object({ products: z.array(InventoryProductSchema) });

/** `{count, results}` of every list endpoint; results are validated one by one. */
export const ListPageSchema = z.object({ count: int.min(0), results: z.array(z.unknown()) });

export type EtsyMoney = z.infer<typeof MoneySchema>;
export type EtsyReceipt = z.infer<typeof ReceiptSchema>;
export type EtsyListing = z.infer<typeof ListingSchema>;
export type EtsyInventory = z.infer<typeof InventorySchema>;
