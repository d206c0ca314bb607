/** Calendar days as plain numbers: the time zone matters only when finding today's date. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DAY_MS = 86_400_000;

export function localToday(now: Date, timeZone: string): LocalDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

const toUtc = (d: LocalDate): number => Date.UTC(d.year, d.month - 1, d.day);

function fromUtc(ms: number): LocalDate {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export const addDays = (d: LocalDate, days: number): LocalDate => fromUtc(toUtc(d) + days * DAY_MS);
export const compareDates = (a: LocalDate, b: LocalDate): number => toUtc(a) - toUtc(b);
/** inclusive count of days from a to b */
export const dayCount = (a: LocalDate, b: LocalDate): number => Math.round((toUtc(b) - toUtc(a)) / DAY_MS) + 1;
export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function addMonths(d: LocalDate, months: number): LocalDate {
  const index = d.year * 12 + d.month - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

export const isoDate = (d: LocalDate): string =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

export function parseIso(iso: string): LocalDate {
  const [year, month, day] = iso.split('-').map(Number);
  return { year: year ?? 0, month: month ?? 1, day: day ?? 1 };
}

/** The year of the latest month/day not after today ("since March 3" in November is this March). */
export function latestYear(month: number, day: number, today: LocalDate): number {
  return compareDates({ year: today.year, month, day }, today) > 0 ? today.year - 1 : today.year;
}
