import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { earliest, latest } from '../dates.ts';
import { statusFromItems } from '../item-statuses.ts';
import { Decimal, dec, sumMoney, toMoneyString } from '../money.ts';
import { mapStatus, productStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { SellerItem, SellerPackage, SupcDetail } from './schemas.ts';

/**
 * Snapdeal → unified rows. Derivations:
 * - the unified order is the package (packageReferenceCode SLP…), not the spec's
 *   subOrderId/orderId. A sub-order is one unit (Snapdeal has no quantity field), so one order per
 *   sub-order would count a buyer's 3 mugs as 3 orders. The buyer's orderCode may be split over
 *   packages that sit in different listings (new / completed / cancelled / returns) and change at
 *   different times, and no call lists an orderCode's packages: an order keyed on orderCode would
 *   be overwritten by whichever package was read last, losing the others' lines and money. The
 *   package is the unit every listing returns whole and moves through its states as one (one AWB).
 *   orderNumber is the buyer's orderCode (several, comma-separated, if a package mixes them).
 * - one sub-order per unit: sub-orders of the same orderCode + SUPC + skuCode are one item,
 *   quantity = the number of sub-orders, unitPrice = their mean price to 4 decimal places
 *   (totalPrice stays their exact sum).
 * - Snapdeal has no order total: totalAmount = Σ (price + shippingCharge) over the sub-orders,
 *   integer rupees (prices include tax; no discount, tax or refund amounts: refundedAmount null).
 *   shippingCharge is not in the documented field list: absent counts 0. In a package that is
 *   still live, a cancelled sub-order (an OOS rejection) is left out of the lines and the money:
 *   it was not sold. A package cancelled whole keeps them all.
 * - orderedAt: the earliest sub-order `orderDate` (the spec's order.createdDate), else the
 *   package's `created`. fulfilledAt: the package's `shippedDate`. sourceUpdatedAt: the latest
 *   `updated` of the package and its sub-orders.
 * - status (item-statuses.ts): sub-orders are statused one by one; the package is CANCELLED only
 *   when every one is, RETURNED when one is, else as far along as its least advanced live
 *   sub-order. marketplaceStatus: the deciding siStatusCode; when the sub-orders differ, a second
 *   segment counts them ("SHP/1 OOS, 2 SHP").
 */

/**
 * siStatusCode → unified status. The spec's rows: PFF / PRNT → PENDING, APPROVED / PACKED →
 * CONFIRMED, SHIPPED / IN_TRANSIT → SHIPPED, DELIVERED, CANCELLED, RETURNED. The docs also name
 * SHP (shipped), VENDOR_MARKED_DELIVERED (the seller marks a self-shipped package delivered) and
 * OOS (the seller rejects the sub-order as out of stock, before dispatch: a cancellation); they
 * go to the row of the same meaning. The full enum is undocumented. Snapdeal has no refund
 * state: a refund before dispatch is a CANCELLED sub-order, after delivery a RETURNED one.
 */
export const STATUS_TABLE: Readonly<Record<string, OrderStatus>> = {
  PFF: 'PENDING',
  PRNT: 'PENDING',
  APPROVED: 'CONFIRMED',
  PACKED: 'CONFIRMED',
  SHIPPED: 'SHIPPED',
  IN_TRANSIT: 'SHIPPED',
  SHP: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  VENDOR_MARKED_DELIVERED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
  OOS: 'CANCELLED',
  RETURNED: 'RETURNED',
};

/** Unknown codes are most likely fulfilment steps between acceptance and dispatch (manifested…). */
export const STATUS_FALLBACK: OrderStatus = 'CONFIRMED';

const CURRENCY = 'INR';

function toItem(group: SellerItem[]): UnifiedOrderItemRow {
  const first = group[0]!;
  const totalPrice = sumMoney(group.map((i) => i.price));
  return {
    externalItemId: first.suborderCode,
    externalProductId: first.supc ?? null,
    externalVariantId: first.skuCode ?? null,
    sku: first.skuCode ?? null,
    title: first.productName || first.skuCode || first.supc || first.suborderCode,
    quantity: group.length,
    unitPrice: toMoneyString(dec(totalPrice).div(group.length).toDecimalPlaces(4, Decimal.ROUND_HALF_UP)),
    totalPrice,
  };
}

function groupUnits(items: readonly SellerItem[]): SellerItem[][] {
  const groups = new Map<string, SellerItem[]>();
  for (const item of items) {
    const key = `${item.orderCode ?? ''}|${item.supc ?? item.suborderCode}|${item.skuCode ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

export function toUnifiedOrder(pkg: SellerPackage, unknownStatuses: string[]): UnifiedOrderRow {
  const { status, marketplaceStatus, sold } = statusFromItems(pkg.items, (item) => ({
    status: mapStatus(STATUS_TABLE, item.siStatusCode, STATUS_FALLBACK, unknownStatuses),
    raw: item.siStatusCode,
  }));
  const subtotal = sumMoney(sold.map((i) => i.price));
  const shipping = sumMoney(sold.map((i) => i.shippingCharge ?? 0));
  // the schema makes sure there is one of the two
  const orderedAt = earliest(pkg.items.map((i) => i.orderDate)) ?? pkg.created!;
  const updated = latest([pkg.updated, ...pkg.items.map((i) => i.updated)]) ?? pkg.created ?? orderedAt;
  const orderCodes = [...new Set(pkg.items.flatMap((i) => (i.orderCode ? [i.orderCode] : [])))];
  const buyer = pkg.items.find((i) => i.customerName || i.customerDetail?.email);
  return {
    externalOrderId: pkg.packageReferenceCode,
    orderNumber: orderCodes.length ? orderCodes.join(', ') : null,
    orderedAt,
    fulfilledAt: pkg.shippedDate ?? null,
    status,
    marketplaceStatus,
    totalAmount: sumMoney([subtotal, shipping]),
    currency: pkg.items.find((i) => i.currency)?.currency?.toUpperCase() ?? CURRENCY,
    subtotalAmount: subtotal,
    taxAmount: null,
    shippingAmount: shipping,
    discountAmount: null,
    refundedAmount: null,
    customerName: buyer?.customerName ?? null,
    customerEmail: buyer?.customerDetail?.email ?? null,
    sourceUpdatedAt: updated,
    cancelledAt: status === 'CANCELLED' ? updated : null,
    items: groupUnits(sold).map(toItem),
  };
}

/** The product page id ends the pageUrl and is shared by the SUPCs of one product's variants. */
function pageId(pageUrl: string | null | undefined): string | null {
  const last = pageUrl?.split(/[?#]/)[0]?.split('/').filter(Boolean).pop();
  return last && /^\d+$/.test(last) ? last : null;
}

/**
 * One row per SUPC (Snapdeal's id of a sellable variant). price: the spec's `sellingPrice` where
 * sent, else the search's `competitivePrice` (integer rupees). inventory: the spec's `inventory`,
 * or `availableInventory` (the inventory API's name); the search's field list has none, so
 * absent means Snapdeal did not say (null, never 0). status: for sale while `soldBySeller` is
 * not false; marketplaceStatus keeps that flag as "soldBySeller:true|false".
 */
export function toUnifiedProduct(p: SupcDetail): UnifiedProductRow {
  const variant = (p.attributes ?? []).flatMap((a) => (a.value ? [a.value] : [])).join(' / ');
  const price = p.sellingPrice ?? p.competitivePrice ?? null;
  const inventory = p.inventory ?? p.availableInventory ?? null;
  return {
    externalId: p.supc,
    parentListingId: pageId(p.pageUrl),
    sku: p.sellerSKU ?? null,
    title: p.productName || p.sellerSKU || p.supc,
    variantTitle: variant || null,
    category: p.categoryName || null,
    imageUrl: p.imageUrl || null,
    price: price === null ? null : dec(price).toFixed(),
    currency: CURRENCY,
    inventory,
    status: productStatus({ forSale: p.soldBySeller !== false, inventory }),
    marketplaceStatus: p.soldBySeller == null ? null : `soldBySeller:${p.soldBySeller}`,
    // the search listing carries no dates
    sourceUpdatedAt: null,
  };
}
