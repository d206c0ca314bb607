import type { RouteContext, RouteResult, RoutedIntent } from '../intent.ts';
import { applyMessage, draftOf, newDraft, toIntent, type Draft } from './draft.ts';
import { localToday } from './local-date.ts';
import { familyOf } from './metrics.ts';
import { hasSlots, parseMessage, type ParsedMessage } from './parse-message.ts';

/**
 * The deterministic intent router: one message (plus the last intent, for follow-ups) → one
 * tool call, or `unknown` for the LLM or a help reply to take. Pure: no I/O, "now" comes in.
 *
 * - An order id ("order #1234", "where is order OD123…") → lookup_order, whatever else is said.
 * - A metric picks the tool: sync → get_sync_status, stock → get_inventory_alerts, returns →
 *   get_return_rates, best sellers → get_top_products, any sales-like metric (revenue, orders,
 *   AOV, units, cancellations) → get_sales_summary, turned into get_sales_trend by a trend or
 *   chart word and into compare_periods by a comparison ("vs last month") or growth word.
 * - A follow-up builds on the last intent: with a metric and an opening like "and"/"same for"
 *   it keeps the last period and marketplaces; without a metric, a message made only of slots
 *   ("and on eBay?", "what about last week?", "by marketplace?") changes just those slots.
 * - Slots alone with no last intent ("Flipkart vs Shopify", "ebay yesterday") ask about sales.
 * - Tenant and user never appear in args: the caller's context supplies them.
 */
export function routeMessage(text: string, context: RouteContext): RouteResult {
  const today = localToday(context.now, context.timeZone);
  const parsed = parseMessage(text, today);
  if (parsed.orderId) return routed({ tool: 'lookup_order', args: { orderId: parsed.orderId } });
  const draft = startDraft(parsed, context.lastIntent);
  if (draft === 'sync') return routed({ tool: 'get_sync_status', args: {} });
  if (typeof draft === 'string') return { kind: 'unknown', reason: draft };
  applyMessage(draft, parsed);
  const intent = toIntent(draft, today);
  return typeof intent === 'string' ? { kind: 'unknown', reason: intent } : routed(intent);
}

const routed = (intent: RoutedIntent): RouteResult => ({ kind: 'tool', ...intent, intent });

function startDraft(parsed: ParsedMessage, last: RoutedIntent | undefined): Draft | 'sync' | string {
  const base = last ? draftOf(last) : undefined;
  // "by units?" after a ranking re-ranks it rather than asking for units sold
  const metric = parsed.metric === 'units' && base?.family === 'top_products' ? 'top_products' : parsed.metric;
  if (metric) {
    const family = familyOf(metric);
    if (family === 'sync') return 'sync';
    if (!base || !(parsed.followUp || metric !== parsed.metric)) return newDraft(family);
    return base.family === family ? base : { ...newDraft(family), period: base.period, marketplaces: base.marketplaces };
  }
  if (!hasSlots(parsed) || parsed.leftover.length > 0) return unknownReason(parsed);
  if (!last) return newDraft('sales');
  return base ?? `a follow-up to ${last.tool} has nothing to change`;
}

function unknownReason(parsed: ParsedMessage): string {
  if (parsed.help) return 'help request';
  if (parsed.greeting) return 'greeting or small talk';
  if (parsed.leftover.length === 0 && !hasSlots(parsed)) return 'empty message';
  return 'no analytics question recognised';
}
