import { marketplaceId } from '../generator/ids.ts';
import { formatMinor } from '../generator/index.ts';
import { hashKeys } from '../generator/random.ts';
import type { CatalogItem, LifecycleStatus, OrderLine, SandboxOrder } from '../types.ts';

/**
 * Flipkart's shapes for the sandbox's neutral model (REFERENCE 4.2, 4.6–4.8): shipments with
 * `orderItems[]` whose prices are JSON numbers in rupees, IST-offset timestamps, and listings
 * keyed by seller SKU.
 */

export type SearchType = 'preDispatch' | 'postDispatch' | 'cancelled';
export const CANCELLATION_TYPES = ['sellerCancellation', 'buyerCancellation', 'marketplaceCancellation'] as const;
export type CancellationType = (typeof CANCELLATION_TYPES)[number];

/**
 * Which search returns a raw status. The docs name the pre- and post-dispatch states; they list
 * RETURN_REQUESTED, RETURNED and COMPLETED among item statuses without saying which search
 * returns them, so this imitation answers them in postDispatch (they all come after dispatch).
 */
export const STATES_OF: Record<SearchType, readonly string[]> = {
  preDispatch: ['APPROVED', 'PACKING_IN_PROGRESS', 'PACKED', 'FORM_FAILED', 'READY_TO_DISPATCH'],
  postDispatch: ['SHIPPED', 'DELIVERED', 'PICKUP_COMPLETE', 'RETURN_REQUESTED', 'RETURNED', 'COMPLETED'],
  cancelled: ['CANCELLED'],
};

/** Raw statuses per lifecycle state, spread over orders by a hash of the order index. */
const RAW_STATUSES: Record<LifecycleStatus, readonly string[]> = {
  PENDING: ['APPROVED'],
  PROCESSING: ['PACKING_IN_PROGRESS', 'FORM_FAILED', 'PACKED', 'READY_TO_DISPATCH'],
  SHIPPED: ['PICKUP_COMPLETE', 'SHIPPED'],
  DELIVERED: ['DELIVERED', 'COMPLETED'],
  // Flipkart has no refund status: an order refunded before shipping is a cancelled one
  REFUNDED: ['CANCELLED'],
  CANCELLED: ['CANCELLED'],
  RETURNED: ['RETURN_REQUESTED', 'RETURNED'],
};

const pick = <T>(items: readonly T[], order: SandboxOrder, salt: string): T =>
  items[hashKeys(order.index, [salt]) % items.length]!;

export const rawStatus = (order: SandboxOrder): string => pick(RAW_STATUSES[order.status], order, 'status');

export function searchTypeOf(raw: string): SearchType {
  return (Object.keys(STATES_OF) as SearchType[]).find((t) => STATES_OF[t].includes(raw))!;
}

export const cancellationTypeOf = (order: SandboxOrder): CancellationType =>
  pick(CANCELLATION_TYPES, order, 'cancellation');

/** `2017-04-06T18:15:57.000+05:30` */
export function istIso(at: Date): string {
  return new Date(at.getTime() + 330 * 60_000).toISOString().replace('Z', '+05:30');
}

/** Integer paise (whole rupees for INR stores) → the JSON number Flipkart sends. */
const rupees = (minor: number): number => Number(formatMinor(minor, 2));

/** Single-variant products have no variant id in the generator: they get an FSN of their own. */
export const fsnOf = (item: Pick<CatalogItem, 'productId' | 'variantId'>): string =>
  item.variantId !== item.productId ? item.variantId : `FSN${item.productId.slice(3)}S`;

/**
 * A shipment id in Flipkart's UUID shape. Its last group is the order index × 4 + the shipment's
 * number within the order, so GET /sellers/v3/shipments?shipmentIds= finds it again.
 */
function shipmentId(order: SandboxOrder, k: number): string {
  const hex = [0, 1, 2].map((j) => hashKeys(j, [order.store.key, order.id, k]).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${(order.index * 4 + k).toString(16).padStart(12, '0')}`;
}

/** The order index and shipment number a shipment id names (checked by the caller against the shipment rendered). */
export function shipmentKeyOf(id: string): { index: number; k: number } | null {
  const last = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-([0-9a-f]{12})$/.exec(id)?.[1];
  if (!last) return null;
  const n = Number.parseInt(last, 16);
  return { index: Math.floor(n / 4), k: n % 4 };
}

/** Order item ids are the generator's line ids (order index × 4 + line, 3 lines at most); the 4th is a cancelled unit's. */
const cancelledUnitId = (order: SandboxOrder) => marketplaceId(order.store, 'line', order.index * 4 + 3);

export function orderIndexOfItem(orderItemId: string): number | null {
  const n = /^\d+$/.test(orderItemId) ? Number(orderItemId) - 4_000_000_000_000 : -1;
  return Number.isSafeInteger(n) && n >= 0 ? Math.floor(n / 4) : null;
}

/** Flipkart funds a discount on some items; the seller's price components stay the same. */
function flipkartDiscount(order: SandboxOrder, line: OrderLine): number {
  return hashKeys(order.index, [line.lineId, 'fkdisc']) % 6 === 0 ? Math.floor(line.lineTotal / 1000) * 100 : 0;
}

/**
 * One shipment of an order: its lines, its status and when it last changed. The shipments of
 * one order need not share a status: the searches list shipments, each in its own state.
 */
export interface ShipmentPlan {
  /** the shipment's number within the order, 0–2 */
  k: number;
  lines: OrderLine[];
  status: string;
  updatedAt: Date;
  /** for a cancelled shipment: which cancellation search lists it */
  cancellationType: CancellationType | null;
}

const statusAt = (order: SandboxOrder, status: LifecycleStatus): Date | null =>
  order.history.find((c) => c.status === status)?.at ?? null;

/**
 * An order's shipments. About one multi-item order in ten is split over two shipments; in a
 * returned one only the second shipment goes back, the first stays DELIVERED (since its
 * delivery). About one live order in eight also had a unit cancelled when it went into
 * processing (not enough inventory): a CANCELLED shipment of its own, listed by a cancellation
 * search while the rest of the order is in pre- or post-dispatch. That unit is not among the
 * order's lines (the truth's money is what was sold). The shipments of one order thus come back
 * from different searches, and from different pages of one search.
 */
export function planShipments(order: SandboxOrder): ShipmentPlan[] {
  const status = rawStatus(order);
  const cancellationType = status === 'CANCELLED' ? cancellationTypeOf(order) : null;
  const split = order.lines.length > 1 && hashKeys(order.index, ['split']) % 10 === 0;
  const half = Math.ceil(order.lines.length / 2);
  const groups = split ? [order.lines.slice(0, half), order.lines.slice(half)] : [order.lines];
  const plans: ShipmentPlan[] = groups.map((lines, k) => ({
    k,
    lines,
    status,
    updatedAt: order.updatedAt,
    cancellationType,
  }));
  const delivered = statusAt(order, 'DELIVERED');
  if (split && order.status === 'RETURNED' && delivered)
    Object.assign(plans[0]!, { status: 'DELIVERED', updatedAt: delivered });
  const live = order.status !== 'CANCELLED' && order.status !== 'REFUNDED';
  if (live && order.history.length > 1 && hashKeys(order.index, ['cancelledUnit']) % 8 === 0) {
    const line = order.lines[0]!;
    plans.push({
      k: 2,
      lines: [
        {
          ...line,
          lineId: cancelledUnitId(order),
          quantity: 1,
          lineTotal: line.unitPrice,
          shipping: line.shipping / line.quantity,
        },
      ],
      status: 'CANCELLED',
      updatedAt: order.history[1]!.at,
      cancellationType: pick(CANCELLATION_TYPES, order, 'unitCancellation'),
    });
  }
  return plans;
}

function renderItem(order: SandboxOrder, line: OrderLine, plan: ShipmentPlan): Record<string, unknown> {
  const discount = flipkartDiscount(order, line);
  const cancelled = plan.status === 'CANCELLED';
  const bare = hashKeys(order.index, [line.lineId, 'bare']) % 4 === 0;
  return {
    orderItemId: line.lineId,
    orderId: order.id,
    cancellationGroupId: `grp${line.lineId}`,
    orderDate: istIso(order.createdAt),
    ...(cancelled && {
      cancellationDate: istIso(plan.updatedAt),
      cancellationReason: 'not_enough_inventory',
      cancellationSubReason: null,
    }),
    paymentType: pick(['COD', 'PREPAID'], order, 'payment'),
    status: plan.status,
    quantity: line.quantity,
    fsn: fsnOf(line),
    sku: line.sku,
    listingId: line.productId,
    // the official example has `hsn: null` and no `serviceProfile`: some items here do too
    hsn: bare ? null : '48202000',
    title: line.title,
    packageIds: [],
    priceComponents: {
      sellingPrice: rupees(line.unitPrice),
      totalPrice: rupees(line.lineTotal),
      shippingCharge: rupees(line.shipping),
      customerPrice: rupees(line.lineTotal + line.shipping - discount),
      flipkartDiscount: rupees(discount),
    },
    ...(!bare && { serviceProfile: 'NON_FBF' }),
    is_replacement: false,
  };
}

/** Broken the way a schema check notices, the ids left readable. */
function breakItem(item: Record<string, unknown>, order: SandboxOrder): void {
  if (order.index % 2 === 0) delete item.priceComponents;
  else item.quantity = 'two';
}

export function renderShipment(order: SandboxOrder, plan: ShipmentPlan): Record<string, unknown> {
  const items = plan.lines.map((line) => renderItem(order, line, plan));
  if (order.malformed && plan.k === 0) breakItem(items[0]!, order);
  const created = order.createdAt.getTime();
  return {
    shipmentId: shipmentId(order, plan.k),
    dispatchByDate: istIso(new Date(created + 2 * 86_400_000)),
    dispatchAfterDate: istIso(new Date(created + 6 * 60_000)),
    updatedAt: istIso(plan.updatedAt),
    locationId: 'LOC7F3A2C01',
    hold: false,
    mps: false,
    packagingPolicy: 'DEFAULT',
    subShipments: [{ subShipmentId: `SS-${plan.k + 1}`, packages: [] }],
    orderItems: items,
    forms: [],
    shipmentType: 'NORMAL',
    dispatchLocation: null,
  };
}

export const renderShipments = (order: SandboxOrder): Record<string, unknown>[] =>
  planShipments(order).map((plan) => renderShipment(order, plan));

export const listingStatusOf = (item: CatalogItem): 'ACTIVE' | 'INACTIVE' =>
  item.status === 'active' ? 'ACTIVE' : 'INACTIVE';

/** The product search's `internalState` of a catalog item (a draft is a listing not yet activated). */
export function internalStateOf(item: CatalogItem): string {
  return { active: 'ACTIVE', archived: 'ARCHIVED', draft: 'READY_FOR_ACTIVATION' }[item.status];
}

/** Flipkart's image CDN: `rukminim2.flixcart.com/image/{w}/{h}/{shard}/{vertical}/{a}/{b}/{c}/{file}?q=70`. */
export function imageUrl(item: CatalogItem): string {
  const h = hashKeys(7, [item.sku]);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const path = [0, 1, 2].map((k) => letters[Math.floor(h / 26 ** k) % 26]).join('/');
  return `https://rukminim2.flixcart.com/image/832/832/xif0q/${verticalSlug(item.category)}/${path}/${item.image}?q=70`;
}

const verticalSlug = (category: string) =>
  category
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const productName = (item: CatalogItem) => (item.variantTitle ? `${item.title} - ${item.variantTitle}` : item.title);

/** List prices are int32 rupees. */
const mrpOf = (item: CatalogItem) => Math.ceil((item.price * 5) / 400);

/** `POST /sellers/listings/v3/product/search` entry: the listing with its product's title, image and vertical. */
export function renderProductSearchItem(item: CatalogItem, sellerId: string): Record<string, unknown> {
  return {
    listingId: item.productId,
    sellerId,
    productId: fsnOf(item),
    sku: item.sku,
    status: listingStatusOf(item),
    product_name: productName(item),
    product_image_url: imageUrl(item),
    vertical: item.category,
    product_description: {
      ssp: rupees(item.price),
      esp: null,
      mrp: mrpOf(item),
      dimensions: { breadth: 14, length: 20, height: 2, weight: 0.3 },
    },
  };
}

/**
 * `GET /sellers/listings/v3/{skus}` entry; list prices are int32 rupees. Seller stock is never
 * below 0 here (an oversold item shows 0); an item whose stock the store does not track reports
 * no `inventory` at its location (the field is optional).
 */
export function renderListing(item: CatalogItem): Record<string, unknown> {
  const price = rupees(item.price);
  return {
    listing_id: item.productId,
    product_id: fsnOf(item),
    price: { mrp: mrpOf(item), selling_price: price, currency: 'INR' },
    tax: { hsn: '48202000', tax_code: 'GST_12' },
    listing_status: listingStatusOf(item),
    shipping_fees: { local: 0, zonal: 40, national: 40, currency: 'INR' },
    fulfillment_profile: 'NON_FBF',
    packages: [
      {
        id: 'PKG1',
        name: item.title,
        dimensions: { length: 20, breadth: 14, height: 2 },
        weight: 0.3,
        handling: { fragile: false },
      },
    ],
    locations: [
      { id: 'LOC7F3A2C01', status: 'ENABLED', ...(item.tracked && { inventory: Math.max(0, item.inventory) }) },
    ],
    archived_status: item.status === 'archived' ? 'ARCHIVED' : 'NONE',
  };
}
