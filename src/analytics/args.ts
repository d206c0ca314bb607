import { z } from 'zod';
import { MarketplaceType } from '../generated/prisma/enums.ts';
import { SALES_METRICS } from './metrics.ts';
import { periodSpec } from './period.ts';

/**
 * The arguments of every analytics tool: what the intent router produces and what the LLM
 * may call with. Tenant, time zone and currency are never arguments: code injects them.
 */
export const marketplace = z.enum(MarketplaceType);
const marketplaces = z.array(marketplace).min(1).optional().describe('only these marketplaces; omit for all');
const stores = z
  .array(z.string().min(1).max(64))
  .min(1)
  .max(20)
  .optional()
  .describe(
    "only these of the seller's stores, by their store ids (for one store of a marketplace that has several, e.g. the UK eBay store); omit for all",
  );
const orderStatus = z.enum(['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED']);
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .optional()
  .describe(
    "show money in this currency (ISO 4217, e.g. INR), each order converted at its own date's rate; omit for the seller's own",
  );

/**
 * What a sales answer leads with (src/analytics/metrics.ts defines each): total sales (the
 * default: order totals, cancelled orders excluded), gross sales (items before discounts), net
 * sales (gross − discounts − refunds), orders, units, average order value, discounts, refunds,
 * shipping, taxes, cancellation rate, units per order.
 */
export const salesMetric = z.enum(SALES_METRICS);
const metric = salesMetric.optional().describe('the figure the seller asked about; omit for total sales');

export const TOOL_ARGS = {
  get_sales_summary: z.object({
    period: periodSpec,
    marketplaces,
    stores,
    metric,
    currency,
    groupBy: z.enum(['marketplace', 'day', 'week', 'month']).optional().describe('a breakdown; omit for totals'),
  }),
  compare_periods: z.object({
    period: periodSpec.describe('the period asked about'),
    comparePeriod: periodSpec.describe('the period to compare it with'),
    marketplaces,
    stores,
    metric,
    currency,
    wholePeriods: z
      .boolean()
      .optional()
      .describe(
        'compare whole periods even when the first is still under way; by default a period in progress is compared with the same number of days of the other ("1–7 Dec vs 1–7 Nov")',
      ),
  }),
  get_top_products: z.object({
    period: periodSpec,
    marketplaces: marketplaces.describe('with two or more, products are matched across them by SKU'),
    stores,
    currency,
    rankBy: z.enum(['revenue', 'units']).default('revenue'),
    limit: z.number().int().min(1).max(50).default(5),
  }),
  get_return_rates: z.object({
    period: periodSpec,
    marketplaces,
    stores,
  }),
  get_sales_trend: z.object({
    period: periodSpec,
    marketplaces,
    stores,
    metric,
    currency,
    interval: z.enum(['day', 'week', 'month']).default('day'),
  }),
  get_inventory_alerts: z.object({
    marketplaces,
    stores,
    lowStockThreshold: z.number().int().min(0).max(10_000).default(5),
  }),
  lookup_order: z.object({
    orderId: z.string().min(1).max(100).describe("the marketplace's order id or number"),
  }),
  get_sync_status: z.object({}),
  get_latest_orders: z.object({
    period: periodSpec
      .optional()
      .describe('only orders placed in this period; omit for the latest whatever their date'),
    marketplaces,
    stores,
    statuses: z.array(orderStatus).min(1).optional().describe('only orders with these statuses, e.g. ["CANCELLED"]'),
    limit: z.number().int().min(1).max(50).default(10),
  }),
  get_top_customers: z.object({
    period: periodSpec,
    marketplaces,
    stores,
    limit: z.number().int().min(1).max(50).default(5),
  }),
  get_customer_mix: z.object({
    period: periodSpec.describe(
      'customers who ordered in this period: new (first order in it) or returning (ordered before)',
    ),
    marketplaces,
    stores,
  }),
  get_returns_by_product: z.object({
    period: periodSpec,
    marketplaces,
    stores,
    limit: z.number().int().min(1).max(50).default(5),
  }),
} as const;

export type ToolName = keyof typeof TOOL_ARGS;
export type ToolArgs<N extends ToolName> = z.infer<(typeof TOOL_ARGS)[N]>;
export const TOOL_NAMES = Object.keys(TOOL_ARGS) as ToolName[];
