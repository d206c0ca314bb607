import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { currencyExponent, dec, Decimal, fromMinorUnits, sumMoney } from '../money.ts';
import { mapStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow } from '../types.ts';
import type { CatalogItem, InventoryCount, Money, Order } from './schemas.ts';

/**
 * Square Order / CatalogObject → unified rows.
 *
 * Status: Square has no single order status. The raw status we store is composed of documented
 * fields: `<order.state>` or `<order.state>/<fulfillments[0].state>`, plus `+RETURN` when the
 * order carries return_amounts (items came back) or else `+REFUND` when it carries refunds
 * that were not rejected or failed (money back, items kept).
 * - A SHIPMENT fulfillment turns COMPLETED (shipped_at) when handed to the carrier; Square has
 *   no delivery event for shipments, so the order's own state tells: still OPEN → SHIPPED,
 *   closed (COMPLETED, closed_at) → DELIVERED. An order without fulfillments is an in-person sale.
 * - A raw status missing from the table maps to PROCESSING (accepted, neither fulfilled nor
 *   cancelled) and is reported in `unknownStatuses`.
 *
 * Money: {amount: int minor units, currency} ÷ 10^exponent of the currency (JPY has none).
 * - subtotal = Σ line gross_sales_money (before discounts and taxes); Square has no order subtotal.
 * - shipping = total_service_charge_money: Square has no shipping field, sellers charge it as a
 *   service charge.
 * - refunded = Σ live refunds, else return_amounts.total_money, else 0.
 * Line items carry the variation id (catalog_object_id) but neither the ITEM id nor the SKU.
 */

export const SQUARE_STATUS: Readonly<Record<string, OrderStatus>> = {
  DRAFT: 'PENDING',
  'DRAFT/PROPOSED': 'PENDING',
  OPEN: 'PENDING',
  'OPEN/PROPOSED': 'PENDING',
  'OPEN/RESERVED': 'PROCESSING',
  'OPEN/PREPARED': 'PROCESSING',
  'OPEN/COMPLETED': 'SHIPPED',
  COMPLETED: 'DELIVERED',
  'COMPLETED/COMPLETED': 'DELIVERED',
  CANCELED: 'CANCELLED',
  'CANCELED/CANCELED': 'CANCELLED',
  'CANCELED/FAILED': 'CANCELLED',
  'COMPLETED+REFUND': 'REFUNDED',
  'COMPLETED/CANCELED+REFUND': 'REFUNDED',
  'COMPLETED+RETURN': 'RETURNED',
  'COMPLETED/COMPLETED+RETURN': 'RETURNED',
};

export const SQUARE_STATUS_FALLBACK: OrderStatus = 'PROCESSING';

/** the name Square gives the only variation of an item created without variations */
const DEFAULT_VARIATION_NAME = 'Regular';

const toDecimal = (m: Money): string => fromMinorUnits(m.amount, 10 ** currencyExponent(m.currency));

const liveRefunds = (o: Order) => o.refunds.filter((r) => r.status !== 'REJECTED' && r.status !== 'FAILED');

function rawStatus(o: Order): string {
  const fulfillment = o.fulfillments[0];
  const base = fulfillment ? `${o.state}/${fulfillment.state}` : o.state;
  if (o.return_amounts && o.return_amounts.total_money.amount > 0) return `${base}+RETURN`;
  return liveRefunds(o).length > 0 ? `${base}+REFUND` : base;
}

function refunded(o: Order): string {
  const refunds = liveRefunds(o);
  if (refunds.length > 0) return sumMoney(refunds.map((r) => toDecimal(r.amount_money)));
  return o.return_amounts ? toDecimal(o.return_amounts.total_money) : '0';
}

function itemTitle(name: string | undefined, variation: string | undefined): string {
  const base = name ?? 'Custom amount';
  return variation && variation !== DEFAULT_VARIATION_NAME ? `${base} - ${variation}` : base;
}

function toItem(line: Order['line_items'][number]): UnifiedOrderItemRow {
  return {
    externalItemId: line.uid,
    externalProductId: null,
    externalVariantId: line.catalog_object_id ?? null,
    sku: null,
    title: itemTitle(line.name, line.variation_name),
    // measured quantities ("2.25") count as whole units, rounded up; prices stay exact
    quantity: dec(line.quantity).ceil().toNumber(),
    unitPrice: toDecimal(line.base_price_money),
    totalPrice: toDecimal(line.gross_sales_money),
  };
}

export function toUnifiedOrder(o: Order, unknownStatuses: string[]): UnifiedOrderRow {
  const raw = rawStatus(o);
  const fulfillment = o.fulfillments[0];
  const details = fulfillment?.shipment_details ?? fulfillment?.delivery_details ?? fulfillment?.pickup_details;
  return {
    externalOrderId: o.id,
    orderNumber: o.reference_id ?? null,
    orderDate: new Date(o.created_at),
    status: mapStatus(SQUARE_STATUS, raw, SQUARE_STATUS_FALLBACK, unknownStatuses),
    marketplaceStatus: raw,
    totalAmount: toDecimal(o.total_money),
    currency: o.total_money.currency,
    subtotalAmount: sumMoney(o.line_items.map((l) => toDecimal(l.gross_sales_money))),
    taxAmount: toDecimal(o.total_tax_money),
    shippingAmount: toDecimal(o.total_service_charge_money),
    discountAmount: toDecimal(o.total_discount_money),
    refundedAmount: refunded(o),
    customerName: details?.recipient?.display_name ?? null,
    customerEmail: details?.recipient?.email_address ?? null,
    sourceUpdatedAt: new Date(o.updated_at),
    cancelledAt: o.state === 'CANCELED' ? new Date(o.closed_at ?? o.updated_at) : null,
    items: o.line_items.map(toItem),
  };
}

/** One row per live ITEM_VARIATION; `inventory` maps variation id → IN_STOCK quantity. */
export function toUnifiedProducts(item: CatalogItem, inventory: ReadonlyMap<string, number>): UnifiedProductRow[] {
  return item.item_data.variations
    .filter((v) => !v.is_deleted)
    .map((v) => {
      const data = v.item_variation_data;
      const price = data.pricing_type !== 'VARIABLE_PRICING' ? data.price_money : undefined;
      return {
        externalProductId: v.id,
        parentListingId: item.id,
        sku: data.sku ?? null,
        title: item.item_data.name,
        variantTitle: data.name && data.name !== DEFAULT_VARIATION_NAME ? data.name : null,
        price: price ? toDecimal(price) : null,
        currency: price?.currency ?? null,
        inventoryQuantity: inventory.get(v.id) ?? null,
        status: item.item_data.is_archived || data.sellable === false ? 'archived' : 'active',
        sourceUpdatedAt: new Date(v.updated_at),
      };
    });
}

/** IN_STOCK quantity per variation, summed over locations; fractional stock rounds down. */
export function inStockByVariation(counts: readonly InventoryCount[]): Map<string, number> {
  const sums = new Map<string, Decimal>();
  for (const c of counts) {
    if (c.state === 'IN_STOCK') sums.set(c.catalog_object_id, (sums.get(c.catalog_object_id) ?? dec(0)).plus(c.quantity));
  }
  return new Map([...sums].map(([id, q]) => [id, q.floor().toNumber()]));
}
