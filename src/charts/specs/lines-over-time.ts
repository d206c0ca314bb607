import type { ColorDef, PositionFieldDef } from 'vega-lite/types_unstable/channeldef.js';
import {
  chartConfig,
  chartFrame,
  chartTitle,
  currencySymbol,
  FONT,
  INNER_WIDTH,
  seriesColours,
  topLegend,
  valueFormats,
  widest,
} from '../chart-style.ts';
import type { VegaLiteSpec } from '../render-png.ts';

export interface DatedValue {
  /** Calendar date in the seller's time zone, YYYY-MM-DD (for weeks and months: the first day of the bucket). */
  date: string;
  value: number;
  /** The bucket holds only part of its day/week/month (cut by the period's edge, or still running): drawn hollow, joined by a dashed line. */
  partial?: boolean;
}

export interface TimeSeries {
  /** Series name, usually the marketplace (or a store: "Shopify — Outlet"). */
  label: string;
  /** The marketplace the series belongs to (name or enum, e.g. 'SHOPIFY'), for its fixed colour when the label does not start with it. */
  marketplace?: string;
  points: DatedValue[];
}

export type TimeInterval = 'day' | 'week' | 'month';

export interface LinesOverTimeInput {
  title: string;
  subtitle?: string;
  series: TimeSeries[];
  currency?: string;
  valueTitle?: string;
  /** What one point covers; inferred from the spacing of the dates when absent. */
  interval?: TimeInterval;
  /**
   * The period asked about: a bucket that starts before firstDay or ends after lastDay (the
   * first week of a quarter that starts on a Thursday, this month's last week) is marked partial.
   */
  period?: { firstDay: string; lastDay: string };
}

const DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const utc = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Day, week or month from the spacing of the dates (undefined when irregular). */
export function inferInterval(dates: string[]): TimeInterval | undefined {
  if (dates.length < 2) return undefined;
  const gaps = dates.slice(1).map((d, i) => Math.round((utc(d) - utc(dates[i]!)) / DAY));
  if (gaps.every((g) => g === 1)) return 'day';
  if (gaps.every((g) => g === 7)) return 'week';
  if (gaps.every((g) => g >= 28 && g <= 31) && dates.every((d) => d.endsWith('-01'))) return 'month';
  return undefined;
}

/** Last day of the bucket that starts on `date`. */
function bucketEnd(date: string, interval: TimeInterval): string {
  if (interval === 'day') return date;
  if (interval === 'week') return iso(utc(date) + 6 * DAY);
  const d = new Date(utc(date));
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY);
}

/** The tick label vega prints for a bucket (same formats as the axis). */
function tickLabel(date: string, interval: TimeInterval | undefined): string {
  const d = new Date(utc(date));
  const month = MONTHS[d.getUTCMonth()]!;
  return interval === 'month'
    ? `${month} ${d.getUTCFullYear()}`
    : `${String(d.getUTCDate()).padStart(2, '0')} ${month}`;
}

function dateTime(date: string) {
  const d = new Date(utc(date));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate(), utc: true };
}

/** Rough width of the value axis (tick labels, title) on the left. */
function valueAxisWidth(values: number[], currency: string | undefined): number {
  const max = Math.max(1, ...values.map(Math.abs));
  const tick = `${currency ? currencySymbol(currency) : ''}${new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en-US', { maximumFractionDigits: 0 }).format(max * 1.25)}`;
  return widest([tick], FONT.axisLabel) + 40;
}

const PARTIAL_NOTE: Record<TimeInterval, string> = {
  day: 'Hollow point, dashed line: a day still in progress',
  week: 'Hollow points, dashed lines: partial weeks (not all their days fall in the period)',
  month: 'Hollow points, dashed lines: partial months (not all their days fall in the period)',
};

/**
 * One line per series in its fixed colour, every series in the legend (wrapped into rows),
 * one labelled tick per bucket or every few buckets starting with the first, and partial
 * buckets drawn hollow with a dashed segment and named in the subtitle.
 */
/** Every date of the input, sorted, and what one point covers (given, or inferred from the spacing). */
export function timeBuckets(input: LinesOverTimeInput): { dates: string[]; interval: TimeInterval | undefined } {
  const dates = [...new Set(input.series.flatMap((s) => s.points.map((p) => p.date)))].sort();
  return { dates, interval: input.interval ?? inferInterval(dates) };
}

/** Whether a point is partial: flagged so, or its bucket reaches outside the input's period. */
export function isPartial(input: LinesOverTimeInput, point: DatedValue): boolean {
  if (point.partial) return true;
  const { period } = input;
  const interval = input.interval ?? timeBuckets(input).interval;
  return Boolean(
    period && interval && (point.date < period.firstDay || bucketEnd(point.date, interval) > period.lastDay),
  );
}

export function linesOverTimeSpec(input: LinesOverTimeInput): VegaLiteSpec {
  const format = valueFormats(input.currency);
  const legend = topLegend(input.series.map((s) => s.label));
  const names = legend.labels;
  const colours = seriesColours(input.series);
  const { dates, interval } = timeBuckets(input);
  const known = { ...input, interval };

  type Row = { series: string; date: string; value: number; partial: boolean };
  const solid: (Row & { run: string })[] = [];
  const dashed: (Row & { run: string })[] = [];
  const points: Row[] = [];
  input.series.forEach((s, si) => {
    const rows = [...s.points]
      .sort((x, y) => x.date.localeCompare(y.date))
      .map((p): Row => ({ series: names[si]!, date: p.date, value: p.value, partial: isPartial(known, p) }));
    points.push(...rows);
    let run = 0;
    rows.forEach((row, i) => {
      if (!row.partial) solid.push({ ...row, run: `${si}:${run}` });
      else run++;
      const next = rows[i + 1];
      if (next && (row.partial || next.partial))
        dashed.push({ ...row, run: `${si}:${i}` }, { ...next, run: `${si}:${i}` });
    });
  });
  const anyPartial = points.some((p) => p.partial);

  // Ticks on the buckets themselves, the first always labelled, every k-th so labels never collide.
  const plot =
    INNER_WIDTH -
    valueAxisWidth(
      points.map((p) => p.value),
      input.currency,
    );
  const labelWidth =
    widest(
      dates.map((d) => tickLabel(d, interval)),
      FONT.axisLabel,
    ) + 10;
  const span = dates.length > 1 ? utc(dates.at(-1)!) - utc(dates[0]!) : 0;
  const minGap = dates.slice(1).reduce((g, d, i) => Math.min(g, utc(d) - utc(dates[i]!)), Infinity);
  const every = span > 0 ? Math.max(1, Math.ceil(labelWidth / ((plot * minGap) / span))) : 1;
  const ticks = dates.filter((_, i) => i % every === 0).map(dateTime);
  const xTitle =
    interval === 'week' && dates[0] ? `Weeks starting ${WEEKDAYS[new Date(utc(dates[0])).getUTCDay()]}` : null;
  // a single date would be a zero-width domain: give it a day either side
  const xDomain =
    dates.length === 1 ? [dateTime(iso(utc(dates[0]!) - DAY)), dateTime(iso(utc(dates[0]!) + DAY))] : undefined;

  const colour: ColorDef<string> = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: names, range: colours },
    legend: { ...legend.legend, symbolType: 'circle' },
  };
  const x: PositionFieldDef<string> = {
    field: 'date',
    type: 'temporal',
    // the dates are calendar days already; utc keeps them from shifting with the server's zone
    timeUnit: 'utcyearmonthdate',
    title: xTitle,
    ...(xDomain ? { scale: { domain: xDomain } } : {}),
    axis: {
      labelAngle: 0,
      format: interval === 'month' ? '%b %Y' : '%d %b',
      values: ticks,
      titleFontWeight: 'normal',
      titleColor: '#4b5563',
    },
  };
  const y: PositionFieldDef<string> = {
    field: 'value',
    type: 'quantitative',
    title: input.valueTitle ?? (input.currency ? `Amount (${input.currency})` : null),
    axis: { format: format.axis, formatType: 'number', tickCount: 6 },
  };

  return {
    ...chartFrame,
    title: chartTitle(
      input.title,
      input.subtitle,
      anyPartial ? [interval ? PARTIAL_NOTE[interval] : 'Hollow points, dashed lines: partial periods'] : [],
    ),
    config: chartConfig(input.currency),
    encoding: { x, y, color: colour },
    layer: [
      { data: { values: solid }, mark: { type: 'line', strokeWidth: 2 }, encoding: { detail: { field: 'run' } } },
      {
        data: { values: dashed },
        mark: { type: 'line', strokeWidth: 2, strokeDash: [5, 4] },
        encoding: { detail: { field: 'run' } },
      },
      {
        data: { values: points.filter((p) => !p.partial) },
        mark: { type: 'point', filled: true, size: 36, opacity: 1 },
      },
      {
        data: { values: points.filter((p) => p.partial) },
        mark: { type: 'point', filled: false, fill: 'white', size: 44, strokeWidth: 2, opacity: 1 },
      },
    ],
  };
}
