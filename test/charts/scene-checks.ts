import type { ChartRequest } from '../../src/charts/chart-request.ts';
import { colourDistance } from '../../src/charts/chart-style.ts';
import {
  axisLabelsOf,
  barsOf,
  inside,
  itemsOf,
  legendEntriesOf,
  overlaps,
  type Scene,
  type SceneItem,
  textsOf,
} from '../../src/charts/inspect-scene.ts';
import type { LinesOverTimeInput } from '../../src/charts/specs/lines-over-time.ts';

/**
 * What "renders right" means, checked on the scene vega drew. Each check returns problems as
 * sentences so a failing test says what is wrong where; an empty list is a pass.
 */

export const FRAME = { width: 640, height: 360 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Two colours closer than this (CIE76 ΔE) read as one series. */
const DISTINCT = 12;

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const joined = (item: SceneItem) => norm(item.text!.shown.join(' '));
const describe = (item: SceneItem) => `${item.role} "${item.text ? item.text.shown.join(' / ') : item.type}"`;
const round = (n: number) => Math.round(n * 10) / 10;
const box = (i: SceneItem) =>
  `[${round(i.bounds.x1)},${round(i.bounds.y1)} – ${round(i.bounds.x2)},${round(i.bounds.y2)}]`;

/**
 * Whether a label shown on the chart names the input label: the same text, or the text cut
 * deliberately by the spec (a prefix of at least 16 characters ending in "…"), possibly with a
 * " (2)" added to tell two alike apart.
 */
export function names(shown: string, full: string): boolean {
  const s = norm(shown).replace(/ \(\d+\)$/, '');
  const f = norm(full);
  if (s === f) return true;
  if (!s.endsWith('…')) return false;
  const head = s.slice(0, -1).trimEnd();
  return head.length >= 16 && f.startsWith(head);
}

// ---- checks every chart passes --------------------------------------------------------------

function frameProblems(scene: Scene): string[] {
  const out: string[] = [];
  if (scene.width !== FRAME.width || scene.height !== FRAME.height)
    out.push(`picture is ${scene.width}×${scene.height}, not 640×360`);
  for (const item of scene.items) {
    if (!item.visible || item.type === 'group') continue;
    if (!inside(item.bounds, FRAME.width, FRAME.height))
      out.push(`${describe(item)} falls outside the 640×360 frame at ${box(item)}`);
  }
  return out;
}

function cutTextProblems(scene: Scene): string[] {
  return textsOf(scene)
    .filter((t) => t.text!.truncated)
    .map((t) => `${describe(t)} is cut by vega (given "${t.text!.full}")`);
}

function overlapProblems(scene: Scene): string[] {
  const texts = textsOf(scene);
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (overlaps(texts[i]!.bounds, texts[j]!.bounds, 0.5))
        out.push(`${describe(texts[i]!)} ${box(texts[i]!)} overlaps ${describe(texts[j]!)} ${box(texts[j]!)}`);
    }
  }
  // a quantitative axis printing one label twice has a format too coarse for its ticks
  for (const orient of ['bottom', 'left']) {
    const labels = axisLabelsOf(scene, orient).map(joined);
    const twice = labels.filter((l, i) => labels.indexOf(l) !== i);
    if (twice.length) out.push(`${orient} axis prints ${twice.map((t) => `"${t}"`).join(', ')} more than once`);
  }
  return out;
}

function titleProblems(scene: Scene, title: string, subtitle: string | undefined): string[] {
  const out: string[] = [];
  const shown = itemsOf(scene, 'title-text').map(joined).join(' ');
  if (shown !== norm(title)) out.push(`title shows "${shown}", not "${norm(title)}"`);
  const sub = itemsOf(scene, 'title-subtitle').map(joined).join(' ');
  if (subtitle && !sub.startsWith(norm(subtitle))) out.push(`subtitle shows "${sub}", not "${norm(subtitle)}"`);
  return out;
}

// ---- bars -----------------------------------------------------------------------------------

type Orientation = 'vertical' | 'horizontal';

/** The band axis is the one whose labels name the categories: left for rows of bars, bottom for columns. */
function bandAxis(scene: Scene, labels: string[]): { orientation: Orientation; labels: SceneItem[] } {
  const left = axisLabelsOf(scene, 'left');
  const named = (items: SceneItem[]) => labels.filter((l) => items.some((i) => names(joined(i), l))).length;
  return named(left) >= named(axisLabelsOf(scene, 'bottom'))
    ? { orientation: 'horizontal', labels: left }
    : { orientation: 'vertical', labels: axisLabelsOf(scene, 'bottom') };
}

const along = (b: SceneItem, o: Orientation) =>
  o === 'vertical'
    ? { start: b.rect!.x, end: b.rect!.x + b.rect!.width }
    : { start: b.rect!.y, end: b.rect!.y + b.rect!.height };
const thickness = (b: SceneItem, o: Orientation) => (o === 'vertical' ? b.rect!.width : b.rect!.height);
const length = (b: SceneItem, o: Orientation) => (o === 'vertical' ? b.rect!.height : b.rect!.width);
const centre = (t: SceneItem, o: Orientation) =>
  o === 'vertical' ? (t.bounds.x1 + t.bounds.x2) / 2 : (t.bounds.y1 + t.bounds.y2) / 2;

/**
 * Pairs each input label with a distinct shown label that names it, in order (two alike
 * labels shortened to the same prefix are told apart by order and their " (2)").
 */
function assign<T>(labels: string[], shown: T[], text: (t: T) => string): (T | undefined)[] {
  const used = new Set<T>();
  return labels.map((label) => {
    const match =
      shown.find((t) => !used.has(t) && norm(text(t)) === norm(label)) ??
      shown.find((t) => !used.has(t) && names(text(t), label));
    if (match) used.add(match);
    return match;
  });
}

/** Every category named once on the band axis by its own label; returns the shown label per category. */
function categoryLabelProblems(labels: string[], axis: SceneItem[], out: string[]): (SceneItem | undefined)[] {
  const shown = axis.map(joined);
  if (new Set(shown).size !== shown.length) out.push(`two categories share an axis label: ${shown.join(' | ')}`);
  const matched = assign(labels, axis, joined);
  matched.forEach((m, i) => {
    if (!m) out.push(`category "${labels[i]}" has no axis label (labels: ${shown.join(' | ')})`);
  });
  return matched;
}

function barProblems(scene: Scene, rows: { label: string; value: number }[], perBarColour: boolean): string[] {
  const out: string[] = [];
  const bars = barsOf(scene);
  if (bars.length !== rows.length) out.push(`${bars.length} bars for ${rows.length} rows`);
  const { orientation, labels } = bandAxis(
    scene,
    rows.map((r) => r.label),
  );
  const axis = categoryLabelProblems(
    rows.map((r) => r.label),
    labels,
    out,
  );
  for (const [i, row] of rows.entries()) {
    const label = axis[i];
    if (!label) continue;
    const bar = bars.find((b) => b.datum?.label === joined(label));
    if (!bar) {
      out.push(`no bar for "${row.label}"`);
      continue;
    }
    if (thickness(bar, orientation) <= 1)
      out.push(`bar "${row.label}" is ${round(thickness(bar, orientation))} px thick`);
    if (row.value !== 0 && !(length(bar, orientation) > 0)) out.push(`bar "${row.label}" (${row.value}) has no length`);
    const span = along(bar, orientation);
    const c = centre(label, orientation);
    if (c < span.start - 1 || c > span.end + 1) out.push(`label "${joined(label)}" is not beside its bar`);
  }
  const values = itemsOf(scene, 'mark', 'text');
  if (values.length !== rows.length) out.push(`${values.length} value labels for ${rows.length} bars`);
  if (perBarColour) {
    for (let i = 0; i < bars.length; i++) {
      for (let j = i + 1; j < bars.length; j++) {
        if (colourDistance(bars[i]!.fill!, bars[j]!.fill!) < DISTINCT)
          out.push(
            `bars "${bars[i]!.datum?.label}" and "${bars[j]!.datum?.label}" share a colour (${bars[i]!.fill}, ${bars[j]!.fill})`,
          );
      }
    }
  }
  return out;
}

/** One legend entry per series, distinct colours; `colours[i]` is series i's legend colour. */
function legendProblems(scene: Scene, series: string[]): { colours: (string | undefined)[]; problems: string[] } {
  const out: string[] = [];
  const entries = legendEntriesOf(scene);
  const colours: (string | undefined)[] = series.map(() => undefined);
  if (entries.length !== series.length)
    out.push(
      `${entries.length} legend entries for ${series.length} series (${entries.map((e) => e.shown).join(', ')})`,
    );
  const shown = entries.map((e) => e.shown);
  if (new Set(shown).size !== shown.length) out.push(`two legend entries read the same: ${shown.join(' | ')}`);
  assign(series, entries, (e) => e.shown).forEach((entry, i) => {
    const label = series[i]!;
    if (!entry) out.push(`series "${label}" has no legend entry (entries: ${shown.join(' | ')})`);
    else if (entry.colour) colours[i] = entry.colour;
    else out.push(`legend entry "${label}" has no colour`);
  });
  const list = series
    .map((label, i) => [label, colours[i]] as const)
    .filter((x): x is readonly [string, string] => x[1] !== undefined);
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      if (colourDistance(list[i]![1], list[j]![1]) < DISTINCT)
        out.push(`"${list[i]![0]}" and "${list[j]![0]}" share a colour (${list[i]![1]}, ${list[j]![1]})`);
    }
  }
  return { colours, problems: out };
}

function groupedProblems(scene: Scene, input: Extract<ChartRequest, { kind: 'grouped-bars' }>['input']): string[] {
  const out: string[] = [];
  const bars = barsOf(scene);
  if (bars.length !== 2 * input.categories.length)
    out.push(`${bars.length} bars for ${input.categories.length} categories × 2`);
  const legend = legendProblems(scene, [input.aLabel, input.bLabel]);
  out.push(...legend.problems);
  const { orientation, labels } = bandAxis(
    scene,
    input.categories.map((c) => c.label),
  );
  const axis = categoryLabelProblems(
    input.categories.map((c) => c.label),
    labels,
    out,
  );
  const groups = [...new Set(bars.map((b) => String(b.datum?.group)))];
  const spans: { label: string; start: number; end: number }[] = [];
  for (const [i, c] of input.categories.entries()) {
    const label = axis[i];
    if (!label) continue;
    const pair = bars.filter((b) => b.datum?.category === joined(label));
    if (pair.length !== 2) {
      out.push(`category "${c.label}" has ${pair.length} bars, not 2`);
      continue;
    }
    const [a, b] = [pair.find((p) => p.datum?.group === groups[0]), pair.find((p) => p.datum?.group === groups[1])];
    if (!a || !b) {
      out.push(`category "${c.label}" lacks an A or a B bar`);
      continue;
    }
    for (const [bar, value, name] of [
      [a, c.a, input.aLabel],
      [b, c.b, input.bLabel],
    ] as const) {
      if (thickness(bar, orientation) <= 1)
        out.push(`${name} bar of "${c.label}" is ${round(thickness(bar, orientation))} px thick`);
      if (value !== 0 && !(length(bar, orientation) > 0))
        out.push(`${name} bar of "${c.label}" (${value}) has no length`);
    }
    const [sa, sb] = [along(a, orientation), along(b, orientation)];
    if (sa.end > sb.start + 0.01)
      out.push(
        `bars of "${c.label}" overlap or are out of order (A ${round(sa.start)}–${round(sa.end)}, B ${round(sb.start)}–${round(sb.end)})`,
      );
    if (sb.start - sa.end > Math.max(2, 0.5 * thickness(a, orientation)))
      out.push(`bars of "${c.label}" are not side by side (gap ${round(sb.start - sa.end)} px)`);
    const mid = centre(label, orientation);
    if (mid < sa.start - 1 || mid > sb.end + 1) out.push(`label "${joined(label)}" is not beside its pair of bars`);
    spans.push({ label: c.label, start: sa.start, end: sb.end });
    const expect = legend.colours;
    if (a.fill !== expect[0] || b.fill !== expect[1])
      out.push(`bars of "${c.label}" are ${a.fill}/${b.fill}, the legend says ${expect.join('/')}`);
  }
  spans.sort((x, y) => x.start - y.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start < spans[i - 1]!.end - 0.01)
      out.push(`the pairs of "${spans[i - 1]!.label}" and "${spans[i]!.label}" overlap`);
  }
  return out;
}

// ---- lines ----------------------------------------------------------------------------------

const DAY = 86_400_000;
const utc = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** Partial buckets the test expects, worked out from the input on its own. */
export function expectedPartial(input: LinesOverTimeInput, series: number, date: string): boolean {
  const point = input.series[series]!.points.find((p) => p.date === date);
  if (point?.partial) return true;
  if (!input.period || !input.interval) return false;
  const d = new Date(utc(date));
  const last =
    input.interval === 'day'
      ? date
      : input.interval === 'week'
        ? new Date(utc(date) + 6 * DAY).toISOString().slice(0, 10)
        : new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  return date < input.period.firstDay || last > input.period.lastDay;
}

export function dateLabel(date: string, monthly: boolean): string {
  const d = new Date(utc(date));
  return monthly
    ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
    : `${String(d.getUTCDate()).padStart(2, '0')} ${MONTHS[d.getUTCMonth()]}`;
}

/** A datum's date as YYYY-MM-DD (vega-lite parses the field into a Date in place). */
const dayOf = (value: unknown): string =>
  typeof value === 'string' ? value.slice(0, 10) : new Date(value as number).toISOString().slice(0, 10);

const isWhite = (c: string | undefined) => c !== undefined && /^(#fff(fff)?|white)$/i.test(c);

function lineProblems(scene: Scene, input: LinesOverTimeInput): string[] {
  const out: string[] = [];
  const legend = legendProblems(
    scene,
    input.series.map((s) => s.label),
  );
  out.push(...legend.problems);
  const entries = legendEntriesOf(scene);
  const symbols = itemsOf(scene, 'mark', 'symbol');
  const vertices = itemsOf(scene, 'mark', 'line');
  let anyPartial = false;
  const matched = assign(
    input.series.map((s) => s.label),
    entries,
    (e) => e.shown,
  );
  input.series.forEach((s, si) => {
    const shown = matched[si]?.shown;
    const colour = legend.colours[si];
    if (!shown || !colour) return;
    const mine = symbols.filter((p) => p.datum?.series === shown);
    if (mine.length !== s.points.length)
      out.push(`series "${s.label}" draws ${mine.length} points for ${s.points.length}`);
    const lines = vertices.filter((v) => v.datum?.series === shown);
    if (s.points.length > 1 && lines.length === 0) out.push(`series "${s.label}" draws no line`);
    for (const v of lines)
      if (v.stroke !== colour) out.push(`a line of "${s.label}" is ${v.stroke}, its legend entry ${colour}`);
    for (const point of s.points) {
      const partial = expectedPartial(input, si, point.date);
      anyPartial ||= partial;
      const symbol = mine.find((p) => dayOf(p.datum?.date) === point.date);
      if (!symbol) {
        out.push(`"${s.label}" has no point on ${point.date}`);
        continue;
      }
      if (partial && !(isWhite(symbol.fill) && symbol.stroke === colour))
        out.push(
          `partial point of "${s.label}" on ${point.date} is not hollow (fill ${symbol.fill}, stroke ${symbol.stroke})`,
        );
      if (!partial && symbol.fill !== colour)
        out.push(
          `point of "${s.label}" on ${point.date} is ${symbol.fill}, not its colour ${colour}${isWhite(symbol.fill) ? ' (drawn as partial)' : ''}`,
        );
      const dashed = lines.some((v) => dayOf(v.datum?.date) === point.date && (v.strokeDash?.length ?? 0) > 0);
      if (partial && s.points.length > 1 && !dashed)
        out.push(`partial point of "${s.label}" on ${point.date} is not joined by a dashed line`);
    }
    const solid = lines.filter((v) => !v.strokeDash?.length);
    for (const v of solid)
      if (expectedPartial(input, si, dayOf(v.datum?.date)))
        out.push(`"${s.label}" joins its partial point on ${dayOf(v.datum?.date)} with a solid line`);
  });
  const note = itemsOf(scene, 'title-subtitle').map(joined).join(' ');
  const mentions = /partial|in progress/i.test(note.replace(input.subtitle ?? '', ''));
  if (anyPartial && !mentions) out.push(`partial buckets are drawn but the subtitle does not say so ("${note}")`);
  if (!anyPartial && mentions) out.push(`the subtitle mentions partial buckets but there are none ("${note}")`);
  // the time axis labels buckets (not Sundays between them), the first bucket included
  const dates = [...new Set(input.series.flatMap((s) => s.points.map((p) => p.date)))].sort();
  const monthly =
    dates.length > 1 && dates.every((d) => d.endsWith('-01')) && utc(dates[1]!) - utc(dates[0]!) > 27 * DAY;
  const expected = dates.map((d) => dateLabel(d, monthly));
  const shown = axisLabelsOf(scene, 'bottom').map(joined);
  if (dates.length > 0 && shown[0] !== expected[0])
    out.push(`the first bucket (${dates[0]}) is not labelled: the time axis starts at "${shown[0]}"`);
  const stray = shown.filter((l) => !expected.includes(l));
  if (stray.length) out.push(`time-axis labels ${stray.map((l) => `"${l}"`).join(', ')} are not buckets of the data`);
  return out;
}

/** Every problem the scene of `request` shows; [] when it renders right. */
export function sceneProblems(scene: Scene, request: ChartRequest): string[] {
  const input = request.input;
  const out = [
    ...frameProblems(scene),
    ...cutTextProblems(scene),
    ...overlapProblems(scene),
    ...titleProblems(scene, input.title, input.subtitle),
  ];
  switch (request.kind) {
    case 'bars-by-marketplace':
      out.push(...barProblems(scene, request.input.items, true));
      break;
    case 'return-rate-bars':
      out.push(
        ...barProblems(
          scene,
          request.input.items.map((i) => ({ label: i.label, value: i.percent })),
          false,
        ),
      );
      break;
    case 'grouped-bars':
      out.push(...groupedProblems(scene, request.input));
      break;
    case 'lines-over-time':
      out.push(...lineProblems(scene, request.input));
      break;
  }
  return out;
}
