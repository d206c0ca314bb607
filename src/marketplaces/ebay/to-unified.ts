import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { currencyExponent, dec, sumMoney, type Decimal } from '../money.ts';
import { mapStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { EbayAmount, EbayInventoryItem, EbayLineItem, EbayOffer, EbayOrder } from './schemas.ts';

/**
 * eBay has no single order status. The raw status we map is `CANCELED` when
 * cancelStatus.cancelState says so (whatever the payment shows), otherwise
 * `<orderFulfillmentStatus>/<orderPaymentStatus>`. A cancel request still IN_PROGRESS does
 * not cancel the order, so it is read from the other two fields.
 */
export function ebayRawStatus(order: Pick<EbayOrder, 'orderFulfillmentStatus' | 'orderPaymentStatus' | 'cancelStatus'>): string {
  return order.cancelStatus.cancelState === 'CANCELED' ? 'CANCELED' : `${order.orderFulfillmentStatus}/${order.orderPaymentStatus}`;
}

/**
 * getOrders has no delivered signal (fulfillment ends at FULFILLED = shipped), so delivered
 * orders stay SHIPPED. A failed payment leaves the order awaiting payment (PENDING) until eBay
 * cancels it. Refunded before shipping is REFUNDED, after shipping RETURNED.
 */
export const EBAY_STATUS: Readonly<Record<string, OrderStatus>> = {
  'NOT_STARTED/PENDING': 'PENDING',
  'NOT_STARTED/FAILED': 'PENDING',
  'NOT_STARTED/PAID': 'PROCESSING',
  'IN_PROGRESS/PAID': 'PROCESSING',
  'FULFILLED/PAID': 'SHIPPED',
  'NOT_STARTED/FULLY_REFUNDED': 'REFUNDED',
  'FULFILLED/FULLY_REFUNDED': 'RETURNED',
  'FULFILLED/PARTIALLY_REFUNDED': 'RETURNED',
  CANCELED: 'CANCELLED',
};

/** Unknown combinations (e.g. a partial refund before shipping) are orders still being handled. */
export const EBAY_STATUS_FALLBACK: OrderStatus = 'PROCESSING';

/** Money fixed to the currency's decimals ("120.0" USD → "120.00"). */
function money(value: string | Decimal, currency: string): string {
  return dec(value).toFixed(currencyExponent(currency));
}

function sameCurrency(amount: EbayAmount | undefined, currency: string, field: string): void {
  if (amount && amount.currency !== currency) throw new Error(`${field} is in ${amount.currency}, the order in ${currency}`);
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
    title: line.title,
    quantity: line.quantity,
    unitPrice: unit.toFixed(Math.max(currencyExponent(currency), unit.decimalPlaces())),
    totalPrice: money(line.lineItemCost.value, currency),
  };
}

/** Throws on an inconsistent record (the caller skips it). */
export function toUnifiedOrder(order: EbayOrder, unknownStatuses: string[]): UnifiedOrderRow {
  const p = order.pricingSummary;
  const currency = p.total.currency;
  for (const [field, amount] of Object.entries(p)) sameCurrency(amount, currency, `pricingSummary.${field}`);
  const refunds = order.paymentSummary?.refunds ?? [];
  for (const r of refunds) sameCurrency(r.amount, currency, 'paymentSummary.refunds');
  const zero = dec(0);
  const raw = ebayRawStatus(order);
  const shipTo = order.fulfillmentStartInstructions[0]?.shippingStep?.shipTo;
  const buyer = order.buyer?.buyerRegistrationAddress;
  return {
    externalOrderId: order.orderId,
    orderNumber: order.salesRecordReference ?? order.orderId,
    orderDate: new Date(order.creationDate),
    status: mapStatus(EBAY_STATUS, raw, EBAY_STATUS_FALLBACK, unknownStatuses),
    marketplaceStatus: raw,
    totalAmount: money(p.total.value, currency),
    currency,
    subtotalAmount: money(p.priceSubtotal.value, currency),
    // eBay leaves out tax, delivery and discount when there are none
    taxAmount: money(p.tax?.value ?? zero, currency),
    shippingAmount: money(p.deliveryCost?.value ?? zero, currency),
    // priceDiscount is shown as a negative amount
    discountAmount: money(p.priceDiscount ? dec(p.priceDiscount.value).abs() : zero, currency),
    // pending refunds are committed to the buyer; failed ones returned nothing
    refundedAmount: money(sumMoney(refunds.filter((r) => r.refundStatus !== 'FAILED').map((r) => r.amount.value)), currency),
    customerName: buyer?.fullName ?? shipTo?.fullName ?? order.buyer?.username ?? null,
    customerEmail: buyer?.email ?? shipTo?.email ?? null,
    sourceUpdatedAt: new Date(order.lastModifiedDate),
    cancelledAt: raw === 'CANCELED' ? new Date(order.cancelStatus.cancelledDate ?? order.lastModifiedDate) : null,
    items: order.lineItems.map((line) => toUnifiedItem(line, currency)),
  };
}

/**
 * One row per inventory item (SKU). A SKU is unique only within one eBay account, and a seller
 * may connect two (US and UK), so the row's id is the SKU's offer id, which eBay makes unique;
 * an item never offered falls back to its SKU. The listing id comes from the offer. Inventory items
 * have no modified time and no variant label (that lives on the item group's `variesBy`).
 */
export function toUnifiedProduct(item: EbayInventoryItem, offer: EbayOffer | null): UnifiedProductRow {
  const price = offer?.pricingSummary?.price;
  return {
    externalProductId: offer?.offerId ?? item.sku,
    parentListingId: offer?.listing?.listingId ?? null,
    sku: item.sku,
    title: item.product.title,
    variantTitle: null,
    price: price ? money(price.value, price.currency) : null,
    currency: price?.currency ?? null,
    inventoryQuantity: item.availability?.shipToLocationAvailability?.quantity ?? null,
    status: offer?.listing?.listingStatus ?? offer?.status ?? null,
    sourceUpdatedAt: null,
  };
}
