import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import type { SyncStream } from '../generated/prisma/enums.ts';
import type { Connector, ConnectorContext, Page, UnifiedOrderRow, UnifiedProductRow } from '../marketplaces/types.ts';
import { readCursors, type RunCheckpoint } from './checkpoint.ts';
import type { SyncSettings } from './settings.ts';
import { writeOrders, type Tx, type WriteTarget } from './write-orders.ts';
import { writeProducts } from './write-products.ts';

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
  /** called after every committed page (renews the lease, touches the job) */
  afterPage: () => Promise<void>;
}

const later = (a: string | null, b: string | null | undefined): string | null => (a && b ? (a > b ? a : b) : (a ?? b ?? null));

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

/**
 * One stream of one connection: page through the connector from the checkpoint (or the
 * cursor minus the overlap, or the backfill start), write each page and its checkpoint in one
 * transaction, and commit the cursor (the largest source updated-at seen) only at the end.
 */
export async function syncStream(stream: SyncStream, deps: StreamDeps): Promise<StreamResult> {
  const { db, connector, ctx, target, settings, log } = deps;
  const connection = await db.marketplaceConnection.findUniqueOrThrow({ where: { id: target.connectionId }, select: { cursors: true } });
  const state = readCursors(connection.cursors)[stream] ?? {};
  let run = state.run ?? newRun(stream, state.updatedAfter, settings, deps.now());
  if (state.run) log.info({ stream, window: [run.windowFrom, run.windowTo] }, 'resuming from checkpoint');
  const result: StreamResult = { fetched: 0, upserted: 0, skipped: 0, pages: 0, unknownStatuses: [] };

  const saveState = async (tx: Tx | Db, value: { updatedAfter?: string; run?: RunCheckpoint }) => {
    await tx.$executeRaw`
      UPDATE "MarketplaceConnection"
      SET cursors = jsonb_set(COALESCE(cursors, '{}'::jsonb), ${`{${stream}}`}::text[], ${JSON.stringify(value)}::jsonb)
      WHERE id = ${target.connectionId}`;
  };

  for (;;) {
    const common = { cursor: run.page, ...(settings.pageSize && { pageSize: settings.pageSize }) };
    const page: Page<UnifiedOrderRow> | Page<UnifiedProductRow> =
      stream === 'ORDERS'
        ? await connector.fetchOrders(ctx, { ...common, updatedFrom: new Date(run.windowFrom), updatedTo: new Date(run.windowTo) })
        : await connector.fetchProducts(ctx, { ...common, updatedFrom: state.updatedAfter ? new Date(run.windowFrom) : null });
    for (const s of page.skipped) log.warn({ stream, id: s.id, reason: s.reason }, 'malformed record skipped');
    for (const s of page.unknownStatuses) if (!result.unknownStatuses.includes(s)) result.unknownStatuses.push(s);

    const next: RunCheckpoint = {
      ...run,
      page: page.next,
      maxSeen: page.records.reduce<string | null>((max, r) => later(max, r.sourceUpdatedAt?.toISOString()), run.maxSeen),
      fetched: run.fetched + page.records.length + page.skipped.length,
      skipped: run.skipped + page.skipped.length,
    };
    const finished = page.next === null && run.windowTo >= run.until;
    if (page.next === null && !finished) {
      next.windowFrom = run.windowTo;
      next.windowTo = new Date(Math.min(new Date(run.windowTo).getTime() + settings.backfillWindowDays * DAY, new Date(run.until).getTime())).toISOString();
    }
    await db.$transaction(async (tx) => {
      const written =
        stream === 'ORDERS'
          ? await writeOrders(tx, target, page.records as UnifiedOrderRow[])
          : await writeProducts(tx, target, page.records as UnifiedProductRow[]);
      next.upserted = run.upserted + written;
      // The last page commits the cursor with it: the largest source updated-at seen.
      const committed = next.maxSeen ?? new Date(new Date(run.until).getTime() - settings.overlapMs).toISOString();
      await saveState(tx, finished ? { updatedAfter: committed } : { ...(state.updatedAfter && { updatedAfter: state.updatedAfter }), run: next });
    });
    result.pages++;
    run = next;
    await deps.afterPage();
    if (finished) break;
  }

  result.fetched = run.fetched;
  result.upserted = run.upserted;
  result.skipped = run.skipped;
  return result;
}
