import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { earliest, latest } from '../dates.ts';
import { sumMoney } from '../money.ts';
import { mapStatus, productStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { ShopifyOrder, ShopifyVariant } from './schemas.ts';

/**
 * Shopify GraphQL payloads → unified rows.
 *
 * The spec's status table names Shopify's fulfillment status (GraphQL `displayFulfillmentStatus`)
 * and cancellation (`cancelledAt`): unfulfilled → PENDING, fulfilled → DELIVERED (a FULFILLED
 * order is DELIVERED even while its parcel is in transit), cancelled → CANCELLED. The first rule
 * that decides wins:
 *  1. `cancelledAt` set → CANCELLED (whatever was refunded stays in refundedAmount)
 *  2. `returnStatus` RETURNED or INSPECTION_COMPLETE (the goods came back) → RETURNED
 *  3. The refund rule, by `displayFinancialStatus`: a refund (REFUNDED or PARTIALLY_REFUNDED)
 *     after anything was handed over (the fulfillment status reads SHIPPED or DELIVERED, or a
 *     fulfillment succeeded) → RETURNED; before, REFUNDED (all of it) → CANCELLED, while
 *     PARTIALLY_REFUNDED leaves the status as it was (the rest still ships). The amount is in
 *     refundedAmount. Unpaid, voided or expired payments change nothing: the table keys Shopify
 *     orders on fulfillment, and Shopify voids on cancelling.
 *  4. `displayFulfillmentStatus` by FULFILLMENT_STATUS. The states the table does not name map
 *     by its logic: nothing handed over yet → PENDING; PARTIALLY_FULFILLED (some parcels out,
 *     not all) → SHIPPED; RESTOCKED (every item went back to stock before shipping, i.e. a
 *     refunded or removed order that never left) → CANCELLED; FULFILLMENT_NOT_REQUIRED (nothing
 *     to ship, e.g. gift cards) → DELIVERED, as complete as a fulfilled order.
 * Fallback: an unknown fulfillment status → PENDING (the table's state for "not fulfilled");
 * unknown financial and return statuses change nothing. All three are reported.
 */

export const FULFILLMENT_STATUS: Readonly<Record<string, OrderStatus>> = {
  UNFULFILLED: 'PENDING',
  FULFILLED: 'DELIVERED',
  OPEN: 'PENDING',
  SCHEDULED: 'PENDING',
  ON_HOLD: 'PENDING',
  PENDING_FULFILLMENT: 'PENDING',
  IN_PROGRESS: 'PENDING',
  REQUEST_DECLINED: 'PENDING',
  PARTIALLY_FULFILLED: 'SHIPPED',
  RESTOCKED: 'CANCELLED',
  FULFILLMENT_NOT_REQUIRED: 'DELIVERED',
};
const FULFILLMENT_FALLBACK: OrderStatus = 'PENDING';

/** the first "/"-segment of marketplaceStatus for a cancelled order (the table's "cancelled") */
export const CANCELLED_SEGMENT = 'CANCELLED';

/** `returnStatus` values saying the goods came back */
export const RETURN_STATUS_RETURNED = ['RETURNED', 'INSPECTION_COMPLETE'];
const RETURN_STATUSES = [...RETURN_STATUS_RETURNED, 'NO_RETURN', 'RETURN_REQUESTED', 'IN_PROGRESS', 'RETURN_FAILED'];

/** `displayFinancialStatus` values that follow the refund rule (rule 3); the others never override */
const FINANCIAL_REFUNDED = 'REFUNDED';
const FINANCIAL_PARTIALLY_REFUNDED = 'PARTIALLY_REFUNDED';
const FINANCIAL_STATUSES = [
  'PENDING',
  'AUTHORIZED',
  'PARTIALLY_PAID',
  'PAID',
  FINANCIAL_PARTIALLY_REFUNDED,
  FINANCIAL_REFUNDED,
  'VOIDED',
  'EXPIRED',
];

/** fulfillments that handed nothing over */
const FAILED_FULFILLMENT = ['CANCELLED', 'ERROR', 'FAILURE'];

function report(raw: string, known: readonly string[], unknown: string[]): void {
  if (!known.includes(raw) && !unknown.includes(raw)) unknown.push(raw);
}

function unifiedStatus(o: ShopifyOrder, unknown: string[]): OrderStatus {
  const byFulfillment = mapStatus(FULFILLMENT_STATUS, o.displayFulfillmentStatus, FULFILLMENT_FALLBACK, unknown);
  report(o.returnStatus, RETURN_STATUSES, unknown);
  if (o.displayFinancialStatus) report(o.displayFinancialStatus, FINANCIAL_STATUSES, unknown);
  if (o.cancelledAt) return 'CANCELLED';
  if (RETURN_STATUS_RETURNED.includes(o.returnStatus)) return 'RETURNED';
  const refunded =
    o.displayFinancialStatus === FINANCIAL_REFUNDED || o.displayFinancialStatus === FINANCIAL_PARTIALLY_REFUNDED;
  const handedOver = byFulfillment === 'SHIPPED' || byFulfillment === 'DELIVERED' || fulfilledAt(o) !== null;
  if (refunded && handedOver) return 'RETURNED';
  if (o.displayFinancialStatus === FINANCIAL_REFUNDED) return 'CANCELLED';
  return byFulfillment;
}

/**
 * The raw statuses in Shopify's words: the fulfillment status first ("CANCELLED" instead when
 * `cancelledAt` is set, followed by the fulfillment status), then the financial status, then the
 * return status unless NO_RETURN, named by its field (its IN_PROGRESS and INSPECTION_COMPLETE
 * would otherwise read as fulfillment words). E.g. "UNFULFILLED/PAID",
 * "FULFILLED/REFUNDED/returnStatus=RETURNED", "CANCELLED/UNFULFILLED/VOIDED".
 */
function marketplaceStatus(o: ShopifyOrder): string {
  const parts = o.cancelledAt ? [CANCELLED_SEGMENT, o.displayFulfillmentStatus] : [o.displayFulfillmentStatus];
  if (o.displayFinancialStatus) parts.push(o.displayFinancialStatus);
  if (o.returnStatus !== 'NO_RETURN') parts.push(`returnStatus=${o.returnStatus}`);
  return parts.join('/');
}

/** When the order was handed over: its earliest fulfillment that did not fail or get cancelled. */
function fulfilledAt(o: ShopifyOrder): Date | null {
  return earliest(
    o.fulfillments.filter((f) => !FAILED_FULFILLMENT.includes(f.status)).map((f) => new Date(f.createdAt)),
  );
}

/**
 * `cancelledAt` is set only by Shopify's cancel. An order CANCELLED by a refund before anything
 * shipped, or RESTOCKED, has none: it is dated by its latest refund (of the first 10 the query
 * asks for; `Refund.createdAt` may be null), else by its last update.
 */
function cancelledAt(o: ShopifyOrder, status: OrderStatus): Date | null {
  if (o.cancelledAt) return new Date(o.cancelledAt);
  if (status !== 'CANCELLED') return null;
  return latest(o.refunds.map((r) => (r.createdAt ? new Date(r.createdAt) : null))) ?? new Date(o.updatedAt);
}

function itemToUnified(line: ShopifyOrder['lineItems']['nodes'][number]): UnifiedOrderItemRow {
  return {
    externalItemId: line.id,
    externalProductId: line.product?.id ?? null,
    externalVariantId: line.variant?.id ?? null,
    sku: line.sku || null,
    // `name` is the product title with the variant's ("Mug - White"); the spec's REST
    // line_item.title is the product title alone, which would read two variants alike
    title: line.name,
    quantity: line.quantity,
    unitPrice: line.originalUnitPriceSet.shopMoney.amount,
    // originalTotalSet = original unit price × quantity, before discounts
    totalPrice: line.originalTotalSet.shopMoney.amount,
  };
}

export function toUnifiedOrder(o: ShopifyOrder, unknownStatuses: string[]): UnifiedOrderRow {
  const total = o.totalPriceSet.shopMoney;
  const discount = o.totalDiscountsSet?.shopMoney.amount ?? null;
  const status = unifiedStatus(o, unknownStatuses);
  return {
    externalOrderId: o.id,
    orderNumber: o.name,
    orderedAt: new Date(o.createdAt),
    fulfilledAt: fulfilledAt(o),
    status,
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
    customerEmail: o.email ?? o.customer?.email ?? null,
    sourceUpdatedAt: new Date(o.updatedAt),
    cancelledAt: cancelledAt(o, status),
    items: o.lineItems.nodes.map(itemToUnified),
  };
}

/**
 * One row per variant (externalId = the variant's GID, parentListingId = the product's); the
 * price's currency is the shop's (variant prices carry none). An untracked variant
 * (`inventoryItem.tracked` false) has no stock figure: Shopify still reports a stale
 * `inventoryQuantity` for it, which is ignored. A tracked quantity below 0 is oversold and kept.
 * Category: the standard-taxonomy category's name, else the merchant's product type.
 * Only ACTIVE products are for sale (ARCHIVED, DRAFT and UNLISTED are not listed).
 */
export function toUnifiedProduct(v: ShopifyVariant, currency: string | null): UnifiedProductRow {
  const inventory = v.inventoryItem?.tracked === false ? null : v.inventoryQuantity;
  return {
    externalId: v.id,
    parentListingId: v.product.id,
    sku: v.sku || null,
    title: v.product.title,
    // the single variant of a product without options is titled "Default Title"
    variantTitle: v.title === 'Default Title' ? null : v.title,
    category: v.product.category?.name ?? (v.product.productType || null),
    imageUrl: v.product.featuredMedia?.preview?.image?.url ?? null,
    price: v.price,
    currency,
    inventory,
    status: productStatus({ forSale: v.product.status === 'ACTIVE', inventory }),
    marketplaceStatus: v.product.status,
    sourceUpdatedAt: new Date(v.updatedAt),
  };
}
