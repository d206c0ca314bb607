import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { KeyRing } from './crypto/tokens.ts';
import type { Db } from './db/client.ts';

/** What most of the app runs with: the database, the config, the token keys, a logger, and the clock (tests pin it). */
export interface CoreDeps {
  db: Db;
  config: Config;
  keyRing: KeyRing;
  log: Logger;
  now?: () => Date;
}
