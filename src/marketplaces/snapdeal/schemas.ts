import { z } from 'zod';

/**
 * Raw Snapdeal payloads (REFERENCE 7.2, 7.3, 7.7, 7.8). Snapdeal publishes field tables, no
 * example bodies and no required marks, so only what the mapping cannot do without is required:
 * the package and sub-order ids, each sub-order's `price` and `siStatusCode`, and a date to place
 * the order at. Money is integer rupees by the tables (`price`, `mrp`: Integer); `shippingCharge`
 * is not in the SellerItem table (REFERENCE "Corrections"): optional, 0 when absent. The envelope
 * is checked whole, each package or product on its own so one bad record does not sink its page.
 */

/** IST, the zone of a date that names none */
const IST_OFFSET = '+05:30';

/** Epoch milliseconds below this (1973-03-03) are not times of this API: a count, or epoch seconds. */
export const MIN_EPOCH_MS = 1e11;

/**
 * Dates are typed "Date" with no format. Query filters take epoch milliseconds, so a Java Date
 * serialised as a number is the expected form; a digit string or an ISO-8601 text is read too
 * (without an offset, as IST). A number or digit string is epoch milliseconds only from
 * MIN_EPOCH_MS on. Anything else is null.
 */
export function parseSnapdealDate(value: unknown): Date | null {
  const text = typeof value === 'string' ? value.trim() : null;
  let ms: number;
  if (typeof value === 'number' || (text !== null && /^\d+$/.test(text))) {
    ms = Number(text ?? value);
    if (!(ms >= MIN_EPOCH_MS)) return null;
  } else if (text !== null && /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/.test(text)) {
    const iso = text.replace(' ', 'T');
    ms = Date.parse(
      /(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso.length === 10 ? `${iso}T00:00:00` : iso}${IST_OFFSET}`,
    );
  } else return null;
  const date = new Date(ms);
  return ms >= 0 && !Number.isNaN(date.getTime()) ? date : null;
}

const snapdealDate = z.unknown().transform((value, ctx) => {
  const date = parseSnapdealDate(value);
  if (!date)
    ctx.addIssue({
      code: 'custom',
      message: `not a date (epoch milliseconds from ${MIN_EPOCH_MS}, or ISO-8601): ${JSON.stringify(value)}`,
    });
  return date ?? new Date(0);
});

/** Integer rupees by the field tables (a JSON number; a decimal one is read as well). */
const rupees = z.number().finite().nonnegative();

const text = z.union([z.string(), z.number()]).transform(String);

export const envelopeSchema = <P extends z.ZodType>(payload: P) =>
  z.object({
    metadata: z.object({
      requestId: z.string().nullish(),
      requestedURI: z.string().nullish(),
      message: z.string().nullish(),
    }),
    payload,
  });

export const packagesEnvelope = envelopeSchema(z.object({ packages: z.array(z.unknown()) }));
export const productsEnvelope = envelopeSchema(z.object({ supcDetails: z.array(z.unknown()) }));

export const sellerItemSchema = z.object({
  suborderCode: text.pipe(z.string().min(1)),
  /** the buyer's order */
  orderCode: text.nullish(),
  orderDate: snapdealDate.nullish(),
  productName: z.string().nullish(),
  supc: z.string().nullish(),
  skuCode: z.string().nullish(),
  price: rupees,
  // per unit; not in the documented field list, so absent means no shipping charged
  shippingCharge: rupees.nullish(),
  // not in the field list either; the spec's order.currency (default INR)
  currency: z.string().length(3).nullish(),
  siStatusCode: z.string().min(1),
  updated: snapdealDate.nullish(),
  customerName: z.string().nullish(),
  customerDetail: z.object({ email: z.string().nullish() }).nullish(),
});

export const sellerPackageSchema = z
  .object({
    packageReferenceCode: text.pipe(z.string().min(1)),
    created: snapdealDate.nullish(),
    updated: snapdealDate.nullish(),
    shippedDate: snapdealDate.nullish(),
    items: z.array(sellerItemSchema).min(1),
  })
  .refine((p) => p.created || p.items.some((i) => i.orderDate), {
    message: 'no orderDate or created to place the order at',
    path: ['created'],
  });

export const supcDetailSchema = z.object({
  supc: z.string().min(1),
  productName: z.string().nullish(),
  categoryName: z.string().nullish(),
  imageUrl: z.string().nullish(),
  soldBySeller: z.boolean().nullish(),
  competitivePrice: rupees.nullish(),
  // the spec's product.sellingPrice; not in the search's field list (which has competitivePrice)
  sellingPrice: rupees.nullish(),
  // the spec's product.inventory; the search's field list has no stock, the inventory update names it availableInventory
  availableInventory: z.number().int().nullish(),
  inventory: z.number().int().nullish(),
  pageUrl: z.string().nullish(),
  attributes: z.array(z.object({ name: z.string().nullish(), value: z.string().nullish() })).nullish(),
  sellerSKU: z.string().min(1).nullish(),
});

export type SellerItem = z.infer<typeof sellerItemSchema>;
export type SellerPackage = z.infer<typeof sellerPackageSchema>;
export type SupcDetail = z.infer<typeof supcDetailSchema>;
