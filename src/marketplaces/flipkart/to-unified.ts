import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { earliest, latest } from '../dates.ts';
import { statusFromItems } from '../item-statuses.ts';
import { dec, sumMoney } from '../money.ts';
import { mapStatus, productStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { RawListing, RawOrderItem, RawProductSearchItem, RawShipment } from './schemas.ts';

/**
 * Order item `status` → unified status. The spec's rows: APPROVED, PACKED → CONFIRMED; SHIPPED;
 * DELIVERED; CANCELLED; RETURN_REQUESTED → RETURNED. The other documented statuses go to the
 * nearest row by the same logic: every step before the courier has the parcel is CONFIRMED
 * (PACKING_IN_PROGRESS lies between APPROVED and PACKED; FORM_FAILED and READY_TO_DISPATCH are
 * packed parcels not yet handed over); PICKUP_COMPLETE is the courier taking it, i.e. SHIPPED;
 * COMPLETED comes after delivery, DELIVERED; RETURNED ends a return, as RETURN_REQUESTED starts one.
 * Flipkart has no PENDING (an order reaches the seller APPROVED) and no refund status: an order
 * refunded before dispatch is CANCELLED, and the API carries no refund amount (refundedAmount null).
 */
export const STATUS_TABLE: Readonly<Record<string, OrderStatus>> = {
  APPROVED: 'CONFIRMED',
  PACKING_IN_PROGRESS: 'CONFIRMED',
  FORM_FAILED: 'CONFIRMED',
  PACKED: 'CONFIRMED',
  READY_TO_DISPATCH: 'CONFIRMED',
  PICKUP_COMPLETE: 'SHIPPED',
  SHIPPED: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  COMPLETED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
  RETURN_REQUESTED: 'RETURNED',
  RETURNED: 'RETURNED',
};

/** An unknown raw status on a live order is most likely a new fulfilment step before dispatch. */
export const FALLBACK_STATUS: OrderStatus = 'CONFIRMED';

/** Statuses in which the shipment's last change was its handover to the courier, or its delivery. */
const IN_TRANSIT: ReadonlySet<string> = new Set(['PICKUP_COMPLETE', 'SHIPPED']);
const DELIVERED: ReadonlySet<string> = new Set(['DELIVERED']);

interface ItemInShipment {
  item: RawOrderItem;
  /** the shipment's `updatedAt` (null when the shipment does not say) */
  shipmentUpdatedAt: Date | null;
}

/** `totalPrice` is the line (sellingPrice × quantity, REFERENCE 4.7); absent, it is computed so. */
const lineTotal = (item: RawOrderItem): string =>
  item.priceComponents.totalPrice ?? dec(item.priceComponents.sellingPrice).times(item.quantity).toFixed();

function toItem(item: RawOrderItem): UnifiedOrderItemRow {
  return {
    externalItemId: item.orderItemId,
    externalProductId: item.listingId ?? null,
    externalVariantId: item.fsn ?? null,
    sku: item.sku ?? null,
    title: item.title ?? item.sku ?? item.fsn ?? item.orderItemId,
    quantity: item.quantity,
    unitPrice: dec(item.priceComponents.sellingPrice).toFixed(),
    totalPrice: lineTotal(item),
  };
}

/**
 * One customer order from all its items, over all its shipments.
 * - Status (item-statuses.ts): items are statused one by one; CANCELLED only when every item
 *   is, RETURNED when an item is being returned, else as far along as the least advanced live
 *   item. marketplaceStatus: the deciding item's status; when the items differ, a second
 *   segment counts them ("SHIPPED/1 DELIVERED, 1 SHIPPED").
 * - Money (REFERENCE 4.6/4.7): `sellingPrice` is the unit price, `totalPrice` = sellingPrice ×
 *   quantity, `shippingCharge` is charged per item. The spec's totalAmount ← sellingPrice holds
 *   for one unit; with quantities and shipping, totalAmount = Σ (totalPrice + shippingCharge).
 *   `flipkartDiscount` is funded by Flipkart, so it lowers `customerPrice` but not the seller's
 *   sale; it is reported as discountAmount and not subtracted. GST is inside the prices and not
 *   itemised (taxAmount null); the search API carries no refund amounts and no customer. In an
 *   order still live, cancelled items are left out of the lines and the money (not sold); an
 *   order cancelled whole keeps them all.
 * - fulfilledAt: the v3 shipment has no handover or delivery time (`dispatchByDate` and
 *   `dispatchAfterDate` are the dispatch window, not events). A shipment in PICKUP_COMPLETE,
 *   SHIPPED or DELIVERED last changed when it got there, so its `updatedAt` is the handover
 *   (or, once delivered, the delivery) time. The order's is the latest handover over its live
 *   items (it is shipped when its last item is), or the latest delivery where none is in
 *   transit any more. Before dispatch, and in COMPLETED or a return (whose `updatedAt` is that
 *   later event), the API does not say: null.
 */
function toOrder(orderId: string, entries: readonly ItemInShipment[], unknown: string[]): UnifiedOrderRow {
  const items = entries.map((e) => e.item);
  const { status, marketplaceStatus, sold } = statusFromItems(entries, (e) => ({
    status: mapStatus(STATUS_TABLE, e.item.status, FALLBACK_STATUS, unknown),
    raw: e.item.status,
  }));
  const soldItems = sold.map((e) => e.item);
  const prices = soldItems.map((item) => item.priceComponents);
  const subtotal = sumMoney(soldItems.map(lineTotal));
  const shipping = sumMoney(prices.map((p) => p.shippingCharge ?? '0'));
  const updatedAt =
    latest(entries.map((e) => e.shipmentUpdatedAt)) ?? latest(items.map((i) => i.cancellationDate ?? i.orderDate))!;
  const changedAt = (raws: ReadonlySet<string>) =>
    latest(sold.map((e) => (raws.has(e.item.status) ? e.shipmentUpdatedAt : null)));
  const shipped = status === 'SHIPPED' || status === 'DELIVERED';
  return {
    externalOrderId: orderId,
    orderNumber: orderId,
    orderedAt: earliest(items.map((item) => item.orderDate))!,
    fulfilledAt: shipped ? (changedAt(IN_TRANSIT) ?? changedAt(DELIVERED)) : null,
    status,
    marketplaceStatus,
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
    cancelledAt: status === 'CANCELLED' ? (latest(items.map((item) => item.cancellationDate)) ?? updatedAt) : null,
    items: soldItems.map(toItem),
  };
}

/**
 * Shipments → orders, grouped by `orderId`. An order's items can sit in several shipments that
 * different searches and pages return: the caller passes every shipment of each order
 * (index.ts reads them by orderIds), so each order comes out whole.
 */
export function toUnifiedOrders(shipments: readonly RawShipment[], unknownStatuses: string[]): UnifiedOrderRow[] {
  const groups = new Map<string, ItemInShipment[]>();
  for (const shipment of shipments) {
    for (const item of shipment.orderItems) {
      const group = groups.get(item.orderId) ?? [];
      group.push({ item, shipmentUpdatedAt: shipment.updatedAt ?? null });
      groups.set(item.orderId, group);
    }
  }
  return [...groups].map(([orderId, entries]) => toOrder(orderId, entries, unknownStatuses));
}

/**
 * One row per seller SKU (the listings API's key), from the product search (title, image,
 * vertical: the spec's listing.title) and the listing details (price, stock, status).
 * - category: Flipkart's `vertical`, its category for the product.
 * - inventory: Σ over the ENABLED locations that report stock (a disabled location's stock is
 *   not for sale); null when no location reports any (Flipkart does not track it there).
 * - status: for sale when the listing is ACTIVE, in the ACTIVE search state and not archived.
 *   marketplaceStatus: `listing_status`, then the search state or archive mark where they add to it.
 * The listings APIs carry no modified date.
 */
export function toUnifiedProduct(
  found: RawProductSearchItem,
  internalState: string,
  listing: RawListing,
): UnifiedProductRow {
  const price =
    listing.price.selling_price ?? listing.price.flipkart_selling_price ?? found.product_description?.ssp ?? null;
  const stocked = listing.locations.filter((l) => l.inventory !== null && l.inventory !== undefined);
  const inventory = stocked.length
    ? stocked.reduce((sum, l) => sum + (l.status === 'DISABLED' ? 0 : l.inventory!), 0)
    : null;
  const archived = listing.archived_status === 'ARCHIVED';
  const words = [
    listing.listing_status,
    internalState !== listing.listing_status ? internalState : null,
    archived && internalState !== 'ARCHIVED' ? 'ARCHIVED' : null,
  ];
  return {
    externalId: found.sku,
    parentListingId: listing.listing_id,
    sku: found.sku,
    title: found.product_name || found.sku,
    variantTitle: null,
    category: found.vertical || null,
    imageUrl: found.product_image_url || null,
    price: price === null ? null : dec(price).toFixed(),
    currency: listing.price.currency ?? 'INR',
    inventory,
    status: productStatus({
      forSale: listing.listing_status === 'ACTIVE' && internalState === 'ACTIVE' && !archived,
      inventory,
    }),
    marketplaceStatus: words.filter(Boolean).join('/'),
    sourceUpdatedAt: null,
  };
}
