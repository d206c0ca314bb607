import { createConnectLink } from '../../connections/connect-link.ts';
import type { MarketplaceType } from '../../generated/prisma/enums.ts';
import { marketplaceName } from '../tools/format.ts';
import type { CommandDeps, CommandReply, CommandWho } from './types.ts';

/** "connect shopify": a single-use connect link, sent privately. */
export async function runConnect(
  deps: CommandDeps,
  who: CommandWho,
  marketplace: MarketplaceType,
): Promise<CommandReply> {
  const name = marketplaceName(marketplace);
  if (!deps.config.marketplaces[marketplace].enabled) {
    return {
      text: `${name} cannot be connected on this server yet: its app is not set up (the operator sets its credentials, see \`frame doctor\`).`,
    };
  }
  const now = deps.now?.() ?? new Date();
  const { url, expiresAt } = await createConnectLink(deps, who.userId, marketplace, now);
  const minutes = Math.round((expiresAt.getTime() - now.getTime()) / 60_000);
  const direct = `Connect ${name}: ${url} (works once, expires in ${minutes} minutes)`;
  const connected = await deps.db.marketplaceConnection.findMany({
    where: { userId: who.userId, marketplace, status: 'CONNECTED' },
    select: { storeId: true, storeName: true },
  });
  if (connected.length > 0) {
    const stores = connected.map((c) => c.storeName ?? c.storeId).join(', ');
    return {
      text: `${name} is already connected (${stores}). I sent you a link in private in case you want to reconnect it or add another store.`,
      direct,
    };
  }
  return {
    text: `I sent you a private link to connect ${name}. It works once and expires in ${minutes} minutes.`,
    direct,
  };
}
