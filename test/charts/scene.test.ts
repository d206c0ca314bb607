import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import * as vega from 'vega';
import { type ChartRequest, chartSpec } from '../../src/charts/chart-request.ts';
import { colourDistance, MARKETPLACE_COLOURS, marketplaceColour } from '../../src/charts/chart-style.ts';
import {
  axisLabelsOf,
  barsOf,
  inspectChart,
  inspectScene,
  itemsOf,
  legendEntriesOf,
  type Scene,
} from '../../src/charts/inspect-scene.ts';
import { renderPng, type VegaLiteSpec } from '../../src/charts/render-png.ts';
import { legacySpec } from './legacy-specs.ts';
import { sceneProblems } from './scene-checks.ts';
import { QUARTER_WEEKS, sceneCases } from './scene-fixtures.ts';

const byName = (part: string): ChartRequest => {
  const found = sceneCases.find((c) => c.name.includes(part));
  if (!found) throw new Error(`no scene case "${part}"`);
  return found.request;
};
const legendColour = (scene: Scene, label: string) => legendEntriesOf(scene).find((e) => e.label === label)?.colour;

describe('every chart kind renders right (checked on the scene vega draws)', () => {
  it.each(sceneCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const scene = await inspectChart(c.request);
    expect(sceneProblems(scene, c.request)).toEqual([]);
  });
});

describe('specific promises', () => {
  it("labels a quarter's first part-week and draws both part-weeks hollow and dashed, saying so", async () => {
    const scene = await inspectChart(byName('13-week quarter'));
    const [first] = axisLabelsOf(scene, 'bottom');
    expect(first?.text?.shown).toEqual(['29 Dec']);
    const points = itemsOf(scene, 'mark', 'symbol');
    const day = (p: (typeof points)[number]) => new Date(p.datum!.date as number).toISOString().slice(0, 10);
    // the label sits under the first week's points
    const x = points.find((p) => day(p) === QUARTER_WEEKS[0])!.point!.x;
    expect(first!.bounds.x1).toBeLessThanOrEqual(x + 0.5);
    expect(first!.bounds.x2).toBeGreaterThan(x);
    const hollow = [...new Set(points.filter((p) => p.fill === 'white').map(day))];
    expect(hollow).toEqual([QUARTER_WEEKS[0], QUARTER_WEEKS[13]]);
    const dashed = [
      ...new Set(
        itemsOf(scene, 'mark', 'line')
          .filter((v) => v.strokeDash?.length)
          .map(day),
      ),
    ].sort();
    expect(dashed).toEqual([QUARTER_WEEKS[0], QUARTER_WEEKS[1], QUARTER_WEEKS[12], QUARTER_WEEKS[13]]);
    expect(
      itemsOf(scene, 'title-subtitle')
        .map((t) => t.text!.full)
        .join(' '),
    ).toMatch(/partial weeks/);
    expect(itemsOf(scene, 'axis-title').map((t) => t.text!.full)).toContain('Weeks starting Monday');
  });

  it('shows all seven marketplaces and both Shopify stores in the trend legend, each its own colour', async () => {
    const scene = await inspectChart(byName('13-week quarter'));
    const entries = legendEntriesOf(scene);
    expect(entries.map((e) => e.shown)).toEqual([
      'Shopify',
      'Shopify — Outlet store',
      'eBay',
      'Etsy',
      'Flipkart',
      'BigCommerce',
      'Square',
      'Snapdeal',
    ]);
    for (const e of entries) {
      expect(e.symbol.bounds.x2).toBeLessThanOrEqual(640);
      expect(e.text.bounds.x2).toBeLessThanOrEqual(640);
    }
  });

  it('gives a marketplace the same colour in every chart, and its second store a shade of it', async () => {
    const bars = await inspectChart(byName('eight stores in lakhs'));
    const lines = await inspectChart(byName('13-week quarter'));
    const pair = await inspectChart(byName('a single category'));
    const bar = (label: string) => barsOf(bars).find((b) => b.datum?.label === label)!.fill;
    for (const name of ['Shopify', 'eBay', 'Square', 'Snapdeal']) {
      expect(marketplaceColour(name)).toMatch(/^#[0-9a-f]{6}$/);
      expect(bar(name)).toBe(marketplaceColour(name));
      expect(legendColour(lines, name)).toBe(marketplaceColour(name));
    }
    expect(legendColour(pair, 'Flipkart')).toBe(marketplaceColour('Flipkart'));
    expect(legendColour(pair, 'Shopify')).toBe(marketplaceColour('Shopify'));
    const outlet = bar('Shopify — Outlet store')!;
    expect(legendColour(lines, 'Shopify — Outlet store')).toBe(outlet);
    expect(colourDistance(outlet, marketplaceColour('Shopify')!)).toBeGreaterThanOrEqual(12);
    const palette = Object.values(MARKETPLACE_COLOURS);
    for (let i = 0; i < palette.length; i++)
      for (let j = i + 1; j < palette.length; j++)
        expect(colourDistance(palette[i]!, palette[j]!)).toBeGreaterThanOrEqual(20);
  });

  it('stands grouped bars up while their labels fit level under them, and lays them down when not', async () => {
    const skus = await inspectChart(byName('three SKUs'));
    expect(axisLabelsOf(skus, 'bottom').map((l) => l.text!.full)).toEqual(['SKU-1', 'SKU-22', 'SKU-333']);
    const width = (s: Scene) => new Set(barsOf(s).map((b) => Math.round(b.rect!.width * 100)));
    const height = (s: Scene) => new Set(barsOf(s).map((b) => Math.round(b.rect!.height * 100)));
    // columns: one bar width, heights by value; rows: one bar height, widths by value
    expect(width(skus).size).toBe(1);
    expect(height(skus).size).toBeGreaterThan(1);
    const long = await inspectChart(byName('twelve long product names'));
    const left = axisLabelsOf(long, 'left');
    expect(left).toHaveLength(12);
    expect(left.every((l) => l.text!.angle === 0)).toBe(true);
    expect(left[1]!.text!.full).toMatch(/^Handloom Cotton Saree.*… \(2\)$/);
    expect(height(long).size).toBe(1);
    expect(width(long).size).toBeGreaterThan(1);
  });
});

describe('the scene inspector', () => {
  it("reports vega's own cuts as the SVG draws them", async () => {
    const spec = {
      width: 300,
      height: 100,
      data: { values: [{ a: 'A category name far too long for sixty pixels', b: 1 }] },
      mark: 'bar',
      encoding: {
        y: { field: 'a', type: 'nominal', axis: { labelLimit: 60 } },
        x: { field: 'b', type: 'quantitative' },
      },
    } as VegaLiteSpec;
    const [label] = axisLabelsOf(await inspectScene(spec), 'left');
    expect(label?.text?.truncated).toBe(true);
    expect(label?.text?.shown[0]).toMatch(/^A cat.*…$/);
    const scene = await inspectScene(spec);
    expect(scene.svg).toContain(`>${label!.text!.shown[0]}</text>`);
  });

  it("measures text as the PNG draws it (DejaVu widths, not vega's 0.8 em guess)", async () => {
    const request = byName('13-week quarter');
    const scene = await inspectChart(request);
    const { data, info } = await sharp((await renderPng(chartSpec(request), { scale: 2 })).png)
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const inkRight = (y1: number, y2: number) => {
      let right = -1;
      for (let y = Math.ceil(y1 * 2); y < Math.floor(y2 * 2); y++)
        for (let x = 0; x < info.width; x++) if (data[y * info.width + x]! < 110) right = Math.max(right, x);
      return (right + 1) / 2;
    };
    const title = itemsOf(scene, 'title-text')[0]!;
    expect(Math.abs(inkRight(title.bounds.y1, title.bounds.y2) - title.bounds.x2)).toBeLessThan(2.5);
    const snapdeal = legendEntriesOf(scene).find((e) => e.label === 'Snapdeal')!.text;
    expect(Math.abs(inkRight(snapdeal.bounds.y1, snapdeal.bounds.y2) - snapdeal.bounds.x2)).toBeLessThan(2.5);
  });
});

describe('the checks catch what the charts drew wrong before issue 15', () => {
  const problems = async (part: string) => {
    const request = byName(part);
    return sceneProblems(await inspectScene(legacySpec(request)), request).join('\n');
  };

  it("zero-width bars, piled-up labels and a cut title in the compare chart (with vega's own text guess, as rendered before)", async () => {
    const metrics = (vega as unknown as { textMetrics: { width: unknown; estimateWidth: unknown } }).textMetrics;
    await inspectChart(byName('three SKUs')); // installs the DejaVu widths, which this test swaps out for a moment
    const dejavu = metrics.width;
    metrics.width = metrics.estimateWidth;
    try {
      const found = await problems('the compare tool');
      expect(found).toMatch(/this month bar of "eBay" is 0\.\d+ px thick/);
      expect(found).toMatch(/axis-label "eBay" .* overlaps axis-label "Flipkart"/);
      expect(found).toMatch(/title-text "Sales by marketplace .*" falls outside the 640×360 frame/);
      expect(found).toMatch(/bars of "Flipkart" overlap or are out of order/);
    } finally {
      metrics.width = dejavu;
    }
  });

  it('the trend legend losing Square, Snapdeal and the second store off the right edge; an unlabelled first part-week', async () => {
    const found = await problems('13-week quarter');
    expect(found).toMatch(/legend-label "Square" falls outside the 640×360 frame/);
    expect(found).toMatch(/legend-label "Snapdeal" falls outside/);
    expect(found).toMatch(/the first bucket \(2025-12-29\) is not labelled/);
    expect(found).toMatch(/time-axis labels "04 Jan".* are not buckets of the data/);
    expect(found).toMatch(/partial point of "Shopify" on 2025-12-29 is not hollow/);
    expect(found).toMatch(/partial buckets are drawn but the subtitle does not say so/);
  });

  it('long names cut by vega, value labels off the frame, one colour for every marketplace', async () => {
    const found = await problems('twelve long names');
    expect(found).toMatch(/axis-label ".*…" is cut by vega/);
    expect(found).toMatch(/mark "₹4,22,500.00" falls outside the 640×360 frame/);
    expect(await problems('eight stores in lakhs')).toMatch(
      /bars "Shopify" and "Shopify — Outlet store" share a colour/,
    );
  });
});
