import { formatMinor } from '../generator/index.ts';
import type { SandboxOrder, StoreSpec } from '../types.ts';

/**
 * A sandbox order as getOrders renders it (Fulfillment API `Order`). Money is `Amount
 * {value, currency}` with the value a string that eBay does not pad to 2 dp ("120.0",
 * "14.9"); the discount is shown negative. eBay has no single order status: the lifecycle
 * is spread over orderFulfillmentStatus × orderPaymentStatus × cancelStatus.cancelState.
 */

export type FulfillmentStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'FULFILLED';
type PaymentStatus = 'PENDING' | 'FAILED' | 'PAID' | 'PARTIALLY_REFUNDED' | 'FULLY_REFUNDED';

interface Refund {
  minor: number;
  status: 'REFUNDED' | 'PENDING';
}

interface EbayState {
  fulfillment: FulfillmentStatus;
  payment: PaymentStatus;
  cancelled: boolean;
  refunds: Refund[];
}

/** "12345" minor → "123.45"; trailing zeros trimmed down to one decimal, as eBay prints them. */
export function ebayValue(minor: number, exponent: number): string {
  const fixed = formatMinor(minor, exponent);
  if (!fixed.includes('.')) return `${fixed}.0`;
  return fixed.replace(/0+$/, '').replace(/\.$/, '.0');
}

export const marketplaceOf = (store: StoreSpec) => (store.currency === 'GBP' ? 'EBAY_GB' : 'EBAY_US');

/**
 * The lifecycle in eBay's three fields. IN_PROGRESS exists only for orders of several line
 * items (some shipped, not all): a shipped multi-line order shows its first line shipped until
 * the rest follows (the sandbox's DELIVERED); a single-line order is FULFILLED once shipped.
 * getOrders has no delivered or returned state: a return is a refund on a fulfilled order
 * (FULLY_REFUNDED, or PARTIALLY_REFUNDED while part of it is still pending), a refund before
 * shipping is FULLY_REFUNDED on a NOT_STARTED order, and a cancellation sets cancelState.
 */
export function ebayState(order: SandboxOrder): EbayState {
  const { index, total } = order;
  const none: Refund[] = [];
  switch (order.status) {
    case 'PENDING':
      return {
        fulfillment: 'NOT_STARTED',
        payment: index % 3 === 0 ? 'FAILED' : 'PENDING',
        cancelled: false,
        refunds: none,
      };
    case 'PROCESSING':
      return { fulfillment: 'NOT_STARTED', payment: 'PAID', cancelled: false, refunds: none };
    case 'SHIPPED':
      return {
        fulfillment: order.lines.length > 1 ? 'IN_PROGRESS' : 'FULFILLED',
        payment: 'PAID',
        cancelled: false,
        refunds: none,
      };
    case 'DELIVERED':
      return { fulfillment: 'FULFILLED', payment: 'PAID', cancelled: false, refunds: none };
    case 'CANCELLED': {
      const paid = order.history.some((h) => h.status === 'PROCESSING');
      return {
        fulfillment: 'NOT_STARTED',
        payment: paid ? 'FULLY_REFUNDED' : 'FAILED',
        cancelled: true,
        refunds: paid ? [{ minor: total, status: 'REFUNDED' }] : none,
      };
    }
    case 'REFUNDED':
      return {
        fulfillment: 'NOT_STARTED',
        payment: 'FULLY_REFUNDED',
        cancelled: false,
        refunds: [{ minor: total, status: 'REFUNDED' }],
      };
    case 'RETURNED': {
      if (index % 3 !== 0)
        return {
          fulfillment: 'FULFILLED',
          payment: 'FULLY_REFUNDED',
          cancelled: false,
          refunds: [{ minor: total, status: 'REFUNDED' }],
        };
      // the return refunded in two parts, the second still pending
      const pending = Math.floor(total / 2);
      return {
        fulfillment: 'FULFILLED',
        payment: 'PARTIALLY_REFUNDED',
        cancelled: false,
        refunds: [
          { minor: total - pending, status: 'REFUNDED' },
          { minor: pending, status: 'PENDING' },
        ],
      };
    }
  }
}

export function renderOrder(order: SandboxOrder, baseUrl: string): Record<string, unknown> {
  const { store } = order;
  const amount = (minor: number) => ({ value: ebayValue(minor, store.exponent), currency: store.currency });
  const state = ebayState(order);
  const changedAt = order.updatedAt.toISOString();
  const marketplaceId = marketplaceOf(store);
  const username = `${order.customer.name.split(' ')[0]!.toLowerCase()}_${order.index % 1000}`;
  const country = store.currency === 'GBP' ? 'GB' : 'US';
  const total = amount(order.total);
  const lineStatus = (k: number): FulfillmentStatus =>
    state.fulfillment === 'IN_PROGRESS' ? (k === 0 ? 'FULFILLED' : 'NOT_STARTED') : state.fulfillment;
  // promised dates only: getOrders never says when an order shipped or arrived
  const day = 86_400_000;
  const placed = order.createdAt.getTime();
  const instructions = {
    shipByDate: new Date(placed + 3 * day).toISOString(),
    minEstimatedDeliveryDate: new Date(placed + 5 * day).toISOString(),
    maxEstimatedDeliveryDate: new Date(placed + 9 * day).toISOString(),
    guaranteedDelivery: false,
  };
  return {
    orderId: order.id,
    legacyOrderId: order.id,
    creationDate: order.createdAt.toISOString(),
    lastModifiedDate: changedAt,
    orderFulfillmentStatus: state.fulfillment,
    orderPaymentStatus: state.payment,
    sellerId: store.storeId,
    buyer: {
      username,
      taxAddress: { countryCode: country },
      buyerRegistrationAddress: { fullName: order.customer.name, email: order.customer.email },
    },
    pricingSummary: {
      priceSubtotal: amount(order.subtotal),
      deliveryCost: amount(order.shipping),
      ...(order.discount > 0 && { priceDiscount: amount(-order.discount) }),
      ...(order.tax > 0 && { tax: amount(order.tax) }),
      total: order.malformed ? { value: `${total.value} ${total.currency}`, currency: total.currency } : total,
    },
    cancelStatus: {
      cancelState: state.cancelled ? 'CANCELED' : 'NONE_REQUESTED',
      cancelRequests: [],
      ...(state.cancelled && order.cancelledAt && { cancelledDate: order.cancelledAt.toISOString() }),
    },
    paymentSummary: {
      totalDueSeller: total,
      refunds: state.refunds.map((r, k) => ({
        refundId: `${order.id}-R${k + 1}`,
        refundStatus: r.status,
        amount: amount(r.minor),
        ...(r.status === 'REFUNDED' && { refundDate: changedAt, refundReferenceId: `${order.index}${k + 1}` }),
      })),
      payments: [
        {
          paymentMethod: 'EBAY',
          paymentReferenceId: `${order.number}_S`,
          paymentDate: order.createdAt.toISOString(),
          amount: total,
          paymentStatus: state.payment === 'PENDING' || state.payment === 'FAILED' ? state.payment : 'PAID',
        },
      ],
    },
    fulfillmentStartInstructions: [
      {
        fulfillmentInstructionsType: 'SHIP_TO',
        ebaySupportedFulfillment: false,
        shippingStep: {
          shipTo: {
            fullName: order.customer.name,
            email: order.customer.email,
            contactAddress: { countryCode: country },
          },
          shippingCarrierCode: country === 'GB' ? 'RoyalMail' : 'USPS',
          shippingServiceCode: country === 'GB' ? 'UK_RoyalMailSecondClassStandard' : 'USPSPriority',
        },
      },
    ],
    fulfillmentHrefs:
      state.fulfillment === 'NOT_STARTED'
        ? []
        : [`${baseUrl}/sell/fulfillment/v1/order/${order.id}/shipping_fulfillment/${order.index}000`],
    lineItems: order.lines.map((line, k) => ({
      lineItemId: line.lineId,
      legacyItemId: line.productId,
      ...(line.variantId !== line.productId && { legacyVariationId: line.variantId }),
      sku: line.sku,
      title: line.title,
      lineItemCost: amount(line.lineTotal),
      quantity: line.quantity,
      soldFormat: 'FIXED_PRICE',
      listingMarketplaceId: marketplaceId,
      purchaseMarketplaceId: marketplaceId,
      lineItemFulfillmentStatus: lineStatus(k),
      lineItemFulfillmentInstructions: instructions,
      total: amount(line.lineTotal + line.shipping),
      deliveryCost: { shippingCost: amount(line.shipping) },
      appliedPromotions: [],
      taxes: [],
      properties: { buyerProtection: true },
    })),
    salesRecordReference: order.number,
    totalFeeBasisAmount: total,
  };
}
