import { AppError, ErrorCode } from '../errors.ts';
import {
  addDays,
  addMonths,
  assertTimeZone,
  daysBetween,
  formatDayRange,
  localDay,
  MONTH_NAMES,
  makeDay,
  parts,
  startOfLocalDay,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
} from './local-calendar.ts';
import type { PeriodSpec, ResolvedPeriod } from './period.ts';
import type { TenantContext } from './tenant.ts';

/** "all" starts here: no marketplace data predates it (the period schema's years start at 2000). */
const ALL_TIME_FROM = '2000-01-01';

interface DayRange {
  name: string | null;
  first: string;
  /** exclusive */
  end: string;
  /** where the named period ends when it is whole (exclusive): "this month" ends at the next 1st */
  wholeEnd?: string;
}

type Unit = 'week' | 'month' | 'quarter' | 'year';

/** The first local day of the week (Monday), month, quarter or year holding `day`. */
function unitStart(day: string, unit: Unit): string {
  if (unit === 'week') return startOfWeek(day);
  if (unit === 'month') return startOfMonth(day);
  if (unit === 'quarter') return startOfQuarter(day);
  return makeDay(parts(day).year, 1);
}

/** `n` weeks, months, quarters or years after the first day of one. */
function addUnits(first: string, unit: Unit, n: number): string {
  if (unit === 'week') return addDays(first, 7 * n);
  return addMonths(first, n * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12));
}

/** A range of local days [first, end) with its name, before clamping to today. */
function dayRange(spec: PeriodSpec, today: string): DayRange {
  const tomorrow = addDays(today, 1);
  const { year, month } = parts(today);
  switch (spec.kind) {
    case 'today':
      return { name: 'today', first: today, end: tomorrow };
    case 'yesterday':
      return { name: 'yesterday', first: addDays(today, -1), end: today };
    case 'this': {
      const first = unitStart(today, spec.unit);
      return { name: `this ${spec.unit}`, first, end: tomorrow, wholeEnd: addUnits(first, spec.unit, 1) };
    }
    case 'last': {
      const end = unitStart(today, spec.unit);
      return { name: `last ${spec.unit}`, first: addUnits(end, spec.unit, -1), end };
    }
    case 'last_n_days':
      return {
        name: spec.days === 1 ? 'today' : `last ${spec.days} days`,
        first: addDays(today, 1 - spec.days),
        end: tomorrow,
      };
    case 'since':
      return { name: `since ${formatDayRange(spec.date, spec.date)}`, first: spec.date, end: tomorrow };
    case 'between': {
      if (spec.from > spec.to)
        throw new AppError(ErrorCode.INVALID_INPUT, `the period starts (${spec.from}) after it ends (${spec.to})`);
      return { name: null, first: spec.from, end: addDays(spec.to, 1) };
    }
    case 'month': {
      const y = spec.year ?? (spec.month <= month ? year : year - 1);
      const first = makeDay(y, spec.month);
      return { name: `${MONTH_NAMES[spec.month - 1]} ${y}`, first, end: addMonths(first, 1) };
    }
    case 'quarter': {
      const current = Math.floor((month - 1) / 3) + 1;
      const y = spec.year ?? (spec.quarter <= current ? year : year - 1);
      const first = makeDay(y, spec.quarter * 3 - 2);
      return { name: `Q${spec.quarter} ${y}`, first, end: addMonths(first, 3) };
    }
    case 'year':
      return { name: String(spec.year), first: makeDay(spec.year, 1), end: makeDay(spec.year + 1, 1) };
    case 'all':
      return { name: 'all time', first: ALL_TIME_FROM, end: tomorrow };
  }
}

/**
 * The whole local days a spec names, first and last inclusive, not cut at today ("this month"
 * runs to its last day); undefined for all time. The chat's router reads periods through it.
 */
export function wholeDays(spec: PeriodSpec, today: string): { first: string; last: string } | undefined {
  if (spec.kind === 'all') return undefined;
  if (spec.kind === 'between') return { first: spec.from, last: spec.to };
  const r = dayRange(spec, today);
  return { first: r.first, last: addDays(r.wholeEnd ?? r.end, -1) };
}

function toResolved(
  name: string | null,
  first: string,
  endDay: string,
  timeZone: string,
  inProgress = false,
): ResolvedPeriod {
  const lastDay = addDays(endDay, -1);
  const range = formatDayRange(first, lastDay);
  return {
    start: startOfLocalDay(first, timeZone),
    end: startOfLocalDay(endDay, timeZone),
    firstDay: first,
    lastDay,
    timeZone,
    label:
      name === 'all time' ? `all time (to ${formatDayRange(lastDay, lastDay)})` : name ? `${name} (${range})` : range,
    inProgress,
  };
}

/**
 * A period spec as exact instants in the seller's zone: start inclusive, end exclusive, both
 * local midnights. Weeks start on Monday. A period never runs past the end of today ("this
 * month" is the 1st to today; a month named while it is under way, likewise).
 */
export function resolvePeriod(spec: PeriodSpec, tenant: TenantContext): ResolvedPeriod {
  try {
    assertTimeZone(tenant.timeZone);
  } catch (cause) {
    throw new AppError(ErrorCode.INVALID_INPUT, `unknown time zone ${tenant.timeZone}`, { cause });
  }
  const today = localDay(tenant.now, tenant.timeZone);
  const r = dayRange(spec, today);
  const tomorrow = addDays(today, 1);
  const end = r.end > tomorrow ? tomorrow : r.end;
  if (r.first >= end)
    throw new AppError(
      ErrorCode.INVALID_INPUT,
      `${r.name ?? r.first} is in the future (today is ${today} in ${tenant.timeZone})`,
    );
  return toResolved(r.name, r.first, end, tenant.timeZone, (r.wholeEnd ?? r.end) > tomorrow);
}

/**
 * The first `days` days of a period, for comparing a period in progress like for like: this
 * month's first 7 days against last month's first 7 ("1 Nov – 7 Nov 2026"). A period no longer
 * than that comes back as it is.
 */
export function firstDaysOf(resolved: ResolvedPeriod, days: number): ResolvedPeriod {
  if (daysBetween(resolved.firstDay, resolved.lastDay) + 1 <= days) return resolved;
  return toResolved(null, resolved.firstDay, addDays(resolved.firstDay, days), resolved.timeZone);
}

/** How many local days a period holds. */
export const daysIn = (resolved: ResolvedPeriod): number => daysBetween(resolved.firstDay, resolved.lastDay) + 1;

/** The period of the same number of local days immediately before, for comparisons. */
export function previousPeriod(resolved: ResolvedPeriod): ResolvedPeriod {
  const days = daysBetween(resolved.firstDay, resolved.lastDay) + 1;
  const first = addDays(resolved.firstDay, -days);
  return toResolved(
    days === 1 ? 'the day before' : `the previous ${days} days`,
    first,
    resolved.firstDay,
    resolved.timeZone,
  );
}
