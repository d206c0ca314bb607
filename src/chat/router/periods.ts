import type { PeriodSpec } from '../../analytics/period.ts';
import {
  addDays,
  addMonths,
  compareDates,
  dayCount,
  daysInMonth,
  isoDate,
  type LocalDate,
  latestYear,
} from './local-date.ts';
import { unitsAgo } from './period-math.ts';
import { type Found, NUMBER, type Rule, scan, toNumber } from './scan.ts';

/**
 * Period phrases → PeriodSpec. Readings, settled here:
 * - "last week/month/quarter/year" is the previous calendar unit; "past week/month/year" with no
 *   number and "last|past N days|weeks|months" are rolling windows ending today (last_n_days).
 * - A day or month without a year is the latest one not in the future, resolved now for dates
 *   ("since March 3" → YYYY-03-03) and left to the spec's own default for "in October" and "Q3".
 * - "so far", "all time", "ever", "to date" alone mean all time; "this month so far" is this month.
 */
const MON =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONW = `${MON}(?![a-z])`;
const ORD = '(?:st|nd|rd|th)?';
const DATE = `(?:\\d{4}-\\d{2}-\\d{2}|\\d{1,2}${ORD}(?: of)? ${MONW}(?:,? \\d{4})?|${MONW} \\d{1,2}${ORD}(?!\\d)(?:,? \\d{4})?)`;
const YEAR = "(\\d{4}|'\\d{2})";
const UNIT = '(week|month|quarter|qtr|year|yr)';
const TO = '(?:and|to|till|until|through|thru|-|–)';
const QUARTERS: Readonly<Record<string, number>> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
};
const TO_DATE: Readonly<Record<string, Unit>> = { wtd: 'week', mtd: 'month', qtd: 'quarter', ytd: 'year' };
const MONTH_CONTEXT = /\b(?:in|for|during|of|since|from|between|to|and|vs|versus|than|until|through)\s+$/;

const monthOf = (word: string): number => MONTHS.indexOf(word.slice(0, 3)) + 1;
const yearOf = (word: string): number => (word.startsWith("'") ? 2000 + Number(word.slice(1)) : Number(word));
type Unit = 'week' | 'month' | 'quarter' | 'year';
const unitOf = (word: string): Unit => (word === 'qtr' ? 'quarter' : word === 'yr' ? 'year' : (word as Unit));

interface ReadDate {
  date: LocalDate;
  yearSaid: boolean;
}

function readDate(text: string, today: LocalDate): ReadDate | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return { date: { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }, yearSaid: true };
  const dayFirst = new RegExp(`^(\\d{1,2})${ORD}(?: of)? (${MON})(?:,? (\\d{4}))?$`).exec(text);
  const monthFirst = new RegExp(`^(${MON}) (\\d{1,2})${ORD}(?:,? (\\d{4}))?$`).exec(text);
  const parts = dayFirst
    ? [dayFirst[2], dayFirst[1], dayFirst[3]]
    : monthFirst
      ? [monthFirst[1], monthFirst[2], monthFirst[3]]
      : null;
  if (!parts) return null;
  const month = monthOf(parts[0]!);
  const day = Number(parts[1]);
  if (month < 1 || day < 1 || day > 31) return null;
  const year = parts[2] ? Number(parts[2]) : latestYear(month, Math.min(day, daysInMonth(today.year, month)), today);
  return { date: { year, month, day: Math.min(day, daysInMonth(year, month)) }, yearSaid: parts[2] !== undefined };
}

function between(a: ReadDate, b: ReadDate): PeriodSpec {
  let from = a.date;
  let to = b.date;
  if (compareDates(from, to) > 0 && !a.yearSaid) from = { ...from, year: from.year - 1 };
  if (compareDates(from, to) > 0) [from, to] = [to, from];
  return { kind: 'between', from: isoDate(from), to: isoDate(to) };
}

/** "from August to October": first day of one month to the last day of the other. */
function monthSpan(m: RegExpExecArray, today: LocalDate): PeriodSpec {
  const [first, last] = [monthOf(m[1]!), monthOf(m[3]!)];
  const lastYear = m[4] ? yearOf(m[4]) : latestYear(last, 1, today);
  const firstYear = m[2] ? yearOf(m[2]) : first > last ? lastYear - 1 : lastYear;
  return {
    kind: 'between',
    from: isoDate({ year: firstYear, month: first, day: 1 }),
    to: isoDate({ year: lastYear, month: last, day: daysInMonth(lastYear, last) }),
  };
}

function rollingDays(count: number, unit: string, today: LocalDate): number {
  if (unit.startsWith('day')) return count;
  if (unit.startsWith('week')) return count * 7;
  const months = unit.startsWith('month') ? count : count * 12;
  return dayCount(addMonths(today, -months), today) - 1;
}

const clampDays = (days: number): number => Math.min(Math.max(days, 1), 3660);

function rules(today: LocalDate): Rule<PeriodSpec>[] {
  const date = (text: string | undefined): ReadDate | null => (text ? readDate(text, today) : null);
  return [
    {
      re: /\b(?:the )?day before yesterday\b/g,
      read: () => {
        const d = isoDate(addDays(today, -2));
        return { kind: 'between', from: d, to: d };
      },
    },
    { re: /\b(?:the )?(week|month|quarter|year) before last\b/g, read: (m) => unitsAgo(unitOf(m[1]!), today, 2) },
    {
      re: new RegExp(`\\b(?:between|from) (${DATE}) ${TO} (${DATE})`, 'g'),
      read: (m) => {
        const a = date(m[1]);
        const b = date(m[2]);
        return a && b ? between(a, b) : null;
      },
    },
    {
      re: new RegExp(`\\b(?:between|from) (${MONW})(?: ${YEAR})? ${TO} (${MONW})(?: ${YEAR})?`, 'g'),
      read: (m) => monthSpan(m, today),
    },
    {
      re: new RegExp(`\\b(?:since|from|starting(?: from| on)?) (${DATE})`, 'g'),
      read: (m) => {
        const d = date(m[1]);
        return d ? { kind: 'since', date: isoDate(d.date) } : null;
      },
    },
    {
      re: new RegExp(`\\b(?:since|from) (?:the (?:start|beginning) of )?(${MON})(?: ${YEAR})?\\b`, 'g'),
      read: (m) => {
        const month = monthOf(m[1]!);
        const year = m[2] ? yearOf(m[2]) : latestYear(month, 1, today);
        return { kind: 'since', date: isoDate({ year, month, day: 1 }) };
      },
    },
    {
      re: /\b(?:since|from) (?:the )?(?:start|beginning) of (?:the |this )?(week|month|quarter|year)\b/g,
      read: (m) => ({ kind: 'this', unit: unitOf(m[1]!) }),
    },
    {
      re: new RegExp(`\\b(?:last|past|previous|prior|trailing|recent) ${NUMBER} (days?|weeks?|months?|years?)\\b`, 'g'),
      read: (m) => ({ kind: 'last_n_days', days: clampDays(rollingDays(toNumber(m[1]!), m[2]!, today)) }),
    },
    { re: /\b(?:last|past|previous) fortnight\b/g, read: () => ({ kind: 'last_n_days', days: 14 }) },
    { re: /\bpast (week|month|year)\b/g, read: (m) => ({ kind: 'last_n_days', days: rollingDays(1, m[1]!, today) }) },
    {
      re: /\b(?:(wtd|mtd|qtd|ytd)|(week|month|quarter|year)[- ]to[- ]date)\b/g,
      read: (m) => ({ kind: 'this', unit: m[2] ? unitOf(m[2]) : TO_DATE[m[1]!]! }),
    },
    {
      re: new RegExp(
        `\\b(this|current|last|previous|prev|prior) ${UNIT}\\b(?:'s)?(?: so far| to date| till date)?`,
        'g',
      ),
      read: (m) => ({ kind: m[1] === 'this' || m[1] === 'current' ? 'this' : 'last', unit: unitOf(m[2]!) }),
    },
    { re: /\b(?:so far today|today so far|today)\b/g, read: () => ({ kind: 'today' }) },
    { re: /\b(?:yesterday|yday)\b/g, read: () => ({ kind: 'yesterday' }) },
    {
      re: new RegExp(`\\b(?:on )?(${DATE})`, 'g'),
      read: (m) => {
        const d = date(m[1]);
        return d ? { kind: 'between', from: isoDate(d.date), to: isoDate(d.date) } : null;
      },
    },
    {
      re: new RegExp(`\\bq([1-4])(?:[ -]?${YEAR})?\\b`, 'g'),
      read: (m) =>
        m[2]
          ? { kind: 'quarter', quarter: Number(m[1]), year: yearOf(m[2]) }
          : { kind: 'quarter', quarter: Number(m[1]) },
    },
    { re: /\b(\d{4}) q([1-4])\b/g, read: (m) => ({ kind: 'quarter', quarter: Number(m[2]), year: Number(m[1]) }) },
    {
      re: /\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of (\d{4}))?\b/g,
      read: (m) => {
        const quarter = QUARTERS[m[1]!]!;
        return m[2] ? { kind: 'quarter', quarter, year: Number(m[2]) } : { kind: 'quarter', quarter };
      },
    },
    {
      re: /\b(\d{4})-(\d{2})\b(?!-)/g,
      read: (m) =>
        Number(m[2]) >= 1 && Number(m[2]) <= 12 ? { kind: 'month', month: Number(m[2]), year: Number(m[1]) } : null,
    },
    {
      re: new RegExp(`\\b(${MON})(?:,? ${YEAR})?(?![a-z])`, 'g'),
      read: (m, text) => {
        if (m[1]!.startsWith('may') && !m[2] && !MONTH_CONTEXT.test(text.slice(0, m.index))) return null;
        return m[2]
          ? { kind: 'month', month: monthOf(m[1]!), year: yearOf(m[2]) }
          : { kind: 'month', month: monthOf(m[1]!) };
      },
    },
    { re: /\b(20\d{2})\b/g, read: (m) => ({ kind: 'year', year: Number(m[1]) }) },
    {
      re: /\b(?:so far|(?:of )?all[- ]time|ever|to date|till date|lifetime|since (?:the )?(?:beginning|start)|from the (?:beginning|start))\b/g,
      read: () => ({ kind: 'all' }),
    },
  ];
}

/**
 * "the week before", "the previous month", "the one before": the period before another one said
 * in the same message ("compare last week with the week before"). Alone ("sales the previous
 * week") it is the last such unit. Read before the other period phrases, which would take "the
 * previous week" as last week whatever came before it.
 */
export interface Relative {
  unit?: Unit | 'day';
}
const RELATIVE: readonly Rule<Relative>[] = [
  {
    re: /\b(?:the )?(day|week|month|quarter|year) (?:before|prior)(?! last| yesterday)(?: (?:that|it|this|then))?\b|\bthe (?:previous|prior|preceding) (day|week|month|quarter|year|period|one)\b|\bthe (?:one|period) before(?: (?:that|it))?\b|\b(?:previous|prior|preceding) period\b/g,
    read: (m) => {
      const word = m[1] ?? m[2];
      return word === 'day'
        ? { unit: 'day' }
        : word && word !== 'period' && word !== 'one'
          ? { unit: unitOf(word) }
          : {};
    },
  },
];

export function findRelative(text: string): { found: Found<Relative>[]; rest: string } {
  return scan(text, RELATIVE);
}

/** Every period phrase in a lower-cased message, in reading order, and the text left over. */
export function findPeriods(text: string, today: LocalDate): { found: Found<PeriodSpec>[]; rest: string } {
  return scan(text, rules(today));
}
