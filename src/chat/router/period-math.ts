import type { PeriodSpec } from '../../analytics/period.ts';
import { wholeDays } from '../../analytics/resolve-period.ts';
import { addDays, addMonths, compareDates, dayCount, isoDate, type LocalDate, parseIso } from './local-date.ts';

interface DayRange {
  from: LocalDate;
  to: LocalDate;
}

type Unit = 'week' | 'month' | 'quarter' | 'year';

/** Weeks start on Monday (ISO 8601). */
function unitRange(unit: Unit, today: LocalDate, back: number): DayRange {
  if (unit === 'week') {
    const weekday = (new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7;
    const from = addDays(today, -weekday - 7 * back);
    return { from, to: addDays(from, 6) };
  }
  const months = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
  const firstMonth = Math.floor((today.month - 1) / months) * months + 1;
  const from = addMonths({ year: today.year, month: firstMonth, day: 1 }, -months * back);
  return { from, to: addDays(addMonths(from, months), -1) };
}

/** The calendar unit `back` units before the current one ("the week before last": back = 2). */
export function unitsAgo(unit: Unit, today: LocalDate, back: number): PeriodSpec {
  const range = unitRange(unit, today, back);
  if (unit === 'month') return { kind: 'month', month: range.from.month, year: range.from.year };
  if (unit === 'quarter') return { kind: 'quarter', quarter: (range.from.month + 2) / 3, year: range.from.year };
  if (unit === 'year') return { kind: 'year', year: range.from.year };
  return { kind: 'between', from: isoDate(range.from), to: isoDate(range.to) };
}

/** The calendar days a spec covers (whole units, so "this month" runs to its last day); undefined for all time. */
export function dayRange(spec: PeriodSpec, today: LocalDate): DayRange | undefined {
  const days = wholeDays(spec, isoDate(today));
  return days && { from: parseIso(days.first), to: parseIso(days.last) };
}

/** The period just before a spec, for "growth" and "vs last" (undefined for all time). */
export function previousOf(spec: PeriodSpec, today: LocalDate): PeriodSpec | undefined {
  if (spec.kind === 'today') return { kind: 'yesterday' };
  if (spec.kind === 'this') return { kind: 'last', unit: spec.unit };
  if (spec.kind === 'year') return { kind: 'year', year: spec.year - 1 };
  if (spec.kind === 'month' || (spec.kind === 'last' && spec.unit === 'month')) {
    const from = addMonths(dayRange(spec, today)!.from, -1);
    return { kind: 'month', month: from.month, year: from.year };
  }
  if (spec.kind === 'quarter' || (spec.kind === 'last' && spec.unit === 'quarter')) {
    const from = addMonths(dayRange(spec, today)!.from, -3);
    return { kind: 'quarter', quarter: (from.month + 2) / 3, year: from.year };
  }
  if (spec.kind === 'last' && spec.unit === 'year') return { kind: 'year', year: today.year - 2 };
  const range = dayRange(spec, today);
  if (!range) return undefined;
  const length = dayCount(range.from, range.to);
  return { kind: 'between', from: isoDate(addDays(range.from, -length)), to: isoDate(addDays(range.from, -1)) };
}

/** "sales vs last month" asks about this month: the period a lone compared-with period implies. */
export function counterpartOf(spec: PeriodSpec): PeriodSpec | undefined {
  if (spec.kind === 'last') return { kind: 'this', unit: spec.unit };
  if (spec.kind === 'yesterday') return { kind: 'today' };
  return undefined;
}

/** Chart grain: daily up to two months, weekly up to half a year, monthly beyond. */
export function defaultInterval(spec: PeriodSpec, today: LocalDate): 'day' | 'week' | 'month' {
  const range = dayRange(spec, today);
  if (!range) return 'month';
  const end = compareDates(range.to, today) > 0 ? today : range.to;
  const days = dayCount(range.from, end);
  return days <= 62 ? 'day' : days <= 184 ? 'week' : 'month';
}

/** The same days a year earlier ("this month vs last year" means November 2025, not all of 2025). */
export function yearEarlier(spec: PeriodSpec, today: LocalDate): PeriodSpec | undefined {
  if (spec.kind === 'year') return { kind: 'year', year: spec.year - 1 };
  const range = dayRange(spec, today);
  if (!range) return undefined;
  const unit = spec.kind === 'this' || spec.kind === 'last' ? spec.unit : spec.kind;
  if (unit === 'month') return { kind: 'month', month: range.from.month, year: range.from.year - 1 };
  if (unit === 'quarter') return { kind: 'quarter', quarter: (range.from.month + 2) / 3, year: range.from.year - 1 };
  if (unit === 'year') return { kind: 'year', year: range.from.year - 1 };
  return { kind: 'between', from: isoDate(addMonths(range.from, -12)), to: isoDate(addMonths(range.to, -12)) };
}
