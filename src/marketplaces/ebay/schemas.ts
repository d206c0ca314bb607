import { z } from 'zod';

/**
 * Raw eBay payloads (Sell Fulfillment v1 `Order`, Sell Inventory v1 `InventoryItem` and
 * `Offer`). Pages are checked as envelopes with `unknown` records, then each record on its
 * own, so one broken record is skipped and the rest of the page kept.
 */

/** `Amount.value` is a decimal string that eBay does not pad ("120.0", "108.73", "-5.0"). */
export const amountSchema = z.object({
  value: z.string().regex(/^-?\d+(\.\d+)?$/, 'amount value is not a decimal string'),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

const timestamp = z.iso.datetime();

const refundSchema = z.object({
  refundId: z.string().optional(),
  refundStatus: z.string(),
  amount: amountSchema,
  refundDate: timestamp.optional(),
});

export const lineItemSchema = z.object({
  lineItemId: z.string(),
  legacyItemId: z.string().optional(),
  legacyVariationId: z.string().optional(),
  sku: z.string().optional(),
  title: z.string(),
  lineItemCost: amountSchema,
  quantity: z.number().int().positive(),
});

const personSchema = z.object({ fullName: z.string().optional(), email: z.string().optional() });

export const orderSchema = z.object({
  orderId: z.string(),
  creationDate: timestamp,
  lastModifiedDate: timestamp,
  orderFulfillmentStatus: z.string(),
  orderPaymentStatus: z.string(),
  buyer: z.object({ username: z.string().optional(), buyerRegistrationAddress: personSchema.optional() }).optional(),
  pricingSummary: z.object({
    priceSubtotal: amountSchema,
    deliveryCost: amountSchema.optional(),
    priceDiscount: amountSchema.optional(),
    tax: amountSchema.optional(),
    total: amountSchema,
  }),
  cancelStatus: z.object({ cancelState: z.string(), cancelledDate: timestamp.optional() }),
  paymentSummary: z.object({ refunds: z.array(refundSchema).default([]) }).optional(),
  fulfillmentStartInstructions: z.array(z.object({ shippingStep: z.object({ shipTo: personSchema.optional() }).optional() })).default([]),
  lineItems: z.array(lineItemSchema).min(1),
  salesRecordReference: z.string().optional(),
});

/** `OrderSearchPagedCollection`; `next` is the full URI of the next page, absent on the last. */
export const ordersPageSchema = z.object({
  total: z.number().int().nonnegative(),
  limit: z.number().int(),
  offset: z.number().int(),
  next: z.string().optional(),
  orders: z.array(z.unknown()).default([]),
});

export const inventoryItemSchema = z.object({
  sku: z.string().min(1),
  product: z.object({ title: z.string() }),
  availability: z.object({ shipToLocationAvailability: z.object({ quantity: z.number().int() }).optional() }).optional(),
});

/** `InventoryItems`; `size` is the number of pages, `next` absent on the last. */
export const inventoryPageSchema = z.object({
  total: z.number().int().nonnegative(),
  next: z.string().optional(),
  inventoryItems: z.array(z.unknown()).default([]),
});

export const offerSchema = z.object({
  offerId: z.string().optional(),
  sku: z.string(),
  marketplaceId: z.string(),
  pricingSummary: z.object({ price: amountSchema.optional() }).optional(),
  listing: z.object({ listingId: z.string(), listingStatus: z.string().optional() }).optional(),
  status: z.string(),
});

export const offersPageSchema = z.object({ offers: z.array(offerSchema).default([]) });

export type EbayAmount = z.infer<typeof amountSchema>;
export type EbayOrder = z.infer<typeof orderSchema>;
export type EbayLineItem = z.infer<typeof lineItemSchema>;
export type EbayInventoryItem = z.infer<typeof inventoryItemSchema>;
export type EbayOffer = z.infer<typeof offerSchema>;
