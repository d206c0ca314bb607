import { z } from 'zod';

/**
 * Raw eBay payloads (Sell Fulfillment v1 `Order`, Sell Inventory v1 `InventoryItem` and
 * `Offer`). eBay's OpenAPI files mark no field required, so only what the mapper cannot do
 * without is required here (ids, the order's dates, total, fulfillment status, and each line's
 * quantity and cost); the rest is optional as in the spec. Pages are checked as envelopes with
 * `unknown` records, then each record on its own, so one broken record is skipped (with its
 * reason) and the rest of the page kept.
 */

/** `Amount.value` is a decimal string that eBay does not pad ("120.0", "108.73", "-5.0"). */
export const amountSchema = z.object({
  value: z.string().regex(/^-?\d+(\.\d+)?$/, 'amount value is not a decimal string'),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

/** ISO-8601, in UTC with milliseconds as eBay sends it ("2015-08-04T19:09:02.768Z"); an offset is taken too. */
const timestamp = z.iso.datetime({ offset: true });

const refundSchema = z.object({
  refundId: z.string().optional(),
  /** FAILED, PENDING or REFUNDED */
  refundStatus: z.string().optional(),
  amount: amountSchema,
  refundDate: timestamp.optional(),
});

export const lineItemSchema = z.object({
  lineItemId: z.string(),
  legacyItemId: z.string().optional(),
  legacyVariationId: z.string().optional(),
  sku: z.string().optional(),
  title: z.string().optional(),
  /** unit price × quantity, before discounts */
  lineItemCost: amountSchema,
  quantity: z.number().int().positive(),
  lineItemFulfillmentStatus: z.string().optional(),
});

const personSchema = z.object({ fullName: z.string().optional(), email: z.string().optional() });

export const orderSchema = z.object({
  orderId: z.string(),
  creationDate: timestamp,
  lastModifiedDate: timestamp.optional(),
  /** NOT_STARTED, IN_PROGRESS or FULFILLED */
  orderFulfillmentStatus: z.string(),
  /** PENDING, FAILED, PAID, PARTIALLY_REFUNDED or FULLY_REFUNDED */
  orderPaymentStatus: z.string().optional(),
  buyer: z.object({ username: z.string().optional(), buyerRegistrationAddress: personSchema.optional() }).optional(),
  pricingSummary: z.object({
    priceSubtotal: amountSchema.optional(),
    deliveryCost: amountSchema.optional(),
    priceDiscount: amountSchema.optional(),
    tax: amountSchema.optional(),
    total: amountSchema,
  }),
  /** cancelState: NONE_REQUESTED, IN_PROGRESS (a cancel request is open) or CANCELED */
  cancelStatus: z.object({ cancelState: z.string().optional(), cancelledDate: timestamp.optional() }).optional(),
  paymentSummary: z.object({ refunds: z.array(refundSchema).optional() }).optional(),
  fulfillmentStartInstructions: z
    .array(z.object({ shippingStep: z.object({ shipTo: personSchema.optional() }).optional() }))
    .optional(),
  lineItems: z.array(lineItemSchema).default([]),
  salesRecordReference: z.string().optional(),
});

/** `OrderSearchPagedCollection`; `next` is the full URI of the next page, absent on the last. */
export const ordersPageSchema = z.object({
  total: z.number().int().nonnegative().optional(),
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
  next: z.string().optional(),
  orders: z.array(z.unknown()).default([]),
});

export const inventoryItemSchema = z.object({
  sku: z.string().min(1),
  product: z
    .object({
      title: z.string().optional(),
      imageUrls: z.array(z.string()).optional(),
    })
    .optional(),
  /** left out by eBay when the seller never set a quantity for the SKU */
  availability: z
    .object({ shipToLocationAvailability: z.object({ quantity: z.number().int().optional() }).optional() })
    .optional(),
});

/** `InventoryItems`; `size` is the number of pages, `next` absent on the last. */
export const inventoryPageSchema = z.object({
  total: z.number().int().nonnegative().optional(),
  next: z.string().optional(),
  inventoryItems: z.array(z.unknown()).default([]),
});

export const offerSchema = z.object({
  offerId: z.string().optional(),
  sku: z.string().optional(),
  marketplaceId: z.string().optional(),
  availableQuantity: z.number().int().optional(),
  categoryId: z.string().optional(),
  /** the seller's eBay Store category paths, e.g. "/Fashion/Men/Shirts" */
  storeCategoryNames: z.array(z.string()).optional(),
  pricingSummary: z.object({ price: amountSchema.optional() }).optional(),
  /** listingStatus: ACTIVE, OUT_OF_STOCK, INACTIVE, ENDED, EBAY_ENDED or NOT_LISTED */
  listing: z.object({ listingId: z.string().optional(), listingStatus: z.string().optional() }).optional(),
  /** PUBLISHED or UNPUBLISHED */
  status: z.string().optional(),
});

export const offersPageSchema = z.object({ offers: z.array(z.unknown()).default([]) });

export type EbayAmount = z.infer<typeof amountSchema>;
export type EbayOrder = z.infer<typeof orderSchema>;
export type EbayLineItem = z.infer<typeof lineItemSchema>;
export type EbayInventoryItem = z.infer<typeof inventoryItemSchema>;
export type EbayOffer = z.infer<typeof offerSchema>;
