import type { Db } from '../db/client.ts';
import { readCursors } from './checkpoint.ts';

export interface StoreProgress {
  connectionId: string;
  marketplace: string;
  storeId: string;
  /** orders read so far by the run under way (null: no orders run under way) */
  orders: number | null;
  /** how far through its history a backfill is, 0–1; null when not known (a delta sync) */
  fraction: number | null;
  /** it has finished a sync before */
  synced: boolean;
}

/**
 * How far each store's orders sync has come, from the checkpoint every write saves (so it reads
 * the same whichever process syncs): orders read, and a backfill's place in its history.
 */
export async function readSyncProgress(db: Db, connectionIds: readonly string[]): Promise<StoreProgress[]> {
  const rows = await db.marketplaceConnection.findMany({
    where: { id: { in: [...connectionIds] } },
    select: { id: true, marketplace: true, storeId: true, cursors: true, lastSyncAt: true },
  });
  return rows.map((c) => {
    const run = readCursors(c.cursors).ORDERS?.run;
    const span = run?.backfillFrom ? Date.parse(run.until) - Date.parse(run.backfillFrom) : 0;
    return {
      connectionId: c.id,
      marketplace: c.marketplace,
      storeId: c.storeId,
      synced: c.lastSyncAt !== null,
      orders: run ? run.fetched : null,
      fraction:
        run?.backfillFrom && span > 0
          ? Math.min(
              1,
              Math.max(
                0,
                // newest first: what lies after the window under way is read; oldest first: what lies before it
                run.recentFirst
                  ? (Date.parse(run.until) - Date.parse(run.windowTo)) / span
                  : (Date.parse(run.windowFrom) - Date.parse(run.backfillFrom)) / span,
              ),
            )
          : null,
    };
  });
}
