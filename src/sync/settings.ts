/** Sync engine settings (from config; these are the defaults). */
export interface SyncSettings {
  /** re-read this much before the cursor, so writes made during a sync are not missed */
  overlapMs: number;
  /** history the first sync backfills */
  backfillDays: number;
  /** the first sync reads its history in windows of this many days */
  backfillWindowDays: number;
  pageSize: number | undefined;
  leaseMs: number;
  /** pages fetched while the last write ran are written together, up to this many records */
  writeBatch: number;
  /** a whole catalogue (no changed-since filter) is read again by scheduled syncs after this long */
  catalogueMinutes: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  overlapMs: 10 * 60_000,
  backfillDays: 365,
  backfillWindowDays: 30,
  pageSize: undefined,
  leaseMs: 5 * 60_000,
  writeBatch: 1000,
  catalogueMinutes: 60,
};
