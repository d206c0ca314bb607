import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { type Decimal, dec, moneyInCurrency } from '../money.ts';
import { mapStatus, productStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { BigCommerceOrder, BigCommerceOrderProduct, BigCommerceProduct, BigCommerceVariant } from './schemas.ts';

/**
 * v2 `status_id` → unified status. The spec's table, as written: 2 Shipped → SHIPPED,
 * 10 Completed → DELIVERED, 5 Cancelled → CANCELLED, 4 Refunded → RETURNED (whether or not it
 * had shipped). `custom_status` only relabels these ids, so the id is the key. The other ids,
 * by the table's logic (the stage the goods are at):
 * - 0 Incomplete (checkout not finished), 1 Pending, 7 Awaiting Payment and 12 Manual
 *   Verification Required are not yet accepted orders: PENDING.
 * - 8 Awaiting Pickup, 9 Awaiting Shipment and 11 Awaiting Fulfillment are accepted and paid
 *   but not handed over: CONFIRMED.
 * - 3 Partially Shipped: goods are on their way: SHIPPED.
 * - 6 Declined (payment declined) ends the order unfilled: CANCELLED.
 * - 14 Partially Refunded and 13 Disputed (a chargeback, or the merchant marked it fraudulent:
 *   the payment goes back) follow the refund rule: after anything shipped (`items_shipped` > 0
 *   or a `date_shipped`) RETURNED; before, a dispute or a refund of the whole total CANCELLED,
 *   while a part refunded leaves the rest to ship (CONFIRMED). REFUND_RULE holds their values
 *   before shipping.
 */
export const STATUS_TABLE: Readonly<Record<string, OrderStatus>> = {
  '0': 'PENDING',
  '1': 'PENDING',
  '7': 'PENDING',
  '12': 'PENDING',
  '8': 'CONFIRMED',
  '9': 'CONFIRMED',
  '11': 'CONFIRMED',
  '2': 'SHIPPED',
  '3': 'SHIPPED',
  '10': 'DELIVERED',
  '5': 'CANCELLED',
  '6': 'CANCELLED',
  '4': 'RETURNED',
  '13': 'CANCELLED',
  '14': 'CONFIRMED',
};

/** the ids decided by the refund rule (see STATUS_TABLE) */
export const REFUND_RULE: readonly string[] = ['13', '14'];

/**
 * An id outside the table (a status added later), reported in `unknownStatuses`: SHIPPED when
 * goods have left, else PENDING (nothing says the order was accepted).
 */
export const statusFallback = (order: BigCommerceOrder): OrderStatus => (hasShipped(order) ? 'SHIPPED' : 'PENDING');

const hasShipped = (order: BigCommerceOrder) => order.items_shipped > 0 || order.date_shipped !== '';

function statusOf(order: BigCommerceOrder, unknownStatuses: string[]): OrderStatus {
  const id = String(order.status_id);
  const status = mapStatus(STATUS_TABLE, id, statusFallback(order), unknownStatuses);
  if (!REFUND_RULE.includes(id)) return status;
  if (hasShipped(order)) return 'RETURNED';
  return dec(order.refunded_amount).gte(order.total_inc_tax) ? 'CANCELLED' : status;
}

/**
 * The raw words: `status` as sent (the text of `status_id`, e.g. "Shipped", "Partially Refunded"),
 * then `payment_status` when there is one ("captured", "refunded"), then `custom_status` when
 * the merchant renamed the status.
 */
function marketplaceStatus(order: BigCommerceOrder): string {
  const parts = [order.status];
  if (order.payment_status) parts.push(order.payment_status);
  if (order.custom_status && order.custom_status !== order.status) parts.push(order.custom_status);
  return parts.join('/');
}

/**
 * Line items, as the spec maps them: `price_inc_tax` and the line's `total_inc_tax`. They add up
 * to `subtotal_inc_tax`, which is therefore the order's subtotalAmount (tax included, so it is not
 * `total_inc_tax` − shipping − tax + discount). A custom product's line has `product_id` 0 and no `variant_id`.
 */
export function toUnifiedItem(item: BigCommerceOrderProduct, money: (value: string) => string): UnifiedOrderItemRow {
  return {
    externalItemId: String(item.id),
    externalProductId: item.product_id ? String(item.product_id) : null,
    externalVariantId: item.variant_id ? String(item.variant_id) : null,
    sku: item.sku || null,
    title: item.name,
    quantity: item.quantity,
    unitPrice: money(item.price_inc_tax),
    totalPrice: money(item.total_inc_tax),
  };
}

export function toUnifiedOrder(
  order: BigCommerceOrder,
  items: readonly BigCommerceOrderProduct[],
  unknownStatuses: string[],
): UnifiedOrderRow {
  const status = statusOf(order, unknownStatuses);
  const { first_name, last_name, email } = order.billing_address;
  const modified = new Date(order.date_modified);
  // The spec names `currency_code`, but that is the display currency the storefront showed;
  // the amounts are in `default_currency_code`, "the transactional currency the shopper pays in"
  // (orders.v2 docs). The two differ only on multi-currency storefronts.
  const currency = order.default_currency_code;
  const money = (value: string | number | Decimal) => moneyInCurrency(value, currency);
  return {
    externalOrderId: String(order.id),
    // BigCommerce shows the order id to shoppers as the order number
    orderNumber: String(order.id),
    orderedAt: new Date(order.date_created),
    // `date_shipped` is "" until the first shipment; v2 has no delivery time
    fulfilledAt: order.date_shipped ? new Date(order.date_shipped) : null,
    status,
    marketplaceStatus: marketplaceStatus(order),
    totalAmount: money(order.total_inc_tax),
    currency,
    // with tax, as the lines are (see toUnifiedItem)
    subtotalAmount: money(order.subtotal_inc_tax),
    taxAmount: money(order.total_tax),
    shippingAmount: money(order.shipping_cost_ex_tax),
    discountAmount: money(dec(order.discount_amount).plus(order.coupon_discount)),
    refundedAmount: money(order.refunded_amount),
    customerName: `${first_name ?? ''} ${last_name ?? ''}`.trim() || null,
    customerEmail: email || null,
    sourceUpdatedAt: modified,
    // v2 orders carry no cancellation time: a cancelled order's last change is its cancellation
    cancelledAt: status === 'CANCELLED' ? modified : null,
    items: items.map((item) => toUnifiedItem(item, money)),
  };
}

/** Stock that counts for a variant: none when untracked, else the level `inventory_tracking` names. */
function inventoryOf(product: BigCommerceProduct, variant: BigCommerceVariant | null): number | null {
  switch (product.inventory_tracking) {
    case 'none':
      // BigCommerce sends 0 here, meaning "not tracked", not "none left"
      return null;
    case 'product':
      return product.inventory_level ?? null;
    default:
      return variant?.inventory_level ?? product.inventory_level ?? null;
  }
}

/** The product's picture: its thumbnail image, else its first by sort order. */
function productImage(product: BigCommerceProduct): string | null {
  const sorted = [...product.images].sort(
    (a, b) => Number(b.is_thumbnail) - Number(a.is_thumbnail) || a.sort_order - b.sort_order,
  );
  return sorted[0]?.url_standard || null;
}

/**
 * One row per variant (the sellable unit; a product without options has one base variant).
 * - price: the spec names `product.price`; a variant may have a price of its own and a sale
 *   price replaces both on the storefront, so the row takes the variant's `calculated_price`
 *   (equal to `product.price` when neither applies).
 * - category: the name of the product's first category in `categoryNames` (fetched per page);
 *   null when the product has none or its name was not found.
 * - image: the variant's own `image_url`, else the product's thumbnail (`include=images`).
 */
export function toUnifiedProducts(
  product: BigCommerceProduct,
  currency: string,
  categoryNames: ReadonlyMap<number, string> = new Map(),
): UnifiedProductRow[] {
  const money = (value: string | number | Decimal) => moneyInCurrency(value, currency);
  const category = product.categories.map((id) => categoryNames.get(id)).find((name) => name !== undefined) ?? null;
  const image = productImage(product);
  const variants: (BigCommerceVariant | null)[] = product.variants.length ? product.variants : [null];
  return variants.map((variant) => {
    const inventory = inventoryOf(product, variant);
    const purchasingDisabled = variant?.purchasing_disabled ?? false;
    const forSale = product.is_visible && product.availability !== 'disabled' && !purchasingDisabled;
    const words = [
      product.availability,
      product.is_visible ? 'visible' : 'not visible',
      purchasingDisabled ? 'purchasing disabled' : undefined,
    ];
    return {
      externalId: String(variant?.id ?? product.id),
      parentListingId: String(product.id),
      sku: (variant ? variant.sku : product.sku) || null,
      title: product.name,
      variantTitle: variant?.option_values.map((o) => o.label).join(' / ') || null,
      category,
      imageUrl: variant?.image_url || image,
      price: money(variant?.calculated_price ?? variant?.price ?? product.price),
      currency,
      inventory,
      status: productStatus({ forSale, inventory }),
      marketplaceStatus: words.filter(Boolean).join('/'),
      sourceUpdatedAt: new Date(product.date_modified),
    };
  });
}
