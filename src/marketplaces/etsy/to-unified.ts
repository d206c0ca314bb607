import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { dec, fromMinorUnits, sumMoney } from '../money.ts';
import { mapStatus } from '../status.ts';
import type { UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { EtsyInventory, EtsyListing, EtsyMoney, EtsyReceipt } from './schemas.ts';

/**
 * Etsy receipts and listings → unified rows. Field derivations:
 * - Money is {amount, divisor}: value = amount / divisor (decimal.js), never amount / 100.
 * - totalAmount = grandtotal (total_price − discount + tax + shipping); subtotalAmount =
 *   total_price (Σ price × quantity, before the coupon: Etsy's own `subtotal` is after it);
 *   discountAmount = discount_amt; taxAmount = total_tax_cost; shippingAmount = total_shipping_cost.
 * - refundedAmount = Σ refunds[].amount (the receipt always lists its refunds, so "0" when none).
 * - A transaction's price is per unit: unitPrice = price, totalPrice = price × quantity.
 * - orderNumber = receipt_id (Etsy shows no other order number); customerName is the
 *   shipping recipient (`name`); orderDate = created_timestamp; sourceUpdatedAt = updated_timestamp.
 * - cancelledAt: receipts carry no cancel time; a canceled receipt's last update is its cancellation.
 */

/**
 * Receipt status → unified. `completed` means the seller marked it shipped. Etsy has no
 * delivered or returned status: a receipt is "delivered" only through getShopReceipts'
 * `was_delivered` filter, so the client asks for delivered and undelivered receipts
 * separately and `AFTER_DELIVERY` refines the status of those marked delivered.
 */
export const ETSY_STATUS: Record<string, OrderStatus> = {
  open: 'PENDING',
  'payment processing': 'PENDING',
  paid: 'PROCESSING',
  completed: 'SHIPPED',
  canceled: 'CANCELLED',
  'fully refunded': 'REFUNDED',
  'partially refunded': 'REFUNDED',
};

/** A delivered receipt that was shipped is DELIVERED; one refunded after delivery was RETURNED. */
const AFTER_DELIVERY: Partial<Record<OrderStatus, OrderStatus>> = { SHIPPED: 'DELIVERED', REFUNDED: 'RETURNED' };

/** Fallback for a status the table does not know: what the receipt's own is_paid/is_shipped flags say. */
const fallbackStatus = (r: EtsyReceipt): OrderStatus => (r.is_shipped ? 'SHIPPED' : r.is_paid ? 'PROCESSING' : 'PENDING');

const amount = (m: EtsyMoney) => fromMinorUnits(m.amount, m.divisor);
const fromUnix = (seconds: number) => new Date(seconds * 1000);

export function receiptToOrder(r: EtsyReceipt, delivered: boolean, unknownStatuses: string[]): UnifiedOrderRow {
  // the OAS enum is lower case; live receipts have shown capitalised values ("Completed")
  const mapped = mapStatus(ETSY_STATUS, r.status.toLowerCase(), fallbackStatus(r), unknownStatuses);
  const status = (delivered && AFTER_DELIVERY[mapped]) || mapped;
  return {
    externalOrderId: String(r.receipt_id),
    orderNumber: String(r.receipt_id),
    orderDate: fromUnix(r.created_timestamp),
    status,
    marketplaceStatus: r.status,
    totalAmount: amount(r.grandtotal),
    currency: r.grandtotal.currency_code,
    subtotalAmount: amount(r.total_price),
    taxAmount: amount(r.total_tax_cost),
    shippingAmount: amount(r.total_shipping_cost),
    discountAmount: amount(r.discount_amt),
    refundedAmount: sumMoney(r.refunds.map((f) => amount(f.amount))),
    customerName: r.name,
    customerEmail: r.buyer_email,
    sourceUpdatedAt: fromUnix(r.updated_timestamp),
    cancelledAt: mapped === 'CANCELLED' ? fromUnix(r.updated_timestamp) : null,
    items: r.transactions.map((t) => ({
      externalItemId: String(t.transaction_id),
      externalProductId: t.listing_id === null ? null : String(t.listing_id),
      externalVariantId: t.product_id === null ? null : String(t.product_id),
      sku: t.sku,
      title: t.title ?? '',
      quantity: t.quantity,
      unitPrice: amount(t.price),
      totalPrice: dec(amount(t.price)).times(t.quantity).toFixed(),
    })),
  };
}

/**
 * One row per inventory product (the sellable variant, one offering each): its product_id,
 * under the listing. Deleted products and offerings are left out. status = the listing's
 * state, or `disabled` for an offering the seller switched off inside an active listing.
 */
export function listingToProducts(listing: EtsyListing, inventory: EtsyInventory): UnifiedProductRow[] {
  const rows: UnifiedProductRow[] = [];
  for (const product of inventory.products) {
    if (product.is_deleted) continue;
    const offering = product.offerings.find((o) => !o.is_deleted);
    const variantTitle = product.property_values.flatMap((p) => p.values).join(' / ');
    rows.push({
      externalProductId: String(product.product_id),
      parentListingId: String(listing.listing_id),
      sku: product.sku,
      title: listing.title,
      variantTitle: variantTitle || null,
      price: offering ? amount(offering.price) : null,
      currency: offering?.price.currency_code ?? null,
      inventoryQuantity: offering?.quantity ?? null,
      status: listing.state === 'active' && offering?.is_enabled === false ? 'disabled' : listing.state,
      sourceUpdatedAt: fromUnix(listing.updated_timestamp),
    });
  }
  return rows;
}
