import { z } from 'zod';

/** zod schemas of the GraphQL Admin API payloads the connector reads. */

/**
 * Shopify's `Decimal`/`Money` scalars: decimal strings, never numbers. `Decimal` keeps as few as
 * one decimal ("2000.0", "116000.0"); `Money` has two ("10.00").
 */
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'not a decimal string');
const dateTime = z.iso.datetime({ offset: true });
const moneyBag = z.object({ shopMoney: z.object({ amount: decimal, currencyCode: z.string().length(3) }) });
/** an `Image` reached through `Media.preview` (null until the preview is READY) */
const previewImage = z.object({ preview: z.object({ image: z.object({ url: z.string() }).nullable() }).nullable() });

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

const cost = z.object({
  requestedQueryCost: z.number(),
  actualQueryCost: z.number().nullable(),
  throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
});

export const EnvelopeSchema = z.object({
  data: z.unknown().optional(),
  errors: z
    .array(z.object({ message: z.string(), extensions: z.looseObject({ code: z.string().optional() }).optional() }))
    .optional(),
  extensions: z.looseObject({ cost: cost.optional() }).optional(),
});

export const LineItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  sku: z.string().nullable(),
  quantity: z.number().int(),
  originalUnitPriceSet: moneyBag,
  originalTotalSet: moneyBag,
  product: z.object({ id: z.string() }).nullable(),
  variant: z.object({ id: z.string() }).nullable(),
});

export const FulfillmentSchema = z.object({
  createdAt: dateTime,
  displayStatus: z.string().nullable(),
  status: z.string(),
});

export const OrderSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
  cancelledAt: dateTime.nullable(),
  displayFinancialStatus: z.string().nullable(),
  displayFulfillmentStatus: z.string(),
  returnStatus: z.string(),
  totalPriceSet: moneyBag,
  subtotalPriceSet: moneyBag.nullable(),
  totalTaxSet: moneyBag.nullable(),
  totalShippingPriceSet: moneyBag,
  totalDiscountsSet: moneyBag.nullable(),
  totalRefundedSet: moneyBag,
  email: z.string().nullable(),
  customer: z.object({ displayName: z.string(), email: z.string().nullable() }).nullable(),
  lineItems: z.object({ nodes: z.array(LineItemSchema) }),
  fulfillments: z.array(FulfillmentSchema),
  /** `Refund.createdAt` is nullable in the schema */
  refunds: z.array(z.object({ createdAt: dateTime.nullable() })),
});
export type ShopifyOrder = z.infer<typeof OrderSchema>;

export const ProductSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  updatedAt: dateTime,
  /** the merchant's own free-text type ("" when unset) */
  productType: z.string(),
  /** Shopify's standard product taxonomy; null when the merchant set none */
  category: z.object({ name: z.string() }).nullable(),
  // a response whose query did not select it (a recorded one) has no key at all
  featuredMedia: previewImage.nullish(),
});

export const VariantSchema = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  title: z.string(),
  price: decimal,
  inventoryQuantity: z.number().int().nullable(),
  // absent when the query did not select it: the quantity is then read as tracked stock
  inventoryItem: z.object({ tracked: z.boolean() }).optional(),
  updatedAt: dateTime,
  product: ProductSchema,
});
export type ShopifyVariant = z.infer<typeof VariantSchema>;

/** Pages are checked as a whole, their records one by one (see validateEach). */
export const OrdersDataSchema = z.object({ orders: z.object({ nodes: z.array(z.unknown()), pageInfo }) });
export const VariantsDataSchema = z.object({
  productVariants: z.object({ nodes: z.array(z.unknown()), pageInfo }),
  shop: z.object({ currencyCode: z.string().length(3) }),
});

/** `BulkOperation` as a poll reads it; counts are `UnsignedInt64`, sent as strings. */
export const BulkOperationSchema = z.object({
  id: z.string(),
  status: z.string(),
  errorCode: z.string().nullable(),
  objectCount: z.string(),
  rootObjectCount: z.string(),
  url: z.string().nullable(),
  partialDataUrl: z.string().nullable(),
});
export type BulkOperation = z.infer<typeof BulkOperationSchema>;

const bulkStarted = z.object({ id: z.string(), status: z.string() });

export const BulkRunDataSchema = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: bulkStarted.nullable(),
    userErrors: z.array(
      z.object({ code: z.string().nullable(), field: z.array(z.string()).nullable(), message: z.string() }),
    ),
  }),
});
export const BulkNodeDataSchema = z.object({ node: BulkOperationSchema.nullable() });
/** an operation with the query it runs, to tell whether it is the export a run wants */
export const BulkOperationWithQuerySchema = BulkOperationSchema.extend({ query: z.string() });
export type BulkOperationWithQuery = z.infer<typeof BulkOperationWithQuerySchema>;
export const BulkNodeWithQueryDataSchema = z.object({ node: BulkOperationWithQuerySchema.nullable() });
export const CurrentBulkDataSchema = z.object({ currentBulkOperation: BulkOperationWithQuerySchema.nullable() });
export const BulkCancelDataSchema = z.object({
  bulkOperationCancel: z.object({
    bulkOperation: bulkStarted.nullable(),
    userErrors: z.array(z.object({ message: z.string() })),
  }),
});
