import { describe, expect, it } from '@jest/globals';
import { localInstant, nextLocalTime } from '../../src/analytics/local-calendar.ts';
import { formatTimeOfDay, parseTimeOfDay } from '../../src/chat/commands/digest.ts';
import { dueDigest } from '../../src/digest/schedule.ts';

describe('digest times', () => {
  it.each([
    ['09:00', 540],
    ['9', 540],
    ['9am', 540],
    ['9:30 pm', 1290],
    ['12am', 0],
    ['12 pm', 720],
    ['21.15', 1275],
    ['noon', 720],
    ['24:00', null],
    ['13pm', null],
    ['9:60', null],
    ['sunday', null],
  ])('%s → %p', (text, minute) => {
    expect(parseTimeOfDay(text)).toBe(minute);
  });

  it('formats minutes as HH:MM', () => {
    expect([0, 540, 1439].map(formatTimeOfDay)).toEqual(['00:00', '09:00', '23:59']);
  });

  it('places a wall-clock time in its zone: the first of two on a fall-back night, after the gap on a spring-forward one', () => {
    expect(localInstant('2026-11-15', 540, 'Asia/Kolkata').toISOString()).toBe('2026-11-15T03:30:00.000Z');
    // New York: summer time ends 1 Nov 2026 at 02:00 EDT, begins 14 Mar 2027 at 02:00 EST
    expect(localInstant('2026-11-01', 90, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(localInstant('2026-11-01', 540, 'America/New_York').toISOString()).toBe('2026-11-01T14:00:00.000Z');
    expect(localInstant('2026-10-31', 540, 'America/New_York').toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(localInstant('2027-03-14', 150, 'America/New_York').toISOString()).toBe('2027-03-14T07:30:00.000Z'); // 02:30 → 03:30 EDT
    expect(localInstant('2027-03-14', 180, 'America/New_York').toISOString()).toBe('2027-03-14T07:00:00.000Z'); // 03:00 EDT
    // Lord Howe moves by half an hour
    expect(localInstant('2026-10-04', 135, 'Australia/Lord_Howe').toISOString()).toBe('2026-10-03T15:45:00.000Z'); // 02:15 → 02:45
  });

  it('owes one digest a local day, from its time on, and none before the schedule began', () => {
    const schedule = { sendMinute: 150, timeZone: 'America/New_York', activeFrom: new Date('2027-03-01T00:00:00Z') };
    // 02:30 does not happen on 14 Mar 2027: due at 03:30 EDT (07:30 UTC)
    expect(dueDigest(schedule, new Date('2027-03-14T07:00:00Z'))).toBeNull(); // 03:00 EDT
    expect(dueDigest(schedule, new Date('2027-03-14T07:30:00Z'))).toEqual({
      localDate: '2027-03-14',
      dueAt: new Date('2027-03-14T07:30:00Z'),
    });
    expect(
      dueDigest({ ...schedule, activeFrom: new Date('2027-03-14T08:00:00Z') }, new Date('2027-03-14T09:00:00Z')),
    ).toBeNull();
    expect(nextLocalTime(150, 'America/New_York', new Date('2027-03-14T08:00:00Z')).toISOString()).toBe(
      '2027-03-15T06:30:00.000Z',
    );
  });
});
