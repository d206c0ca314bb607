import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { earliest, latest } from '../dates.ts';
import { dec, fromMinorUnits, sumMoney } from '../money.ts';
import { mapStatus, productStatus } from '../status.ts';
import type { UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { EtsyInventory, EtsyListing, EtsyMoney, EtsyReceipt } from './schemas.ts';

/**
 * Etsy receipts and listings → unified rows. Field derivations:
 * - Money is {amount, divisor}: value = amount / divisor (decimal.js), never amount / 100.
 * - totalAmount = grandtotal (total_price − discount + tax + shipping); subtotalAmount =
 *   total_price (Σ price × quantity, before the coupon: Etsy's own `subtotal` is after it);
 *   discountAmount = discount_amt; taxAmount = total_tax_cost; shippingAmount = total_shipping_cost.
 * - refundedAmount = Σ refunds[].amount ("0" when none).
 * - A transaction's price is per unit: unitPrice = price, totalPrice = price × quantity.
 * - orderNumber = receipt_id (Etsy shows no other order number); customerName is the
 *   shipping recipient (`name`); orderedAt = created_timestamp; sourceUpdatedAt = updated_timestamp.
 * - fulfilledAt: the first shipment's shipment_notification_timestamp (when the seller marked it
 *   shipped), else the earliest transaction shipped_timestamp, else null. Etsy gives no delivery time.
 * - cancelledAt: receipts carry no cancel time; a canceled receipt's last update is its
 *   cancellation, a refund before shipping cancels as of the refund.
 */

/**
 * The spec's Etsy table (open → PENDING, paid → CONFIRMED, completed → DELIVERED, canceled →
 * CANCELLED), plus its nearest row for `payment processing` (not paid yet, like open). The OAS
 * enum is lower case, live receipts have sent capitalised ones ("Completed", etsy/open-api #469
 * and #806): the status is looked up lower-cased and kept as sent in marketplaceStatus.
 * `fully refunded` and `partially refunded` follow the refund rule: RETURNED after shipping
 * (is_shipped); before, a full refund is CANCELLED and a partial one leaves the rest to ship
 * (CONFIRMED: it was paid). `/shipped` or `/not shipped` follows the status.
 */
export const ETSY_STATUS: Readonly<Record<string, OrderStatus>> = {
  open: 'PENDING',
  'payment processing': 'PENDING',
  paid: 'CONFIRMED',
  completed: 'DELIVERED',
  canceled: 'CANCELLED',
};

const REFUND_STATUSES = new Set(['fully refunded', 'partially refunded']);

const amount = (m: EtsyMoney) => fromMinorUnits(m.amount, m.divisor);
const amountOrNull = (m: EtsyMoney | null | undefined) => (m ? amount(m) : null);
const fromUnix = (seconds: number) => new Date(seconds * 1000);
const fromUnixOrNull = (seconds: number | null | undefined) => (seconds == null ? null : fromUnix(seconds));

/** When the seller marked the receipt shipped, if it says. */
function shippedAt(r: EtsyReceipt): Date | null {
  return (
    earliest((r.shipments ?? []).map((s) => fromUnixOrNull(s.shipment_notification_timestamp))) ??
    earliest((r.transactions ?? []).map((t) => fromUnixOrNull(t.shipped_timestamp)))
  );
}

const isShipped = (r: EtsyReceipt) => r.is_shipped ?? shippedAt(r) !== null;

/** A status the table does not know: what the receipt's own flags say, by the table's rows (shipped as completed, paid as paid). */
const fallbackStatus = (r: EtsyReceipt): OrderStatus =>
  isShipped(r) ? 'DELIVERED' : r.is_paid ? 'CONFIRMED' : 'PENDING';

export function toUnifiedOrder(r: EtsyReceipt, unknownStatuses: string[]): UnifiedOrderRow {
  const raw = r.status.toLowerCase();
  const refunded = REFUND_STATUSES.has(raw);
  const status = !refunded
    ? mapStatus(ETSY_STATUS, raw, fallbackStatus(r), unknownStatuses)
    : isShipped(r)
      ? 'RETURNED'
      : raw === 'fully refunded'
        ? 'CANCELLED'
        : 'CONFIRMED';
  const created = (r.created_timestamp ?? r.create_timestamp)!;
  const updated = r.updated_timestamp ?? r.update_timestamp ?? created;
  const refunds = r.refunds ?? [];
  const shipped = shippedAt(r);
  const lastRefund = latest(refunds.map((f) => fromUnixOrNull(f.created_timestamp)));
  return {
    externalOrderId: String(r.receipt_id),
    orderNumber: String(r.receipt_id),
    orderedAt: fromUnix(created),
    fulfilledAt: shipped,
    status,
    marketplaceStatus: refunded ? `${r.status}/${isShipped(r) ? 'shipped' : 'not shipped'}` : r.status,
    totalAmount: amount(r.grandtotal),
    currency: r.grandtotal.currency_code,
    subtotalAmount: amountOrNull(r.total_price),
    taxAmount: amountOrNull(r.total_tax_cost),
    shippingAmount: amountOrNull(r.total_shipping_cost),
    discountAmount: amountOrNull(r.discount_amt),
    refundedAmount: sumMoney(refunds.map((f) => amount(f.amount))),
    customerName: r.name ?? null,
    customerEmail: r.buyer_email ?? null,
    sourceUpdatedAt: fromUnix(updated),
    cancelledAt: status === 'CANCELLED' ? ((raw === 'canceled' ? null : lastRefund) ?? fromUnix(updated)) : null,
    items: (r.transactions ?? []).map((t) => ({
      externalItemId: String(t.transaction_id),
      externalProductId: t.listing_id == null ? null : String(t.listing_id),
      externalVariantId: t.product_id == null ? null : String(t.product_id),
      sku: t.sku ?? null,
      title: t.title ?? '',
      quantity: t.quantity,
      unitPrice: amount(t.price),
      totalPrice: dec(amount(t.price)).times(t.quantity).toFixed(),
    })),
  };
}

/** States in which a listing can be bought (sold_out: listed with nothing left). */
const FOR_SALE = new Set(['active', 'sold_out']);

/**
 * One row per inventory product (the sellable variant, one offering each), under the listing.
 * Deleted products and offerings are left out.
 * - externalId: the product_id of a variant; a listing without variations is its one product,
 *   and takes the listing_id (the spec's `listing.listingId`).
 * - price and inventory: the variant's offering (price, quantity), where the spec names the
 *   listing's (its lowest price and summed quantity). Etsy counts every listing's stock, never
 *   below 0; a seller who does not count it sets a large quantity (at most 999), shown as is.
 * - status: for sale when the listing is active or sold_out and the offering is enabled;
 *   sold_out (or a quantity of 0) is OUT_OF_STOCK. marketplaceStatus is the listing state, with
 *   `/disabled` for an offering the seller switched off.
 * - imageUrl: the listing's first image (rank 1) from `includes=Images`, url_570xN; every
 *   variant shows it (variation images need a call per listing).
 * - category: null. A listing names only its taxonomy_id; the name needs getSellerTaxonomyNodes
 *   (Etsy added taxonomy_id for that, etsy/open-api #141), a call the sync does not make.
 */
export function toUnifiedProducts(listing: EtsyListing, inventory: EtsyInventory): UnifiedProductRow[] {
  const live = inventory.products.filter((p) => !p.is_deleted);
  const single = live.length === 1 && live[0]!.property_values.length === 0 && listing.has_variations !== true;
  const image = [...(listing.images ?? [])].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))[0];
  const state = listing.state.toLowerCase();
  const updated = listing.updated_timestamp ?? listing.last_modified_timestamp;
  return live.map((product) => {
    const offering = product.offerings.find((o) => !o.is_deleted);
    const enabled = offering !== undefined && offering.is_enabled !== false;
    const stock = offering?.quantity ?? null;
    const variantTitle = product.property_values.flatMap((p) => p.values).join(' / ');
    return {
      externalId: String(single ? listing.listing_id : product.product_id),
      parentListingId: String(listing.listing_id),
      sku: product.sku ?? null,
      title: listing.title,
      variantTitle: variantTitle || null,
      category: null,
      imageUrl: image?.url_570xN ?? image?.url_fullxfull ?? null,
      price: offering ? amount(offering.price) : null,
      currency: offering?.price.currency_code ?? null,
      inventory: stock,
      status: productStatus({
        forSale: FOR_SALE.has(state) && enabled,
        inventory: stock,
        soldOut: state === 'sold_out',
      }),
      marketplaceStatus: offering && !enabled ? `${listing.state}/disabled` : listing.state,
      sourceUpdatedAt: updated == null ? null : fromUnix(updated),
    };
  });
}
