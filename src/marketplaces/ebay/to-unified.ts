import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { latest } from '../dates.ts';
import { type Decimal, dec, moneyInCurrency, sumMoney } from '../money.ts';
import { mapStatus, productStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { EbayAmount, EbayInventoryItem, EbayLineItem, EbayOffer, EbayOrder } from './schemas.ts';

/**
 * eBay getOrders → unified rows.
 *
 * Status: the spec's table reads `orderFulfillmentStatus` (NOT_STARTED → PENDING, IN_PROGRESS →
 * SHIPPED, FULFILLED → DELIVERED). Its CANCELLED row is `cancelStatus.cancelState`, which eBay
 * spells `CANCELED`: a cancelled order is CANCELLED whatever the other fields say. Its RETURNED
 * row has no value in getOrders (returns live in the Post-Order API): a return shows as a refund
 * after shipping, so `orderPaymentStatus` FULLY_REFUNDED or PARTIALLY_REFUNDED on an order
 * IN_PROGRESS or FULFILLED is RETURNED. Before anything shipped (NOT_STARTED) a full refund is
 * CANCELLED, while a partial one leaves the rest to ship (PENDING). A payment still PENDING or FAILED leaves the order PENDING, and an
 * open cancel request (cancelState IN_PROGRESS) does not cancel it yet.
 *
 * marketplaceStatus: `<orderFulfillmentStatus>/<orderPaymentStatus>`, or
 * `CANCELED/<orderFulfillmentStatus>/<orderPaymentStatus>` for a cancelled order, plus
 * `/CANCEL_IN_PROGRESS` while a cancel request is open; the first segment is the table's key.
 */
export const EBAY_STATUS: Readonly<Record<string, OrderStatus>> = {
  NOT_STARTED: 'PENDING',
  IN_PROGRESS: 'SHIPPED',
  FULFILLED: 'DELIVERED',
  CANCELED: 'CANCELLED',
};

/** A fulfillment status eBay adds later is read as not shipped yet (and reported). */
export const EBAY_STATUS_FALLBACK: OrderStatus = 'PENDING';

const REFUNDED_PAYMENT = new Set(['FULLY_REFUNDED', 'PARTIALLY_REFUNDED']);

function sameCurrency(amount: EbayAmount | undefined, currency: string, field: string): void {
  if (amount && amount.currency !== currency)
    throw new Error(`${field} is in ${amount.currency}, the order in ${currency}`);
}

export function ebayMarketplaceStatus(
  order: Pick<EbayOrder, 'orderFulfillmentStatus' | 'orderPaymentStatus' | 'cancelStatus'>,
): string {
  const cancelState = order.cancelStatus?.cancelState;
  return [
    ...(cancelState === 'CANCELED' ? ['CANCELED'] : []),
    order.orderFulfillmentStatus,
    ...(order.orderPaymentStatus ? [order.orderPaymentStatus] : []),
    ...(cancelState === 'IN_PROGRESS' ? ['CANCEL_IN_PROGRESS'] : []),
  ].join('/');
}

export function ebayStatus(
  order: Pick<EbayOrder, 'orderFulfillmentStatus' | 'orderPaymentStatus' | 'cancelStatus'>,
  unknownStatuses: string[],
): OrderStatus {
  const first = order.cancelStatus?.cancelState === 'CANCELED' ? 'CANCELED' : order.orderFulfillmentStatus;
  const status = mapStatus(EBAY_STATUS, first, EBAY_STATUS_FALLBACK, unknownStatuses);
  if (status === 'CANCELLED' || !REFUNDED_PAYMENT.has(order.orderPaymentStatus ?? '')) return status;
  if (status !== 'PENDING') return 'RETURNED';
  return order.orderPaymentStatus === 'FULLY_REFUNDED' ? 'CANCELLED' : status;
}

function toUnifiedItem(line: EbayLineItem, currency: string): UnifiedOrderItemRow {
  sameCurrency(line.lineItemCost, currency, `lineItems[${line.lineItemId}].lineItemCost`);
  // lineItemCost is unit price × quantity (before discounts), not the unit price
  const unit = dec(line.lineItemCost.value).div(line.quantity).toDecimalPlaces(4);
  return {
    externalItemId: line.lineItemId,
    externalProductId: line.legacyItemId ?? null,
    externalVariantId: line.legacyVariationId ?? null,
    sku: line.sku ?? null,
    title: line.title ?? line.sku ?? '',
    quantity: line.quantity,
    unitPrice: moneyInCurrency(unit, currency),
    totalPrice: moneyInCurrency(line.lineItemCost.value, currency),
  };
}

/** Throws on an inconsistent record (the caller skips it). */
export function toUnifiedOrder(order: EbayOrder, unknownStatuses: string[]): UnifiedOrderRow {
  const p = order.pricingSummary;
  const currency = p.total.currency;
  for (const [field, amount] of Object.entries(p)) sameCurrency(amount, currency, `pricingSummary.${field}`);
  const refunds = order.paymentSummary?.refunds ?? [];
  for (const r of refunds) sameCurrency(r.amount, currency, 'paymentSummary.refunds');
  // pending refunds are committed to the buyer; failed ones returned nothing
  const counted = refunds.filter((r) => r.refundStatus !== 'FAILED');
  const money = (value: string | Decimal) => moneyInCurrency(value, currency);
  const zero = dec(0);
  const status = ebayStatus(order, unknownStatuses);
  const updated = order.lastModifiedDate ?? order.creationDate;
  const shipTo = order.fulfillmentStartInstructions?.[0]?.shippingStep?.shipTo;
  const buyer = order.buyer?.buyerRegistrationAddress;
  // a refund before shipping cancels as of the refund
  const refundedAt = latest(counted.map((r) => (r.refundDate ? new Date(r.refundDate) : null)));
  const cancelledDate = order.cancelStatus?.cancelledDate;
  const cancelledAt = cancelledDate ? new Date(cancelledDate) : (refundedAt ?? new Date(updated));
  return {
    externalOrderId: order.orderId,
    orderNumber: order.salesRecordReference ?? order.orderId,
    orderedAt: new Date(order.creationDate),
    // getOrders carries no ship or delivery time (only the shipping_fulfillment resource behind
    // fulfillmentHrefs has shippedDate, one extra call per order): not said here
    fulfilledAt: null,
    status,
    marketplaceStatus: ebayMarketplaceStatus(order),
    totalAmount: money(p.total.value),
    currency,
    subtotalAmount: p.priceSubtotal ? money(p.priceSubtotal.value) : null,
    // eBay leaves out tax, delivery and discount when there are none
    taxAmount: money(p.tax?.value ?? zero),
    shippingAmount: money(p.deliveryCost?.value ?? zero),
    // priceDiscount is shown as a negative amount
    discountAmount: money(p.priceDiscount ? dec(p.priceDiscount.value).abs() : zero),
    // FULLY_REFUNDED with no refund listed (paymentSummary.refunds is optional): the whole total went back
    refundedAmount: money(
      counted.length === 0 && order.orderPaymentStatus === 'FULLY_REFUNDED'
        ? p.total.value
        : sumMoney(counted.map((r) => r.amount.value)),
    ),
    customerName: buyer?.fullName ?? shipTo?.fullName ?? order.buyer?.username ?? null,
    customerEmail: buyer?.email ?? shipTo?.email ?? null,
    sourceUpdatedAt: new Date(updated),
    cancelledAt: status === 'CANCELLED' ? cancelledAt : null,
    items: order.lineItems.map((line) => toUnifiedItem(line, currency)),
  };
}

/** Listing states in which a published offer can still be bought (OUT_OF_STOCK: kept alive at 0 by out-of-stock control). */
const LIVE_LISTING = new Set(['ACTIVE', 'OUT_OF_STOCK']);

/**
 * One row per inventory item: the SKU is its id (unique within the eBay account, which is the
 * connection), under the listing of its offer. Price, listing and category come from the SKU's
 * offer; an item with no offer is not for sale. Inventory items have no modified time and no
 * variant label (that lives on the item group's `variesBy`).
 * - inventory: availability.shipToLocationAvailability.quantity; eBay counts every SKU's stock,
 *   and an item whose quantity was never set has no availability: null (not said), never 0.
 * - category: the offer carries an eBay categoryId only (its name needs the Taxonomy API), but
 *   also the seller's Store categories as paths ("/Fashion/Men/Shirts"): the first, as
 *   "Fashion > Men > Shirts"; null without one.
 * - status: for sale when the offer is PUBLISHED and its listing ACTIVE or OUT_OF_STOCK;
 *   marketplaceStatus is `<offer status>/<listingStatus>`.
 */
export function toUnifiedProduct(item: EbayInventoryItem, offer: EbayOffer | null): UnifiedProductRow {
  const price = offer?.pricingSummary?.price;
  const inventory = item.availability?.shipToLocationAvailability?.quantity ?? null;
  const listingStatus = offer?.listing?.listingStatus;
  const forSale = offer?.status === 'PUBLISHED' && (listingStatus === undefined || LIVE_LISTING.has(listingStatus));
  const storeCategory = offer?.storeCategoryNames?.[0]?.split('/').filter(Boolean).join(' > ');
  const words = [offer?.status, listingStatus].filter((w) => w !== undefined);
  return {
    externalId: item.sku,
    parentListingId: offer?.listing?.listingId ?? null,
    sku: item.sku,
    title: item.product?.title ?? item.sku,
    variantTitle: null,
    category: storeCategory || null,
    imageUrl: item.product?.imageUrls?.[0] ?? null,
    price: price ? moneyInCurrency(price.value, price.currency) : null,
    currency: price?.currency ?? null,
    inventory,
    status: productStatus({ forSale, inventory, soldOut: listingStatus === 'OUT_OF_STOCK' }),
    marketplaceStatus: words.length ? words.join('/') : null,
    sourceUpdatedAt: null,
  };
}
