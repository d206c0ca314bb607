import { formatMinor } from '../generator/index.ts';
import type { CatalogItem, LifecycleStatus, SandboxOrder } from '../types.ts';
import { variationId } from './render-catalog.ts';

/**
 * A sandbox order as Square's Order object: money as {amount: int minor units, currency},
 * quantities as strings, one SHIPMENT fulfillment (none for in-person sales), shipping as a service charge, order-level
 * tax and discount apportioned to the line items, refunds[] and return_amounts after the sale.
 */

export const ORDER_STATES = ['OPEN', 'COMPLETED', 'CANCELED', 'DRAFT'] as const;
export type OrderState = (typeof ORDER_STATES)[number];
type FulfillmentState = 'PROPOSED' | 'RESERVED' | 'PREPARED' | 'COMPLETED' | 'CANCELED' | 'FAILED';

/**
 * Order state and fulfillment state per lifecycle state (null: no fulfillment, an in-person
 * sale); the order index picks one of the renderings, so every combination shows up.
 */
const RENDERINGS: Record<LifecycleStatus, readonly [OrderState, FulfillmentState | null][]> = {
  PENDING: [['DRAFT', 'PROPOSED'], ['OPEN', 'PROPOSED'], ['OPEN', null], ['DRAFT', null]],
  PROCESSING: [['OPEN', 'RESERVED'], ['OPEN', 'PREPARED']],
  SHIPPED: [['OPEN', 'COMPLETED']],
  DELIVERED: [['COMPLETED', 'COMPLETED'], ['COMPLETED', null]],
  CANCELLED: [['CANCELED', 'CANCELED'], ['CANCELED', 'FAILED'], ['CANCELED', null]],
  REFUNDED: [['COMPLETED', 'CANCELED'], ['COMPLETED', null]],
  RETURNED: [['COMPLETED', 'COMPLETED'], ['COMPLETED', null]],
};

function rendering(o: SandboxOrder): readonly [OrderState, FulfillmentState | null] {
  const options = RENDERINGS[o.status];
  return options[o.index % options.length]!;
}

export const orderState = (o: SandboxOrder): OrderState => rendering(o)[0];

/** When the order reached a terminal state (COMPLETED or CANCELED), else null. */
export function closedAt(o: SandboxOrder): Date | null {
  return orderState(o) === 'OPEN' || orderState(o) === 'DRAFT' ? null : at(o, 'DELIVERED', 'REFUNDED', 'CANCELLED');
}

/** The time the order first reached one of `statuses`. */
function at(o: SandboxOrder, ...statuses: LifecycleStatus[]): Date | null {
  return o.history.find((h) => statuses.includes(h.status))?.at ?? null;
}

const iso = (d: Date | null) => d?.toISOString();

/** Integer shares of `amount` proportional to `weights`; the remainder goes to the last share. */
function apportion(amount: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (sum ? Math.floor((amount * w) / sum) : 0));
  shares[shares.length - 1]! += amount - shares.reduce((a, b) => a + b, 0);
  return shares;
}

function fulfillment(o: SandboxOrder, state: FulfillmentState) {
  const processing = at(o, 'PROCESSING');
  const shipped = at(o, 'SHIPPED');
  return {
    uid: `${o.id.slice(0, 18)}SHIP`,
    type: 'SHIPMENT',
    state,
    shipment_details: {
      recipient: { display_name: o.customer.name, email_address: o.customer.email },
      ...(shipped && { carrier: 'USPS', tracking_number: `9400${o.number.padStart(18, '0')}` }),
      placed_at: iso(o.createdAt),
      in_progress_at: iso(processing),
      packaged_at: state === 'PREPARED' || shipped ? iso(processing) : undefined,
      shipped_at: iso(shipped),
      canceled_at: state === 'CANCELED' ? iso(o.cancelledAt ?? at(o, 'REFUNDED')) : undefined,
      failed_at: state === 'FAILED' ? iso(o.cancelledAt) : undefined,
    },
  };
}

export function renderOrder(o: SandboxOrder, catalog: ReadonlyMap<string, CatalogItem>) {
  const money = (amount: number) => ({ amount, currency: o.currency });
  const [state, fulfillmentState] = rendering(o);
  const weights = o.lines.map((l) => l.lineTotal);
  const discounts = apportion(o.discount, weights);
  const taxes = apportion(o.tax, weights);
  const discountUid = `${o.id.slice(0, 18)}DISC`;
  const taxUid = `${o.id.slice(0, 18)}STAX`;
  const paid = state === 'COMPLETED' || (state === 'OPEN' && o.status !== 'PENDING');
  const tenderId = `${o.id.slice(0, 20)}TNDR`;
  const returned = o.status === 'RETURNED';
  const refundAt = at(o, 'RETURNED', 'REFUNDED');

  return {
    id: o.id,
    location_id: o.store.storeId,
    reference_id: o.number,
    state,
    version: o.history.length,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    closed_at: iso(closedAt(o)),
    line_items: o.lines.map((l, i) => {
      const item = catalog.get(l.variantId);
      return {
        uid: l.lineId,
        catalog_object_id: variationId(l),
        catalog_version: 1,
        name: item?.title ?? l.title,
        variation_name: item?.variantTitle ?? 'Regular',
        item_type: 'ITEM',
        quantity: String(l.quantity),
        base_price_money: money(l.unitPrice),
        variation_total_price_money: money(l.lineTotal),
        gross_sales_money: money(l.lineTotal),
        total_discount_money: money(discounts[i]!),
        total_tax_money: money(taxes[i]!),
        total_service_charge_money: money(0),
        total_money: money(l.lineTotal - discounts[i]! + taxes[i]!),
        ...(o.discount > 0 && { applied_discounts: [{ uid: `${l.lineId}D`, discount_uid: discountUid, applied_money: money(discounts[i]!) }] }),
        ...(o.tax > 0 && { applied_taxes: [{ uid: `${l.lineId}T`, tax_uid: taxUid, applied_money: money(taxes[i]!) }] }),
      };
    }),
    ...(o.tax > 0 && { taxes: [{ uid: taxUid, name: 'Sales Tax', percentage: '8', type: 'ADDITIVE', scope: 'ORDER', applied_money: money(o.tax) }] }),
    ...(o.discount > 0 && {
      discounts: [{ uid: discountUid, name: '10% Off', percentage: '10', type: 'FIXED_PERCENTAGE', scope: 'ORDER', applied_money: money(o.discount) }],
    }),
    ...(o.shipping > 0 && {
      service_charges: [
        {
          uid: `${o.id.slice(0, 18)}SHPC`,
          name: 'Shipping',
          type: 'CUSTOM',
          calculation_phase: 'SUBTOTAL_PHASE',
          taxable: false,
          amount_money: money(o.shipping),
          applied_money: money(o.shipping),
          total_money: money(o.shipping),
          total_tax_money: money(0),
        },
      ],
    }),
    ...(fulfillmentState && { fulfillments: [fulfillment(o, fulfillmentState)] }),
    ...(paid && {
      tenders: [
        { id: tenderId, location_id: o.store.storeId, transaction_id: o.id, created_at: iso(at(o, 'PROCESSING') ?? o.createdAt), amount_money: money(o.total), type: 'CARD', card_details: { status: 'CAPTURED', entry_method: 'ON_FILE' } },
      ],
    }),
    ...(refundAt && {
      refunds: [
        { id: `${tenderId}RFND`, location_id: o.store.storeId, transaction_id: o.id, tender_id: tenderId, created_at: refundAt.toISOString(), reason: returned ? 'Items returned' : 'Cancelled before shipment', amount_money: money(o.refunded), status: 'APPROVED' },
      ],
    }),
    ...(returned && {
      return_amounts: { total_money: money(o.refunded), tax_money: money(o.tax), discount_money: money(o.discount), tip_money: money(0), service_charge_money: money(o.shipping) },
    }),
    net_amounts: {
      total_money: money(o.total - (returned ? o.refunded : 0)),
      tax_money: money(returned ? 0 : o.tax),
      discount_money: money(returned ? 0 : o.discount),
      tip_money: money(0),
      service_charge_money: money(returned ? 0 : o.shipping),
    },
    // malformed: the total as a decimal string, which Square never sends
    total_money: o.malformed ? { amount: formatMinor(o.total, o.store.exponent), currency: o.currency } : money(o.total),
    total_tax_money: money(o.tax),
    total_discount_money: money(o.discount),
    total_tip_money: money(0),
    total_service_charge_money: money(o.shipping),
  };
}
