import { z } from 'zod';
import { periodSpec } from '../analytics/period.ts';

/**
 * The arguments of every analytics tool: what the intent router produces and what the LLM
 * may call with. Tenant, time zone and currency are never arguments: code injects them.
 */
export const marketplace = z.enum(['SHOPIFY', 'EBAY', 'ETSY', 'FLIPKART', 'BIGCOMMERCE', 'SQUARE', 'SNAPDEAL']);
const marketplaces = z.array(marketplace).min(1).optional().describe('only these marketplaces; omit for all');

export const TOOL_ARGS = {
  get_sales_summary: z.object({
    period: periodSpec,
    marketplaces,
    groupBy: z.enum(['marketplace', 'day', 'week', 'month']).optional().describe('a breakdown; omit for totals'),
  }),
  compare_periods: z.object({
    period: periodSpec.describe('the period asked about'),
    comparePeriod: periodSpec.describe('the period to compare it with'),
    marketplaces,
    wholePeriods: z.boolean().optional()
      .describe('compare whole periods even when the first is still under way; by default a period in progress is compared with the same number of days of the other ("1–7 Dec vs 1–7 Nov")'),
  }),
  get_top_products: z.object({
    period: periodSpec,
    marketplaces: marketplaces.describe('with two or more, products are matched across them by SKU'),
    rankBy: z.enum(['revenue', 'units']).default('revenue'),
    limit: z.number().int().min(1).max(50).default(5),
  }),
  get_return_rates: z.object({
    period: periodSpec,
    marketplaces,
  }),
  get_sales_trend: z.object({
    period: periodSpec,
    marketplaces,
    interval: z.enum(['day', 'week', 'month']).default('day'),
  }),
  get_inventory_alerts: z.object({
    marketplaces,
    lowStockThreshold: z.number().int().min(0).max(10_000).default(5),
  }),
  lookup_order: z.object({
    orderId: z.string().min(1).max(100).describe("the marketplace's order id or number"),
  }),
  get_sync_status: z.object({}),
} as const;

export type ToolName = keyof typeof TOOL_ARGS;
export type ToolArgs<N extends ToolName> = z.infer<(typeof TOOL_ARGS)[N]>;
export const TOOL_NAMES = Object.keys(TOOL_ARGS) as ToolName[];
