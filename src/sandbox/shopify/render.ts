import { formatMinor, type StoreData } from '../generator/index.ts';
import { hashKeys } from '../generator/random.ts';
import type { CatalogItem, LifecycleStatus, OrderLine, SandboxOrder, StoreSpec } from '../types.ts';
import { connection } from './paging.ts';

/** How the sandbox's neutral model looks through the GraphQL Admin API. */

const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;

/** DateTime as Shopify prints it: UTC, whole seconds. */
export const dateTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** How one order's state reads through the API. */
interface RawStatus {
  financial: string;
  fulfillment: string;
  returnStatus: string;
  /** displayStatus of the order's fulfillment, when it has one */
  shipment: string | null;
  /** cancelled through Shopify's cancel (which refunds or voids the payment) */
  cancelled: boolean;
}

const raw = (financial: string, fulfillment: string, extra: Partial<RawStatus> = {}): RawStatus => ({
  financial,
  fulfillment,
  returnStatus: 'NO_RETURN',
  shipment: null,
  cancelled: false,
  ...extra,
});

/**
 * Each lifecycle state as Shopify shows it. Shopify splits the state over the financial and
 * fulfillment statuses, the return status, each fulfillment's display status and `cancelledAt`;
 * several raw shapes per state are spread over the orders by index. Every state of the spec's
 * table appears (UNFULFILLED, FULFILLED, cancelled), and refunds both before shipping (on an
 * unfulfilled, restocked or cancelled order) and after it (with or without a return, in full or
 * keeping the shipping charge: PARTIALLY_REFUNDED). A shipped order is FULFILLED from the moment
 * its one fulfillment is created.
 */
const SHAPES: Record<Exclude<LifecycleStatus, 'CANCELLED'>, RawStatus[]> = {
  PENDING: ['PENDING', 'AUTHORIZED', 'PARTIALLY_PAID'].map((f) => raw(f, 'UNFULFILLED')),
  PROCESSING: [
    'UNFULFILLED',
    'UNFULFILLED',
    'OPEN',
    'SCHEDULED',
    'ON_HOLD',
    'PENDING_FULFILLMENT',
    'IN_PROGRESS',
    'REQUEST_DECLINED',
  ].map((s) => raw('PAID', s)),
  SHIPPED: ['FULFILLED', 'CONFIRMED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY'].map((s) =>
    raw('PAID', 'FULFILLED', { shipment: s }),
  ),
  DELIVERED: [raw('PAID', 'FULFILLED', { shipment: 'DELIVERED' })],
  REFUNDED: [
    raw('REFUNDED', 'UNFULFILLED'),
    raw('REFUNDED', 'RESTOCKED'),
    raw('REFUNDED', 'UNFULFILLED', { cancelled: true }),
  ],
  RETURNED: [
    ...['RETURNED', 'INSPECTION_COMPLETE', 'NO_RETURN'].map((r) =>
      raw('REFUNDED', 'FULFILLED', { returnStatus: r, shipment: 'DELIVERED' }),
    ),
    raw('PARTIALLY_REFUNDED', 'FULFILLED', { shipment: 'DELIVERED' }),
  ],
};

/** A cancelled order that was paid is refunded on cancelling; an authorization is voided. */
const CANCELLED_PAID = raw('REFUNDED', 'UNFULFILLED', { cancelled: true });
const CANCELLED_UNPAID = raw('VOIDED', 'UNFULFILLED', { cancelled: true });

/**
 * Shopify's `Decimal` scalar: as few decimals as the value needs, but at least one ("24.0",
 * "1999.0", "14.99"). (`Money`, the variant price, keeps two.)
 */
export function shopifyDecimal(minor: number, exponent: number): string {
  const fixed = formatMinor(minor, exponent);
  if (!fixed.includes('.')) return `${fixed}.0`;
  return fixed.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '.0');
}

function bag(minor: number, spec: StoreSpec) {
  const money = { amount: shopifyDecimal(minor, spec.exponent), currencyCode: spec.currency };
  return { shopMoney: money, presentmentMoney: money };
}

interface MediaObject {
  __typename: 'MediaImage';
  id: string;
  alt: string;
  mediaContentType: 'IMAGE';
  status: 'READY';
  preview: { status: 'READY'; image: { id: string; url: string; altText: string; width: number; height: number } };
}

interface ProductObject {
  id: string;
  title: string;
  status: string;
  updatedAt: string;
  productType: string;
  category: { id: string; name: string; fullName: string } | null;
  featuredMedia: MediaObject | null;
  variants(args: { first?: number | null; after?: string | null }): ReturnType<typeof connection<VariantObject>>;
}

interface VariantObject {
  id: string;
  sku: string;
  title: string;
  price: string;
  inventoryQuantity: number;
  inventoryItem: { id: string; sku: string; tracked: boolean };
  updatedAt: string;
  product: ProductObject;
}

/** cdn.shopify.com/s/files/1/NNNN/NNNN/NNNN/files/<name>?v=<unix seconds>, the shop's numbers from its domain */
function cdnUrl(storeId: string, file: string, version: Date): string {
  const shop = [1, 2, 3].map((k) => String(hashKeys(k, [storeId]) % 10_000).padStart(4, '0')).join('/');
  return `https://cdn.shopify.com/s/files/1/${shop}/files/${file}?v=${Math.floor(version.getTime() / 1000)}`;
}

/**
 * The store's catalog as products and variants; one catalog item is one variant. A product's
 * featured image is its first variant's picture. Its taxonomy category is the catalog's; about
 * one product in five has none set (many shops never pick one) and carries the category only in
 * its free-text product type. Untracked items keep a stale quantity, as Shopify shows them;
 * oversold ones show it below 0.
 */
export class CatalogView {
  readonly variants = new Map<string, VariantObject>();

  constructor(readonly store: StoreData) {
    const byProduct = new Map<string, CatalogItem[]>();
    for (const c of store.catalog) byProduct.set(c.productId, [...(byProduct.get(c.productId) ?? []), c]);
    for (const [productId, items] of byProduct) {
      const first = items[0]!;
      const status = items.some((c) => c.status === 'active') ? 'ACTIVE' : first.status.toUpperCase();
      const updatedAt = new Date(Math.max(...items.map((c) => c.updatedAt.getTime())));
      const taxonomy = hashKeys(11, [productId]) % 5 !== 0;
      const variants: VariantObject[] = [];
      const product: ProductObject = {
        id: gid('Product', productId),
        title: first.title,
        status,
        updatedAt: dateTime(updatedAt),
        productType: first.category,
        category: taxonomy
          ? {
              id: gid('TaxonomyCategory', `sb-${hashKeys(12, [first.category]) % 1000}`),
              name: first.category,
              fullName: first.category,
            }
          : null,
        featuredMedia: {
          __typename: 'MediaImage',
          id: gid('MediaImage', productId),
          alt: first.title,
          mediaContentType: 'IMAGE',
          status: 'READY',
          preview: {
            status: 'READY',
            image: {
              id: gid('ImageSource', productId),
              url: cdnUrl(store.spec.storeId, first.image, first.createdAt),
              altText: first.title,
              width: 2048,
              height: 2048,
            },
          },
        },
        variants: ({ first, after }) => connection(variants, first, after, (v) => v.id),
      };
      for (const c of items) {
        const variant = this.variant(c, product);
        variants.push(variant);
        this.variants.set(c.variantId, variant);
      }
    }
  }

  private variant(c: CatalogItem, product: ProductObject): VariantObject {
    return {
      id: gid('ProductVariant', c.variantId),
      sku: c.sku,
      // Shopify gives a product without options one variant titled "Default Title"
      title: c.variantTitle ?? 'Default Title',
      // the `Money` scalar: two decimals
      price: formatMinor(c.price, this.store.spec.exponent),
      inventoryQuantity: c.inventory,
      inventoryItem: { id: gid('InventoryItem', c.variantId), sku: c.sku, tracked: c.tracked },
      updatedAt: dateTime(c.updatedAt),
      product,
    };
  }
}

function renderLine(line: OrderLine, spec: StoreSpec, catalog: CatalogView) {
  const variant = catalog.variants.get(line.variantId) ?? null;
  return {
    id: gid('LineItem', line.lineId),
    title: variant?.product.title ?? line.title,
    name: line.title,
    variantTitle: variant && variant.title !== 'Default Title' ? variant.title : null,
    sku: line.sku,
    quantity: line.quantity,
    originalUnitPriceSet: bag(line.unitPrice, spec),
    originalTotalSet: bag(line.lineTotal, spec),
    product: variant?.product ?? null,
    variant,
  };
}

const changeAt = (order: SandboxOrder, status: LifecycleStatus) => order.history.find((c) => c.status === status)?.at;

/** The order's one fulfillment, created when it shipped. */
function fulfillment(order: SandboxOrder, displayStatus: string) {
  const shippedAt = changeAt(order, 'SHIPPED') ?? order.createdAt;
  const deliveredAt = displayStatus === 'DELIVERED' ? changeAt(order, 'DELIVERED') : undefined;
  return {
    id: gid('Fulfillment', order.id),
    createdAt: dateTime(shippedAt),
    displayStatus,
    status: 'SUCCESS',
    deliveredAt: deliveredAt ? dateTime(deliveredAt) : null,
  };
}

function rawStatusOf(order: SandboxOrder): RawStatus {
  if (order.status === 'CANCELLED') return changeAt(order, 'PROCESSING') ? CANCELLED_PAID : CANCELLED_UNPAID;
  const shapes = SHAPES[order.status];
  const shape = shapes[order.index % shapes.length]!;
  // keeping a shipping charge of 0 refunds it all
  return shape.financial === 'PARTIALLY_REFUNDED' && order.shipping === 0 ? { ...shape, financial: 'REFUNDED' } : shape;
}

/** What went back: everything, or for a PARTIALLY_REFUNDED return all but the shipping charge. */
function refundedOf(order: SandboxOrder, status: RawStatus): number {
  if (status.financial === 'REFUNDED') return order.total;
  if (status.financial === 'PARTIALLY_REFUNDED') return order.total - order.shipping;
  return order.refunded;
}

/** The order's one refund, made with its last change (the refund, return or cancellation). */
function refund(order: SandboxOrder, amount: number) {
  return {
    id: gid('Refund', order.id),
    createdAt: dateTime(order.updatedAt),
    note: null,
    totalRefundedSet: bag(amount, order.store),
  };
}

/** An Order object; a malformed order gets a total that is not a Decimal (its id stays readable). */
export function renderOrder(order: SandboxOrder, catalog: CatalogView) {
  const spec = order.store;
  const status = rawStatusOf(order);
  const total = bag(order.total, spec);
  const lines = order.lines.map((l) => renderLine(l, spec, catalog));
  const fulfillments = status.shipment ? [fulfillment(order, status.shipment)] : [];
  const cancelledAt = status.cancelled ? order.updatedAt : null;
  // a paid order cancelled through Shopify is refunded in full
  const refunded = refundedOf(order, status);
  const refunds = refunded > 0 ? [refund(order, refunded)] : [];
  return {
    id: gid('Order', order.id),
    name: `#${order.number}`,
    createdAt: dateTime(order.createdAt),
    processedAt: dateTime(order.createdAt),
    updatedAt: dateTime(order.updatedAt),
    cancelledAt: cancelledAt ? dateTime(cancelledAt) : null,
    currencyCode: spec.currency,
    displayFinancialStatus: status.financial,
    displayFulfillmentStatus: status.fulfillment,
    returnStatus: status.returnStatus,
    // Shopify's subtotal is the line items after discounts, before shipping and taxes
    subtotalPriceSet: bag(order.subtotal - order.discount, spec),
    totalPriceSet: order.malformed
      ? { ...total, shopMoney: { ...total.shopMoney, amount: `${spec.currency} ${total.shopMoney.amount}` } }
      : total,
    totalTaxSet: bag(order.tax, spec),
    totalShippingPriceSet: bag(order.shipping, spec),
    totalDiscountsSet: bag(order.discount, spec),
    totalRefundedSet: bag(refunded, spec),
    email: order.customer.email,
    customer: {
      id: gid('Customer', String(9_000_000_000 + order.index)),
      displayName: order.customer.name,
      email: order.customer.email,
    },
    lineItems: ({ first, after }: { first?: number | null; after?: string | null }) =>
      connection(lines, first, after, (l) => l.id),
    fulfillments: ({ first }: { first?: number | null }) => fulfillments.slice(0, first ?? fulfillments.length),
    refunds: ({ first }: { first?: number | null }) => refunds.slice(0, first ?? refunds.length),
  };
}
