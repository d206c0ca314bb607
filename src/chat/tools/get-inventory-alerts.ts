import { TOOL_ARGS } from '../../analytics/args.ts';
import { getInventoryAlerts, type StockAlert } from '../../analytics/get-inventory-alerts.ts';
import { defineTool } from '../llm/chat-tool.ts';
import { asOf, listJoin, marketplaceName, plural, scopeName } from './format.ts';

const NAMED = 3;

const alertData = (a: StockAlert) => ({
  marketplace: a.marketplace,
  sku: a.sku,
  title: a.variantTitle ? `${a.title} (${a.variantTitle})` : a.title,
  quantity: a.quantity,
  elsewhere: a.elsewhere.filter((e) => e.quantity !== null),
});
type Alert = ReturnType<typeof alertData>;

function named(a: Alert, out: boolean): string {
  const where = `${a.sku ?? a.title} on ${marketplaceName(a.marketplace)}`;
  const stocked = a.elsewhere
    .filter((e) => (e.quantity ?? 0) > 0)
    .map((e) => `${e.quantity} on ${marketplaceName(e.marketplace)}`);
  if (out)
    return `${where}${a.quantity < 0 ? ` (oversold, stock ${a.quantity})` : ''}${stocked.length ? ` (${stocked.join(', ')})` : ''}`;
  return `${where} (${a.quantity} left)`;
}

function some(alerts: Alert[], count: number, out: boolean): string {
  const shown = alerts.slice(0, NAMED).map((a) => named(a, out));
  return listJoin(count > shown.length ? [...shown, `${count - shown.length} more`] : shown);
}

export const getInventoryAlertsTool = defineTool({
  name: 'get_inventory_alerts',
  description:
    'Out-of-stock and low-stock listings of active products (at or below a threshold, default 5), per marketplace, ' +
    "with the same SKU's stock on the seller's other marketplaces.",
  input: TOOL_ARGS.get_inventory_alerts,
  async execute(ctx, args) {
    const r = await getInventoryAlerts(ctx.db, ctx.tenant, args);
    const outOfStock = r.outOfStock.map(alertData);
    const lowStock = r.lowStock.map(alertData);
    const data = {
      lowStockThreshold: r.lowStockThreshold,
      counts: r.counts,
      outOfStock,
      lowStock,
      dataAsOf: asOf(r.freshness),
    };
    const scope = scopeName(args.marketplaces);
    const on = scope ? ` on ${scope}` : '';
    const { outOfStock: out, lowStock: low } = r.counts;
    if (out === 0 && low === 0) {
      return { data, summary: `Nothing is out of stock or at or below ${r.lowStockThreshold} units${on}.` };
    }
    const sentences: string[] = [];
    if (out > 0)
      sentences.push(`${plural(out, 'listing is', 'listings are')} out of stock${on}: ${some(outOfStock, out, true)}.`);
    if (low > 0)
      sentences.push(
        `${plural(low, 'listing is', 'listings are')} low (at or below ${r.lowStockThreshold} units): ${some(lowStock, low, false)}.`,
      );
    return { data, summary: sentences.join(' ') };
  },
});
