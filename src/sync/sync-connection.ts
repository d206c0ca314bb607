import type { TokenDeps } from '../connections/access-token.ts';
import { connectorContext } from '../connections/connector-context.ts';
import { markNeedsReauth } from '../connections/mark-needs-reauth.ts';
import { pgTransaction } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { SyncRunStatus, SyncStream, SyncTrigger } from '../generated/prisma/enums.ts';
import { childLogger } from '../logger.ts';
import { AuthError } from '../marketplaces/http.ts';
import { CONNECTORS } from '../marketplaces/registry.ts';
import type { ConnectorContext } from '../marketplaces/types.ts';
import { type Cursors, LeaseLostError, readCursors } from './checkpoint.ts';
import { acquireLease, newHolder, releaseLease, renewLease } from './lease.ts';
import { rateGate } from './rate-gate.ts';
import { refreshIfExpiring, renewRejectedToken } from './refresh-token.ts';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from './settings.ts';
import { syncStream } from './sync-stream.ts';
import { linkOrderItems } from './write-products.ts';
import type { WriteTarget } from './write-target.ts';

export interface SyncDeps extends TokenDeps {
  settings?: Partial<SyncSettings>;
  /** called after every write of one or more pages (Agenda's job.touch keeps a long job's lock) */
  heartbeat?: () => Promise<void>;
}

export interface StreamReport {
  stream: SyncStream;
  status: SyncRunStatus;
  fetched: number;
  upserted: number;
  skipped: number;
  error: string | null;
  logId: string;
}

export interface ConnectionReport {
  connectionId: string;
  marketplace: string;
  storeId: string;
  /** DEFERRED: the history is still loading and the caller asked to leave that to the backfill queue */
  status: 'SUCCESS' | 'PARTIAL' | 'FAILED' | 'LOCKED' | 'SKIPPED' | 'DEFERRED';
  streams: StreamReport[];
}

const STREAMS: SyncStream[] = ['PRODUCTS', 'ORDERS'];

type Connection = Prisma.MarketplaceConnectionGetPayload<{ include: { user: true } }>;

/** What the streams of one run share; `ctx` changes when a refused token is renewed. */
interface Run {
  deps: SyncDeps & { log: SyncDeps['log']; now: () => Date };
  connection: Connection;
  target: WriteTarget;
  settings: SyncSettings;
  holder: string;
  ctx: ConnectorContext;
  /** the current stream's token was refused (then the next stream would be too) */
  refused: boolean;
}

/**
 * Whether this sync reads the products: always where the marketplace gives the changes since the
 * last read; where every read is the whole catalogue, a scheduled or on-demand sync reads it
 * only once SYNC_CATALOGUE_MINUTES have passed since the last (orders are read every time).
 */
function catalogueDue(
  connection: Connection,
  cursors: Cursors,
  trigger: SyncTrigger,
  settings: SyncSettings,
  now: Date,
): boolean {
  const products = cursors.PRODUCTS;
  if (!CONNECTORS[connection.marketplace].wholeCatalogue || trigger === 'MANUAL' || trigger === 'WEBHOOK') return true;
  if (!products?.readAt || products.run) return true;
  return now.getTime() - Date.parse(products.readAt) >= settings.catalogueMinutes * 60_000;
}

/** The connector context, its token refreshed if about to expire; null when there is nothing to sync with until the seller reconnects. */
async function openContext(deps: Run['deps'], connection: Connection): Promise<ConnectorContext | null> {
  let stored: ConnectorContext;
  try {
    stored = { ...connectorContext(connection, deps), ...(deps.http && { http: deps.http }) };
  } catch (err) {
    // no token, or one the key ring cannot open
    deps.log.error({ err }, 'cannot build the connector context');
    await markNeedsReauth(deps, connection.id, (err as Error).message);
    return null;
  }
  return (await refreshIfExpiring(deps, connection, stored)) || null;
}

/** A stream's sync; refused mid-way (revoked, or expired early), the token is refreshed once and the stream resumed from its checkpoint. */
async function syncRenewingOnce(run: Run, stream: SyncStream) {
  const sync = () =>
    syncStream(stream, {
      db: run.deps.db,
      connector: CONNECTORS[run.connection.marketplace],
      ctx: run.ctx,
      target: run.target,
      settings: run.settings,
      log: run.deps.log,
      now: run.deps.now,
      lease: { holder: run.holder, ms: run.settings.leaseMs },
      afterPage: async () => void (await run.deps.heartbeat?.()),
    });
  try {
    return await sync();
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    run.refused = true;
    const renewed = await renewRejectedToken(run.deps, run.connection, run.ctx);
    if (!renewed) throw err;
    run.ctx = renewed;
    return sync();
  }
}

/** One stream with its UnifiedSyncLog row: the outcome recorded, a failure kept on the connection. */
async function syncOneStream(run: Run, stream: SyncStream, trigger: SyncTrigger): Promise<StreamReport> {
  const { db, log, now } = run.deps;
  const { connection } = run;
  const entry = await db.unifiedSyncLog.create({
    data: { connectionId: connection.id, stream, trigger, startedAt: now() },
  });
  run.refused = false;
  try {
    const r = await syncRenewingOnce(run, stream);
    if (stream === 'PRODUCTS' && r.upserted > 0)
      await pgTransaction(db, (client) => linkOrderItems(client, run.target));
    if (r.unknownStatuses.length)
      log.warn({ unknownStatuses: r.unknownStatuses }, 'statuses outside the status table mapped to the fallback');
    const status: SyncRunStatus = r.skipped > 0 ? 'PARTIAL' : 'SUCCESS';
    const error = r.skipped ? `${r.skipped} malformed record(s) skipped` : null;
    await db.unifiedSyncLog.update({
      where: { id: entry.id },
      data: {
        status,
        finishedAt: now(),
        fetchedCount: r.fetched,
        upsertedCount: r.upserted,
        skippedCount: r.skipped,
        error,
      },
    });
    return {
      stream,
      status,
      fetched: r.fetched,
      upserted: r.upserted,
      skipped: r.skipped,
      error: null,
      logId: entry.id,
    };
  } catch (err) {
    const message = (err as Error).message;
    log.error({ err, stream }, 'sync failed');
    await db.unifiedSyncLog.update({
      where: { id: entry.id },
      data: { status: 'FAILED', finishedAt: now(), error: message },
    });
    await db.marketplaceConnection.update({
      where: { id: connection.id },
      data: { lastError: message, lastErrorAt: now() },
    });
    // still refused with a fresh token, or no way to refresh it (a refused grant was marked by the refresh itself)
    if (err instanceof AuthError) await markNeedsReauth(run.deps, connection.id, message);
    return { stream, status: 'FAILED', fetched: 0, upserted: 0, skipped: 0, error: message, logId: entry.id };
  }
}

/**
 * Syncs one connection's streams under its lease, first refreshing an access token about to
 * expire. Each stream gets a UnifiedSyncLog row; lastSyncAt moves only when every stream
 * succeeded. A token refused mid-sync is refreshed once (where the marketplace can) and the
 * stream resumed from its checkpoint; a token that stays refused marks the connection
 * NEEDS_REAUTH and DMs the seller; any other failure is recorded and left for the next run.
 */
export async function syncConnection(
  deps: SyncDeps,
  connectionId: string,
  opts: { trigger: SyncTrigger; streams?: SyncStream[]; deferBackfill?: boolean },
): Promise<ConnectionReport> {
  const settings: SyncSettings = {
    ...DEFAULT_SYNC_SETTINGS,
    overlapMs: deps.config.SYNC_OVERLAP_MINUTES * 60_000,
    backfillDays: deps.config.SYNC_BACKFILL_DAYS,
    leaseMs: deps.config.SYNC_LEASE_SECONDS * 1000,
    writeBatch: deps.config.SYNC_WRITE_BATCH,
    catalogueMinutes: deps.config.SYNC_CATALOGUE_MINUTES,
    ...deps.settings,
  };
  const now = deps.now ?? (() => new Date());
  const { db } = deps;
  const connection = await db.marketplaceConnection.findUniqueOrThrow({
    where: { id: connectionId },
    include: { user: true },
  });
  const base = {
    connectionId,
    marketplace: connection.marketplace,
    storeId: connection.storeId,
    streams: [] as StreamReport[],
  };
  if (connection.status !== 'CONNECTED') return { ...base, status: 'SKIPPED' };
  const cursors = readCursors(connection.cursors);
  const streams = (opts.streams ?? STREAMS).filter(
    (s) => s !== 'PRODUCTS' || catalogueDue(connection, cursors, opts.trigger, settings, now()),
  );
  const orders = cursors.ORDERS;
  if (opts.deferBackfill && streams.includes('ORDERS') && (!orders?.updatedAfter || orders.run?.backfillFrom))
    return { ...base, status: 'DEFERRED' };
  const holder = newHolder();
  if (!(await acquireLease(db, connectionId, settings.leaseMs, holder))) return { ...base, status: 'LOCKED' };

  const runDeps = { ...deps, log: childLogger(deps.log, { connectionId, marketplace: connection.marketplace }), now };
  try {
    // A run still RUNNING while we hold the lease was cut off (its process died): say so.
    await db.unifiedSyncLog.updateMany({
      where: { connectionId, status: 'RUNNING' },
      data: {
        status: 'FAILED',
        finishedAt: now(),
        error: 'interrupted: the process syncing it stopped; resumed from its checkpoint',
      },
    });
    const startedAt = now();
    const opened = await openContext(runDeps, connection);
    if (!opened) return { ...base, status: 'FAILED' };
    const gate =
      deps.config.SYNC_RATE_LIMITS === 'documented'
        ? rateGate(db, CONNECTORS[connection.marketplace], connection.storeId)
        : undefined;
    const ctx: ConnectorContext = {
      ...opened,
      ...(gate && { http: { ...opened.http, beforeRequest: gate } }),
      keepAlive: async () => {
        if (!(await renewLease(db, connectionId, settings.leaseMs, holder))) throw new LeaseLostError();
        await deps.heartbeat?.();
      },
    };
    const target: WriteTarget = {
      userId: connection.userId,
      connectionId,
      marketplace: connection.marketplace,
      timeZone: connection.storeTimeZone ?? connection.user.timeZone,
    };
    const run: Run = { deps: runDeps, connection, target, settings, holder, ctx, refused: false };
    const reports: StreamReport[] = [];
    for (const stream of streams) {
      const report = await syncOneStream(run, stream, opts.trigger);
      reports.push(report);
      // the next stream would be refused too
      if (report.status === 'FAILED' && run.refused) break;
    }
    const failed = reports.some((r) => r.status === 'FAILED');
    if (!failed)
      await db.marketplaceConnection.update({
        where: { id: connectionId },
        data: { lastSyncAt: startedAt, lastError: null, lastErrorAt: null },
      });
    return {
      ...base,
      status: failed ? 'FAILED' : reports.some((r) => r.status === 'PARTIAL') ? 'PARTIAL' : 'SUCCESS',
      streams: reports,
    };
  } finally {
    await releaseLease(db, connectionId, holder);
  }
}
