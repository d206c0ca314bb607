import { z } from 'zod';

/**
 * Raw Flipkart Seller API v3 payloads (REFERENCE 4.2, 4.3, 4.7, 4.8). Page envelopes are
 * checked as a whole; each shipment and listing is checked on its own so one bad record is
 * skipped and the rest of the page kept. Flipkart's OpenAPI marks no shipment or order-item
 * field required (the official `shipment_created` example has `hsn: null`, no `serviceProfile`,
 * no `locationId`): only what the mapping cannot do without is required here.
 */

/** Prices are JSON numbers in rupees; kept as their decimal string form for decimal.js. */
const rupees = z
  .number()
  .finite()
  .nonnegative()
  .transform((n) => String(n));
/** `2017-04-06T18:15:57.000+05:30` */
const timestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const orderItemSchema = z.object({
  orderItemId: z.string().min(1),
  orderId: z.string().min(1),
  orderDate: timestamp,
  cancellationDate: timestamp.nullish(),
  status: z.string().min(1),
  quantity: z.number().int().positive(),
  fsn: z.string().nullish(),
  sku: z.string().nullish(),
  listingId: z.string().nullish(),
  title: z.string().nullish(),
  priceComponents: z.object({
    sellingPrice: rupees,
    totalPrice: rupees.nullish(),
    shippingCharge: rupees.nullish(),
    customerPrice: rupees.nullish(),
    flipkartDiscount: rupees.nullish(),
  }),
});

export const shipmentSchema = z.object({
  shipmentId: z.string().min(1),
  updatedAt: timestamp.nullish(),
  orderItems: z.array(orderItemSchema).min(1),
});

export const shipmentsPageSchema = z.object({
  hasMore: z.boolean(),
  nextPageUrl: z.string().nullish(),
  shipments: z.array(z.unknown()),
});

/** `GET /sellers/v3/shipments?orderIds=…`: the shipments only, no paging. */
export const shipmentsByIdSchema = z.object({ shipments: z.array(z.unknown()) });

/** Only the ids of a shipment, read without its schema: which orders it holds, and what to name when it is skipped. */
export const shipmentIdsSchema = z
  .object({
    shipmentId: z.unknown(),
    orderItems: z.array(z.object({ orderId: z.unknown() }).partial()).catch([]),
  })
  .partial();

/** `POST /sellers/listings/v3/product/search`: up to 20 listings a batch, with title, image and vertical. */
export const productSearchPageSchema = z.object({
  totalListingsCount: z.coerce.number().int().nonnegative().nullish().catch(null),
  listingData: z
    .array(z.unknown())
    .nullish()
    .transform((l) => l ?? []),
});

export const productSearchItemSchema = z.object({
  listingId: z.string().nullish(),
  productId: z.string().nullish(),
  sku: z.string().min(1),
  status: z.string().nullish(),
  product_name: z.string().nullish(),
  product_image_url: z.string().nullish(),
  vertical: z.string().nullish(),
  product_description: z.object({ ssp: z.number().finite().nullish(), mrp: z.number().finite().nullish() }).nullish(),
});

/** The docs' sample says `flipkart_selling_price` where their schema says `selling_price`: accept either. */
export const listingSchema = z.object({
  listing_id: z.string(),
  product_id: z.string().nullish(),
  price: z
    .object({
      selling_price: z.number().int().optional(),
      flipkart_selling_price: z.number().int().optional(),
      currency: z.string().nullish(),
    })
    .refine(
      (p) => p.selling_price !== undefined || p.flipkart_selling_price !== undefined,
      'price has no selling_price',
    ),
  listing_status: z.string(),
  archived_status: z.string().nullish(),
  // `inventory` is optional in the schema: a location that reports none does not track stock there
  locations: z
    .array(z.object({ id: z.string(), status: z.string().nullish(), inventory: z.number().int().nullish() }))
    .default([]),
});

export const listingDetailsSchema = z.object({
  available: z.record(z.string(), z.unknown()),
  unavailable: z.array(z.unknown()).default([]),
  invalid: z.array(z.unknown()).default([]),
});

export type RawShipment = z.infer<typeof shipmentSchema>;
export type RawOrderItem = z.infer<typeof orderItemSchema>;
export type RawListing = z.infer<typeof listingSchema>;
export type RawProductSearchItem = z.infer<typeof productSearchItemSchema>;
