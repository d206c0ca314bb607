import { z } from 'zod';

/**
 * Raw Snapdeal payloads (REFERENCE 7.2, 7.3, 7.7, 7.8). Dates are typed "Date" in the docs and
 * arrive as epoch milliseconds; prices are integer rupees. The envelope is checked whole, each
 * package or product on its own so one bad record does not sink its page.
 */

const epochMs = z.number().int().nonnegative();
const rupees = z.number().int().nonnegative();

export const envelopeSchema = <P extends z.ZodType>(payload: P) =>
  z.object({
    metadata: z.object({ requestId: z.string().nullish(), requestedURI: z.string().nullish(), message: z.string().nullish() }),
    payload,
  });

export const packagesEnvelope = envelopeSchema(z.object({ packages: z.array(z.unknown()) }));
export const productsEnvelope = envelopeSchema(z.object({ supcDetails: z.array(z.unknown()) }));

export const sellerItemSchema = z.object({
  suborderCode: z.string().min(1),
  orderCode: z.string().min(1),
  productName: z.string(),
  supc: z.string().min(1),
  skuCode: z.string().min(1).nullish(),
  price: rupees,
  // per unit; not in the documented field list, so absent means no shipping charged
  shippingCharge: rupees.nullish(),
  siStatusCode: z.string().min(1),
  customerName: z.string().nullish(),
  customerDetail: z.object({ email: z.string().nullish() }).nullish(),
});

export const sellerPackageSchema = z.object({
  packageReferenceCode: z.string().min(1),
  created: epochMs,
  updated: epochMs,
  items: z.array(sellerItemSchema).min(1),
});

export const supcDetailSchema = z.object({
  supc: z.string().min(1),
  productName: z.string(),
  soldBySeller: z.boolean().nullish(),
  competitivePrice: rupees.nullish(),
  availableInventory: z.number().int().nullish(),
  pageUrl: z.string().nullish(),
  attributes: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
  sellerSKU: z.string().min(1).nullish(),
});

export type SellerItem = z.infer<typeof sellerItemSchema>;
export type SellerPackage = z.infer<typeof sellerPackageSchema>;
export type SupcDetail = z.infer<typeof supcDetailSchema>;
