import { z } from 'zod';

/** zod schemas of the GraphQL Admin API payloads the connector reads. */

/** Shopify's `Decimal`/`Money` scalars: decimal strings, never numbers */
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'not a decimal string');
const dateTime = z.iso.datetime({ offset: true });
const moneyBag = z.object({ shopMoney: z.object({ amount: decimal, currencyCode: z.string().length(3) }) });

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

const cost = z.object({
  requestedQueryCost: z.number(),
  actualQueryCost: z.number().nullable(),
  throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
});

export const EnvelopeSchema = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.object({ message: z.string(), extensions: z.looseObject({ code: z.string().optional() }).optional() })).optional(),
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
  customer: z.object({ displayName: z.string(), email: z.string().nullable() }).nullable(),
  lineItems: z.object({ nodes: z.array(LineItemSchema) }),
  fulfillments: z.array(z.object({ displayStatus: z.string().nullable() })),
});
export type ShopifyOrder = z.infer<typeof OrderSchema>;

export const VariantSchema = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  title: z.string(),
  price: decimal,
  inventoryQuantity: z.number().int().nullable(),
  updatedAt: dateTime,
  product: z.object({ id: z.string(), title: z.string(), status: z.string(), updatedAt: dateTime }),
});
export type ShopifyVariant = z.infer<typeof VariantSchema>;

/** Pages are checked as a whole, their records one by one (see validateEach). */
export const OrdersDataSchema = z.object({ orders: z.object({ nodes: z.array(z.unknown()), pageInfo }) });
export const VariantsDataSchema = z.object({
  productVariants: z.object({ nodes: z.array(z.unknown()), pageInfo }),
  shop: z.object({ currencyCode: z.string().length(3) }),
});
