import { formatMinor, type StoreData } from '../generator/index.ts';
import type { CatalogItem, LifecycleStatus, OrderLine, SandboxOrder, StoreSpec } from '../types.ts';
import { connection } from './paging.ts';

/** How the sandbox's neutral model looks through the GraphQL Admin API. */

const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;

/** DateTime as Shopify prints it: UTC, whole seconds. */
const dateTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

interface RawStatus {
  financial: string;
  fulfillment: string;
  returnStatus: string;
  /** displayStatus of the order's fulfillment, when it has one */
  shipment: string | null;
}

const raw = (financial: string, fulfillment: string, returnStatus = 'NO_RETURN', shipment: string | null = null): RawStatus => ({ financial, fulfillment, returnStatus, shipment });

/**
 * Each lifecycle state as Shopify shows it. Shopify splits the state over the financial and
 * fulfillment statuses, the return status and each fulfillment's display status; several raw
 * shapes per state are spread over the orders by index.
 */
const SHAPES: Record<LifecycleStatus, RawStatus[]> = {
  PENDING: ['PENDING', 'AUTHORIZED', 'PARTIALLY_PAID'].map((f) => raw(f, 'UNFULFILLED')),
  PROCESSING: [
    ...['UNFULFILLED', 'OPEN', 'SCHEDULED', 'ON_HOLD', 'PENDING_FULFILLMENT', 'IN_PROGRESS', 'REQUEST_DECLINED'].map((s) => raw('PAID', s)),
    raw('PAID', 'PARTIALLY_FULFILLED', 'NO_RETURN', 'IN_TRANSIT'),
  ],
  SHIPPED: ['FULFILLED', 'CONFIRMED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY'].map((s) => raw('PAID', 'FULFILLED', 'NO_RETURN', s)),
  DELIVERED: [raw('PAID', 'FULFILLED', 'NO_RETURN', 'DELIVERED')],
  CANCELLED: ['VOIDED', 'EXPIRED'].map((f) => raw(f, 'UNFULFILLED')),
  REFUNDED: ['UNFULFILLED', 'RESTOCKED'].map((s) => raw('REFUNDED', s)),
  RETURNED: ['RETURNED', 'INSPECTION_COMPLETE'].map((r) => raw('REFUNDED', 'FULFILLED', r, 'DELIVERED')),
};

function bag(minor: number, spec: StoreSpec) {
  const money = { amount: formatMinor(minor, spec.exponent), currencyCode: spec.currency };
  return { shopMoney: money, presentmentMoney: money };
}

interface ProductObject {
  id: string;
  title: string;
  status: string;
  updatedAt: string;
}

interface VariantObject {
  id: string;
  sku: string;
  title: string;
  price: string;
  inventoryQuantity: number;
  updatedAt: string;
  product: ProductObject;
}

/** The store's catalog as products and variants; one catalog item is one variant. */
export class CatalogView {
  readonly variants = new Map<string, VariantObject>();

  constructor(readonly store: StoreData) {
    const byProduct = new Map<string, CatalogItem[]>();
    for (const c of store.catalog) byProduct.set(c.productId, [...(byProduct.get(c.productId) ?? []), c]);
    for (const [productId, items] of byProduct) {
      const status = items.some((c) => c.status === 'active') ? 'ACTIVE' : items[0]!.status.toUpperCase();
      const updatedAt = new Date(Math.max(...items.map((c) => c.updatedAt.getTime())));
      const product = { id: gid('Product', productId), title: items[0]!.title, status, updatedAt: dateTime(updatedAt) };
      for (const c of items) this.variants.set(c.variantId, this.variant(c, product));
    }
  }

  private variant(c: CatalogItem, product: ProductObject): VariantObject {
    return {
      id: gid('ProductVariant', c.variantId),
      sku: c.sku,
      // Shopify gives a product without options one variant titled "Default Title"
      title: c.variantTitle ?? 'Default Title',
      price: formatMinor(c.price, this.store.spec.exponent),
      inventoryQuantity: c.inventory,
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

function fulfillment(order: SandboxOrder, displayStatus: string) {
  const shippedAt = order.history.find((c) => c.status === 'SHIPPED' || c.status === 'PROCESSING')?.at ?? order.createdAt;
  const deliveredAt = displayStatus === 'DELIVERED' ? order.history.find((c) => c.status === 'DELIVERED')?.at : undefined;
  return { id: gid('Fulfillment', order.id), createdAt: dateTime(shippedAt), displayStatus, deliveredAt: deliveredAt ? dateTime(deliveredAt) : null };
}

function rawStatusOf(order: SandboxOrder): RawStatus {
  const shapes = SHAPES[order.status];
  return shapes[order.index % shapes.length]!;
}

/** An Order object; a malformed order gets a total that is not a Decimal (its id stays readable). */
export function renderOrder(order: SandboxOrder, catalog: CatalogView) {
  const spec = order.store;
  const status = rawStatusOf(order);
  const total = bag(order.total, spec);
  const lines = order.lines.map((l) => renderLine(l, spec, catalog));
  const fulfillments = status.shipment ? [fulfillment(order, status.shipment)] : [];
  return {
    id: gid('Order', order.id),
    name: `#${order.number}`,
    createdAt: dateTime(order.createdAt),
    processedAt: dateTime(order.createdAt),
    updatedAt: dateTime(order.updatedAt),
    cancelledAt: order.cancelledAt ? dateTime(order.cancelledAt) : null,
    currencyCode: spec.currency,
    displayFinancialStatus: status.financial,
    displayFulfillmentStatus: status.fulfillment,
    returnStatus: status.returnStatus,
    // Shopify's subtotal is the line items after discounts, before shipping and taxes
    subtotalPriceSet: bag(order.subtotal - order.discount, spec),
    totalPriceSet: order.malformed ? { ...total, shopMoney: { ...total.shopMoney, amount: `${spec.currency} ${total.shopMoney.amount}` } } : total,
    totalTaxSet: bag(order.tax, spec),
    totalShippingPriceSet: bag(order.shipping, spec),
    totalDiscountsSet: bag(order.discount, spec),
    totalRefundedSet: bag(order.refunded, spec),
    email: order.customer.email,
    customer: { id: gid('Customer', String(9_000_000_000 + order.index)), displayName: order.customer.name, email: order.customer.email },
    lineItems: ({ first, after }: { first?: number | null; after?: string | null }) => connection(lines, first, after, (l) => l.id),
    fulfillments: ({ first }: { first?: number | null }) => fulfillments.slice(0, first ?? fulfillments.length),
  };
}
