import sharp from 'sharp';
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { assertInlineSpec } from './assert-inline-spec.ts';
import { ChartSpecError, ChartSpecReason } from './chart-spec-error.ts';
import { ensureChartFonts } from './fonts.ts';
import { createLockedLoader } from './locked-loader.ts';
import { installChartTextMetrics } from './text-metrics.ts';

export type VegaLiteSpec = TopLevelSpec;

export interface RenderedChart {
  png: Buffer;
  /** Pixel size of the PNG (the spec's size times the scale). */
  width: number;
  height: number;
}

const renderOptions = z.object({ scale: z.number().min(0.5).max(4).default(2) }).strict();
export type RenderOptions = z.input<typeof renderOptions>;

function parseOptions(opts: RenderOptions | undefined): { scale: number } {
  const parsed = renderOptions.safeParse(opts ?? {});
  if (!parsed.success)
    throw new ChartSpecError(ChartSpecReason.INVALID_SPEC, `bad render options: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Checks a Vega-Lite spec is inline-only and compiles it to Vega. Throws ChartSpecError. */
export function compileSpec(spec: VegaLiteSpec): vega.Spec {
  assertInlineSpec(spec);
  try {
    return compile(spec).spec;
  } catch (cause) {
    throw new ChartSpecError(
      ChartSpecReason.INVALID_SPEC,
      `vega-lite could not compile the spec: ${(cause as Error).message}`,
      undefined,
      { cause },
    );
  }
}

/** A vega View set up exactly as the renderer draws it; `assertClean` throws when it reached out or logged an error. */
export interface LockedView {
  view: vega.View;
  assertClean(): void;
}

/** Vega spec → View with renderer 'none', the locked loader and the CSP-safe expression interpreter. Call view.finalize() when done. */
export function createLockedView(spec: vega.Spec): LockedView {
  // vega lays text out with DejaVu's real widths, the font the PNG is drawn with
  installChartTextMetrics();
  const { loader, refused } = createLockedLoader();
  const errors: unknown[] = [];
  const logger = vega.logger(vega.None);
  logger.error = (...args: readonly unknown[]) => {
    errors.push(args);
    return logger;
  };
  const view = new vega.View(vega.parse(spec, undefined, { ast: true }), {
    renderer: 'none',
    loader,
    logger,
    expr: expressionInterpreter,
  });
  const assertClean = () => {
    // vega logs a failed data load and draws on without the data: fail here instead.
    if (refused.length > 0) {
      throw new ChartSpecError(
        ChartSpecReason.LOADER_REFUSED,
        `chart asked for external resources (${refused.join(', ')}): data must be inline`,
      );
    }
    if (errors.length > 0) {
      throw new ChartSpecError(ChartSpecReason.INVALID_SPEC, `vega failed to render the chart: ${String(errors[0])}`);
    }
  };
  return { view, assertClean };
}

/**
 * Each step of a render (compile, parse, dataflow, SVG) holds the thread for up to ~40 ms on a
 * long trend; together they held it ~110 ms, and a health check or an acknowledgement waited.
 * Between steps the event loop gets its turn.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Vega spec → SVG string, with the locked loader and the CSP-safe expression interpreter. */
export async function renderVegaSvg(spec: vega.Spec, scale = 2): Promise<string> {
  await yieldToEventLoop();
  const { view, assertClean } = createLockedView(spec);
  try {
    await yieldToEventLoop();
    await view.runAsync();
    await yieldToEventLoop();
    const svg = await view.toSVG(scale);
    assertClean();
    return svg;
  } finally {
    view.finalize();
  }
}

export async function svgToPng(svg: string): Promise<RenderedChart> {
  ensureChartFonts();
  const { data, info } = await sharp(Buffer.from(svg)).png().toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}

/** Vega spec → PNG; for specs built here this goes through renderPng, which checks them first. */
export async function renderVegaPng(spec: vega.Spec, opts?: RenderOptions): Promise<RenderedChart> {
  const { scale } = parseOptions(opts);
  return svgToPng(await renderVegaSvg(spec, scale));
}

export async function renderSvg(spec: VegaLiteSpec, opts?: RenderOptions): Promise<string> {
  const { scale } = parseOptions(opts);
  return renderVegaSvg(compileSpec(spec), scale);
}

/** Vega-Lite spec with inline data → PNG at `scale` (default 2x). Throws ChartSpecError. */
export async function renderPng(spec: VegaLiteSpec, opts?: RenderOptions): Promise<RenderedChart> {
  return svgToPng(await renderSvg(spec, opts));
}
