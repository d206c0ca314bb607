import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { A, seededScratchDatabase } from '../analytics/seed.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { childEnv, frame } from '../helpers/spawn.ts';

describe('frame ask', () => {
  let db: ScratchDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'frame-ask-'));
  beforeAll(async () => {
    db = await seededScratchDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  const env = () => childEnv({ DATABASE_URL: db.url, DATA_DIR: dir });

  it('prints the answer, and with --json the intent, tool calls, results and chart', async () => {
    const plain = await frame(['ask', '--user', A, 'sales in October 2026 by marketplace'], env());
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/Your sales in October 2026 \(1 Oct – 31 Oct 2026\) were/);
    expect(plain.stdout).toMatch(/Data as of|No store has finished a sync yet|syncing/);

    const chartPath = join(dir, 'chart.png');
    const json = await frame(
      ['ask', '--user', A, 'sales in October 2026 by marketplace', '--json', '--chart-out', chartPath],
      env(),
    );
    const out = JSON.parse(json.stdout) as {
      via: string;
      intent: { tool: string };
      calls: { tool: string; ok: boolean; result: unknown }[];
      chart: { path: string; width: number };
    };
    expect(out.via).toBe('router');
    expect(out.intent.tool).toBe('get_sales_summary');
    expect(out.calls[0]).toMatchObject({ tool: 'get_sales_summary', ok: true, result: expect.any(Object) });
    expect(out.chart.path).toBe(chartPath);
    expect((await sharp(readFileSync(chartPath)).metadata()).width).toBe(out.chart.width);
  });

  it('answers each ask on its own, unless --thread continues a conversation', async () => {
    const intentOf = async (args: string[]) => {
      const r = await frame(['ask', '--user', A, ...args, '--json'], env());
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { intent: unknown }).intent;
    };
    await intentOf(['sales on shopify in October 2026']);
    // no thread: "and on flipkart?" has no earlier question to build on
    expect(await intentOf(['and on flipkart?'])).toEqual({
      tool: 'get_sales_summary',
      args: { period: { kind: 'this', unit: 'month' }, marketplaces: ['FLIPKART'] },
    });
    await intentOf(['sales on shopify in October 2026', '--thread', 'oct']);
    expect(await intentOf(['and on flipkart?', '--thread', 'oct'])).toEqual({
      tool: 'get_sales_summary',
      args: { period: { kind: 'month', month: 10, year: 2026 }, marketplaces: ['FLIPKART'] },
    });
  });

  it('refuses an unknown seller', async () => {
    const result = await frame(['ask', '--user', 'nobody', 'sales?'], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no seller "nobody"');
  });
});
