import type { Db } from '../db/client.ts';
import type { Connector, RateLimit } from '../marketplaces/types.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes `cost` from the bucket `key` in PostgreSQL, refilled at `perSecond` up to `burst` by the
 * database's clock, and returns how long the caller must wait for its turn. The tokens may go
 * below zero: each caller reserves its place in one statement, so workers anywhere queue up in
 * order rather than racing and all being refused.
 */
export async function reserveTokens(db: Db, key: string, limit: RateLimit, cost = 1): Promise<number> {
  const [row] = await db.$queryRaw<{ tokens: number }[]>`
    INSERT INTO "RateBucket" (key, tokens, "refilledAt") VALUES (${key}, ${limit.burst - cost}, clock_timestamp())
    ON CONFLICT (key) DO UPDATE SET
      tokens = LEAST(${limit.burst}::float8,
        "RateBucket".tokens + EXTRACT(EPOCH FROM clock_timestamp() - "RateBucket"."refilledAt")::float8 * ${limit.perSecond}::float8)
        - ${cost}::float8,
      "refilledAt" = clock_timestamp()
    RETURNING tokens`;
  return row!.tokens >= 0 ? 0 : Math.ceil((-row!.tokens / limit.perSecond) * 1000);
}

/**
 * The share of a documented limit the gate uses: calls paced at exactly the limit reach the
 * marketplace a little bunched (the network, the event loop), and a bucket kept to the letter
 * would refuse the odd one.
 */
const MARGIN = 0.9;

/**
 * What to wait for before each call to a connection's store: its marketplace's documented limit,
 * per app (every seller's calls share it) or per store, kept across all workers. Undefined where
 * the marketplace publishes no request limit (or limits by cost, as Shopify: it says so in each
 * answer and the client waits as told).
 */
export function rateGate(db: Db, connector: Connector, storeId: string): (() => Promise<void>) | undefined {
  const documented = connector.rateLimit;
  if (!documented) return undefined;
  const limit = {
    ...documented,
    burst: Math.max(1, Math.floor(documented.burst * MARGIN)),
    perSecond: documented.perSecond * MARGIN,
  };
  const key = documented.scope === 'app' ? `app:${connector.marketplace}` : `store:${connector.marketplace}:${storeId}`;
  return async () => {
    const wait = await reserveTokens(db, key, limit);
    if (wait > 0) await sleep(wait);
  };
}
