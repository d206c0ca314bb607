import { marketplaceId } from '../generator/ids.ts';
import { formatMinor } from '../generator/index.ts';
import type { CatalogItem, LifecycleStatus, SandboxOrder } from '../types.ts';
import { variationId } from './render-catalog.ts';

/**
 * A sandbox order as Square's Order object: money as {amount: int minor units, currency},
 * quantities as strings, one SHIPMENT or PICKUP fulfillment (none for in-person sales),
 * shipping as a service charge, order-level tax and discount apportioned to the line items.
 *
 * Square's state is OPEN until the order closes (COMPLETED or CANCELED); DRAFT before it is
 * placed. The lifecycle shows in the fulfillment (PROPOSED → RESERVED/PREPARED → COMPLETED with
 * shipped_at / picked_up_at). A refund before shipping is refunds[] on the sale, which is
 * CANCELED (or COMPLETED with its fulfillment CANCELED). A return after delivery is, as in
 * Square, an order of its own (renderReturnOrder): the sale stays COMPLETED, with no refunds.
 */

export const ORDER_STATES = ['OPEN', 'COMPLETED', 'CANCELED', 'DRAFT'] as const;
export type OrderState = (typeof ORDER_STATES)[number];
type FulfillmentState = 'PROPOSED' | 'RESERVED' | 'PREPARED' | 'COMPLETED' | 'CANCELED' | 'FAILED';
export type FulfillmentType = 'SHIPMENT' | 'PICKUP';

/** How an order is handed over, fixed for its whole life: 3 in 5 shipped, 1 picked up, 1 sold in person (no fulfillment). */
export function fulfillmentType(o: Pick<SandboxOrder, 'index'>): FulfillmentType | null {
  const k = o.index % 5;
  return k < 3 ? 'SHIPMENT' : k === 3 ? 'PICKUP' : null;
}

/** Order state and fulfillment state for the order's lifecycle state; `alt` alternates the renderings so each shows up. */
function rendering(o: SandboxOrder): [OrderState, FulfillmentState | null] {
  const type = fulfillmentType(o);
  const alt = Math.floor(o.index / 5) % 2 === 1;
  const f = (state: FulfillmentState) => (type ? state : null);
  switch (o.status) {
    case 'PENDING':
      return [alt ? 'DRAFT' : 'OPEN', f('PROPOSED')];
    case 'PROCESSING':
      return ['OPEN', f(alt ? 'PREPARED' : 'RESERVED')];
    case 'SHIPPED':
      // a pickup waits at the counter: ready, not yet handed over
      return ['OPEN', f(type === 'SHIPMENT' ? 'COMPLETED' : 'PREPARED')];
    case 'DELIVERED':
    case 'RETURNED':
      return ['COMPLETED', f('COMPLETED')];
    case 'CANCELLED':
      return ['CANCELED', f(alt && type === 'SHIPMENT' ? 'FAILED' : 'CANCELED')];
    case 'REFUNDED':
      // closed without handing anything over (an in-person sale that closes is handed over, so it is cancelled)
      return [alt && type ? 'COMPLETED' : 'CANCELED', f('CANCELED')];
  }
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

function fulfillment(o: SandboxOrder, type: FulfillmentType, state: FulfillmentState) {
  const processing = at(o, 'PROCESSING');
  const shipped = at(o, 'SHIPPED');
  const recipient = { display_name: o.customer.name, email_address: o.customer.email };
  const canceledAt = state === 'CANCELED' ? iso(o.cancelledAt ?? at(o, 'REFUNDED')) : undefined;
  if (type === 'PICKUP') {
    return {
      uid: `${o.id.slice(0, 18)}PKUP`,
      type,
      state,
      pickup_details: {
        recipient,
        schedule_type: 'ASAP',
        placed_at: iso(o.createdAt),
        accepted_at: iso(processing),
        ready_at: state === 'PREPARED' || state === 'COMPLETED' ? iso(shipped ?? processing) : undefined,
        picked_up_at: state === 'COMPLETED' ? iso(at(o, 'DELIVERED')) : undefined,
        canceled_at: canceledAt,
      },
    };
  }
  return {
    uid: `${o.id.slice(0, 18)}SHIP`,
    type,
    state,
    shipment_details: {
      recipient,
      ...(shipped && { carrier: 'USPS', tracking_number: `9400${o.number.padStart(18, '0')}` }),
      placed_at: iso(o.createdAt),
      in_progress_at: iso(processing),
      packaged_at: state === 'PREPARED' || shipped ? iso(processing) : undefined,
      shipped_at: state === 'COMPLETED' ? iso(shipped) : undefined,
      canceled_at: canceledAt,
      failed_at: state === 'FAILED' ? iso(o.cancelledAt) : undefined,
    },
  };
}

const tenderIdOf = (o: SandboxOrder) => `${o.id.slice(0, 20)}TNDR`;

/** A return order's id: Square gives it an id of its own. */
export const returnOrderId = (o: SandboxOrder) => marketplaceId(o.store, 'order', 1_000_000_000 + o.index);

/** When the order's items came back (its return order's created_at), else null. */
export const returnedAt = (o: SandboxOrder): Date | null => (o.status === 'RETURNED' ? at(o, 'RETURNED') : null);

/** A row SearchOrders can list: a sale (key = its index) or its return order (key = ~index). */
export interface SearchEntry {
  key: number;
  state: OrderState;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export function searchEntries(o: SandboxOrder): SearchEntry[] {
  const sale: SearchEntry = {
    key: o.index,
    state: orderState(o),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    closedAt: closedAt(o),
  };
  const back = returnedAt(o);
  return back
    ? [sale, { key: ~o.index, state: 'COMPLETED', createdAt: back, updatedAt: back, closedAt: back }]
    : [sale];
}

function lineShares(o: SandboxOrder) {
  const weights = o.lines.map((l) => l.lineTotal);
  return { discounts: apportion(o.discount, weights), taxes: apportion(o.tax, weights) };
}

/** What a sale's line and its return line share: the catalogue item, quantity and money. */
function lineFields(o: SandboxOrder, catalog: ReadonlyMap<string, CatalogItem>) {
  const money = (amount: number) => ({ amount, currency: o.currency });
  const { discounts, taxes } = lineShares(o);
  return o.lines.map((line, i) => {
    const item = catalog.get(line.variantId);
    return {
      line,
      fields: {
        catalog_object_id: variationId(line),
        catalog_version: 1,
        name: item?.title ?? line.title,
        variation_name: item?.variantTitle ?? 'Regular',
        item_type: 'ITEM',
        quantity: String(line.quantity),
        base_price_money: money(line.unitPrice),
        variation_total_price_money: money(line.lineTotal),
        total_discount_money: money(discounts[i]!),
        total_tax_money: money(taxes[i]!),
        total_service_charge_money: money(0),
        total_money: money(line.lineTotal - discounts[i]! + taxes[i]!),
      },
    };
  });
}

export function renderOrder(o: SandboxOrder, catalog: ReadonlyMap<string, CatalogItem>) {
  const money = (amount: number) => ({ amount, currency: o.currency });
  const [state, fulfillmentState] = rendering(o);
  const type = fulfillmentType(o);
  const { discounts, taxes } = lineShares(o);
  const discountUid = `${o.id.slice(0, 18)}DISC`;
  const taxUid = `${o.id.slice(0, 18)}STAX`;
  // the card is charged when the order is accepted; cancelling voids it, a refund gives it back
  const chargedAt = at(o, 'PROCESSING');
  const tenderId = tenderIdOf(o);
  const refundAt = at(o, 'REFUNDED');

  return {
    id: o.id,
    location_id: o.store.storeId,
    reference_id: o.number,
    state,
    version: o.history.length,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    closed_at: iso(closedAt(o)),
    line_items: lineFields(o, catalog).map(({ line: l, fields }, i) => ({
      uid: l.lineId,
      ...fields,
      gross_sales_money: money(l.lineTotal),
      ...(o.discount > 0 && {
        applied_discounts: [{ uid: `${l.lineId}D`, discount_uid: discountUid, applied_money: money(discounts[i]!) }],
      }),
      ...(o.tax > 0 && { applied_taxes: [{ uid: `${l.lineId}T`, tax_uid: taxUid, applied_money: money(taxes[i]!) }] }),
    })),
    ...(o.tax > 0 && {
      taxes: [
        {
          uid: taxUid,
          name: 'Sales Tax',
          percentage: '8',
          type: 'ADDITIVE',
          scope: 'ORDER',
          applied_money: money(o.tax),
        },
      ],
    }),
    ...(o.discount > 0 && {
      discounts: [
        {
          uid: discountUid,
          name: '10% Off',
          percentage: '10',
          type: 'FIXED_PERCENTAGE',
          scope: 'ORDER',
          applied_money: money(o.discount),
        },
      ],
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
    ...(type && fulfillmentState && { fulfillments: [fulfillment(o, type, fulfillmentState)] }),
    ...(chargedAt && {
      tenders: [
        {
          id: tenderId,
          location_id: o.store.storeId,
          transaction_id: o.id,
          created_at: chargedAt.toISOString(),
          amount_money: money(o.total),
          type: 'CARD',
          card_details: { status: o.status === 'CANCELLED' ? 'VOIDED' : 'CAPTURED', entry_method: 'ON_FILE' },
          payment_id: tenderId,
        },
      ],
    }),
    ...(refundAt && {
      refunds: [
        {
          id: `${tenderId}RFND`,
          location_id: o.store.storeId,
          transaction_id: o.id,
          tender_id: tenderId,
          created_at: refundAt.toISOString(),
          reason: 'Cancelled before shipment',
          amount_money: money(o.refunded),
          status: 'APPROVED',
        },
      ],
    }),
    net_amounts: {
      total_money: money(o.total),
      tax_money: money(o.tax),
      discount_money: money(o.discount),
      tip_money: money(0),
      service_charge_money: money(o.shipping),
    },
    net_amount_due_money: money(chargedAt && o.status !== 'CANCELLED' ? 0 : o.total),
    // malformed: the total as a decimal string, which Square never sends
    total_money: o.malformed
      ? { amount: formatMinor(o.total, o.store.exponent), currency: o.currency }
      : money(o.total),
    total_tax_money: money(o.tax),
    total_discount_money: money(o.discount),
    total_tip_money: money(0),
    total_service_charge_money: money(o.shipping),
  };
}

/**
 * The return of a RETURNED order, as Square records it: an order of its own, created when the
 * items came back, COMPLETED, with returns[] naming the sale (source_order_id), its returned
 * lines and shipping, return_amounts, the refund (transaction_id = the sale), negative
 * net_amounts, and neither line_items nor any total_* field.
 */
export function renderReturnOrder(o: SandboxOrder, catalog: ReadonlyMap<string, CatalogItem>) {
  const back = returnedAt(o);
  if (!back) throw new Error(`order ${o.id} has no return`);
  const money = (amount: number) => ({ amount, currency: o.currency });
  const id = returnOrderId(o);
  const amounts = (sign: 1 | -1) => ({
    total_money: money(sign * o.refunded),
    tax_money: money(sign * o.tax),
    discount_money: money(sign * o.discount),
    tip_money: money(0),
    service_charge_money: money(sign * o.shipping),
  });
  return {
    id,
    location_id: o.store.storeId,
    created_at: back.toISOString(),
    updated_at: back.toISOString(),
    state: 'COMPLETED',
    version: 4,
    closed_at: back.toISOString(),
    returns: [
      {
        uid: `${id.slice(0, 18)}RTRN`,
        source_order_id: o.id,
        return_line_items: lineFields(o, catalog).map(({ line: l, fields }) => ({
          uid: `${l.lineId.slice(0, 18)}RTLN`,
          source_line_item_uid: l.lineId,
          ...fields,
          gross_return_money: money(l.lineTotal),
        })),
        ...(o.shipping > 0 && {
          return_service_charges: [
            {
              uid: `${id.slice(0, 18)}RTSC`,
              source_service_charge_uid: `${o.id.slice(0, 18)}SHPC`,
              name: 'Shipping',
              amount_money: money(o.shipping),
              applied_money: money(o.shipping),
              total_money: money(o.shipping),
              total_tax_money: money(0),
              calculation_phase: 'SUBTOTAL_PHASE',
              taxable: false,
            },
          ],
        }),
        return_amounts: amounts(1),
      },
    ],
    return_amounts: amounts(1),
    net_amounts: amounts(-1),
    source: {},
    refunds: [
      {
        id: `${id.slice(0, 20)}RFND`,
        location_id: o.store.storeId,
        transaction_id: o.id,
        tender_id: tenderIdOf(o),
        created_at: back.toISOString(),
        reason: 'Items returned',
        amount_money: money(o.refunded),
        status: 'APPROVED',
      },
    ],
    net_amount_due_money: money(0),
  };
}
