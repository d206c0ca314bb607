import type { CatalogItem, LifecycleStatus, SandboxOrder } from '../types.ts';

/**
 * Snapdeal's shapes (REFERENCE 7.2, 7.7, 7.8): a package (SLP…) of sub-orders, one per unit,
 * each with an integer rupee `price` and `shippingCharge`; dates as epoch milliseconds.
 */

export const FULFILLMENT_MODES = ['VENDOR_SELF', 'ONESHIP', 'OCPLUS', 'DROPSHIP', 'FC_VOI'] as const;

const DAY = 86_400_000;

/** Rupees from whole-rupee paise (INR stores price in whole rupees). */
function rupees(paise: number): number {
  if (paise % 100 !== 0) throw new Error(`not a whole-rupee amount: ${paise} paise`);
  return paise / 100;
}

/** The lifecycle as Snapdeal's siStatusCode; cancellations alternate between buyer cancel and seller OOS. */
export function rawStatus(order: SandboxOrder): string {
  const byState: Record<LifecycleStatus, string> = {
    PENDING: 'PFF',
    PROCESSING: 'PRNT',
    SHIPPED: 'SHP',
    DELIVERED: 'VENDOR_MARKED_DELIVERED',
    CANCELLED: order.index % 2 === 0 ? 'OOS' : 'CANCELLED',
    // Snapdeal has no refund state: an order refunded before dispatch is a cancelled sub-order
    REFUNDED: 'CANCELLED',
    RETURNED: 'RETURNED',
  };
  return byState[order.status];
}

export function fulfillmentMode(order: SandboxOrder): string {
  return FULFILLMENT_MODES[order.index % FULFILLMENT_MODES.length]!;
}

function statusAt(order: SandboxOrder, status: LifecycleStatus): number | null {
  return order.history.find((c) => c.status === status)?.at.getTime() ?? null;
}

export function renderPackage(order: SandboxOrder) {
  const created = order.createdAt.getTime();
  const updated = order.updatedAt.getTime();
  const mode = fulfillmentMode(order);
  const status = rawStatus(order);
  const shippedDate = statusAt(order, 'SHIPPED');
  const orderCode = `222${order.number.padStart(8, '0')}`;
  const items = order.lines.flatMap((line) =>
    Array.from({ length: line.quantity }, (_, unit) => {
      const suborderCode = `SI${line.lineId}${unit}`;
      const price = rupees(line.unitPrice);
      return {
        suborderCode,
        orderCode,
        orderDate: created,
        productName: line.title,
        supc: line.variantId,
        skuCode: line.sku,
        siReferenceCode: suborderCode,
        price: order.malformed ? `${price}.00 INR` : price,
        mrp: price * 2 + 1,
        shippingCharge: rupees(line.shipping / line.quantity),
        siStatusCode: status,
        updated,
        paymentMode: order.index % 3 === 0 ? 'PREPAID' : 'COD',
        serializable: null,
        serializedUniqueId: null,
        fulfillmentModelCode: mode,
        customerName: order.customer.name,
        customerDetail: { pincode: '110001', city: 'New Delhi', state: 'Delhi', area: 'Connaught Place', subArea: null, mobile: '9XXXXXXXXX', email: order.customer.email },
        deliveryMode: 'NORMAL',
        packageReferenceCode: order.id,
      };
    }),
  );
  return {
    packageReferenceCode: order.id,
    fulfillmentModelCode: mode,
    awbNo: shippedDate ? `AWB${order.id.slice(3)}` : null,
    courierCode: shippedDate ? 'DTDC' : null,
    courierName: shippedDate ? 'DTDC Express' : null,
    manifestByDate: created + DAY,
    manifestCode: shippedDate ? `MF${order.id.slice(3)}` : null,
    shippedDate,
    slaBreach: null,
    stateFormRequired: false,
    created: order.malformed ? order.createdAt.toISOString() : created,
    updated,
    invoiceNumber: order.status === 'PENDING' ? null : `INV${order.id.slice(3)}`,
    items,
  };
}

/** One catalog item = one SUPC; the product page id (end of pageUrl) is shared by a product's variants. */
export function renderProduct(item: CatalogItem) {
  const pageId = item.productId.replace(/\D/g, '');
  const slug = item.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const price = rupees(item.price);
  return {
    supc: item.variantId,
    productName: item.title,
    categoryName: null,
    brandName: 'Frame Demo',
    soldBySeller: item.status === 'active',
    competitivePrice: price,
    mrp: price * 2 + 1,
    availableInventory: item.inventory,
    pageUrl: `https://www.snapdeal.com/product/${slug}/${pageId}`,
    imageUrl: `https://n1.sdlcdn.com/imgs/${pageId}.jpg`,
    bucketName: null,
    attributes: item.variantTitle ? [{ name: 'Variant', value: item.variantTitle }] : [],
    fulfilmentMode: 'DROPSHIP',
    sellerSKU: item.sku,
  };
}
