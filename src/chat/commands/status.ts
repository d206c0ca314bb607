import type { ConnectionStatus } from '../../generated/prisma/enums.ts';
import { describeAge } from '../describe-age.ts';
import { marketplaceName } from '../tools/format.ts';
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
    select: { marketplace: true, storeId: true, storeName: true, status: true, lastSyncAt: true, lastError: true },
  });
  if (rows.length === 0) {
    return {
      text: 'No marketplace is connected yet. Connect one to start asking about your sales:',
      connectButtons: [...ALL_MARKETPLACES],
    };
  }
  const lines = rows.map((c) => {
    const name = marketplaceName(c.marketplace);
    const age = c.lastSyncAt
      ? describeAge(
          {
            asOf: c.lastSyncAt,
            ageMs: now.getTime() - c.lastSyncAt.getTime(),
            refreshed: false,
            completed: true,
            reports: [],
          },
          now,
        )
      : 'Not synced yet.';
    let line = `• ${name} — ${c.storeName ?? c.storeId}: ${STATUS_WORDS[c.status]}. ${age}`;
    if (c.status === 'NEEDS_REAUTH' || c.status === 'ERROR') {
      line += `${c.lastError ? ` Last error: ${c.lastError}.` : ''} Send "connect ${c.marketplace.toLowerCase()}" to reconnect.`;
    }
    return line;
  });
  const digests = await deps.db.digestSubscription.findMany({
    where: { userId: who.userId },
    orderBy: { createdAt: 'asc' },
  });
  if (digests.length > 0) {
    const user = await deps.db.user.findUniqueOrThrow({ where: { id: who.userId }, select: { timeZone: true } });
    lines.push(`Daily digests:`, ...digests.map((d) => `• ${describeDigest(d, user.timeZone, now, who)}`));
  }
  const missing = ALL_MARKETPLACES.filter((m) => !rows.some((r) => r.marketplace === m && r.status !== 'DISCONNECTED'));
  return {
    text: `Your marketplaces:\n${lines.join('\n')}`,
    ...(missing.length > 0 && { connectButtons: missing }),
  };
}
