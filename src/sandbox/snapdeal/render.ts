import { hashKeys } from '../generator/random.ts';
import type { CatalogItem, LifecycleStatus, SandboxOrder } from '../types.ts';

/**
 * Snapdeal's shapes (REFERENCE 7.2, 7.7, 7.8): a package (SLP…) of sub-orders, one per unit,
 * each with an integer rupee `price`; dates as epoch milliseconds. `shippingCharge` is not in
 * Snapdeal's SellerItem field list: it is sent only where a unit is charged shipping.
 */

export const FULFILLMENT_MODES = ['VENDOR_SELF', 'ONESHIP', 'OCPLUS', 'DROPSHIP', 'FC_VOI'] as const;

const DAY = 86_400_000;

/** Rupees from whole-rupee paise (INR stores price in whole rupees). */
function rupees(paise: number): number {
  if (paise % 100 !== 0) throw new Error(`not a whole-rupee amount: ${paise} paise`);
  return paise / 100;
}

/**
 * The lifecycle as Snapdeal's siStatusCode, spread over orders by a hash of the order index so
 * every code shows: the open queue's PFF / PRNT while the package waits for the seller, APPROVED /
 * PACKED once accepted, SHIPPED / IN_TRANSIT / SHP on the way, DELIVERED / VENDOR_MARKED_DELIVERED
 * (self-ship), CANCELLED or the seller's OOS rejection, RETURNED. Snapdeal has no refund state: an
 * order refunded before dispatch is a cancelled sub-order.
 */
const RAW_STATUSES: Record<LifecycleStatus, readonly string[]> = {
  PENDING: ['PFF', 'PRNT'],
  PROCESSING: ['APPROVED', 'PACKED'],
  SHIPPED: ['SHIPPED', 'IN_TRANSIT', 'SHP'],
  DELIVERED: ['DELIVERED', 'VENDOR_MARKED_DELIVERED'],
  CANCELLED: ['CANCELLED', 'OOS'],
  REFUNDED: ['CANCELLED'],
  RETURNED: ['RETURNED'],
};

export function rawStatus(order: SandboxOrder): string {
  // the seller marks delivered what it ships itself; Snapdeal's couriers report DELIVERED
  if (order.status === 'DELIVERED')
    return fulfillmentMode(order) === 'VENDOR_SELF' ? 'VENDOR_MARKED_DELIVERED' : 'DELIVERED';
  const codes = RAW_STATUSES[order.status];
  return codes[hashKeys(order.index, ['siStatusCode']) % codes.length]!;
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
        ...(line.shipping > 0 && { shippingCharge: rupees(line.shipping / line.quantity) }),
        siStatusCode: status,
        updated,
        paymentMode: order.index % 3 === 0 ? 'PREPAID' : 'COD',
        serializable: null,
        serializedUniqueId: null,
        fulfillmentModelCode: mode,
        customerName: order.customer.name,
        customerDetail: {
          pincode: '110001',
          city: 'New Delhi',
          state: 'Delhi',
          area: 'Connaught Place',
          subArea: null,
          mobile: '9XXXXXXXXX',
          email: order.customer.email,
        },
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
    created,
    updated,
    invoiceNumber: order.status === 'PENDING' ? null : `INV${order.id.slice(3)}`,
    items,
  };
}

/** Snapdeal's image CDN: `n1.sdlcdn.com/imgs/{a}/{b}/{c}/{file}`. */
export function imageUrl(item: CatalogItem): string {
  const h = hashKeys(11, [item.sku]);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const path = [0, 1, 2].map((k) => letters[Math.floor(h / 26 ** k) % 26]).join('/');
  return `https://n1.sdlcdn.com/imgs/${path}/${item.image}`;
}

/**
 * One catalog item = one SUPC; the product page id (end of pageUrl) is shared by a product's
 * variants. The search's field list has no stock: `availableInventory` (the inventory API's
 * name) is sent for items whose stock the store tracks, never below 0.
 */
export function renderProduct(item: CatalogItem) {
  const pageId = item.productId.replace(/\D/g, '');
  const slug = item.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const price = rupees(item.price);
  return {
    supc: item.variantId,
    productName: item.title,
    categoryName: item.category,
    brandName: 'Frame Demo',
    soldBySeller: item.status === 'active',
    competitivePrice: price,
    mrp: price * 2 + 1,
    ...(item.tracked && { availableInventory: Math.max(0, item.inventory) }),
    pageUrl: `https://www.snapdeal.com/product/${slug}/${pageId}`,
    imageUrl: imageUrl(item),
    bucketName: null,
    attributes: item.variantTitle ? [{ name: 'Variant', value: item.variantTitle }] : [],
    fulfilmentMode: 'DROPSHIP',
    sellerSKU: item.sku,
  };
}
