import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import sharp from 'sharp';
import { createPrisma } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { REPORTED, S, S_ZONE, seedDigest } from '../digest/digest-seed.ts';
import { createScratchDatabase, query, type ScratchDatabase } from '../helpers/db.ts';
import { childEnv, frame } from '../helpers/spawn.ts';

describe('frame digest', () => {
  let db: ScratchDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'frame-digest-'));
  beforeAll(async () => {
    db = await createScratchDatabase();
    await migrate(db.url);
    const prisma = createPrisma(db.url);
    try {
      await seedDigest(prisma);
    } finally {
      await prisma.$disconnect();
    }
  });
  afterAll(async () => {
    await db?.drop();
  });
  const env = () => childEnv({ DATABASE_URL: db.url, DATA_DIR: dir });

  it('--dry-run prints the day’s digest with the figures of the seeded rows, and --chart-out writes its chart', async () => {
    const [day] = await query<{ orders: number; usd: string }>(
      db.url,
      `SELECT count(*)::int AS orders, sum("totalAmountUSD")::text AS usd FROM "UnifiedOrder"
       WHERE "userId" = $1 AND status <> 'CANCELLED' AND ("orderedAt" AT TIME ZONE $2)::date = $3::date`,
      [S, S_ZONE, REPORTED],
    );
    const chart = join(dir, 'digest.png');
    const plain = await frame(['digest', '--user', S, '--date', REPORTED, '--dry-run', '--chart-out', chart], env());
    expect(plain.code).toBe(0);
    const total = new Decimal(day!.usd);
    const shown = total.isInteger() ? `$${total.toFixed(0)}` : `$${total.toFixed(2)}`;
    expect(plain.stdout).toContain(`*Sunday 1 Nov: ${shown} from ${day!.orders} orders*`);
    expect(plain.stdout.split('\n')[0]).toMatch(/^⚠️ /);
    expect(plain.stdout).toContain(`(chart: ${chart})`);
    expect((await sharp(readFileSync(chart)).metadata()).format).toBe('png');

    const json = await frame(['digest', '--user', S, '--date', REPORTED, '--dry-run', '--json'], env());
    const out = JSON.parse(json.stdout) as { day: string; templateVariables: Record<string, string>; sent: unknown };
    expect(out).toMatchObject({ day: REPORTED, sent: null });
    expect(out.templateVariables['3']).toBe(String(day!.orders));
  });

  it('names what is wrong with its arguments', async () => {
    const bad = await frame(['digest', '--user', S, '--date', '1 Nov', '--dry-run'], env());
    expect([bad.code, bad.stderr]).toEqual([
      2,
      expect.stringContaining('--date wants a day as YYYY-MM-DD, not "1 Nov"'),
    ]);
    const feb30 = await frame(['digest', '--user', S, '--date', '2026-02-30', '--dry-run'], env());
    expect(feb30.stderr).toContain('--date wants a day as YYYY-MM-DD, not "2026-02-30"');
    const future = await frame(['digest', '--user', S, '--date', '2099-01-01', '--dry-run'], env());
    expect(future.stderr).toContain('2099-01-01 is not over yet in America/New_York');
    const nobody = await frame(['digest', '--user', 'nobody', '--dry-run'], env());
    expect([nobody.code, nobody.stderr]).toEqual([2, expect.stringContaining('no seller "nobody"')]);
  });
});
