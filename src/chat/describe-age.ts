import type { Freshness } from '../sync/ensure-fresh.ts';

/**
 * "Data as of 7 min ago." — said with every answer. `loaded`: how much of the history a sync
 * still running has read (0–1), said while it runs.
 */
export function describeAge(f: Freshness, now: Date, loaded?: number | null): string {
  const read = loaded == null ? '' : `, about ${Math.round(loaded * 100)}% of the history read so far`;
  if (!f.asOf)
    return f.refreshed && !f.completed
      ? `Your stores are syncing for the first time${read}: figures may be incomplete.`
      : 'No store has finished a sync yet.';
  const minutes = Math.max(0, Math.round((now.getTime() - f.asOf.getTime()) / 60_000));
  const age =
    minutes < 1
      ? 'just now'
      : minutes < 90
        ? `${minutes} min ago`
        : minutes < 48 * 60
          ? `${Math.round(minutes / 60)} h ago`
          : `${Math.round(minutes / 1440)} days ago`;
  return `Data as of ${age}${f.refreshed && !f.completed ? ` (a sync is still running${read})` : ''}.`;
}
