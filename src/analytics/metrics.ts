import { Decimal } from 'decimal.js';
import type { SalesFigures } from './sales-figures.ts';

/**
 * The metric layer: one definition per sales metric, used by the tools (what an answer leads
 * with and how it names it), the charts and the digests. Shopify's own definitions are the
 * reference where a marketplace reports the parts of an order: gross sales = price × quantity
 * before discounts and returns; net sales = gross − discounts − returns; and sales here are the
 * order totals (the product spec's "total sales": SUM of the orders' totals), which is net sales
 * with taxes and shipping added back and before refunds. Where a marketplace does not report a
 * part (taxes inside Indian marketplaces' prices, shipping not split out), it counts as 0 and
 * stays inside gross sales: the definition says so.
 */
export const SALES_METRICS = [
  'total_sales',
  'gross_sales',
  'net_sales',
  'orders',
  'units',
  'aov',
  'discounts',
  'refunds',
  'shipping',
  'taxes',
  'cancellation_rate',
  'units_per_order',
] as const;
export type SalesMetric = (typeof SALES_METRICS)[number];

export interface MetricDefinition {
  /** how an answer names it */
  name: string;
  /** the few words an answer adds to say what it counted */
  definition: string;
  unit: 'money' | 'count' | 'percent' | 'ratio';
  /** what a count counts, for prose ("7 orders") */
  noun?: string;
}

export const METRICS: Record<SalesMetric, MetricDefinition> = {
  total_sales: { name: 'sales', definition: 'sales = order totals, cancelled orders excluded', unit: 'money' },
  gross_sales: {
    name: 'gross sales',
    definition:
      'gross sales = items at their price before discounts and refunds (order totals − taxes − shipping + discounts; taxes a marketplace does not report stay in)',
    unit: 'money',
  },
  net_sales: { name: 'net sales', definition: 'net sales = gross sales − discounts − refunds', unit: 'money' },
  orders: { name: 'orders', definition: 'orders placed, cancelled ones excluded', unit: 'count', noun: 'order' },
  units: { name: 'units sold', definition: 'units of orders not cancelled', unit: 'count', noun: 'unit' },
  aov: { name: 'average order value', definition: 'average order value = sales ÷ orders', unit: 'money' },
  discounts: { name: 'discounts', definition: 'discounts given on orders not cancelled', unit: 'money' },
  refunds: {
    name: 'refunds',
    definition: 'refunds = money given back on orders not cancelled (returns and part refunds)',
    unit: 'money',
  },
  shipping: {
    name: 'shipping charged',
    definition: 'shipping charged to buyers on orders not cancelled',
    unit: 'money',
  },
  taxes: {
    name: 'taxes',
    definition: 'taxes charged on orders not cancelled, where the marketplace reports them',
    unit: 'money',
  },
  cancellation_rate: {
    name: 'cancellation rate',
    definition: 'cancellation rate = cancelled orders ÷ all orders placed',
    unit: 'percent',
  },
  units_per_order: { name: 'units per order', definition: 'units per order = units ÷ orders', unit: 'ratio' },
};

type MoneyKey = 'sales' | 'grossSales' | 'netSales' | 'discounts' | 'refunded' | 'shipping' | 'taxes';
const MONEY: Partial<Record<SalesMetric, MoneyKey>> = {
  total_sales: 'sales',
  gross_sales: 'grossSales',
  net_sales: 'netSales',
  discounts: 'discounts',
  refunds: 'refunded',
  shipping: 'shipping',
  taxes: 'taxes',
};

/**
 * A metric's value in a set of figures: money in the display currency when there is one
 * (`preferred`), else in USD, as a decimal string; counts as integers; rates in percent with 2
 * places; null where it cannot be computed (no orders).
 */
export function metricValue(metric: SalesMetric, f: SalesFigures): string | number | null {
  const shown = f.preferred ?? f.usd;
  const key = MONEY[metric];
  if (key) return shown[key];
  switch (metric) {
    case 'orders':
      return f.orders;
    case 'units':
      return f.units;
    case 'aov':
      return shown.aov;
    case 'cancellation_rate': {
      const placed = f.orders + f.cancelled.orders;
      return placed === 0 ? null : new Decimal(f.cancelled.orders).div(placed).times(100).toDecimalPlaces(2).toNumber();
    }
    case 'units_per_order':
      return f.orders === 0 ? null : new Decimal(f.units).div(f.orders).toDecimalPlaces(2).toNumber();
    default:
      return null;
  }
}
