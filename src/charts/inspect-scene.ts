import type * as vega from 'vega';
import { type ChartRequest, chartSpec } from './chart-request.ts';
import { compileSpec, createLockedView, type VegaLiteSpec } from './render-png.ts';
import { itemWidth } from './text-metrics.ts';

/**
 * Reads a chart the way the renderer draws it: the same compile, the same locked View
 * (renderer 'none', locked loader, expression interpreter, 640×360 frame), then walks
 * view.scenegraph() into a flat list of items with absolute bounds, so tests can check
 * what is on the picture (bar widths, cut text, overlaps, legend entries) rather than the spec.
 */

/** Box in pixels of the 1x frame (0,0 is the top left corner of the picture). */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface SceneText {
  /** The text the item was given (lines joined with '\n'). */
  full: string;
  /** The lines as drawn: vega cuts a line longer than the item's `limit` and ends it with '…'. */
  shown: string[];
  truncated: boolean;
  /** Rotation in degrees. */
  angle: number;
}

export interface SceneItem {
  /** vega role of the item's mark: 'mark' (data), 'axis-label', 'axis-title', 'legend-label', 'legend-symbol', 'title-text', 'title-subtitle', … */
  role: string;
  /** vega mark type: rect, text, symbol, line, rule, group, … */
  type: string;
  /** Name of the mark in the compiled spec ('marks', 'layer_1_marks', …), when it has one. */
  name?: string;
  /** Absolute bounds in the frame (vega's own bounds: text measured the way vega lays it out). */
  bounds: Box;
  /** Anchor of a symbol (its centre) or of a line's vertex, absolute. */
  point?: { x: number; y: number };
  /** Position and size for rects (bars), absolute. */
  rect?: { x: number; y: number; width: number; height: number };
  fill?: string;
  stroke?: string;
  strokeDash?: number[];
  /** False when vega hid it (opacity 0, e.g. labels dropped for overlap) or it has nothing to draw. */
  visible: boolean;
  datum?: Record<string, unknown>;
  text?: SceneText;
  /** For axis parts: the axis orient ('bottom', 'left', …) and its scale name. */
  axis?: { orient: string; scale: string };
}

export interface Scene {
  /** Size of the picture at 1x. */
  width: number;
  height: number;
  items: SceneItem[];
  /** The SVG the renderer produced at 1x (the PNG is this, rasterised). */
  svg: string;
}

type Rec = Record<string, unknown>;
interface VegaItem extends Rec {
  mark: VegaMark;
  bounds?: { x1: number; y1: number; x2: number; y2: number };
  items?: VegaMark[];
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  datum?: Rec;
}
interface VegaMark extends Rec {
  marktype: string;
  role: string;
  name?: string;
  items: VegaItem[];
}

/** Width of one line as vega measures it (untruncated): createLockedView installs this measure in vega. */
function measure(item: VegaItem, line: string): number {
  return itemWidth(item as { fontSize?: unknown; fontWeight?: unknown }, line);
}

/** The line as vega draws it: mirrors vega-scenegraph's textValue/truncate (left-to-right). */
function shownLine(item: VegaItem, raw: string): string {
  const text = raw.trim();
  const limit = Number(item.limit ?? 0);
  if (!(limit > 0) || text.length === 0 || measure(item, text) < limit) return text;
  const ellipsis = typeof item.ellipsis === 'string' ? item.ellipsis : '\u2026';
  const room = limit - measure(item, ellipsis);
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = 1 + ((lo + hi) >>> 1);
    if (measure(item, text.slice(0, mid)) < room) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + ellipsis;
}

function textOf(item: VegaItem): SceneText | undefined {
  const raw = item.text;
  if (raw === undefined || raw === null) return undefined;
  const lines = Array.isArray(raw)
    ? raw.map(String)
    : typeof item.lineBreak === 'string' || item.lineBreak instanceof RegExp
      ? String(raw).split(item.lineBreak as string)
      : [String(raw)];
  const shown = lines.map((line) => shownLine(item, line));
  return {
    full: lines.join('\n'),
    shown,
    truncated: shown.some((s, i) => s !== (lines[i] ?? '').trim()),
    angle: Number(item.angle ?? 0),
  };
}

function colour(value: unknown): string | undefined {
  if (value === undefined || value === null || value === 'transparent') return undefined;
  return String(value);
}

function isVisible(item: VegaItem, type: string): boolean {
  if (item.opacity === 0) return false;
  if (type === 'text') return item.fillOpacity !== 0;
  return true;
}

/** Walks the scenegraph from its root mark; offsets accumulate through group items. */
function walk(mark: VegaMark, dx: number, dy: number, axis: SceneItem['axis'], out: SceneItem[]): void {
  for (const item of mark.items ?? []) {
    const b = item.bounds;
    const vertex = mark.marktype === 'line' || mark.marktype === 'area' || mark.marktype === 'trail';
    const at = { x: (item.x ?? 0) + dx, y: (item.y ?? 0) + dy };
    // a line's items are its vertices: vega bounds the whole path on the mark, so each gets its point
    const bounds: Box =
      b && !vertex
        ? { x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy }
        : { x1: at.x, y1: at.y, x2: at.x, y2: at.y };
    const here: SceneItem = {
      role: mark.role,
      type: mark.marktype,
      ...(mark.name ? { name: mark.name } : {}),
      bounds,
      visible: isVisible(item, mark.marktype),
    };
    if (vertex || mark.marktype === 'symbol') here.point = at;
    if (mark.marktype === 'rect') {
      here.rect = { x: (item.x ?? 0) + dx, y: (item.y ?? 0) + dy, width: item.width ?? 0, height: item.height ?? 0 };
    }
    const fill = colour(item.fill);
    const stroke = colour(item.stroke);
    if (fill) here.fill = fill;
    if (stroke) here.stroke = stroke;
    if (Array.isArray(item.strokeDash)) here.strokeDash = item.strokeDash as number[];
    else if (typeof item.strokeDash === 'string' && item.strokeDash)
      here.strokeDash = item.strokeDash.split(/[ ,]+/).map(Number);
    if (item.datum && typeof item.datum === 'object') here.datum = item.datum;
    if (mark.marktype === 'text') {
      const text = textOf(item);
      if (text) here.text = text;
      if (!text || text.full.trim() === '') here.visible = false;
    }
    let childAxis = axis;
    if (mark.role === 'axis' && item.datum) {
      childAxis = { orient: String(item.orient), scale: String(item.datum.scale) };
    }
    if (childAxis) here.axis = childAxis;
    out.push(here);
    if (mark.marktype === 'group') {
      for (const child of item.items ?? []) walk(child, dx + (item.x ?? 0), dy + (item.y ?? 0), childAxis, out);
    }
  }
}

/** Renders a compiled vega spec through the locked View and returns what it drew. */
export async function inspectVegaScene(spec: vega.Spec): Promise<Scene> {
  const { view, assertClean } = createLockedView(spec);
  try {
    const svg = await view.toSVG(1);
    assertClean();
    const size = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
    const padding = view.padding() as { left?: number; top?: number };
    const [ox, oy] = view.origin();
    const items: SceneItem[] = [];
    const root = (view.scenegraph() as unknown as { root: VegaMark }).root;
    walk(root, (padding.left ?? 0) + ox, (padding.top ?? 0) + oy, undefined, items);
    return { width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), items, svg };
  } finally {
    view.finalize();
  }
}

/** Vega-Lite spec → what the renderer draws (checked for inline data like renderPng). */
export async function inspectScene(spec: VegaLiteSpec): Promise<Scene> {
  return inspectVegaScene(compileSpec(spec));
}

/** A chart request (as the chat tools build them) → what the renderer draws. */
export async function inspectChart(request: ChartRequest): Promise<Scene> {
  return inspectScene(chartSpec(request));
}

// ---- small queries for tests -------------------------------------------------------------

/** Visible items of one role (and optionally one mark type). */
export function itemsOf(scene: Scene, role: string, type?: string): SceneItem[] {
  return scene.items.filter((i) => i.role === role && i.visible && (type === undefined || i.type === type));
}

/** Data bars: visible rect items of the data marks. */
export function barsOf(scene: Scene): SceneItem[] {
  return itemsOf(scene, 'mark', 'rect');
}

/** Every visible text on the picture, whatever its role (titles, axes, legend, value labels, notes). */
export function textsOf(scene: Scene): SceneItem[] {
  return scene.items.filter((i) => i.type === 'text' && i.visible && i.text);
}

/** Visible tick labels of one axis. */
export function axisLabelsOf(scene: Scene, orient: string): SceneItem[] {
  return itemsOf(scene, 'axis-label').filter((i) => i.axis?.orient === orient);
}

/** Legend entries: each label with the colour of the symbol drawn beside it. */
export function legendEntriesOf(
  scene: Scene,
): { label: string; shown: string; colour: string | undefined; symbol: SceneItem; text: SceneItem }[] {
  const labels = itemsOf(scene, 'legend-label');
  const symbols = itemsOf(scene, 'legend-symbol');
  return labels.map((text, i) => {
    const symbol = symbols[i]!;
    return {
      label: text.text!.full,
      shown: text.text!.shown.join('\n'),
      colour: symbol?.stroke ?? symbol?.fill,
      symbol,
      text,
    };
  });
}

export function overlaps(a: Box, b: Box, slack = 0): boolean {
  return a.x1 < b.x2 - slack && b.x1 < a.x2 - slack && a.y1 < b.y2 - slack && b.y1 < a.y2 - slack;
}

export function inside(box: Box, width: number, height: number, slack = 0.5): boolean {
  return box.x1 >= -slack && box.y1 >= -slack && box.x2 <= width + slack && box.y2 <= height + slack;
}
