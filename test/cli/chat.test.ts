import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_APP_CREDENTIALS } from '../../src/sandbox/generator/index.ts';
import { A, seededScratchDatabase } from '../analytics/seed.ts';
import { query, type ScratchDatabase } from '../helpers/db.ts';
import { childEnv, frame, type RunResult } from '../helpers/spawn.ts';

/** Runs `frame <args>` with `lines` piped into stdin, then the end of input. */
const frameWithInput = (
  args: string[],
  lines: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<RunResult> => frame(args, env, timeoutMs, lines.map((l) => `${l}\n`).join(''));

describe('frame chat', () => {
  let db: ScratchDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'frame-chat-'));
  beforeAll(async () => {
    db = await seededScratchDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  const env = () => childEnv({ DATABASE_URL: db.url, DATA_DIR: dir, ...SANDBOX_APP_CREDENTIALS });

  it("answers the seller's questions and runs commands, with the private part as a DM", async () => {
    const charts = join(dir, 'charts');
    const result = await frameWithInput(
      ['chat', '--user', A, '--chart-dir', charts],
      ['sales in October 2026 by marketplace', 'connect shopify', 'exit', 'status'],
      env(),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Your sales in October 2026 \(1 Oct – 31 Oct 2026\) were/);
    expect(result.stdout).toMatch(/Shopify: ₹[\d,]+ \(\$160\)/); // A4 + A8, USD natively (A5 and A6 cancelled)
    expect(result.stdout).toMatch(/Data as of|No store has finished a sync yet|syncing/);
    const saved = readdirSync(charts);
    expect(saved).toHaveLength(1);
    expect(readFileSync(join(charts, saved[0]!)).subarray(1, 4).toString()).toBe('PNG');
    expect(result.stdout).toContain(`(chart saved: ${join(charts, saved[0]!)})`);

    expect(result.stdout).toMatch(/^you> connect shopify\n.*link.*private|^you> connect shopify\n.*private link/m);
    const dm =
      /\[DM\] Connect Shopify: http:\/\/localhost:3000\/oauth\/shopify\/start\?link=([\w-]+)\.[\w-]+ \(works once, expires in 30 minutes\)/.exec(
        result.stdout,
      );
    expect(dm).not.toBeNull();
    const links = await query<{ userId: string; usedAt: Date | null }>(
      db.url,
      `SELECT "userId", "usedAt" FROM "ConnectLink" WHERE nonce = $1 AND marketplace = 'SHOPIFY'`,
      [dm![1]],
    );
    expect(links).toEqual([{ userId: A, usedAt: null }]);
    expect(result.stdout).not.toMatch(/Your marketplaces/); // nothing after "exit" is read
  }, 150_000);

  it('greets an unknown login as a new seller, and ends at the end of input', async () => {
    const result = await frameWithInput(['chat', '--user', 'newbie'], ['status'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Hi newbie! I'm Frame/m);
    expect(result.stdout).toMatch(
      /To connect one, type "connect" and its name: shopify, ebay, etsy, flipkart, [a-z, ]+\./,
    );
    expect(result.stdout).toMatch(/No marketplace is connected yet/);
    const rows = await query<{ name: string }>(
      db.url,
      `SELECT u.name FROM "User" u JOIN "ChatIdentity" i ON i."userId" = u.id WHERE i.channel = 'CONSOLE' AND i."externalId" = 'newbie'`,
    );
    expect(rows).toEqual([{ name: 'newbie' }]);
  }, 150_000);
});
