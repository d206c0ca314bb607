import type { OrderStatus } from '../../generated/prisma/enums.ts';
import { earliest, latest } from '../dates.ts';
import { currencyExponent, type Decimal, dec, fromMinorUnits, sumMoney } from '../money.ts';
import { mapStatus, productStatus } from '../status.ts';
import type { UnifiedOrderItemRow, UnifiedOrderRow, UnifiedProductRow, UnifiedReturnRow } from '../types.ts';
import {
  CatalogCategory,
  CatalogImage,
  type CatalogItem,
  type Fulfillment,
  type InventoryCount,
  type LineItem,
  type Money,
  type Order,
} from './schemas.ts';

/**
 * Square Order / CatalogObject → unified rows.
 *
 * Status, by the spec's table, literally by `order.state`: OPEN → PENDING, COMPLETED → DELIVERED,
 * CANCELED → CANCELLED; DRAFT (not yet placed) → PENDING. Fulfillment states do not move the
 * status (an OPEN order whose shipment is out is PENDING); they go into marketplaceStatus and
 * fulfilledAt. A state Square adds later maps to PENDING (neither fulfilled nor cancelled, as
 * OPEN) and is reported. Refunds override the state, except CANCELED:
 * - refunds[] on the sale itself (status not REJECTED/FAILED), refundedAmount = Σ of them: after
 *   the goods were handed over (fulfilledAt set) → RETURNED; before, → CANCELLED when they add up
 *   to at least totalAmount, else the state's status stands (the rest still ships).
 * - return_amounts on the sale itself → RETURNED (refundedAmount: the refunds, else that rollup).
 * - Square records a return as an order of its own (returns[].source_order_id = the sale; the
 *   sale stays COMPLETED). Such an order is not an order row: each COMPLETED one gives one
 *   UnifiedReturnRow per returns[] entry, and the sync makes the sale RETURNED. A return order
 *   that also sells line items (an exchange) gives an order row for that sale as well.
 *
 * marketplaceStatus: `<order.state>` as sent, then `<fulfillment type>:<fulfillment state>` per
 * fulfillment, then `REFUND:<refund statuses>` when live refunds[] are on the order and `RETURN`
 * when it carries return_amounts, e.g. `OPEN/SHIPMENT:COMPLETED`, `COMPLETED/SHIPMENT:CANCELED/REFUND:APPROVED`.
 *
 * fulfilledAt: when every live (not CANCELED/FAILED) fulfillment was handed over —
 * shipment_details.shipped_at, pickup_details.picked_up_at, delivery_details.delivered_at
 * (else completed_at) — the latest of them; else, for a COMPLETED order, closed_at (an in-person
 * sale is handed over when it closes); else null.
 *
 * Money: {amount: int minor units, currency} ÷ 10^exponent of the currency (JPY has none).
 * - totalAmount = total_money; an order without it: net_amounts.total_money plus what was
 *   returned (net is after returns), else Σ line total_money.
 * - subtotal = Σ line gross_sales_money (before discounts and taxes); Square has no order subtotal.
 * - shipping = total_service_charge_money: Square has no shipping field, sellers charge it as a
 *   service charge.
 * - line unitPrice = base_price_money (the spec's field; modifiers are not in it), totalPrice =
 *   gross_sales_money (modifiers included, before discounts).
 * Lines carry the variation id (catalog_object_id), which the spec's table sends to `sku`; it is
 * not a SKU, so it goes to externalVariantId (products are matched on it) and sku stays null.
 */

export const SQUARE_STATUS: Readonly<Record<string, OrderStatus>> = {
  DRAFT: 'PENDING',
  OPEN: 'PENDING',
  COMPLETED: 'DELIVERED',
  CANCELED: 'CANCELLED',
};

export const SQUARE_STATUS_FALLBACK: OrderStatus = 'PENDING';

/** the name Square gives the only variation of an item created without variations */
const DEFAULT_VARIATION_NAME = 'Regular';

const toDecimal = (m: Money): string => fromMinorUnits(m.amount, 10 ** currencyExponent(m.currency));
const sumOf = (moneys: readonly Money[]): string => sumMoney(moneys.map(toDecimal));
const present = <T>(v: T | undefined | null): v is T => v !== undefined && v !== null;

const liveRefunds = (o: Order) => o.refunds.filter((r) => r.status !== 'REJECTED' && r.status !== 'FAILED');
const isLive = (f: Fulfillment) => f.state !== 'CANCELED' && f.state !== 'FAILED';

function handedOverAt(f: Fulfillment): string | undefined {
  return (
    f.shipment_details?.shipped_at ??
    f.pickup_details?.picked_up_at ??
    f.delivery_details?.delivered_at ??
    f.delivery_details?.completed_at
  );
}

export function fulfilledAt(o: Order): Date | null {
  const live = o.fulfillments.filter(isLive);
  const times = live.map(handedOverAt);
  if (live.length > 0 && times.every(present)) return latest(times.map((t) => new Date(t)));
  if (o.state === 'COMPLETED' && (o.fulfillments.length === 0 || live.length > 0) && o.closed_at)
    return new Date(o.closed_at);
  return null;
}

/** The order's currency, from whichever money field it carries. */
function currencyOf(o: Order): string | undefined {
  const line = o.line_items.find((l) => l.total_money ?? l.base_price_money);
  return (
    o.total_money?.currency ??
    o.net_amounts?.total_money?.currency ??
    (line?.total_money ?? line?.base_price_money)?.currency ??
    o.return_amounts?.total_money?.currency ??
    o.returns.find((r) => r.return_amounts?.total_money)?.return_amounts?.total_money?.currency
  );
}

function totalOf(o: Order, currency: string): string {
  if (o.total_money) return toDecimal(o.total_money);
  if (o.net_amounts?.total_money) {
    const net = dec(toDecimal(o.net_amounts.total_money));
    return (o.return_amounts?.total_money ? net.plus(toDecimal(o.return_amounts.total_money)) : net).toFixed();
  }
  const lines = o.line_items.map((l) => l.total_money).filter(present);
  return lines.length > 0 ? sumOf(lines) : fromMinorUnits(0, 10 ** currencyExponent(currency));
}

function itemTitle(line: LineItem): string {
  const base = line.name ?? (line.item_type === 'CUSTOM_AMOUNT' || !line.item_type ? 'Custom amount' : line.item_type);
  return line.variation_name && line.variation_name !== DEFAULT_VARIATION_NAME
    ? `${base} - ${line.variation_name}`
    : base;
}

function toItem(line: LineItem, currency: string): UnifiedOrderItemRow {
  const quantity = dec(line.quantity);
  const zero = { amount: 0, currency };
  const gross = line.gross_sales_money ?? line.variation_total_price_money;
  const unit = line.base_price_money
    ? dec(toDecimal(line.base_price_money))
    : gross && !quantity.isZero()
      ? dec(toDecimal(gross)).div(quantity)
      : dec(0);
  return {
    externalItemId: line.uid,
    externalProductId: null,
    externalVariantId: line.catalog_object_id ?? null,
    sku: null,
    title: itemTitle(line),
    // measured quantities ("2.25") count as whole units, rounded up; prices stay exact
    quantity: quantity.ceil().toNumber(),
    unitPrice: unit.toFixed(),
    totalPrice: gross ? toDecimal(gross) : line.base_price_money ? unit.times(quantity).toFixed() : toDecimal(zero),
  };
}

/** What one order becomes: an order row (a sale), return rows (a return order), or both (an exchange). */
export interface SquareOrderMapping {
  order: UnifiedOrderRow | null;
  returns: UnifiedReturnRow[];
  /** why something of it was left out (logged and reported as skipped) */
  problems: string[];
}

export function toUnified(o: Order, unknownStatuses: string[]): SquareOrderMapping {
  const out: SquareOrderMapping = { order: null, returns: [], problems: [] };
  const isReturn = o.returns.length > 0;
  if (isReturn) {
    const { rows, problems } = toUnifiedReturns(o);
    out.returns = rows;
    out.problems.push(...problems);
  }
  if (!isReturn || o.line_items.length > 0) {
    const order = toUnifiedOrder(o, unknownStatuses);
    if (order) out.order = order;
    else out.problems.push('no money field to read the order currency from');
  }
  return out;
}

/** A sale → its order row; null when it carries no money at all (no currency to record). */
export function toUnifiedOrder(o: Order, unknownStatuses: string[]): UnifiedOrderRow | null {
  const currency = currencyOf(o);
  if (!currency) return null;
  // a return order's refunds and return_amounts are the returned sale's money, not this order's
  const ownRefunds = o.returns.length > 0 ? [] : liveRefunds(o);
  const ownReturn =
    o.returns.length === 0 && o.return_amounts?.total_money && o.return_amounts.total_money.amount !== 0
      ? o.return_amounts.total_money
      : undefined;
  const shipped = fulfilledAt(o);
  const total = totalOf(o, currency);
  const refunded = ownRefunds.length > 0 ? sumOf(ownRefunds.map((r) => r.amount_money)) : null;

  let status = mapStatus(SQUARE_STATUS, o.state, SQUARE_STATUS_FALLBACK, unknownStatuses);
  if (status !== 'CANCELLED') {
    if (ownReturn) status = 'RETURNED';
    else if (refunded !== null) {
      if (shipped) status = 'RETURNED';
      else if (dec(refunded).gte(total)) status = 'CANCELLED';
    }
  }

  const segments = [o.state, ...o.fulfillments.map((f) => `${f.type ?? 'FULFILLMENT'}:${f.state ?? 'UNKNOWN'}`)];
  if (ownRefunds.length > 0) segments.push(`REFUND:${[...new Set(ownRefunds.map((r) => r.status))].join(',')}`);
  if (ownReturn) segments.push('RETURN');

  const recipient = o.fulfillments
    .map((f) => (f.shipment_details ?? f.delivery_details ?? f.pickup_details)?.recipient)
    .find(present);
  const firstRefundAt = earliest(ownRefunds.map((r) => (r.created_at ? new Date(r.created_at) : null)));
  const closedAt = o.closed_at ? new Date(o.closed_at) : null;
  const cancelledAt =
    status !== 'CANCELLED'
      ? null
      : ((o.state === 'CANCELED' ? closedAt : (firstRefundAt ?? closedAt)) ?? new Date(o.updated_at));
  const orNull = (m: Money | undefined) => (m ? toDecimal(m) : null);
  const items = o.line_items.map((l) => toItem(l, currency));

  return {
    externalOrderId: o.id,
    orderNumber: o.reference_id ?? null,
    orderedAt: new Date(o.created_at),
    fulfilledAt: shipped,
    status,
    marketplaceStatus: segments.join('/'),
    totalAmount: total,
    currency,
    subtotalAmount: sumMoney(items.map((i) => i.totalPrice)),
    taxAmount: orNull(o.total_tax_money ?? o.net_amounts?.tax_money),
    shippingAmount: orNull(o.total_service_charge_money ?? o.net_amounts?.service_charge_money),
    discountAmount: orNull(o.total_discount_money ?? o.net_amounts?.discount_money),
    refundedAmount: refunded ?? (ownReturn ? toDecimal(ownReturn) : null),
    customerName: recipient?.display_name ?? null,
    customerEmail: recipient?.email_address ?? null,
    sourceUpdatedAt: new Date(o.updated_at),
    cancelledAt,
    items,
  };
}

/**
 * A return order → one row per returns[] entry. Money back: that return's
 * return_amounts.total_money; else, when the order holds one return, the order's
 * return_amounts.total_money; else Σ its returned lines and service charges; else, for a single
 * return, Σ the order's live refunds (the refund is what tells). returnedAt = the return order's
 * created_at. Only a COMPLETED return order (the money went back) gives rows: an OPEN one may
 * still be cancelled, and a return once recorded is never withdrawn; a CANCELED or DRAFT one
 * returned nothing. An unlinked return (no source_order_id) names no sale: no row, reported.
 */
export function toUnifiedReturns(o: Order): { rows: UnifiedReturnRow[]; problems: string[] } {
  if (o.state !== 'COMPLETED') return { rows: [], problems: [] };
  const rows: UnifiedReturnRow[] = [];
  const problems: string[] = [];
  const single = o.returns.length === 1;
  for (const r of o.returns) {
    if (!r.source_order_id) {
      problems.push(`return ${r.uid ?? '(no uid)'}: an unlinked return (no source_order_id) names no sale`);
      continue;
    }
    const parts = [
      ...r.return_line_items.map((l) => l.total_money),
      ...r.return_service_charges.map((c) => c.total_money),
    ].filter(present);
    const refunds = liveRefunds(o).map((x) => x.amount_money);
    const money: { amount: string; currency: string } | undefined = r.return_amounts?.total_money
      ? { amount: toDecimal(r.return_amounts.total_money), currency: r.return_amounts.total_money.currency }
      : single && o.return_amounts?.total_money
        ? { amount: toDecimal(o.return_amounts.total_money), currency: o.return_amounts.total_money.currency }
        : parts.length > 0
          ? { amount: sumOf(parts), currency: parts[0]!.currency }
          : single && refunds.length > 0
            ? { amount: sumOf(refunds), currency: refunds[0]!.currency }
            : undefined;
    if (!money) {
      problems.push(`return ${r.uid ?? '(no uid)'} of ${r.source_order_id}: no amount to read what was refunded from`);
      continue;
    }
    rows.push({
      externalReturnId: o.id,
      saleExternalOrderId: r.source_order_id,
      refundedAmount: money.amount,
      currency: money.currency,
      returnedAt: new Date(o.created_at),
      sourceUpdatedAt: new Date(o.updated_at),
    });
  }
  return { rows, problems };
}

/** What the catalog page's related objects and the inventory counts tell about its items. */
export interface CatalogLookups {
  /** the connection's location: stock, overrides and presence are read for it */
  locationId: string;
  /** CATEGORY id → name */
  categories: ReadonlyMap<string, string>;
  /** IMAGE id → URL */
  images: ReadonlyMap<string, string>;
  /** variation id → IN_STOCK quantity */
  inventory: ReadonlyMap<string, number>;
}

/** CATEGORY names and IMAGE URLs among a page's related objects (anything else, or unreadable, is ignored). */
export function relatedLookups(related: readonly unknown[]): Pick<CatalogLookups, 'categories' | 'images'> {
  const categories = new Map<string, string>();
  const images = new Map<string, string>();
  for (const raw of related) {
    const category = CatalogCategory.safeParse(raw);
    if (category.success && category.data.category_data.name)
      categories.set(category.data.id, category.data.category_data.name);
    const image = CatalogImage.safeParse(raw);
    if (image.success && image.data.image_data.url) images.set(image.data.id, image.data.image_data.url);
  }
  return { categories, images };
}

interface Presence {
  present_at_all_locations?: boolean | undefined;
  present_at_location_ids?: string[] | undefined;
  absent_at_location_ids?: string[] | undefined;
}

const presentAt = (p: Presence, locationId: string) =>
  p.present_at_all_locations === false
    ? (p.present_at_location_ids ?? []).includes(locationId)
    : !(p.absent_at_location_ids ?? []).includes(locationId);

function categoryId(item: CatalogItem): string | undefined {
  const d = item.item_data;
  const first = [...(d.categories ?? [])].sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0))[0];
  return d.reporting_category?.id ?? first?.id ?? d.category_id;
}

/**
 * One row per live ITEM_VARIATION (the variation's id; parentListingId = the ITEM's id).
 * - inventory: IN_STOCK count at the location, negative when oversold; null when the variation
 *   does not track stock (track_inventory false, at the location's override or the variation)
 *   or Square has no count for it.
 * - status: INACTIVE when the item is archived, the variation not sellable, or either is not
 *   present at the location; OUT_OF_STOCK when the location override says sold_out or tracked
 *   stock is ≤ 0; else ACTIVE. marketplaceStatus lists those fields as Square names them.
 * - category: the reporting category, else the first of item_data.categories (else the
 *   deprecated category_id), named by its CATEGORY object; imageUrl: the variation's first
 *   image, else the item's, from its IMAGE object. Both null when the object is not at hand.
 * - price: price_money (none for VARIABLE_PRICING).
 */
export function toUnifiedProducts(item: CatalogItem, lookups: CatalogLookups): UnifiedProductRow[] {
  const { locationId } = lookups;
  const category = lookups.categories.get(categoryId(item) ?? '') ?? null;
  return item.item_data.variations
    .filter((v) => !v.is_deleted)
    .map((v) => {
      const data = v.item_variation_data;
      const override = data.location_overrides?.find((o) => o.location_id === locationId);
      const tracked = override?.track_inventory ?? data.track_inventory ?? true;
      const inventory = tracked ? (lookups.inventory.get(v.id) ?? null) : null;
      const here = presentAt(item, locationId) && presentAt(v, locationId);
      const archived = item.item_data.is_archived === true;
      const sellable = data.sellable !== false;
      const soldOut = override?.sold_out === true;
      const price = data.pricing_type !== 'VARIABLE_PRICING' ? data.price_money : undefined;
      const image = [...(data.image_ids ?? []), ...(item.item_data.image_ids ?? [])]
        .map((id) => lookups.images.get(id))
        .find(present);
      const words = [`is_archived=${archived}`];
      if (!sellable) words.push('sellable=false');
      if (!here) words.push('absent_at_location');
      if (soldOut) words.push('sold_out');
      if (!tracked) words.push('track_inventory=false');
      return {
        externalId: v.id,
        parentListingId: item.id,
        sku: data.sku ?? null,
        title: item.item_data.name,
        variantTitle: data.name && data.name !== DEFAULT_VARIATION_NAME ? data.name : null,
        category,
        imageUrl: image ?? null,
        price: price ? toDecimal(price) : null,
        currency: price?.currency ?? null,
        inventory,
        status: productStatus({ forSale: !archived && sellable && here, inventory, soldOut }),
        marketplaceStatus: words.join('/'),
        sourceUpdatedAt: new Date(Math.max(Date.parse(v.updated_at), Date.parse(item.updated_at))),
      };
    });
}

/** IN_STOCK quantity per variation, summed over the counts given; fractional stock rounds down. */
export function inStockByVariation(counts: readonly InventoryCount[]): Map<string, number> {
  const sums = new Map<string, Decimal>();
  for (const c of counts) {
    if (c.state === 'IN_STOCK')
      sums.set(c.catalog_object_id, (sums.get(c.catalog_object_id) ?? dec(0)).plus(c.quantity));
  }
  return new Map([...sums].map(([id, q]) => [id, q.floor().toNumber()]));
}
