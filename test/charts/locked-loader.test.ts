import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Spec } from 'vega';
import { ChartSpecError } from '../../src/charts/chart-spec-error.ts';
import { createLockedLoader } from '../../src/charts/locked-loader.ts';
import { renderPng, renderVegaPng, type VegaLiteSpec } from '../../src/charts/render-png.ts';

let server: Server;
let hits = 0;
let base = '';
const fetchSpy = jest.spyOn(globalThis, 'fetch');

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end('[{"a":"x","b":1}]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  fetchSpy.mockRestore();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  expect(hits).toBe(0);
  expect(fetchSpy).not.toHaveBeenCalled();
});

const bar = { mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } };

async function refusal(spec: unknown): Promise<ChartSpecError> {
  const err = await renderPng(spec as VegaLiteSpec).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChartSpecError);
  return err as ChartSpecError;
}

describe('charts never reach outside the spec', () => {
  it('refuses data.url before compiling', async () => {
    const err = await refusal({ data: { url: `${base}/sales.json` }, ...bar });
    expect(err).toMatchObject({ reason: 'EXTERNAL_DATA', path: 'data' });
    expect(err.message).toMatch(/data\.url is not allowed/);
  });

  it('refuses image marks and url/href channels', async () => {
    const values = [{ a: 'x', b: 1, img: `${base}/logo.png` }];
    expect(
      await refusal({ data: { values }, mark: 'image', encoding: { url: { field: 'img', type: 'nominal' } } }),
    ).toMatchObject({ reason: 'EXTERNAL_RESOURCE' });
    expect(await refusal({ data: { values }, mark: { type: 'image', url: `${base}/a.png` } })).toMatchObject({
      reason: 'EXTERNAL_RESOURCE',
    });
    expect(
      await refusal({ data: { values }, ...bar, encoding: { ...bar.encoding, href: { field: 'img' } } }),
    ).toMatchObject({ path: 'encoding.href' });
    expect(
      await refusal({ data: { values }, ...bar, usermeta: { embedOptions: { loader: { baseURL: base } } } }),
    ).toMatchObject({ path: 'usermeta' });
  });

  it('refuses nested and generated data sources but accepts inline rows and datasets', async () => {
    const lookup = { lookup: 'a', from: { data: { url: `${base}/more.csv` }, key: 'a', fields: ['c'] } };
    expect(await refusal({ data: { values: [{ a: 'x', b: 1 }] }, transform: [lookup], ...bar })).toMatchObject({
      path: 'transform[0].from.data',
    });
    expect(await refusal({ data: { sequence: { start: 0, stop: 3 } }, ...bar })).toMatchObject({
      reason: 'EXTERNAL_DATA',
    });
    expect(await refusal({ data: { name: 'elsewhere' }, ...bar })).toMatchObject({ reason: 'EXTERNAL_DATA' });
    const inline = {
      datasets: { rows: [{ a: 'x', b: 1, url: 'http://example.invalid' }] },
      data: { name: 'rows' },
      ...bar,
    };
    await expect(renderPng(inline as VegaLiteSpec)).resolves.toMatchObject({ width: expect.any(Number) });
  });

  it('fails a vega spec whose loader is asked for a file, without reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chart-loader-'));
    const file = join(dir, 'sales.json');
    writeFileSync(file, '[{"a":"x","b":1}]');
    const spec: Spec = {
      width: 50,
      height: 50,
      data: [{ name: 't', url: `file://${file}`, format: { type: 'json' } }],
    };
    await expect(renderVegaPng(spec)).rejects.toMatchObject({
      name: 'ChartSpecError',
      reason: 'LOADER_REFUSED',
      message: expect.stringContaining(file),
    });
    const relative: Spec = { width: 50, height: 50, data: [{ name: 't', url: 'sales.json' }] };
    await expect(renderVegaPng(relative)).rejects.toMatchObject({ reason: 'LOADER_REFUSED' });
  });

  it('fails a vega spec whose image or link would be loaded, without fetching', async () => {
    const image: Spec = {
      width: 50,
      height: 50,
      marks: [
        {
          type: 'image',
          encode: { enter: { url: { value: `${base}/logo.png` }, width: { value: 20 }, height: { value: 20 } } },
        },
      ],
    };
    await expect(renderVegaPng(image)).rejects.toMatchObject({ reason: 'LOADER_REFUSED' });
    const link: Spec = {
      width: 50,
      height: 50,
      marks: [
        {
          type: 'rect',
          encode: { enter: { href: { value: `${base}/x` }, width: { value: 5 }, height: { value: 5 } } },
        },
      ],
    };
    await expect(renderVegaPng(link)).rejects.toMatchObject({ reason: 'LOADER_REFUSED' });
  });

  it('hands vega an empty href from sanitize and throws from load, http and file', async () => {
    const { loader, refused } = createLockedLoader();
    await expect(loader.sanitize(`${base}/a`, { context: 'href' })).resolves.toEqual({ href: '' });
    await expect(loader.load(`${base}/a`)).rejects.toThrow(/refuses to load/);
    await expect(loader.http(`${base}/a`, {})).rejects.toThrow(/refuses to fetch/);
    await expect(loader.file('/etc/hostname')).rejects.toThrow(/refuses to read the file/);
    expect(refused).toEqual([`${base}/a`, `${base}/a`, `${base}/a`, '/etc/hostname']);
  });
});
