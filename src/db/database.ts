import { join } from 'node:path';
import type { Config } from '../config.ts';
import { startEmbeddedDatabase } from './embedded.ts';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PGlite under DATA_DIR, on the same code path. */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_DB_PORT'>,
): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  const embedded = await startEmbeddedDatabase({
    dataDir: join(config.DATA_DIR, 'embedded'),
    port: config.EMBEDDED_DB_PORT,
  });
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}
