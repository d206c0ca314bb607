import type { ToolName } from '../../analytics/args.ts';
import type { ChatTool } from '../llm/chat-tool.ts';
import { comparePeriodsTool } from './compare-periods.ts';
import { getCustomerMixTool } from './get-customer-mix.ts';
import { getInventoryAlertsTool } from './get-inventory-alerts.ts';
import { getLatestOrdersTool } from './get-latest-orders.ts';
import { getReturnRatesTool } from './get-return-rates.ts';
import { getReturnsByProductTool } from './get-returns-by-product.ts';
import { getSalesSummaryTool } from './get-sales-summary.ts';
import { getSalesTrendTool } from './get-sales-trend.ts';
import { getSyncStatusTool } from './get-sync-status.ts';
import { getTopCustomersTool } from './get-top-customers.ts';
import { getTopProductsTool } from './get-top-products.ts';
import { lookupOrderTool } from './lookup-order.ts';

/** Every chat tool by name: an explicit map, no discovery. */
export const CHAT_TOOLS: Record<ToolName, ChatTool> = {
  get_sales_summary: getSalesSummaryTool,
  compare_periods: comparePeriodsTool,
  get_top_products: getTopProductsTool,
  get_return_rates: getReturnRatesTool,
  get_sales_trend: getSalesTrendTool,
  get_inventory_alerts: getInventoryAlertsTool,
  lookup_order: lookupOrderTool,
  get_sync_status: getSyncStatusTool,
  get_latest_orders: getLatestOrdersTool,
  get_top_customers: getTopCustomersTool,
  get_customer_mix: getCustomerMixTool,
  get_returns_by_product: getReturnsByProductTool,
};
