import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { currencyExponent, dec, type Decimal } from '../money.ts';
import { mapStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { BigCommerceOrder, BigCommerceOrderProduct, BigCommerceProduct } from './schemas.ts';

/**
 * v2 `status_id` → unified status. `custom_status` only relabels these ids, so the id is the key.
 * - 0 Incomplete (checkout not finished), 7 Awaiting Payment and 12 Manual Verification
 *   Required are not yet accepted orders: PENDING.
 * - 3 Partially Shipped still has work to do: PROCESSING. 8 Awaiting Pickup is packed and
 *   waiting at the store, so also PROCESSING.
 * - 10 Completed is BigCommerce's last state after shipping; the API has no delivery signal,
 *   so it is DELIVERED.
 * - 6 Declined (payment declined) ends the order unfilled: CANCELLED.
 * - 13 Disputed (a chargeback or an order marked fraudulent) takes the payment back: REFUNDED.
 * - Refund states (4, 13, 14) become RETURNED when items had shipped (see `statusOf`).
 */
export const STATUS_TABLE: Readonly<Record<string, OrderStatus>> = {
  '0': 'PENDING',
  '1': 'PENDING',
  '7': 'PENDING',
  '12': 'PENDING',
  '3': 'PROCESSING',
  '8': 'PROCESSING',
  '9': 'PROCESSING',
  '11': 'PROCESSING',
  '2': 'SHIPPED',
  '10': 'DELIVERED',
  '5': 'CANCELLED',
  '6': 'CANCELLED',
  '4': 'REFUNDED',
  '13': 'REFUNDED',
  '14': 'REFUNDED',
};

/** An id outside the table (a status added later): counted as not yet fulfilled. */
export const STATUS_FALLBACK: OrderStatus = 'PENDING';

/**
 * BigCommerce has no returned status: a return is refunded like any other order. A refund
 * after goods shipped (`items_shipped` > 0) is a return; before shipping it is a refund.
 */
function statusOf(order: BigCommerceOrder, unknownStatuses: string[]): OrderStatus {
  const status = mapStatus(STATUS_TABLE, String(order.status_id), STATUS_FALLBACK, unknownStatuses);
  return status === 'REFUNDED' && order.items_shipped > 0 ? 'RETURNED' : status;
}

/** A money formatter for one currency: at least its minor-unit places, more only when the API sent them. */
function moneyIn(currency: string): (value: string | number | Decimal) => string {
  const places = currencyExponent(currency);
  return (value) => {
    const d = dec(value);
    return d.toFixed(Math.max(places, d.decimalPlaces()));
  };
}

/** Line items: prices ex tax, so the lines add up to `subtotal_ex_tax`; tax is the order's. */
export function toUnifiedItem(item: BigCommerceOrderProduct, money: (value: string) => string): UnifiedOrderItemRow {
  return {
    externalItemId: String(item.id),
    externalProductId: String(item.product_id),
    externalVariantId: String(item.variant_id),
    sku: item.sku || null,
    title: item.name,
    quantity: item.quantity,
    unitPrice: money(item.price_ex_tax),
    totalPrice: money(item.total_ex_tax),
  };
}

export function toUnifiedOrder(order: BigCommerceOrder, items: readonly BigCommerceOrderProduct[], unknownStatuses: string[]): UnifiedOrderRow {
  const status = statusOf(order, unknownStatuses);
  const { first_name, last_name, email } = order.billing_address;
  const modified = new Date(order.date_modified);
  const money = moneyIn(order.default_currency_code);
  return {
    externalOrderId: String(order.id),
    // BigCommerce shows the order id to shoppers as the order number
    orderNumber: String(order.id),
    orderDate: new Date(order.date_created),
    status,
    marketplaceStatus: order.status,
    totalAmount: money(order.total_inc_tax),
    // amounts are in the transactional currency; `currency_code` is only the display currency
    currency: order.default_currency_code,
    subtotalAmount: money(order.subtotal_ex_tax),
    taxAmount: money(order.total_tax),
    shippingAmount: money(order.shipping_cost_ex_tax),
    discountAmount: money(dec(order.discount_amount).plus(order.coupon_discount)),
    refundedAmount: money(order.refunded_amount),
    customerName: `${first_name} ${last_name}`.trim() || null,
    customerEmail: email || null,
    sourceUpdatedAt: modified,
    // v2 orders carry no cancellation time: a cancelled order's last change is its cancellation
    cancelledAt: status === 'CANCELLED' ? modified : null,
    items: items.map((item) => toUnifiedItem(item, money)),
  };
}

/** One row per variant (the sellable unit); a product without options has one base variant. */
export function toUnifiedProducts(product: BigCommerceProduct, currency: string): UnifiedProductRow[] {
  const money = moneyIn(currency);
  return product.variants.map((variant) => ({
    externalProductId: String(variant.id),
    parentListingId: String(product.id),
    sku: variant.sku || null,
    title: product.name,
    variantTitle: variant.option_values.map((o) => o.label).join(' / ') || null,
    price: money(variant.calculated_price),
    currency,
    inventoryQuantity: variant.inventory_level,
    status: product.is_visible && !variant.purchasing_disabled ? 'active' : 'inactive',
    sourceUpdatedAt: new Date(product.date_modified),
  }));
}
