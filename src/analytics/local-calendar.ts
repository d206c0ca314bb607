/**
 * Calendar math in an IANA zone with Intl only. A civil day is 'YYYY-MM-DD'; day arithmetic
 * runs on UTC-based civil dates (no zone involved), and only the step from a local day to an
 * instant asks the zone.
 */
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError for an unknown zone. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

function wallClockMs(instant: Date, timeZone: string): number {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
}

/** The local calendar day of an instant. */
export function localDay(instant: Date, timeZone: string): string {
  return new Date(wallClockMs(instant, timeZone)).toISOString().slice(0, 10);
}

function offsetMs(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallClockMs(new Date(whole), timeZone) - whole;
}

/** The first instant of a local day (local midnight, or the end of a DST gap that swallows it). */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`);
  const offsets = new Set([wall - DAY_MS, wall, wall + DAY_MS].map((t) => offsetMs(t, timeZone)));
  const candidates = [...offsets].map((o) => wall - o).filter((t) => localDay(new Date(t), timeZone) === day);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // midnight falls in a gap: the day starts where the gap ends
  const before = wall - Math.max(...offsets);
  return new Date(before + (Math.max(...offsets) - Math.min(...offsets)));
}

/**
 * The instant a local wall-clock time (`minute` after midnight of `day`) happens in the zone: in
 * a DST overlap the first of the two, in a gap the time as many minutes past it as it fell in
 * (02:30 on a spring-forward night is 03:30), as Temporal's "compatible" disambiguation does.
 */
export function localInstant(day: string, minute: number, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + minute * 60_000;
  const before = offsetMs(wall - DAY_MS, timeZone);
  const offsets = new Set([before, offsetMs(wall, timeZone), offsetMs(wall + DAY_MS, timeZone)]);
  const exact = [...offsets].map((o) => wall - o).filter((t) => wallClockMs(new Date(t), timeZone) === wall);
  return new Date(exact.length > 0 ? Math.min(...exact) : wall - before);
}

/** The first instant after `after` at which the local clock reads `minute` after midnight. */
export function nextLocalTime(minute: number, timeZone: string, after: Date): Date {
  let day = localDay(after, timeZone);
  for (;;) {
    const at = localInstant(day, minute, timeZone);
    if (at > after) return at;
    day = addDays(day, 1);
  }
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function makeDay(year: number, month: number, day = 1): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

export function parts(day: string): { year: number; month: number; day: number } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { year: y, month: m, day: d };
}

/** Monday of the day's week. */
export function startOfWeek(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}

export function startOfMonth(day: string): string {
  const { year, month } = parts(day);
  return makeDay(year, month);
}

export function startOfQuarter(day: string): string {
  const { year, month } = parts(day);
  return makeDay(year, month - ((month - 1) % 3));
}

export function addMonths(day: string, n: number): string {
  const { year, month, day: d } = parts(day);
  return makeDay(year, month + n, d);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "1 Oct – 31 Oct 2026", "28 Dec 2025 – 3 Jan 2026", "15 Nov 2026". */
export function formatDayRange(first: string, last: string): string {
  const a = parts(first);
  const b = parts(last);
  const short = (p: typeof a) => `${p.day} ${MONTHS[p.month - 1]}`;
  if (first === last) return `${short(a)} ${a.year}`;
  return a.year === b.year ? `${short(a)} – ${short(b)} ${b.year}` : `${short(a)} ${a.year} – ${short(b)} ${b.year}`;
}

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
