import { Decimal } from 'decimal.js';
import type { SeedOrder } from './seed.ts';

/** Plain-JS sales figures over seeded rows, written apart from the SQL they check. */
const f4 = (d: Decimal) => d.toFixed(4);
const total = (xs: Decimal.Value[]) => xs.reduce<Decimal>((a, x) => a.plus(x), new Decimal(0));

export function inWindow(
  orders: SeedOrder[],
  userId: string,
  from: string,
  to: string,
  marketplaces?: string[],
): SeedOrder[] {
  return orders.filter(
    (o) =>
      o.userId === userId &&
      o.orderedAt >= new Date(from) &&
      o.orderedAt < new Date(to) &&
      (!marketplaces || marketplaces.includes(o.marketplace)),
  );
}

/** Money of some orders by the metric layer's definitions, written out: gross = total − tax − shipping + discount, net = gross − discount − refunded. */
function moneyParts(os: SeedOrder[], amount: (o: SeedOrder, v: string | null) => Decimal) {
  const sales = total(os.map((o) => amount(o, o.totalAmount)));
  const refunded = total(os.map((o) => amount(o, o.refundedAmount)));
  const discounts = total(os.map((o) => amount(o, o.discountAmount)));
  const shipping = total(os.map((o) => amount(o, o.shippingAmount)));
  const taxes = total(os.map((o) => amount(o, o.taxAmount)));
  const gross = sales.minus(taxes).minus(shipping).plus(discounts);
  return {
    sales,
    refunded,
    afterRefunds: sales.minus(refunded),
    grossSales: gross,
    discounts,
    shipping,
    taxes,
    netSales: gross.minus(discounts).minus(refunded),
  };
}
const f4all = <T extends Record<string, Decimal>>(m: T) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f4(v)])) as Record<keyof T, string>;

export function expectedFigures(orders: SeedOrder[], preferredRate: string | null) {
  const live = orders.filter((o) => o.status !== 'CANCELLED');
  const cancelled = orders.filter((o) => o.status === 'CANCELLED');
  const cancelledRefundedUSD = total(
    cancelled
      .filter((o) => o.refundedAmount && o.totalAmountUSD !== null)
      .map((o) => new Decimal(o.refundedAmount!).times(o.fxRateToUSD!).toDecimalPlaces(4)),
  );
  const usd = live.filter((o) => o.totalAmountUSD !== null);
  const salesUSD = total(usd.map((o) => o.totalAmountUSD!));
  const aov = usd.length ? salesUSD.div(usd.length) : null;
  // each part at its order's own rate, rounded per order as the database does
  const inUSD = (o: SeedOrder, v: string | null) =>
    v === null ? new Decimal(0) : new Decimal(v).times(o.fxRateToUSD!).toDecimalPlaces(4);
  const usdParts = moneyParts(usd, inUSD);
  const currencies = [...new Set(live.map((o) => o.currency))].sort();
  const pref = (d: Decimal) => f4(d.div(preferredRate!));
  return {
    orders: live.length,
    units: live.flatMap((o) => o.items).reduce((a, i) => a + i.quantity, 0),
    byCurrency: currencies.map((currency) => {
      const cs = live.filter((o) => o.currency === currency);
      const returned = cs.filter((o) => o.status === 'RETURNED');
      return {
        currency,
        orders: cs.length,
        ...f4all(moneyParts(cs, (_o, v) => new Decimal(v ?? 0))),
        returnedOrders: returned.length,
        returnedAmount: f4(total(returned.map((o) => o.totalAmount))),
      };
    }),
    usd: { ...f4all(usdParts), aov: aov && f4(aov), ordersWithoutUSD: live.length - usd.length },
    preferred: preferredRate
      ? {
          ...(Object.fromEntries(Object.entries(usdParts).map(([k, v]) => [k, pref(v)])) as Record<
            keyof typeof usdParts,
            string
          >),
          currency: 'INR',
          aov: aov && pref(aov),
          cancelledRefunded: pref(cancelledRefundedUSD),
          atEachDaysRate: false,
          ordersWithoutRate: 0,
        }
      : null,
    returns: {
      orders: live.filter((o) => o.status === 'RETURNED').length,
      amountUSD: f4(total(usd.filter((o) => o.status === 'RETURNED').map((o) => o.totalAmountUSD!))),
    },
    refundsUnknown: live.filter((o) => o.status === 'RETURNED' && o.refundedAmount === null).length,
    cancelled: { orders: cancelled.length, refundedUSD: f4(cancelledRefundedUSD) },
  };
}

/** Per SKU (title without one) and marketplace: units and USD revenue of the lines of live orders. */
export function expectedProductSales(orders: SeedOrder[]) {
  const out = new Map<
    string,
    { units: number; usd: Decimal; byMarketplace: Map<string, { units: number; usd: Decimal }> }
  >();
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
