import type { Freshness } from '../sync/ensure-fresh.ts';

/** "Data as of 7 min ago." — said with every answer. */
export function describeAge(f: Freshness, now: Date): string {
  if (!f.asOf)
    return f.refreshed && !f.completed
      ? 'Your stores are syncing for the first time: figures may be incomplete.'
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
  return `Data as of ${age}${f.refreshed && !f.completed ? ' (a sync is still running)' : ''}.`;
}
