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
  const span = elapsed(f.asOf, now);
  const age = span === null ? 'just now' : `${span} ago`;
  return `Data as of ${age}${f.refreshed && !f.completed ? ` (a sync is still running${read})` : ''}.`;
}

/** How long since `from`: "7 min", "3 h", "15 days"; null under a minute. */
export function elapsed(from: Date, now: Date): string | null {
  const minutes = Math.max(0, Math.round((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 1) return null;
  if (minutes < 90) return `${minutes} min`;
  return minutes < 48 * 60 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} days`;
}
