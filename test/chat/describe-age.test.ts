import { describe, expect, it } from '@jest/globals';
import { describeAge } from '../../src/chat/describe-age.ts';

const now = new Date('2026-12-07T12:00:00Z');
const base = { ageMs: null, reports: [] };

describe('how fresh an answer’s data is', () => {
  it('says how much of the history a first sync still running has read', () => {
    expect(describeAge({ ...base, asOf: null, refreshed: true, completed: false }, now, 0.4)).toBe(
      'Your stores are syncing for the first time, about 40% of the history read so far: figures may be incomplete.',
    );
    expect(
      describeAge({ ...base, asOf: new Date('2026-12-07T11:40:00Z'), refreshed: true, completed: false }, now, 0.75),
    ).toBe('Data as of 20 min ago (a sync is still running, about 75% of the history read so far).');
  });

  it('says nothing of it when no backfill is under way', () => {
    expect(describeAge({ ...base, asOf: null, refreshed: true, completed: false }, now)).toBe(
      'Your stores are syncing for the first time: figures may be incomplete.',
    );
    expect(
      describeAge({ ...base, asOf: new Date('2026-12-07T11:53:00Z'), refreshed: false, completed: true }, now),
    ).toBe('Data as of 7 min ago.');
  });
});
