import type { Logger } from 'pino';
import { type Db, type PgClient, pgTransaction, query } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { SyncStream } from '../generated/prisma/enums.ts';
import type {
  Connector,
  ConnectorContext,
  OrdersPage,
  Page,
  UnifiedOrderRow,
  UnifiedProductRow,
  UnifiedReturnRow,
} from '../marketplaces/types.ts';
import { type RunCheckpoint, readCursors } from './checkpoint.ts';
import type { SyncSettings } from './settings.ts';
import { writeOrders } from './write-orders.ts';
import { writeProducts } from './write-products.ts';
import { writeReturns } from './write-returns.ts';
import type { WriteTarget } from './write-target.ts';

const DAY = 86_400_000;

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

const databaseNow = async (db: Db): Promise<Date> => (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0]!.now;

/**
 * Deletes the connection's products a whole-catalogue read did not write: gone from the
 * marketplace, or kept under an id this version no longer uses. Their order lines lose the link
 * (the foreign key sets it null) and are linked again to the products read, by variant id,
 * listing id or SKU, right after the products stream.
 */
async function pruneProducts(client: PgClient, connectionId: string, from: string, log: Logger): Promise<void> {
  const { rowCount } = await query(
    client,
    Prisma.sql`
    DELETE FROM "UnifiedProduct" WHERE "connectionId" = ${connectionId} AND "syncedAt" < ${from}::timestamptz`,
  );
  if (rowCount) log.info({ deleted: rowCount }, 'products no longer in the catalogue deleted');
}

export class LeaseLostError extends Error {
  constructor() {
    super('sync lease lost to another process: stopping');
  }
}

const later = (a: string | null, b: string | null | undefined): string | null =>
  a && b ? (a > b ? a : b) : (a ?? b ?? null);

function newRun(stream: SyncStream, updatedAfter: string | undefined, s: SyncSettings, now: Date): RunCheckpoint {
  const until = now.toISOString();
  // Products are read whole when the API cannot filter them; orders start at the cursor.
  const from = updatedAfter
    ? new Date(new Date(updatedAfter).getTime() - s.overlapMs)
    : new Date(now.getTime() - s.backfillDays * DAY);
  const windowMs = stream === 'ORDERS' && !updatedAfter ? s.backfillWindowDays * DAY : Number.POSITIVE_INFINITY;
  return {
    startedAt: until,
    until,
    windowFrom: from.toISOString(),
    windowTo: new Date(Math.min(from.getTime() + windowMs, now.getTime())).toISOString(),
    page: null,
    maxSeen: updatedAfter ?? null,
    fetched: 0,
    upserted: 0,
    skipped: 0,
  };
}

interface Fetched {
  records: Array<UnifiedOrderRow | UnifiedProductRow>;
  returns: UnifiedReturnRow[];
  /** the run's checkpoint once this page is written */
  at: RunCheckpoint;
  finished: boolean;
}

/**
 * One stream of one connection: page through the connector from the checkpoint (or the
 * cursor minus the overlap, or the backfill start), write the pages with their checkpoint and
 * the renewed lease in one transaction, and commit the cursor (the largest source updated-at
 * seen) only at the end.
 *
 * Fetching runs ahead of writing (by at most `writeBatch` records). Whenever the writer
 * is free it writes every page fetched meanwhile, up to `writeBatch` records, in one
 * transaction, so the rollups take one grouped upsert for many pages. A page that took longer
 * to come than the last write is written, and checkpointed, on its own; a checkpoint never
 * runs ahead of the data, and a process killed mid-sync re-reads at most one batch.
 */
export async function syncStream(stream: SyncStream, deps: StreamDeps): Promise<StreamResult> {
  const { db, connector, ctx, target, settings, log } = deps;
  const connection = await db.marketplaceConnection.findUniqueOrThrow({
    where: { id: target.connectionId },
    select: { cursors: true },
  });
  const state = readCursors(connection.cursors)[stream] ?? {};
  const start = state.run ?? newRun(stream, state.updatedAfter, settings, deps.now());
  if (!state.run && stream === 'PRODUCTS' && !state.updatedAfter)
    start.wholeCatalogueFrom = (await databaseNow(db)).toISOString();
  if (state.run) log.info({ stream, window: [start.windowFrom, start.windowTo] }, 'resuming from checkpoint');
  const result: StreamResult = { fetched: 0, upserted: 0, skipped: 0, pages: 0, unknownStatuses: [] };

  const fetchPage = (at: RunCheckpoint): Promise<OrdersPage | Page<UnifiedProductRow>> => {
    const common = { cursor: at.page, ...(settings.pageSize && { pageSize: settings.pageSize }) };
    return stream === 'ORDERS'
      ? connector.fetchOrders(ctx, {
          ...common,
          updatedFrom: new Date(at.windowFrom),
          updatedTo: new Date(at.windowTo),
        })
      : connector.fetchProducts(ctx, { ...common, updatedFrom: state.updatedAfter ? new Date(at.windowFrom) : null });
  };
  const saveState = async (client: PgClient, value: { updatedAfter?: string; run?: RunCheckpoint }) => {
    const { rowCount } = await query(
      client,
      Prisma.sql`
      UPDATE "MarketplaceConnection"
      SET cursors = jsonb_set(COALESCE(cursors, '{}'::jsonb), ${`{${stream}}`}::text[], ${JSON.stringify(value)}::jsonb),
        "syncLockedUntil" = ${new Date(Date.now() + deps.lease.ms)}
      WHERE id = ${target.connectionId} AND "syncLockedBy" = ${deps.lease.holder}`,
    );
    if (rowCount !== 1) throw new LeaseLostError();
  };

  // the fetcher fills `queue`; the writer drains it. `wake` resolves whichever of them waits.
  const queue: Fetched[] = [];
  let queued = 0;
  let fetchError: unknown = null;
  let stopped = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  const waitForSignal = () => new Promise<void>((resolve) => (wake = resolve));

  const fetcher = async () => {
    let at = start;
    try {
      for (;;) {
        const page = await fetchPage(at);
        const returns = ('returns' in page && page.returns) || [];
        result.pages++;
        for (const s of page.skipped) log.warn({ stream, id: s.id, reason: s.reason }, 'malformed record skipped');
        for (const s of page.unknownStatuses) if (!result.unknownStatuses.includes(s)) result.unknownStatuses.push(s);
        const next: RunCheckpoint = {
          ...at,
          page: page.next,
          maxSeen: [...page.records, ...returns].reduce<string | null>(
            (max, r) => later(max, r.sourceUpdatedAt?.toISOString()),
            at.maxSeen,
          ),
          fetched: at.fetched + page.records.length + returns.length + page.skipped.length,
          skipped: at.skipped + page.skipped.length,
        };
        const finished = page.next === null && at.windowTo >= at.until;
        if (page.next === null && !finished) {
          next.windowFrom = at.windowTo;
          next.windowTo = new Date(
            Math.min(new Date(at.windowTo).getTime() + settings.backfillWindowDays * DAY, new Date(at.until).getTime()),
          ).toISOString();
        }
        queue.push({ records: page.records, returns, at: next, finished });
        queued += page.records.length + returns.length;
        signal();
        if (finished) return;
        at = next;
        while (queued >= settings.writeBatch && !stopped) await waitForSignal();
        if (stopped) return;
      }
    } catch (err) {
      fetchError = err;
      signal();
    }
  };

  let written = start;
  void fetcher();
  try {
    for (;;) {
      while (queue.length === 0 && !fetchError) await waitForSignal();
      // what was fetched before a failure is still written and checkpointed
      if (queue.length === 0) throw fetchError;
      const sizeOf = (f: Fetched) => f.records.length + f.returns.length;
      const batch = [queue.shift()!];
      let size = sizeOf(batch[0]!);
      while (queue.length > 0 && size + sizeOf(queue[0]!) <= settings.writeBatch) {
        size += sizeOf(queue[0]!);
        batch.push(queue.shift()!);
      }
      const records = batch.flatMap((f) => f.records);
      const returns = batch.flatMap((f) => f.returns);
      queued -= size;
      signal();
      const { at, finished } = batch.at(-1)!;
      const upserted =
        written.upserted +
        (await pgTransaction(db, async (client) => {
          let n: number;
          if (stream === 'ORDERS') {
            // returns first: the orders' upsert reads them
            n = await writeReturns(client, target, returns);
            n += await writeOrders(client, target, records as UnifiedOrderRow[]);
          } else {
            n = await writeProducts(client, target, records as UnifiedProductRow[]);
            if (finished && at.wholeCatalogueFrom && at.skipped === 0)
              await pruneProducts(client, target.connectionId, at.wholeCatalogueFrom, log);
          }
          // The last write commits the cursor with it: the largest source updated-at seen.
          const committed = at.maxSeen ?? new Date(new Date(at.until).getTime() - settings.overlapMs).toISOString();
          await saveState(
            client,
            finished
              ? { updatedAfter: committed }
              : {
                  ...(state.updatedAfter && { updatedAfter: state.updatedAfter }),
                  run: { ...at, upserted: written.upserted + n },
                },
          );
          return n;
        }));
      written = { ...at, upserted };
      await deps.afterPage();
      if (finished) break;
    }
  } finally {
    // after a failed write the fetcher may be waiting out a rate limit: it stops after that
    // request and keeps what it got to itself, rather than holding up the failure
    stopped = true;
    signal();
  }

  result.fetched = written.fetched;
  result.upserted = written.upserted;
  result.skipped = written.skipped;
  return result;
}
