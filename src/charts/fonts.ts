import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The one family every chart spec asks for; shipped through npm (dejavu-fonts-ttf). */
export const CHART_FONT = 'DejaVu Sans';

let configured: string | undefined;

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Directory holding the DejaVu .ttf files inside node_modules. */
export function fontDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/**
 * Writes a fontconfig file whose only font dir is the npm-shipped DejaVu, and points
 * FONTCONFIG_FILE at it. Fontconfig reads the variable once, when librsvg/pango first lays
 * out text, so this must run before the first sharp render of an SVG in the process.
 */
export function ensureChartFonts(): string {
  if (configured) return configured;
  const fonts = fontDirectory();
  const folder = join(
    tmpdir(),
    `frame-charts-fontconfig-${createHash('sha256').update(fonts).digest('hex').slice(0, 12)}`,
  );
  mkdirSync(join(folder, 'cache'), { recursive: true });
  const file = join(folder, 'fonts.conf');
  const families = ['sans-serif', 'serif', 'monospace', 'Helvetica', 'Arial'];
  const aliases = families
    .map(
      (family) =>
        `  <alias><family>${family}</family><prefer><family>${family === 'monospace' ? 'DejaVu Sans Mono' : CHART_FONT}</family></prefer></alias>`,
    )
    .join('\n');
  const partial = `${file}.${process.pid}`;
  writeFileSync(
    partial,
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
      '<fontconfig>',
      `  <dir>${xmlEscape(fonts)}</dir>`,
      `  <cachedir>${xmlEscape(join(folder, 'cache'))}</cachedir>`,
      aliases,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
  renameSync(partial, file);
  process.env.FONTCONFIG_FILE = file;
  configured = file;
  return file;
}
