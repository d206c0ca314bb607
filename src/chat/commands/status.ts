import { localDay } from '../../analytics/local-calendar.ts';
import type { ConnectionStatus } from '../../generated/prisma/enums.ts';
import { describeAge, elapsed } from '../describe-age.ts';
import { describeSyncError, isLocalApi } from '../describe-sync-error.ts';
import { marketplaceName, shortDay } from '../tools/format.ts';
import { describeDigest } from './digest.ts';
import { ALL_MARKETPLACES, type CommandDeps, type CommandReply, type CommandWho } from './types.ts';

const STATUS_WORDS: Record<ConnectionStatus, string> = {
  CONNECTED: 'connected',
  DISCONNECTED: 'disconnected',
  NEEDS_REAUTH: 'needs you to reconnect',
  ERROR: 'failing',
};

/** "status": this seller's connections, how fresh each one's data is, and what is wrong. */
export async function runStatus(deps: CommandDeps, who: CommandWho): Promise<CommandReply> {
  const now = deps.now?.() ?? new Date();
  const rows = await deps.db.marketplaceConnection.findMany({
    where: { userId: who.userId },
    orderBy: [{ marketplace: 'asc' }, { storeId: 'asc' }],
    select: {
      id: true,
      marketplace: true,
      storeId: true,
      storeName: true,
      status: true,
      lastSyncAt: true,
      lastError: true,
      lastErrorAt: true,
      apiBaseUrl: true,
      historyFrom: true,
    },
  });
  if (rows.length === 0) {
    return {
      text: 'No marketplace is connected yet. Connect one to start asking about your sales:',
      connectButtons: [...ALL_MARKETPLACES],
    };
  }
  // since when each failing store has failed: its first failed sync after its last good one
  const since = await deps.db.$queryRaw<{ connectionId: string; since: Date }[]>`
    SELECT l."connectionId", min(l."startedAt") AS since
    FROM "UnifiedSyncLog" l JOIN "MarketplaceConnection" c ON c.id = l."connectionId"
    WHERE c."userId" = ${who.userId} AND c."lastError" IS NOT NULL AND l.status = 'FAILED'
      AND (c."lastSyncAt" IS NULL OR l."startedAt" > c."lastSyncAt")
    GROUP BY 1`;
  const ago = (at: Date) => describeAge({ asOf: at, ageMs: 0, refreshed: false, completed: true, reports: [] }, now);
  const lasting = (from: Date) => elapsed(from, now) ?? 'under a minute';
  const { timeZone: zone } = await deps.db.user.findUniqueOrThrow({
    where: { id: who.userId },
    select: { timeZone: true },
  });
  const lines = rows.map((c) => {
    const store = `${marketplaceName(c.marketplace)} — ${c.storeName ?? c.storeId}`;
    const loading =
      c.historyFrom && c.status === 'CONNECTED'
        ? ` History still loading, newest first: complete from ${shortDay(localDay(c.historyFrom, zone), true)} on.`
        : '';
    const age = `${c.lastSyncAt ? ago(c.lastSyncAt) : 'Not synced yet.'}${loading}`;
    const reconnect = `send "connect ${c.marketplace.toLowerCase()}" to reconnect`;
    if (c.status === 'DISCONNECTED' || c.lastError === null) {
      const help = c.status === 'NEEDS_REAUTH' || c.status === 'ERROR' ? ` ${capital(reconnect)}.` : '';
      return `• ${store}: ${STATUS_WORDS[c.status]}. ${age}${help}`;
    }
    const first = since.find((x) => x.connectionId === c.id)?.since ?? c.lastErrorAt;
    const reason = describeSyncError(c.lastError);
    const state = c.status === 'CONNECTED' ? 'syncs failing' : STATUS_WORDS[c.status];
    const todo =
      c.status !== 'CONNECTED'
        ? capital(reconnect)
        : isLocalApi(c.apiBaseUrl) && /ECONNREFUSED/.test(c.lastError)
          ? 'The demo connected it to a sandbox that is no longer running: start "npm run demo" again'
          : `It is tried again every 15 minutes; if it keeps failing, ${reconnect}`;
    return `• ${store}: ${state}${first ? ` for ${lasting(first)}` : ''} (${reason}). ${age} ${todo}.`;
  });
  const digests = await deps.db.digestSubscription.findMany({
    where: { userId: who.userId },
    orderBy: { createdAt: 'asc' },
  });
  if (digests.length > 0) lines.push(`Daily digests:`, ...digests.map((d) => `• ${describeDigest(d, zone, now, who)}`));
  const missing = ALL_MARKETPLACES.filter((m) => !rows.some((r) => r.marketplace === m && r.status !== 'DISCONNECTED'));
  return {
    text: `Your marketplaces:\n${lines.join('\n')}`,
    ...(missing.length > 0 && { connectButtons: missing }),
  };
}

const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
