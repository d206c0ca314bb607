import type { TokenDeps } from '../connections/access-token.ts';
import { connectorContext } from '../connections/connector-context.ts';
import { markNeedsReauth } from '../connections/mark-needs-reauth.ts';
import { pgTransaction } from '../db/client.ts';
import type { SyncRunStatus, SyncStream, SyncTrigger } from '../generated/prisma/enums.ts';
import { AuthError } from '../marketplaces/http.ts';
import { CONNECTORS } from '../marketplaces/registry.ts';
import type { ConnectorContext } from '../marketplaces/types.ts';
import { acquireLease, newHolder, releaseLease } from './lease.ts';
import { refreshIfExpiring, renewRejectedToken } from './refresh-token.ts';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from './settings.ts';
import { syncStream } from './sync-stream.ts';
import { linkOrderItems } from './write-products.ts';

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
  status: 'SUCCESS' | 'PARTIAL' | 'FAILED' | 'LOCKED' | 'SKIPPED';
  streams: StreamReport[];
}

const STREAMS: SyncStream[] = ['PRODUCTS', 'ORDERS'];

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
  opts: { trigger: SyncTrigger; streams?: SyncStream[] },
): Promise<ConnectionReport> {
  const settings: SyncSettings = {
    ...DEFAULT_SYNC_SETTINGS,
    overlapMs: deps.config.SYNC_OVERLAP_MINUTES * 60_000,
    backfillDays: deps.config.SYNC_BACKFILL_DAYS,
    leaseMs: deps.config.SYNC_LEASE_SECONDS * 1000,
    writeBatch: deps.config.SYNC_WRITE_BATCH,
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
  const holder = newHolder();
  if (!(await acquireLease(db, connectionId, settings.leaseMs, holder))) return { ...base, status: 'LOCKED' };

  const log = deps.log.child({ connectionId, marketplace: connection.marketplace });
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
  const reports: StreamReport[] = [];
  try {
    let stored: ConnectorContext;
    try {
      stored = { ...connectorContext(connection, { ...deps, log, now }), ...(deps.http && { http: deps.http }) };
    } catch (err) {
      // no token, or one the key ring cannot open: nothing to sync with until the seller reconnects
      const message = (err as Error).message;
      log.error({ err }, 'cannot build the connector context');
      await markNeedsReauth({ ...deps, log, now }, connectionId, message);
      return { ...base, status: 'FAILED' };
    }
    const refreshed = await refreshIfExpiring({ ...deps, log, now }, connection, stored);
    if (!refreshed) return { ...base, status: 'FAILED' };
    let ctx: ConnectorContext = refreshed;
    const target = {
      userId: connection.userId,
      connectionId,
      marketplace: connection.marketplace,
      timeZone: connection.storeTimeZone ?? connection.user.timeZone,
    };
    for (const stream of opts.streams ?? STREAMS) {
      const entry = await db.unifiedSyncLog.create({
        data: { connectionId, stream, trigger: opts.trigger, startedAt: now() },
      });
      let refused = false;
      try {
        const run = (c: ConnectorContext) =>
          syncStream(stream, {
            db,
            connector: CONNECTORS[connection.marketplace],
            ctx: c,
            target,
            settings,
            log,
            now,
            lease: { holder, ms: settings.leaseMs },
            afterPage: async () => void (await deps.heartbeat?.()),
          });
        let r: Awaited<ReturnType<typeof run>>;
        try {
          r = await run(ctx);
        } catch (err) {
          // refused mid-sync (revoked, or expired early): one refresh, then resume from the checkpoint
          if (!(err instanceof AuthError)) throw err;
          refused = true;
          const renewed = await renewRejectedToken({ ...deps, log, now }, connection, ctx);
          if (!renewed) throw err;
          ctx = renewed;
          r = await run(ctx);
        }
        if (stream === 'PRODUCTS') await pgTransaction(db, (client) => linkOrderItems(client, target));
        if (r.unknownStatuses.length)
          log.warn({ unknownStatuses: r.unknownStatuses }, 'statuses outside the status table mapped to the fallback');
        const status: SyncRunStatus = r.skipped > 0 ? 'PARTIAL' : 'SUCCESS';
        await db.unifiedSyncLog.update({
          where: { id: entry.id },
          data: {
            status,
            finishedAt: now(),
            fetchedCount: r.fetched,
            upsertedCount: r.upserted,
            skippedCount: r.skipped,
            error: r.skipped ? `${r.skipped} malformed record(s) skipped` : null,
          },
        });
        reports.push({
          stream,
          status,
          fetched: r.fetched,
          upserted: r.upserted,
          skipped: r.skipped,
          error: null,
          logId: entry.id,
        });
      } catch (err) {
        const message = (err as Error).message;
        log.error({ err, stream }, 'sync failed');
        await db.unifiedSyncLog.update({
          where: { id: entry.id },
          data: { status: 'FAILED', finishedAt: now(), error: message },
        });
        reports.push({
          stream,
          status: 'FAILED',
          fetched: 0,
          upserted: 0,
          skipped: 0,
          error: message,
          logId: entry.id,
        });
        await db.marketplaceConnection.update({
          where: { id: connectionId },
          data: { lastError: message, lastErrorAt: now() },
        });
        // still refused with a fresh token, or no way to refresh it (a refused grant was marked by the refresh itself)
        if (err instanceof AuthError) await markNeedsReauth({ ...deps, log, now }, connectionId, message);
        // the next stream would be refused too
        if (refused) break;
      }
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
