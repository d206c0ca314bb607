import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { sumMoney } from '../money.ts';
import { mapStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { ShopifyOrder, ShopifyVariant } from './schemas.ts';

/**
 * Shopify GraphQL payloads → unified rows. Shopify splits an order's state over several
 * fields; the first rule that decides wins:
 *  1. `cancelledAt` set → CANCELLED
 *  2. `returnStatus` RETURNED or INSPECTION_COMPLETE (goods came back) → RETURNED
 *  3. `displayFinancialStatus` in FINANCIAL_STATUS (money not captured, voided or fully refunded)
 *  4. otherwise (PAID, PARTIALLY_REFUNDED) `displayFulfillmentStatus` in FULFILLMENT_STATUS,
 *     where FULFILLED becomes DELIVERED once a fulfillment's `displayStatus` is DELIVERED.
 * Fallback: an unknown financial status defers to the fulfillment status; an unknown
 * fulfillment status maps to PROCESSING. Both are reported in `unknownStatuses`.
 */

export const RETURN_STATUS_RETURNED = ['RETURNED', 'INSPECTION_COMPLETE'];

export const FINANCIAL_STATUS: Readonly<Record<string, OrderStatus>> = {
  PENDING: 'PENDING',
  AUTHORIZED: 'PENDING',
  PARTIALLY_PAID: 'PENDING',
  VOIDED: 'CANCELLED',
  EXPIRED: 'CANCELLED',
  REFUNDED: 'REFUNDED',
};

/** financial statuses that leave the decision to the fulfillment status */
export const FINANCIAL_DEFERS = ['PAID', 'PARTIALLY_REFUNDED'];

export const FULFILLMENT_STATUS: Readonly<Record<string, OrderStatus>> = {
  UNFULFILLED: 'PROCESSING',
  OPEN: 'PROCESSING',
  SCHEDULED: 'PROCESSING',
  ON_HOLD: 'PROCESSING',
  PENDING_FULFILLMENT: 'PROCESSING',
  IN_PROGRESS: 'PROCESSING',
  PARTIALLY_FULFILLED: 'PROCESSING',
  REQUEST_DECLINED: 'PROCESSING',
  FULFILLED: 'SHIPPED',
  // every item went back to stock
  RESTOCKED: 'RETURNED',
};

const FULFILLMENT_FALLBACK: OrderStatus = 'PROCESSING';

function unifiedStatus(o: ShopifyOrder, unknown: string[]): OrderStatus {
  if (o.cancelledAt) return 'CANCELLED';
  if (RETURN_STATUS_RETURNED.includes(o.returnStatus)) return 'RETURNED';
  const financial = o.displayFinancialStatus;
  if (financial) {
    const decided = FINANCIAL_STATUS[financial];
    if (decided) return decided;
    if (!FINANCIAL_DEFERS.includes(financial) && !unknown.includes(financial)) unknown.push(financial);
  }
  const status = mapStatus(FULFILLMENT_STATUS, o.displayFulfillmentStatus, FULFILLMENT_FALLBACK, unknown);
  return status === 'SHIPPED' && o.fulfillments.some((f) => f.displayStatus === 'DELIVERED') ? 'DELIVERED' : status;
}

/** The raw statuses as one string, e.g. "PAID/FULFILLED/DELIVERED" or "REFUNDED/FULFILLED/RETURNED". */
function marketplaceStatus(o: ShopifyOrder): string {
  const parts = [o.displayFinancialStatus ?? 'NONE', o.displayFulfillmentStatus];
  if (o.returnStatus !== 'NO_RETURN') parts.push(o.returnStatus);
  if (o.fulfillments.some((f) => f.displayStatus === 'DELIVERED')) parts.push('DELIVERED');
  if (o.cancelledAt) parts.push('CANCELLED');
  return parts.join('/');
}

function itemToUnified(line: ShopifyOrder['lineItems']['nodes'][number]): UnifiedOrderItemRow {
  return {
    externalItemId: line.id,
    externalProductId: line.product?.id ?? null,
    externalVariantId: line.variant?.id ?? null,
    sku: line.sku || null,
    title: line.name,
    quantity: line.quantity,
    unitPrice: line.originalUnitPriceSet.shopMoney.amount,
    // originalTotalSet = original unit price × quantity, before discounts
    totalPrice: line.originalTotalSet.shopMoney.amount,
  };
}

export function orderToUnified(o: ShopifyOrder, unknownStatuses: string[]): UnifiedOrderRow {
  const total = o.totalPriceSet.shopMoney;
  const discount = o.totalDiscountsSet?.shopMoney.amount ?? null;
  return {
    externalOrderId: o.id,
    orderNumber: o.name,
    orderDate: new Date(o.createdAt),
    status: unifiedStatus(o, unknownStatuses),
    marketplaceStatus: marketplaceStatus(o),
    totalAmount: total.amount,
    currency: total.currencyCode,
    // Shopify's subtotal is after discounts; the unified subtotal is the line items before them
    subtotalAmount: o.subtotalPriceSet ? sumMoney([o.subtotalPriceSet.shopMoney.amount, discount ?? '0']) : null,
    taxAmount: o.totalTaxSet?.shopMoney.amount ?? null,
    shippingAmount: o.totalShippingPriceSet.shopMoney.amount,
    discountAmount: discount,
    refundedAmount: o.totalRefundedSet.shopMoney.amount,
    customerName: o.customer?.displayName ?? null,
    customerEmail: o.customer?.email ?? null,
    sourceUpdatedAt: new Date(o.updatedAt),
    cancelledAt: o.cancelledAt ? new Date(o.cancelledAt) : null,
    items: o.lineItems.nodes.map(itemToUnified),
  };
}

/** One row per variant; `currency` is the shop's (variant prices carry none). */
export function variantToUnified(v: ShopifyVariant, currency: string): UnifiedProductRow {
  return {
    externalProductId: v.id,
    parentListingId: v.product.id,
    sku: v.sku || null,
    title: v.product.title,
    // the single variant of a product without options is titled "Default Title"
    variantTitle: v.title === 'Default Title' ? null : v.title,
    price: v.price,
    currency,
    inventoryQuantity: v.inventoryQuantity,
    status: v.product.status.toLowerCase(),
    sourceUpdatedAt: new Date(v.updatedAt),
  };
}
