import { TOOL_ARGS } from '../../analytics/args.ts';
import { getSyncStatus } from '../../analytics/get-sync-status.ts';
import { defineTool } from '../llm/chat-tool.ts';
import { asOf, marketplaceName } from './format.ts';

/** "5 min ago", "3 h ago", "2 days ago": how old a sync is at `now`. */
export function age(at: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

export const getSyncStatusTool = defineTool({
  name: 'get_sync_status',
  description:
    "The seller's connected stores: connection state, when each last synced (and how long ago), the last error, and how many orders and products each has brought in. " +
    'Use for "is my data up to date", "why is Etsy missing", "which stores are connected".',
  input: TOOL_ARGS.get_sync_status,
  async execute(ctx, args) {
    const r = await getSyncStatus(ctx.db, ctx.tenant, args);
    const stores = r.connections.map((c) => ({
      marketplace: c.marketplace,
      store: c.storeName ?? c.storeId,
      status: c.status.toLowerCase(),
      lastSyncAt: c.lastSyncAt?.toISOString() ?? null,
      lastSyncAge: c.lastSyncAt ? age(c.lastSyncAt, ctx.tenant.now) : null,
      lastError: c.lastError,
      orders: c.orders,
      products: c.products,
    }));
    const data = { stores, dataAsOf: asOf(r.freshness) };
    if (stores.length === 0) return { data, summary: 'No marketplaces are connected yet.' };
    const lines = stores.map((s) => {
      const synced = s.lastSyncAge ? `last synced ${s.lastSyncAge}` : 'not synced yet';
      return `${s.store} (${marketplaceName(s.marketplace)}): ${s.status}, ${synced}${s.lastError && s.status !== 'connected' ? ` — ${s.lastError}` : ''}`;
    });
    return { data, summary: `Your stores: ${lines.join('; ')}.` };
  },
});
