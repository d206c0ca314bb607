import { localDay, localInstant } from '../analytics/local-calendar.ts';

export interface Schedule {
  /** minutes after local midnight */
  sendMinute: number;
  /** the zone it runs in (the subscription's, else the seller's) */
  timeZone: string;
  /** nothing is due before it */
  activeFrom: Date;
}

/**
 * The digest a schedule owes at `now`: the local date it is for and when it fell due, or null
 * when today's time has not come (or came before the schedule began). The local date is the
 * delivery's key, so a wall-clock time that happens twice on a DST night is due once, and one
 * that does not happen at all falls due just after the gap.
 */
export function dueDigest(schedule: Schedule, now: Date): { localDate: string; dueAt: Date } | null {
  const localDate = localDay(now, schedule.timeZone);
  const dueAt = localInstant(localDate, schedule.sendMinute, schedule.timeZone);
  if (now < dueAt || dueAt < schedule.activeFrom) return null;
  return { localDate, dueAt };
}
