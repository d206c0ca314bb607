import { describe, expect, it } from '@jest/globals';
import { advance, newRun, type RunCheckpoint } from '../../src/sync/checkpoint.ts';
import { DEFAULT_SYNC_SETTINGS } from '../../src/sync/settings.ts';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const DAY = 86_400_000;
const daysBefore = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();
const empty = { records: [], returns: [], skipped: [], next: null };

describe('a first sync reads its history newest first', () => {
  it('takes the last 7 days, then the rest of the last 30, then 30 days at a time back to the backfill start', () => {
    const s = { ...DEFAULT_SYNC_SETTINGS, backfillDays: 100 };
    let at: RunCheckpoint = newRun(true, undefined, s, NOW);
    const windows: [string, string][] = [];
    for (let finished = false; !finished; ) {
      windows.push([at.windowFrom, at.windowTo]);
      ({ next: at, finished } = advance(at, empty, s));
    }
    expect(windows).toEqual([
      [daysBefore(7), NOW.toISOString()],
      [daysBefore(30), daysBefore(7)],
      [daysBefore(60), daysBefore(30)],
      [daysBefore(90), daysBefore(60)],
      [daysBefore(100), daysBefore(90)],
    ]);
  });

  it('keeps paging inside a window, and a delta sync stays one window from the cursor', () => {
    const s = DEFAULT_SYNC_SETTINGS;
    const first = newRun(true, undefined, s, NOW);
    const { next, finished } = advance(first, { ...empty, next: 'page-2' }, s);
    expect([next.windowFrom, next.windowTo, next.page, finished]).toEqual([
      daysBefore(7),
      NOW.toISOString(),
      'page-2',
      false,
    ]);
    const delta = newRun(true, daysBefore(1), s, NOW);
    expect(delta.recentFirst).toBeUndefined();
    expect(advance(delta, empty, s).finished).toBe(true);
  });
});
