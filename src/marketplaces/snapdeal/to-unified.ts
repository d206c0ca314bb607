import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { dec, sumMoney, toMoneyString } from '../money.ts';
import { mapStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { SellerItem, SellerPackage, SupcDetail } from './schemas.ts';

/**
 * Snapdeal → unified rows. Derivations:
 * - the unified order is the package (packageReferenceCode SLP…), the shipment unit Snapdeal
 *   lists; orderNumber is the buyer's orderCode.
 * - one sub-order per unit and no quantity field: sub-orders of the same orderCode + SUPC +
 *   skuCode are grouped into one item, quantity = the number of sub-orders.
 * - Snapdeal has no order total: totalAmount = Σ (price + shippingCharge) over the sub-orders,
 *   all integer rupees (INR; prices include tax, no discount or tax fields, no refund amounts).
 * - a package ships under one AWB, so its sub-orders share one state: the package's status is
 *   its first sub-order's siStatusCode.
 */

/**
 * The full siStatusCode enum is undocumented; these are the codes the docs name. OOS is the
 * seller rejecting a sub-order as out of stock. Snapdeal has no refund state: an order refunded
 * before dispatch shows as CANCELLED, so REFUNDED never comes from Snapdeal.
 */
export const STATUS_TABLE: Readonly<Record<string, OrderStatus>> = {
  PFF: 'PENDING',
  PRNT: 'PROCESSING',
  SHP: 'SHIPPED',
  VENDOR_MARKED_DELIVERED: 'DELIVERED',
  OOS: 'CANCELLED',
  CANCELLED: 'CANCELLED',
  RETURNED: 'RETURNED',
};

/** Unknown codes are most likely intermediate fulfilment steps (packed, manifested…). */
export const STATUS_FALLBACK: OrderStatus = 'PROCESSING';

const CURRENCY = 'INR';

function toItem(group: SellerItem[]): UnifiedOrderItemRow {
  const first = group[0]!;
  const totalPrice = sumMoney(group.map((i) => i.price));
  return {
    externalItemId: first.suborderCode,
    externalProductId: first.supc,
    externalVariantId: first.skuCode ?? null,
    sku: first.skuCode ?? null,
    title: first.productName,
    quantity: group.length,
    unitPrice: toMoneyString(dec(totalPrice).div(group.length)),
    totalPrice,
  };
}

function groupUnits(items: readonly SellerItem[]): SellerItem[][] {
  const groups = new Map<string, SellerItem[]>();
  for (const item of items) {
    const key = `${item.orderCode}|${item.supc}|${item.skuCode ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

export function packageToUnified(pkg: SellerPackage, unknownStatuses: string[]): UnifiedOrderRow {
  const first = pkg.items[0]!;
  const status = mapStatus(STATUS_TABLE, first.siStatusCode, STATUS_FALLBACK, unknownStatuses);
  const subtotal = sumMoney(pkg.items.map((i) => i.price));
  const shipping = sumMoney(pkg.items.map((i) => i.shippingCharge ?? 0));
  const updated = new Date(pkg.updated);
  return {
    externalOrderId: pkg.packageReferenceCode,
    orderNumber: first.orderCode,
    orderDate: new Date(pkg.created),
    status,
    marketplaceStatus: first.siStatusCode,
    totalAmount: sumMoney([subtotal, shipping]),
    currency: CURRENCY,
    subtotalAmount: subtotal,
    taxAmount: null,
    shippingAmount: shipping,
    discountAmount: null,
    refundedAmount: null,
    customerName: first.customerName ?? null,
    customerEmail: first.customerDetail?.email ?? null,
    sourceUpdatedAt: updated,
    cancelledAt: status === 'CANCELLED' ? updated : null,
    items: groupUnits(pkg.items).map(toItem),
  };
}

/** The product page id ends the pageUrl and is shared by the SUPCs of one product's variants. */
function pageId(pageUrl: string | null | undefined): string | null {
  const last = pageUrl?.split(/[?#]/)[0]!.split('/').filter(Boolean).pop();
  return last && /^\d+$/.test(last) ? last : null;
}

export function supcToUnified(p: SupcDetail): UnifiedProductRow {
  const variant = (p.attributes ?? []).map((a) => a.value).join(' / ');
  return {
    externalProductId: p.supc,
    parentListingId: pageId(p.pageUrl),
    sku: p.sellerSKU ?? null,
    title: p.productName,
    variantTitle: variant || null,
    price: p.competitivePrice == null ? null : dec(p.competitivePrice).toFixed(),
    currency: CURRENCY,
    inventoryQuantity: p.availableInventory ?? null,
    status: p.soldBySeller == null ? null : p.soldBySeller ? 'active' : 'inactive',
    // the search listing carries no dates
    sourceUpdatedAt: null,
  };
}
