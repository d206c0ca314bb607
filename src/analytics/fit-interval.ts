import { addDays, addMonths, daysBetween, parts, startOfMonth, startOfWeek } from './local-calendar.ts';

export type Interval = 'day' | 'week' | 'month';

/** The most intervals a trend or a breakdown by date carries: a chart can show them, a message or a model can read them. */
export const MAX_INTERVALS = 400;

const COARSER: Record<Interval, Interval | undefined> = { day: 'week', week: 'month', month: undefined };

/** How many days, weeks (from Monday) or months [firstDay, lastDay] touches. */
export function countIntervals(firstDay: string, lastDay: string, interval: Interval): number {
  if (lastDay < firstDay) return 0;
  if (interval === 'day') return daysBetween(firstDay, lastDay) + 1;
  if (interval === 'week') return Math.floor(daysBetween(startOfWeek(firstDay), lastDay) / 7) + 1;
  const a = parts(firstDay);
  const b = parts(lastDay);
  return (b.year - a.year) * 12 + (b.month - a.month) + 1;
}

/**
 * The interval asked for, or the next coarser one (day → week → month) while the span holds more
 * than MAX_INTERVALS of it, and the first day kept: a span longer than MAX_INTERVALS months keeps
 * its last MAX_INTERVALS months. The cost of an answer is bounded however long the period asked.
 */
export function fitInterval(
  firstDay: string,
  lastDay: string,
  asked: Interval,
): { interval: Interval; firstDay: string; coarsened: boolean; cut: boolean } {
  let interval = asked;
  while (countIntervals(firstDay, lastDay, interval) > MAX_INTERVALS && COARSER[interval])
    interval = COARSER[interval]!;
  if (countIntervals(firstDay, lastDay, interval) <= MAX_INTERVALS)
    return { interval, firstDay, coarsened: interval !== asked, cut: false };
  return {
    interval,
    firstDay: addMonths(startOfMonth(lastDay), 1 - MAX_INTERVALS),
    coarsened: interval !== asked,
    cut: true,
  };
}

/** The first day of the interval holding `day`. */
export const intervalStart = (day: string, interval: Interval): string =>
  interval === 'day' ? day : interval === 'week' ? startOfWeek(day) : startOfMonth(day);

export const nextIntervalStart = (start: string, interval: Interval): string =>
  interval === 'day' ? addDays(start, 1) : interval === 'week' ? addDays(start, 7) : addMonths(start, 1);
