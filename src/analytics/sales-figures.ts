import { Decimal } from 'decimal.js';
import type { LatestRate } from './get-latest-rate.ts';

/** Money leaves analytics as decimal strings with the database's 4 places. */
export const money = (d: Decimal.Value): string => new Decimal(d).toFixed(4);

/**
 * One (group, currency) row of the sales aggregate, money as numeric text. The "live" sums are
 * of orders not cancelled; the `…Display` sums are the USD ones converted to the requested
 * display currency at each day's rate ('0' when none was requested).
 */
export interface SalesRow {
  k: string;
  currency: string;
  orders: number;
  units: number;
  sales: string;
  salesUSD: string;
  ordersWithoutUSD: number;
  refunded: string;
  refundedUSD: string;
  discounts: string;
  discountsUSD: string;
  shipping: string;
  shippingUSD: string;
  taxes: string;
  taxesUSD: string;
  returnedOrders: number;
  returnedAmount: string;
  returnedAmountUSD: string;
  refundsUnknown: number;
  cancelledOrders: number;
  cancelledRefundedUSD: string;
  salesDisplay: string;
  refundedDisplay: string;
  discountsDisplay: string;
  shippingDisplay: string;
  taxesDisplay: string;
  cancelledRefundedDisplay: string;
  /** orders (not cancelled) of days without a rate of the display currency: left out of its figures */
  ordersWithoutDisplay: number;
}

/**
 * Money of a set of orders not cancelled, its parts as the product spec's metric layer defines
 * them (src/analytics/metrics.ts): sales are the order totals; gross sales = sales − taxes −
 * shipping + discounts (items at their price, before discounts); net sales = gross sales −
 * discounts − refunds; after refunds = sales − refunds.
 */
export interface Money {
  sales: string;
  refunded: string;
  afterRefunds: string;
  grossSales: string;
  discounts: string;
  shipping: string;
  taxes: string;
  netSales: string;
}

export interface CurrencySales extends Money {
  currency: string;
  orders: number;
  returnedOrders: number;
  returnedAmount: string;
}

export interface SalesFigures {
  /** orders placed, CANCELLED excluded */
  orders: number;
  units: number;
  /** in each order's own currency */
  byCurrency: CurrencySales[];
  /** orders without a USD amount yet (no rate) are left out of every USD figure and counted */
  usd: Money & { aov: string | null; ordersWithoutUSD: number };
  /**
   * in the display currency: one asked for (each day's USD at that day's rate), else the seller's
   * preferred one at its latest rate; null when that is USD or has no rate
   */
  preferred:
    | (Money & {
        currency: string;
        aov: string | null;
        cancelledRefunded: string;
        atEachDaysRate: boolean;
        ordersWithoutRate: number;
      })
    | null;
  returns: { orders: number; amountUSD: string };
  /** RETURNED orders whose refunded amount the marketplace did not give (not subtracted) */
  refundsUnknown: number;
  /** CANCELLED orders (left out of every figure above) and what was refunded on them before they shipped, in USD */
  cancelled: { orders: number; refundedUSD: string };
}

const sum = (rows: SalesRow[], f: (r: SalesRow) => Decimal.Value) =>
  rows.reduce((a, r) => a.plus(f(r)), new Decimal(0));

/** The money figures from the order totals and their parts (the derivations in one place). */
function moneyOf(p: {
  sales: Decimal;
  refunded: Decimal;
  discounts: Decimal;
  shipping: Decimal;
  taxes: Decimal;
}): Money {
  const gross = p.sales.minus(p.taxes).minus(p.shipping).plus(p.discounts);
  return {
    sales: money(p.sales),
    refunded: money(p.refunded),
    afterRefunds: money(p.sales.minus(p.refunded)),
    grossSales: money(gross),
    discounts: money(p.discounts),
    shipping: money(p.shipping),
    taxes: money(p.taxes),
    netSales: money(gross.minus(p.discounts).minus(p.refunded)),
  };
}

/** Adds up the per-currency rows of one group; `display` is the currency asked for, if any. */
export function toFigures(rows: SalesRow[], rate: LatestRate | null, display?: string): SalesFigures {
  const orders = rows.reduce((a, r) => a + r.orders, 0);
  const withoutUSD = rows.reduce((a, r) => a + r.ordersWithoutUSD, 0);
  const usd = moneyOf({
    sales: sum(rows, (r) => r.salesUSD),
    refunded: sum(rows, (r) => r.refundedUSD),
    discounts: sum(rows, (r) => r.discountsUSD),
    shipping: sum(rows, (r) => r.shippingUSD),
    taxes: sum(rows, (r) => r.taxesUSD),
  });
  const withUSD = orders - withoutUSD;
  const aov = withUSD > 0 ? new Decimal(usd.sales).div(withUSD) : null;
  return {
    orders,
    units: rows.reduce((a, r) => a + r.units, 0),
    byCurrency: rows.map((r) => ({
      currency: r.currency,
      orders: r.orders,
      ...moneyOf({
        sales: new Decimal(r.sales),
        refunded: new Decimal(r.refunded),
        discounts: new Decimal(r.discounts),
        shipping: new Decimal(r.shipping),
        taxes: new Decimal(r.taxes),
      }),
      returnedOrders: r.returnedOrders,
      returnedAmount: money(r.returnedAmount),
    })),
    usd: { ...usd, aov: aov && money(aov), ordersWithoutUSD: withoutUSD },
    preferred: display
      ? inDisplay(rows, display, orders)
      : atLatestRate(
          usd,
          aov,
          rate,
          sum(rows, (r) => r.cancelledRefundedUSD),
        ),
    returns: {
      orders: rows.reduce((a, r) => a + r.returnedOrders, 0),
      amountUSD: money(sum(rows, (r) => r.returnedAmountUSD)),
    },
    refundsUnknown: rows.reduce((a, r) => a + r.refundsUnknown, 0),
    cancelled: {
      orders: rows.reduce((a, r) => a + r.cancelledOrders, 0),
      refundedUSD: money(sum(rows, (r) => r.cancelledRefundedUSD)),
    },
  };
}

/** The USD figures at the latest rate of the seller's currency (one rate for all, so comparisons carry no FX noise). */
function atLatestRate(
  usd: Money,
  aov: Decimal | null,
  rate: LatestRate | null,
  cancelledRefundedUSD: Decimal,
): SalesFigures['preferred'] {
  if (!rate) return null;
  const to = (v: Decimal.Value) => money(new Decimal(v).div(rate.rateToUSD));
  const converted = Object.fromEntries(Object.entries(usd).map(([k, v]) => [k, to(v)])) as unknown as Money;
  return {
    ...converted,
    currency: rate.currency,
    aov: aov && to(aov),
    cancelledRefunded: to(cancelledRefundedUSD),
    atEachDaysRate: false,
    ordersWithoutRate: 0,
  };
}

/** The figures in a currency asked for: each day's USD at that day's rate of the currency. */
function inDisplay(rows: SalesRow[], currency: string, orders: number): SalesFigures['preferred'] {
  if (currency === 'USD') return null;
  const converted = moneyOf({
    sales: sum(rows, (r) => r.salesDisplay),
    refunded: sum(rows, (r) => r.refundedDisplay),
    discounts: sum(rows, (r) => r.discountsDisplay),
    shipping: sum(rows, (r) => r.shippingDisplay),
    taxes: sum(rows, (r) => r.taxesDisplay),
  });
  const without = rows.reduce((a, r) => a + r.ordersWithoutDisplay, 0);
  const counted = orders - without;
  return {
    ...converted,
    currency,
    aov: counted > 0 ? money(new Decimal(converted.sales).div(counted)) : null,
    cancelledRefunded: money(sum(rows, (r) => r.cancelledRefundedDisplay)),
    atEachDaysRate: true,
    ordersWithoutRate: without,
  };
}
