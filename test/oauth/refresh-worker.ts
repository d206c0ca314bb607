/**
 * A separate process asking for one connection's live token CALLERS times at once (run through
 * tsx by token-lifecycle.test.ts). It prints "ready", waits for a line on stdin so that two of
 * them start together, then prints one JSON line: every caller's token or error.
 */
import { once } from 'node:events';
import { loadConfig } from '../../src/config.ts';
import { ensureAccessToken } from '../../src/connections/access-token.ts';
import { parseKeyRing } from '../../src/crypto/tokens.ts';
import { createPrisma } from '../../src/db/client.ts';
import { createLogger } from '../../src/logger.ts';

const connectionId = process.env.CONNECTION_ID!;
const callers = Number(process.env.CALLERS ?? 10);
const config = loadConfig(process.env);
const db = createPrisma(config.DATABASE_URL!);
const deps = {
  db,
  keyRing: parseKeyRing(config.TOKEN_ENCRYPTION_KEY!),
  config,
  log: createLogger({ level: 'silent' }),
};

await db.$queryRaw`SELECT 1`;
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const results = await Promise.allSettled(Array.from({ length: callers }, () => ensureAccessToken(deps, connectionId)));
process.stdout.write(
  `${JSON.stringify(results.map((r) => (r.status === 'fulfilled' ? { token: r.value.accessToken } : { error: String(r.reason) })))}\n`,
);
await db.$disconnect();
process.exit(0);
