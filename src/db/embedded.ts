import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { portAnswers } from '../port-answers.ts';
import { ProtocolQueue } from './embedded-queue.ts';

/**
 * The embedded database: PGlite (Postgres in wasm) served on a local TCP port so the same
 * `pg`/adapter-pg code talks to it. One process owns the data folder; another process of
 * ours finds the port in `embedded-db.json` and connects to it instead of opening the folder.
 */

export interface EmbeddedDatabase {
  url: string;
  /** true when this process serves it, false when it joined another process's server */
  owner: boolean;
  stop(): Promise<void>;
}

interface ServerRecord {
  pid: number;
  port: number;
}

const urlFor = (port: number) => `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startEmbeddedDatabase(opts: { dataDir: string; port: number }): Promise<EmbeddedDatabase> {
  mkdirSync(opts.dataDir, { recursive: true });
  const recordFile = join(opts.dataDir, 'embedded-db.json');
  try {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as ServerRecord;
    if (record.pid !== process.pid && alive(record.pid) && (await portAnswers('127.0.0.1', record.port))) {
      return { url: urlFor(record.port), owner: false, stop: async () => {} };
    }
  } catch {
    // no live server recorded: start one
  }

  const db = await PGlite.create(join(opts.dataDir, 'pglite'));
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: opts.port, maxConnections: 64 });
  (server as unknown as { queryQueue: ProtocolQueue }).queryQueue = new ProtocolQueue(db);
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  writeFileSync(recordFile, JSON.stringify({ pid: process.pid, port } satisfies ServerRecord));
  let stopped = false;
  return {
    url: urlFor(port),
    owner: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      rmSync(recordFile, { force: true });
    },
  };
}
