import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { fontDirectory } from './fonts.ts';

/**
 * Text widths from the DejaVu Sans files the PNG is drawn with.
 *
 * Without a canvas package vega guesses every glyph at 0.8 em, about a third wider than
 * DejaVu Sans: it then cuts labels that would fit, lays legends out too wide, and (for wide
 * glyphs such as "W" or "—") too narrow. Reading the advance widths from the font makes the
 * layout vega computes (truncation, label overlap, autosize) the one librsvg draws.
 * Kerning is ignored, so a measured width is never less than the drawn one by more than a hair.
 */

interface FontWidths {
  /** Advance width of a code point in em, or undefined when the font has no glyph for it. */
  advance(codePoint: number): number | undefined;
  fallback: number;
}

function parseFont(file: string): FontWidths {
  const buf = readFileSync(file);
  const tables = new Map<string, number>();
  const count = buf.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    tables.set(buf.toString('latin1', at, at + 4), buf.readUInt32BE(at + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`${file} has no ${tag} table`);
    return at;
  };
  const unitsPerEm = buf.readUInt16BE(table('head') + 18);
  const metrics = buf.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphAdvance = (glyph: number) => buf.readUInt16BE(hmtx + Math.min(glyph, metrics - 1) * 4) / unitsPerEm;

  // cmap: the Windows Unicode BMP subtable (platform 3, encoding 1), format 4.
  const cmap = table('cmap');
  let sub = -1;
  for (let i = 0; i < buf.readUInt16BE(cmap + 2); i++) {
    const at = cmap + 4 + i * 8;
    if (buf.readUInt16BE(at) === 3 && buf.readUInt16BE(at + 2) === 1) sub = cmap + buf.readUInt32BE(at + 4);
  }
  if (sub < 0 || buf.readUInt16BE(sub) !== 4) throw new Error(`${file} has no format 4 Unicode cmap`);
  const segments = buf.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const offsets = deltas + segments * 2;
  const glyphOf = (cp: number): number => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < segments; s++) {
      if (cp > buf.readUInt16BE(ends + s * 2)) continue;
      const start = buf.readUInt16BE(starts + s * 2);
      if (cp < start) return 0;
      const delta = buf.readInt16BE(deltas + s * 2);
      const rangeOffset = buf.readUInt16BE(offsets + s * 2);
      if (rangeOffset === 0) return (cp + delta) & 0xffff;
      const glyph = buf.readUInt16BE(offsets + s * 2 + rangeOffset + (cp - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number | undefined>();
  return {
    advance(cp) {
      if (!cache.has(cp)) {
        const glyph = glyphOf(cp);
        cache.set(cp, glyph === 0 ? undefined : glyphAdvance(glyph));
      }
      return cache.get(cp);
    },
    fallback: glyphAdvance(0),
  };
}

let fonts: { regular: FontWidths; bold: FontWidths } | undefined;

function loadFonts(): { regular: FontWidths; bold: FontWidths } {
  fonts ??= {
    regular: parseFont(join(fontDirectory(), 'DejaVuSans.ttf')),
    bold: parseFont(join(fontDirectory(), 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

function isBold(weight: unknown): boolean {
  if (typeof weight === 'number') return weight >= 600;
  return typeof weight === 'string' && (weight === 'bold' || weight === 'bolder' || Number(weight) >= 600);
}

/** Width in px of `text` in DejaVu Sans (bold when `fontWeight` says so) at `fontSize` px. */
export function measureText(text: string, fontSize: number, fontWeight?: unknown): number {
  const font = isBold(fontWeight) ? loadFonts().bold : loadFonts().regular;
  let em = 0;
  for (const ch of text) em += font.advance(ch.codePointAt(0)!) ?? font.fallback;
  return em * fontSize;
}

interface TextItem {
  fontSize?: unknown;
  fontWeight?: unknown;
}

/** Same contract as a user-defined vega textMetrics.width: the width of `text` as given (vega truncates around it). */
export function itemWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const line = text == null ? '' : String(text).trim();
  return size <= 0 || line === '' ? 0 : measureText(line, size, item.fontWeight);
}

let installed = false;

/** Makes vega measure text with DejaVu's widths (once per process; charts are the only vega users). */
export function installChartTextMetrics(): void {
  if (installed) return;
  loadFonts();
  (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics.width =
    itemWidth;
  installed = true;
}

const ELLIPSIS = '\u2026';

/**
 * `text` cut deliberately to `width` px with a trailing "…" (at a word boundary when one is
 * near), or unchanged when it fits. Used for labels so vega never has to cut them itself.
 */
export function shortenText(text: string, width: number, fontSize: number, fontWeight?: unknown): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (measureText(clean, fontSize, fontWeight) <= width) return clean;
  const chars = [...clean];
  let keep = 0;
  while (
    keep < chars.length &&
    measureText(chars.slice(0, keep + 1).join('') + ELLIPSIS, fontSize, fontWeight) <= width
  )
    keep++;
  let head = chars.slice(0, keep).join('');
  const space = head.lastIndexOf(' ');
  if (space >= head.length * 0.7) head = head.slice(0, space);
  return head.replace(/[\s,;:–—-]+$/, '') + ELLIPSIS;
}

/**
 * Greedy word wrap to `width` px in at most `maxLines` lines; a word wider than a line is
 * broken. The last line is shortened with "…" only when the text needs more lines.
 * Joining the lines with single spaces gives back the (whitespace-normalised) text when it fit.
 */
export function wrapText(
  text: string,
  width: number,
  fontSize: number,
  fontWeight: unknown,
  maxLines: number,
): { lines: string[]; fits: boolean } {
  const fits = (s: string) => measureText(s, fontSize, fontWeight) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (!fits(line)) {
      const chars = [...line];
      let n = 1;
      while (n < chars.length && fits(chars.slice(0, n + 1).join(''))) n++;
      lines.push(chars.slice(0, n).join(''));
      line = chars.slice(n).join('');
    }
  }
  if (line || lines.length === 0) lines.push(line);
  if (lines.length <= maxLines) return { lines, fits: true };
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = shortenText(
    `${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`,
    width,
    fontSize,
    fontWeight,
  );
  return { lines: kept, fits: false };
}
