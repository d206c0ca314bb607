import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { dec, sumMoney } from '../money.ts';
import { mapStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { ListingRef, RawListing, RawOrderItem, RawShipment } from './schemas.ts';

/**
 * Order item `status` → unified status. Flipkart has no refund status: an order refunded
 * before dispatch shows as CANCELLED, so REFUNDED never comes out of this table. A return
 * counts from the moment it is requested.
 */
export const STATUS_TABLE: Readonly<Record<string, OrderStatus>> = {
  APPROVED: 'PENDING',
  PACKING_IN_PROGRESS: 'PROCESSING',
  FORM_FAILED: 'PROCESSING',
  PACKED: 'PROCESSING',
  READY_TO_DISPATCH: 'PROCESSING',
  PICKUP_COMPLETE: 'SHIPPED',
  SHIPPED: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  COMPLETED: 'DELIVERED',
  RETURN_REQUESTED: 'RETURNED',
  RETURNED: 'RETURNED',
  CANCELLED: 'CANCELLED',
};

/** An unknown raw status on a live order is most likely a new fulfilment step. */
export const FALLBACK_STATUS: OrderStatus = 'PROCESSING';

const PROGRESS: readonly OrderStatus[] = ['PENDING', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'RETURNED', 'REFUNDED'];

const latest = (dates: readonly Date[]): Date => new Date(Math.max(...dates.map((d) => d.getTime())));
const earliest = (dates: readonly Date[]): Date => new Date(Math.min(...dates.map((d) => d.getTime())));

function toItem(item: RawOrderItem): UnifiedOrderItemRow {
  return {
    externalItemId: item.orderItemId,
    externalProductId: item.listingId ?? null,
    externalVariantId: item.fsn ?? null,
    sku: item.sku ?? null,
    title: item.title,
    quantity: item.quantity,
    unitPrice: dec(item.priceComponents.sellingPrice).toFixed(),
    totalPrice: dec(item.priceComponents.totalPrice).toFixed(),
  };
}

/**
 * One customer order from its items (possibly from several shipments).
 * - Status: items are statused one by one; the order is as far along as its least advanced
 *   live item, and CANCELLED only when every item is.
 * - Money (REFERENCE 4.6/4.7): `sellingPrice` is the unit price, `totalPrice` = sellingPrice ×
 *   quantity, `shippingCharge` is charged per item. totalAmount = Σ (totalPrice + shippingCharge).
 *   `flipkartDiscount` is funded by Flipkart, so it lowers `customerPrice` but not the seller's
 *   sale; it is reported as discountAmount and not subtracted. GST is inside the prices and not
 *   itemised (taxAmount null); the search API carries no refund amounts and no customer.
 */
function toOrder(orderId: string, items: RawOrderItem[], updatedAt: Date, unknown: string[]): UnifiedOrderRow {
  const statuses = items.map((item) => ({ raw: item.status, unified: mapStatus(STATUS_TABLE, item.status, FALLBACK_STATUS, unknown) }));
  const live = statuses.filter((s) => s.unified !== 'CANCELLED').sort((a, b) => PROGRESS.indexOf(a.unified) - PROGRESS.indexOf(b.unified));
  const status = live[0] ?? statuses[0]!;
  const prices = items.map((item) => item.priceComponents);
  const subtotal = sumMoney(prices.map((p) => p.totalPrice));
  const shipping = sumMoney(prices.map((p) => p.shippingCharge));
  const cancellations = items.flatMap((item) => (item.cancellationDate ? [item.cancellationDate] : []));
  return {
    externalOrderId: orderId,
    orderNumber: orderId,
    orderDate: earliest(items.map((item) => item.orderDate)),
    status: status.unified,
    marketplaceStatus: status.raw,
    totalAmount: dec(subtotal).plus(shipping).toFixed(),
    currency: 'INR',
    subtotalAmount: subtotal,
    taxAmount: null,
    shippingAmount: shipping,
    discountAmount: sumMoney(prices.map((p) => p.flipkartDiscount ?? '0')),
    refundedAmount: null,
    customerName: null,
    customerEmail: null,
    sourceUpdatedAt: updatedAt,
    cancelledAt: status.unified === 'CANCELLED' && cancellations.length ? latest(cancellations) : null,
    items: items.map(toItem),
  };
}

/**
 * Shipments → orders. One order can span several shipments; they are merged by `orderId`
 * within the page (the search keeps an order's shipments together on one page).
 */
export function shipmentsToOrders(shipments: readonly RawShipment[], unknownStatuses: string[]): UnifiedOrderRow[] {
  const groups = new Map<string, { items: RawOrderItem[]; updated: Date[] }>();
  for (const shipment of shipments) {
    for (const item of shipment.orderItems) {
      const group = groups.get(item.orderId) ?? { items: [], updated: [] };
      group.items.push(item);
      group.updated.push(shipment.updatedAt);
      groups.set(item.orderId, group);
    }
  }
  return [...groups].map(([orderId, g]) => toOrder(orderId, g.items, latest(g.updated), unknownStatuses));
}

/**
 * One row per seller SKU. The Listings API has no title and no modified date: the SKU id
 * stands in for the title. Inventory is the sum over fulfilment locations.
 */
export function listingToProduct(ref: ListingRef, listing: RawListing): UnifiedProductRow {
  const price = listing.price.selling_price ?? listing.price.flipkart_selling_price;
  return {
    externalProductId: ref.sku_id,
    parentListingId: listing.listing_id,
    sku: ref.sku_id,
    title: ref.sku_id,
    variantTitle: null,
    price: price === undefined ? null : dec(String(price)).toFixed(),
    currency: listing.price.currency ?? 'INR',
    inventoryQuantity: listing.locations.reduce((sum, l) => sum + l.inventory, 0),
    status: listing.listing_status,
    sourceUpdatedAt: null,
  };
}
