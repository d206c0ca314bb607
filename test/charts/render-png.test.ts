import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { fontDirectory } from '../../src/charts/fonts.ts';
import { renderPng, renderSvg, type VegaLiteSpec } from '../../src/charts/render-png.ts';
import { barsByMarketplaceSpec } from '../../src/charts/specs/bars-by-marketplace.ts';
import { groupedBarsSpec } from '../../src/charts/specs/grouped-bars.ts';
import { linesOverTimeSpec } from '../../src/charts/specs/lines-over-time.ts';
import { returnRateBarsSpec } from '../../src/charts/specs/return-rate-bars.ts';
import { returnRates, revenueOverTime, salesByMarketplace, unitsBySku } from './chart-fixtures.ts';

const builders: [string, VegaLiteSpec][] = [
  ['bars-by-marketplace', barsByMarketplaceSpec(salesByMarketplace)],
  ['lines-over-time', linesOverTimeSpec(revenueOverTime)],
  ['grouped-bars', groupedBarsSpec(unitsBySku)],
  ['return-rate-bars', returnRateBarsSpec(returnRates)],
];

async function pixels(png: Buffer): Promise<Buffer> {
  return sharp(png).raw().toBuffer();
}

function differingBytes(a: Buffer, b: Buffer): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
  return count;
}

describe('renderPng', () => {
  it.each(builders)('%s decodes as a PNG at twice the spec size', async (_name, spec) => {
    expect(spec).toMatchObject({ width: 640, height: 360 });
    const chart = await renderPng(spec);
    const meta = await sharp(chart.png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 1280, height: 720 });
    expect({ width: chart.width, height: chart.height }).toEqual({ width: 1280, height: 720 });
  });

  it('honours the scale option and refuses a silly one', async () => {
    const chart = await renderPng(returnRateBarsSpec(returnRates), { scale: 1 });
    expect({ width: chart.width, height: chart.height }).toEqual({ width: 640, height: 360 });
    await expect(renderPng(returnRateBarsSpec(returnRates), { scale: 50 })).rejects.toMatchObject({
      name: 'ChartSpecError',
      reason: 'INVALID_SPEC',
    });
  });

  it('formats currency axes and labels with the currency symbol and grouping', async () => {
    const inr = await renderSvg(barsByMarketplaceSpec(salesByMarketplace));
    expect(inr).toContain('₹8,50,000.00');
    expect(inr).toContain('₹12,34,567.50');
    expect(inr).toContain('DejaVu Sans');
    const usd = await renderSvg(linesOverTimeSpec(revenueOverTime));
    expect(usd).toMatch(/>\$1,\d00</);
    expect(usd).toContain('01 Mar');
    expect(await renderSvg(returnRateBarsSpec(returnRates))).toContain('7.25%');
  });

  it('points fontconfig at the npm-shipped DejaVu fonts', async () => {
    await renderPng(returnRateBarsSpec(returnRates));
    const file = process.env.FONTCONFIG_FILE!;
    expect(readFileSync(file, 'utf8')).toContain(`<dir>${fontDirectory()}</dir>`);
    expect(readFileSync(`${fontDirectory()}/DejaVuSans.ttf`).length).toBeGreaterThan(100_000);
  });

  it('draws real glyphs, not missing-glyph boxes', async () => {
    const base = returnRateBarsSpec(returnRates);
    const untitled = await renderPng({ ...base, title: '' } as VegaLiteSpec);
    const narrow = await renderPng({ ...base, title: 'iiiiiiiiii' } as VegaLiteSpec);
    const wide = await renderPng({ ...base, title: 'WWWWWWWWWW' } as VegaLiteSpec);
    const [u, n, w] = await Promise.all([pixels(untitled.png), pixels(narrow.png), pixels(wide.png)]);
    expect(differingBytes(u, n)).toBeGreaterThan(500);
    // Tofu boxes are the same for every letter; real fonts draw i and W differently.
    expect(differingBytes(n, w)).toBeGreaterThan(500);
  });

  it('renders warm again without trouble', async () => {
    const spec = groupedBarsSpec(unitsBySku);
    await renderPng(spec);
    const again = await renderPng(spec);
    expect(again.png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
