import type { Logger } from 'pino';
import type { Config, MarketplaceKey } from '../config.ts';
import { decryptToken, type KeyRing } from '../crypto/tokens.ts';
import { AppError, ErrorCode } from '../errors.ts';
import type { MarketplaceConnection } from '../generated/prisma/client.ts';
import { childLogger } from '../logger.ts';
import { CONNECTORS } from '../marketplaces/registry.ts';
import type { ConnectorContext } from '../marketplaces/types.ts';

/**
 * What a connector needs to call a connection's store: the base URL (the connection's own —
 * a sandbox — else the configured override, else the real API), the decrypted token and the
 * app's credentials.
 */
export function connectorContext(
  connection: MarketplaceConnection,
  deps: { config: Config; keyRing: KeyRing; log: Logger; now?: () => Date },
): ConnectorContext {
  if (!connection.accessTokenEnc)
    throw new AppError(ErrorCode.UNAUTHORIZED, `connection ${connection.id} has no access token`);
  const app = deps.config.marketplaces[connection.marketplace as MarketplaceKey];
  const override = Object.entries(app.baseUrls).find(([name]) => name.endsWith('_API_BASE_URL'))?.[1];
  return {
    baseUrl: connection.apiBaseUrl ?? override ?? CONNECTORS[connection.marketplace].defaultBaseUrl(connection.storeId),
    storeId: connection.storeId,
    accessToken: decryptToken(connection.accessTokenEnc, deps.keyRing),
    credentials: app.credentials,
    log: childLogger(deps.log, { connectionId: connection.id, marketplace: connection.marketplace }),
    ...(deps.now && { now: deps.now }),
  };
}
