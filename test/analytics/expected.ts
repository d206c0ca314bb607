import { Decimal } from 'decimal.js';
import type { SeedOrder } from './seed.ts';

/** Plain-JS sales figures over seeded rows, written apart from the SQL they check. */
const f4 = (d: Decimal) => d.toFixed(4);
const total = (xs: Decimal.Value[]) => xs.reduce<Decimal>((a, x) => a.plus(x), new Decimal(0));

export function inWindow(orders: SeedOrder[], userId: string, from: string, to: string, marketplaces?: string[]): SeedOrder[] {
  return orders.filter((o) => o.userId === userId && o.orderedAt >= new Date(from) && o.orderedAt < new Date(to) && (!marketplaces || marketplaces.includes(o.marketplace)));
}

export function expectedFigures(orders: SeedOrder[], preferredRate: string | null) {
  const live = orders.filter((o) => o.status !== 'CANCELLED');
  const cancelled = orders.filter((o) => o.status === 'CANCELLED');
  const cancelledRefundedUSD = total(cancelled.filter((o) => o.refundedAmount && o.totalAmountUSD !== null).map((o) => new Decimal(o.refundedAmount!).times(o.fxRateToUSD!).toDecimalPlaces(4)));
  const usd = live.filter((o) => o.totalAmountUSD !== null);
  const salesUSD = total(usd.map((o) => o.totalAmountUSD!));
  const refundedUSD = total(usd.filter((o) => o.refundedAmount).map((o) => new Decimal(o.refundedAmount!).times(o.fxRateToUSD!).toDecimalPlaces(4)));
  const aov = usd.length ? salesUSD.div(usd.length) : null;
  const currencies = [...new Set(live.map((o) => o.currency))].sort();
  const pref = (d: Decimal) => f4(d.div(preferredRate!));
  return {
    orders: live.length,
    units: live.flatMap((o) => o.items).reduce((a, i) => a + i.quantity, 0),
    byCurrency: currencies.map((currency) => {
      const cs = live.filter((o) => o.currency === currency);
      const sales = total(cs.map((o) => o.totalAmount));
      const refunded = total(cs.map((o) => o.refundedAmount ?? 0));
      const returned = cs.filter((o) => o.status === 'RETURNED');
      return { currency, orders: cs.length, sales: f4(sales), refunded: f4(refunded), netSales: f4(sales.minus(refunded)), returnedOrders: returned.length, returnedAmount: f4(total(returned.map((o) => o.totalAmount))) };
    }),
    usd: { sales: f4(salesUSD), refunded: f4(refundedUSD), netSales: f4(salesUSD.minus(refundedUSD)), aov: aov && f4(aov), ordersWithoutUSD: live.length - usd.length },
    preferred: preferredRate
      ? { currency: 'INR', sales: pref(salesUSD), refunded: pref(refundedUSD), netSales: pref(salesUSD.minus(refundedUSD)), aov: aov && pref(aov), cancelledRefunded: pref(cancelledRefundedUSD) }
      : null,
    returns: { orders: live.filter((o) => o.status === 'RETURNED').length, amountUSD: f4(total(usd.filter((o) => o.status === 'RETURNED').map((o) => o.totalAmountUSD!))) },
    refundsUnknown: live.filter((o) => o.status === 'RETURNED' && o.refundedAmount === null).length,
    cancelled: { orders: cancelled.length, refundedUSD: f4(cancelledRefundedUSD) },
  };
}

/** Per SKU (title without one) and marketplace: units and USD revenue of the lines of live orders. */
export function expectedProductSales(orders: SeedOrder[]) {
  const out = new Map<string, { units: number; usd: Decimal; byMarketplace: Map<string, { units: number; usd: Decimal }> }>();
  for (const o of orders.filter((x) => x.status !== 'CANCELLED')) {
    for (const i of o.items) {
      const key = i.sku ?? i.title;
      const p = out.get(key) ?? { units: 0, usd: new Decimal(0), byMarketplace: new Map() };
      const line = o.fxRateToUSD ? new Decimal(i.totalPrice).times(o.fxRateToUSD).toDecimalPlaces(4) : new Decimal(0);
      const m = p.byMarketplace.get(o.marketplace) ?? { units: 0, usd: new Decimal(0) };
      p.units += i.quantity;
      p.usd = p.usd.plus(line);
      m.units += i.quantity;
      m.usd = m.usd.plus(line);
      p.byMarketplace.set(o.marketplace, m);
      out.set(key, p);
    }
  }
  return out;
}
