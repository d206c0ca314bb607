import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readMigrations } from '../../src/db/migrate.ts';
import { childEnv, exitOf, FRAME, frame, startUntil } from '../helpers/spawn.ts';

describe('embedded database (no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'frame-embedded-'));
  const env = childEnv({ DATA_DIR: dataDir });
  const names = readMigrations().map((m) => m.name);

  it('boots PGlite and migrates it with `frame migrate`', async () => {
    const result = await frame(['migrate', '--json'], env, 120_000);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ applied: names, alreadyApplied: [], embedded: true });
  }, 120_000);

  it('`frame demo` serves /healthz on it, keeps its data, and stops on SIGTERM', async () => {
    const { child, match, output } = await startUntil(
      [FRAME, 'demo', '--port', '0'],
      env,
      /server:\s+(http:\/\/\S+)/,
      120_000,
    );
    try {
      const res = await fetch(`${match[1]}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', database: { status: 'up', embedded: true } });
      expect(output()).toContain('worker:   Agenda on postgres');
      // another process joins the running embedded server instead of opening its folder
      const again = await frame(['migrate', '--json'], env);
      expect(JSON.parse(again.stdout)).toEqual({ applied: [], alreadyApplied: names, embedded: true });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitOf(child)).toBe(0);
  }, 180_000);
});
