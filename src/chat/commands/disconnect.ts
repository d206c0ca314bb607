import { disconnectConnection } from '../../connections/disconnect.ts';
import type { MarketplaceType } from '../../generated/prisma/enums.ts';
import { marketplaceName } from '../tools/format.ts';
import type { CommandDeps, CommandReply, CommandWho } from './types.ts';

/**
 * "disconnect square [keep|purge]": without a choice, explains both and asks; with one, revokes
 * and forgets the tokens of each of the seller's stores on that marketplace, and with purge
 * deletes their synced orders and products too.
 */
export async function runDisconnect(
  deps: CommandDeps,
  who: CommandWho,
  marketplace: MarketplaceType,
  choice?: 'keep' | 'purge',
): Promise<CommandReply> {
  const name = marketplaceName(marketplace);
  const key = marketplace.toLowerCase();
  const connections = await deps.db.marketplaceConnection.findMany({
    where: { userId: who.userId, marketplace, status: { not: 'DISCONNECTED' } },
    orderBy: { storeId: 'asc' },
    select: { id: true, storeId: true, storeName: true },
  });
  if (connections.length === 0)
    return {
      text: `${name} is not connected, so there is nothing to disconnect. Send "status" to see your marketplaces.`,
    };
  const stores = connections.map((c) => c.storeName ?? c.storeId).join(', ');

  if (!choice) {
    return {
      text: [
        `Disconnect ${name} (${stores})? I will stop syncing it and revoke my access. Choose what happens to the data already synced:`,
        `• "disconnect ${key} keep": keep its orders and products, so answers about past sales still include them`,
        `• "disconnect ${key} purge": delete its orders and products from Frame as well`,
      ].join('\n'),
    };
  }

  let orders = 0;
  let products = 0;
  let unrevoked = 0;
  for (const c of connections) {
    const result = await disconnectConnection(deps, c.id, { purge: choice === 'purge' });
    orders += result.purged.orders;
    products += result.purged.products;
    if (!result.revoked) unrevoked += 1;
  }
  deps.log.info(
    { userId: who.userId, marketplace, connections: connections.length, purge: choice === 'purge' },
    'marketplace disconnected from chat',
  );
  const lines = [`${name} disconnected (${stores}).`];
  lines.push(
    choice === 'purge'
      ? `Deleted ${orders} orders and ${products} products.`
      : 'Its orders and products were kept for your answers about the past.',
  );
  if (unrevoked > 0)
    lines.push(
      `${name} could not be asked to revoke the access itself (Frame's copy of the token is deleted): you can also remove the app in your ${name} settings.`,
    );
  lines.push(`Send "connect ${key}" to connect it again.`);
  return { text: lines.join(' ') };
}
