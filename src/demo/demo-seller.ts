import { encryptToken, type KeyRing } from '../crypto/tokens.ts';
import type { Db } from '../db/client.ts';
import type { MarketplaceType } from '../generated/prisma/enums.ts';
import type { StoreSpec } from '../sandbox/types.ts';

export const DEMO_LOGIN = 'demo';

/**
 * The demo seller (found by its console identity) with one connection per sandbox store,
 * pointed at this run's sandbox URLs. Re-running updates what is there.
 */
export async function ensureDemoSeller(
  db: Db,
  keyRing: KeyRing,
  stores: { spec: StoreSpec; baseUrl: string }[],
): Promise<{ userId: string; connectionIds: string[] }> {
  const identity = await db.chatIdentity.findUnique({
    where: { channel_teamId_externalId: { channel: 'CONSOLE', teamId: '', externalId: DEMO_LOGIN } },
  });
  const userId =
    identity?.userId ??
    (
      await db.user.create({
        data: {
          name: 'Demo Seller',
          timeZone: 'America/New_York',
          preferredCurrency: 'USD',
          identities: { create: { channel: 'CONSOLE', externalId: DEMO_LOGIN } },
        },
      })
    ).id;
  const connectionIds: string[] = [];
  for (const { spec, baseUrl } of stores) {
    const marketplace = spec.marketplace.toUpperCase() as MarketplaceType;
    const data = {
      status: 'CONNECTED' as const,
      storeName: spec.name,
      storeCurrency: spec.currency,
      storeTimeZone: spec.timeZone,
      apiBaseUrl: baseUrl,
      accessTokenEnc: encryptToken(spec.token, keyRing),
    };
    const c = await db.marketplaceConnection.upsert({
      where: { userId_marketplace_storeId: { userId, marketplace, storeId: spec.storeId } },
      create: { userId, marketplace, storeId: spec.storeId, ...data },
      update: data,
    });
    connectionIds.push(c.id);
  }
  return { userId, connectionIds };
}
