import type { Logger } from 'pino';
import { type Db, pgTransaction } from '../db/client.ts';
import type { SyncStream } from '../generated/prisma/enums.ts';
import type { Connector, ConnectorContext } from '../marketplaces/types.ts';
import { advance, newRun, type RunCheckpoint, readCursors, saveStreamState } from './checkpoint.ts';
import { fetchAhead } from './fetch-ahead.ts';
import type { SyncSettings } from './settings.ts';
import { STREAMS, type StreamPage } from './streams.ts';
import type { WriteTarget } from './write-target.ts';

export interface StreamResult {
  fetched: number;
  upserted: number;
  skipped: number;
  pages: number;
  unknownStatuses: string[];
}

export interface StreamDeps {
  db: Db;
  connector: Connector;
  ctx: ConnectorContext;
  target: WriteTarget;
  settings: SyncSettings;
  log: Logger;
  now: () => Date;
  /** the connection's sync lease: renewed in each write's transaction, which fails without it */
  lease: { holder: string; ms: number };
  /** called after every committed write (touches the job) */
  afterPage: () => Promise<void>;
}

/** A fetched page with the run's checkpoint once it is written. */
interface Fetched {
  page: StreamPage;
  at: RunCheckpoint;
  finished: boolean;
}

const databaseNow = async (db: Db): Promise<Date> => (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0]!.now;

/**
 * One stream of one connection: page through the connector from the checkpoint (or the
 * cursor minus the overlap, or the backfill start), write the pages with their checkpoint and
 * the renewed lease in one transaction, and commit the cursor (the largest source updated-at
 * seen) only at the end.
 *
 * Fetching runs ahead of writing by at most `writeBatch` records, and a write takes every page
 * fetched meanwhile (fetch-ahead.ts), so the rollups take one grouped upsert for many pages. A
 * checkpoint never runs ahead of the data: a process killed mid-sync re-reads at most one batch.
 */
export async function syncStream(stream: SyncStream, deps: StreamDeps): Promise<StreamResult> {
  const { db, connector, ctx, target, settings, log } = deps;
  const kind = STREAMS[stream];
  const connection = await db.marketplaceConnection.findUniqueOrThrow({
    where: { id: target.connectionId },
    select: { cursors: true },
  });
  const state = readCursors(connection.cursors)[stream] ?? {};
  const start =
    state.run ??
    newRun(kind.windowed, state.updatedAfter, settings, deps.now(), {
      exportsHistory: !!connector.exportsHistory,
    });
  if (!state.run && !kind.windowed && !state.updatedAfter)
    start.wholeCatalogueFrom = (await databaseNow(db)).toISOString();
  if (state.run) log.info({ stream, window: [start.windowFrom, start.windowTo] }, 'resuming from checkpoint');
  const result: StreamResult = { fetched: 0, upserted: 0, skipped: 0, pages: 0, unknownStatuses: [] };

  const sizeOf = (f: Fetched) => f.page.records.length + f.page.returns.length;
  const pages = fetchAhead<Fetched>(
    async (emit) => {
      const req = { ...(settings.pageSize && { pageSize: settings.pageSize }), incremental: !!state.updatedAfter };
      for (let at = start; ; ) {
        const page = await kind.fetch(connector, ctx, at, req);
        result.pages++;
        for (const s of page.skipped) log.warn({ stream, id: s.id, reason: s.reason }, 'malformed record skipped');
        for (const s of page.unknownStatuses) if (!result.unknownStatuses.includes(s)) result.unknownStatuses.push(s);
        const { next, finished } = advance(at, page, settings);
        if (!(await emit({ page, at: next, finished })) || finished) return;
        at = next;
      }
    },
    { limit: settings.writeBatch, sizeOf },
  );

  let written = start;
  try {
    for (let finished = false; !finished; ) {
      // what was fetched before a failure is still written and checkpointed
      const batch = await pages.take();
      const last = batch.at(-1)!;
      const { at } = last;
      finished = last.finished;
      const upserted = await pgTransaction(db, async (client) => {
        const n = await kind.write(
          client,
          target,
          { records: batch.flatMap((f) => f.page.records), returns: batch.flatMap((f) => f.page.returns) },
          { at, finished, log },
        );
        // The last write commits the cursor with it: the largest source updated-at seen, or, when
        // that is older, the run's end less the overlap (everything changed before it was there to
        // read), so a quiet store's next window does not re-read its last order again and again.
        const settled = new Date(Date.parse(at.until) - settings.overlapMs).toISOString();
        const committed = at.maxSeen && at.maxSeen > settled ? at.maxSeen : settled;
        await saveStreamState(
          client,
          target.connectionId,
          stream,
          finished
            ? { updatedAfter: committed, readAt: start.startedAt }
            : {
                ...(state.updatedAfter && { updatedAfter: state.updatedAfter }),
                run: { ...at, upserted: written.upserted + n },
              },
          deps.lease,
        );
        return n;
      });
      written = { ...at, upserted: written.upserted + upserted };
      await deps.afterPage();
    }
  } finally {
    // after a failed write the fetcher may be waiting out a rate limit: it stops after that
    // request and keeps what it got to itself, rather than holding up the failure
    pages.stop();
  }

  result.fetched = written.fetched;
  result.upserted = written.upserted;
  result.skipped = written.skipped;
  return result;
}
