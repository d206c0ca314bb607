import type { MarketplaceType } from '../generated/prisma/enums.ts';
import { type ConnectionReport, type SyncDeps, syncConnection } from './sync-connection.ts';

export interface Freshness {
  /** a sync was needed */
  refreshed: boolean;
  /** the sync finished within the wait (false: still running in the background) */
  completed: boolean;
  /** the oldest last successful sync among the connections asked about (null: never synced) */
  asOf: Date | null;
  ageMs: number | null;
  reports: ConnectionReport[];
  /** the connections a sync was started for (still running when not `completed`) */
  syncing?: string[];
}

const inflight = new Map<string, Promise<ConnectionReport[]>>();

/**
 * Before answering: if the seller's data is older than `staleMs`, delta-sync the stale
 * connections — once per seller however many callers ask at the same time — waiting at most
 * `waitMs`, then report how old the data is.
 */
export async function ensureFresh(
  deps: SyncDeps,
  userId: string,
  opts: { marketplaces?: MarketplaceType[]; staleMs?: number; waitMs?: number } = {},
): Promise<Freshness> {
  const now = deps.now ?? (() => new Date());
  const staleMs = opts.staleMs ?? deps.config.SYNC_STALE_HOURS * 3_600_000;
  const waitMs = opts.waitMs ?? deps.config.SYNC_ON_DEMAND_WAIT_MS;
  const where = {
    userId,
    status: 'CONNECTED' as const,
    ...(opts.marketplaces && { marketplace: { in: opts.marketplaces } }),
  };
  const connections = await deps.db.marketplaceConnection.findMany({ where, select: { id: true, lastSyncAt: true } });
  const cutoff = now().getTime() - staleMs;
  const stale = connections.filter((c) => !c.lastSyncAt || c.lastSyncAt.getTime() < cutoff);

  let completed = true;
  let reports: ConnectionReport[] = [];
  if (stale.length > 0) {
    let run = inflight.get(userId);
    if (!run) {
      run = (async () => {
        const out: ConnectionReport[] = [];
        for (const c of stale) out.push(await syncConnection(deps, c.id, { trigger: 'ON_DEMAND' }));
        return out;
      })().finally(() => inflight.delete(userId));
      inflight.set(userId, run);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
    });
    // a failing sync must not stop the answer: it reports the data's age as it stands
    const result = await Promise.race([
      run.catch((err: unknown): ConnectionReport[] => {
        deps.log.error({ err, userId }, 'on-demand sync failed');
        return [];
      }),
      timeout,
    ]);
    clearTimeout(timer);
    completed = result !== null;
    reports = result ?? [];
    if (!completed) run.catch((err: unknown) => deps.log.error({ err, userId }, 'background on-demand sync failed'));
  }

  const after = await deps.db.marketplaceConnection.findMany({ where, select: { lastSyncAt: true } });
  const times = after.map((c) => c.lastSyncAt?.getTime() ?? null);
  const asOf = times.length === 0 || times.includes(null) ? null : new Date(Math.min(...(times as number[])));
  return {
    refreshed: stale.length > 0,
    completed,
    asOf,
    ageMs: asOf ? now().getTime() - asOf.getTime() : null,
    reports,
    syncing: stale.map((c) => c.id),
  };
}
