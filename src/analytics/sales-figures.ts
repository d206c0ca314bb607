import { Decimal } from 'decimal.js';
import type { LatestRate } from './get-latest-rate.ts';

/** Money leaves analytics as decimal strings with the database's 4 places. */
export const money = (d: Decimal.Value): string => new Decimal(d).toFixed(4);

/** One (group, currency) row of the sales aggregate, money as numeric text. */
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
  returnedOrders: number;
  returnedAmount: string;
  returnedAmountUSD: string;
  refundsUnknown: number;
  cancelledOrders: number;
  cancelledRefundedUSD: string;
}

export interface CurrencySales {
  currency: string;
  orders: number;
  sales: string;
  refunded: string;
  netSales: string;
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
  usd: { sales: string; refunded: string; netSales: string; aov: string | null; ordersWithoutUSD: number };
  /** the USD figures at the latest rate of the seller's currency; null for USD sellers or without a rate */
  preferred: { currency: string; sales: string; refunded: string; netSales: string; aov: string | null; cancelledRefunded: string } | null;
  returns: { orders: number; amountUSD: string };
  /** RETURNED orders whose refunded amount the marketplace did not give (not subtracted) */
  refundsUnknown: number;
  /** CANCELLED orders (left out of every figure above) and what was refunded on them before they shipped, in USD */
  cancelled: { orders: number; refundedUSD: string };
}

const sum = (rows: SalesRow[], f: (r: SalesRow) => Decimal.Value) => rows.reduce((a, r) => a.plus(f(r)), new Decimal(0));

/** Adds up the per-currency rows of one group. */
export function toFigures(rows: SalesRow[], rate: LatestRate | null): SalesFigures {
  const orders = rows.reduce((a, r) => a + r.orders, 0);
  const withoutUSD = rows.reduce((a, r) => a + r.ordersWithoutUSD, 0);
  const salesUSD = sum(rows, (r) => r.salesUSD);
  const refundedUSD = sum(rows, (r) => r.refundedUSD);
  const withUSD = orders - withoutUSD;
  const aov = withUSD > 0 ? salesUSD.div(withUSD) : null;
  const toPreferred = (usd: Decimal) => money(usd.div(rate!.rateToUSD));
  return {
    orders,
    units: rows.reduce((a, r) => a + r.units, 0),
    byCurrency: rows.map((r) => ({
      currency: r.currency,
      orders: r.orders,
      sales: money(r.sales),
      refunded: money(r.refunded),
      netSales: money(new Decimal(r.sales).minus(r.refunded)),
      returnedOrders: r.returnedOrders,
      returnedAmount: money(r.returnedAmount),
    })),
    usd: { sales: money(salesUSD), refunded: money(refundedUSD), netSales: money(salesUSD.minus(refundedUSD)), aov: aov && money(aov), ordersWithoutUSD: withoutUSD },
    preferred: rate && {
      currency: rate.currency,
      sales: toPreferred(salesUSD),
      refunded: toPreferred(refundedUSD),
      netSales: toPreferred(salesUSD.minus(refundedUSD)),
      aov: aov && toPreferred(aov),
      cancelledRefunded: toPreferred(sum(rows, (r) => r.cancelledRefundedUSD)),
    },
    returns: { orders: rows.reduce((a, r) => a + r.returnedOrders, 0), amountUSD: money(sum(rows, (r) => r.returnedAmountUSD)) },
    refundsUnknown: rows.reduce((a, r) => a + r.refundsUnknown, 0),
    cancelled: { orders: rows.reduce((a, r) => a + r.cancelledOrders, 0), refundedUSD: money(sum(rows, (r) => r.cancelledRefundedUSD)) },
  };
}
