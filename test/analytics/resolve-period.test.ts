import { describe, expect, it } from '@jest/globals';
import { localDay, startOfLocalDay } from '../../src/analytics/local-calendar.ts';
import type { PeriodSpec } from '../../src/analytics/period.ts';
import { previousPeriod, resolvePeriod } from '../../src/analytics/resolve-period.ts';
import type { TenantContext } from '../../src/analytics/tenant.ts';

const tenant = (timeZone: string, now: string): TenantContext => ({
  userId: 'u',
  timeZone,
  preferredCurrency: 'USD',
  now: new Date(now),
});
const KOLKATA_SUNDAY = tenant('Asia/Kolkata', '2026-11-15T10:00:00Z'); // Sunday 15 Nov 2026, 15:30 IST
const iso = (p: { start: Date; end: Date }) => [p.start.toISOString(), p.end.toISOString()];

describe('resolvePeriod', () => {
  it('resolves calendar periods to local midnights in the seller zone (Kolkata, UTC+05:30)', () => {
    const last = resolvePeriod({ kind: 'last', unit: 'month' }, KOLKATA_SUNDAY);
    expect(iso(last)).toEqual(['2026-09-30T18:30:00.000Z', '2026-10-31T18:30:00.000Z']);
    expect(last).toMatchObject({
      firstDay: '2026-10-01',
      lastDay: '2026-10-31',
      timeZone: 'Asia/Kolkata',
      label: 'last month (1 Oct – 31 Oct 2026)',
    });

    const thisMonth = resolvePeriod({ kind: 'this', unit: 'month' }, KOLKATA_SUNDAY);
    expect(iso(thisMonth)).toEqual(['2026-10-31T18:30:00.000Z', '2026-11-15T18:30:00.000Z']); // to the end of today
    expect(thisMonth.label).toBe('this month (1 Nov – 15 Nov 2026)');

    expect(resolvePeriod({ kind: 'last_n_days', days: 7 }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2026-11-09',
      lastDay: '2026-11-15',
    });
    expect(resolvePeriod({ kind: 'today' }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2026-11-15',
      lastDay: '2026-11-15',
      label: 'today (15 Nov 2026)',
    });
    expect(resolvePeriod({ kind: 'yesterday' }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2026-11-14',
      lastDay: '2026-11-14',
    });
    expect(resolvePeriod({ kind: 'last', unit: 'quarter' }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2026-07-01',
      lastDay: '2026-09-30',
    });
    expect(resolvePeriod({ kind: 'this', unit: 'year' }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2026-01-01',
      lastDay: '2026-11-15',
    });
    expect(resolvePeriod({ kind: 'last', unit: 'year' }, KOLKATA_SUNDAY).label).toBe('last year (1 Jan – 31 Dec 2025)');
    expect(resolvePeriod({ kind: 'between', from: '2025-12-28', to: '2026-01-03' }, KOLKATA_SUNDAY).label).toBe(
      '28 Dec 2025 – 3 Jan 2026',
    );
    expect(resolvePeriod({ kind: 'since', date: '2026-11-01' }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2026-11-01',
      lastDay: '2026-11-15',
    });
    expect(resolvePeriod({ kind: 'year', year: 2025 }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2025-01-01',
      lastDay: '2025-12-31',
      label: '2025 (1 Jan – 31 Dec 2025)',
    });
  });

  it('"this week" starts on Monday, also on a Sunday and when UTC has already reached Monday', () => {
    expect(iso(resolvePeriod({ kind: 'this', unit: 'week' }, KOLKATA_SUNDAY))).toEqual([
      '2026-11-08T18:30:00.000Z',
      '2026-11-15T18:30:00.000Z',
    ]);
    // Sunday 22:00 in New York is Monday 03:00 UTC: still the week of Monday 9 Nov there
    const ny = resolvePeriod({ kind: 'this', unit: 'week' }, tenant('America/New_York', '2026-11-16T03:00:00Z'));
    expect(ny).toMatchObject({ firstDay: '2026-11-09', lastDay: '2026-11-15' });
    expect(ny.start.toISOString()).toBe('2026-11-09T05:00:00.000Z');
    // Monday 00:30 in Kolkata is still Sunday in UTC: a new week there
    expect(resolvePeriod({ kind: 'this', unit: 'week' }, tenant('Asia/Kolkata', '2026-11-15T19:00:00Z'))).toMatchObject(
      { firstDay: '2026-11-16', lastDay: '2026-11-16' },
    );
    expect(resolvePeriod({ kind: 'last', unit: 'week' }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2026-11-02',
      lastDay: '2026-11-08',
    });
  });

  it('a month or quarter without a year is the latest one not in the future; a future period is refused', () => {
    expect(resolvePeriod({ kind: 'month', month: 12 }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2025-12-01',
      lastDay: '2025-12-31',
      label: 'December 2025 (1 Dec – 31 Dec 2025)',
    });
    expect(resolvePeriod({ kind: 'month', month: 11 }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2026-11-01',
      lastDay: '2026-11-15',
    });
    expect(resolvePeriod({ kind: 'quarter', quarter: 4 }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2026-10-01',
      lastDay: '2026-11-15',
      label: 'Q4 2026 (1 Oct – 15 Nov 2026)',
    });
    expect(resolvePeriod({ kind: 'quarter', quarter: 1 }, KOLKATA_SUNDAY)).toMatchObject({
      firstDay: '2026-01-01',
      lastDay: '2026-03-31',
    });
    expect(() => resolvePeriod({ kind: 'month', month: 12, year: 2026 }, KOLKATA_SUNDAY)).toThrow(/future/);
    expect(() => resolvePeriod({ kind: 'between', from: '2026-02-10', to: '2026-02-01' }, KOLKATA_SUNDAY)).toThrow(
      /after it ends/,
    );
    expect(() => resolvePeriod({ kind: 'today' }, tenant('Mars/Olympus', '2026-11-15T10:00:00Z'))).toThrow(/time zone/);
  });

  it('DST in America/New_York: the spring day has 23 hours, the autumn day 25', () => {
    const spring = resolvePeriod({ kind: 'yesterday' }, tenant('America/New_York', '2026-03-09T15:00:00Z'));
    expect(iso(spring)).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    const autumn = resolvePeriod(
      { kind: 'between', from: '2026-11-01', to: '2026-11-01' },
      tenant('America/New_York', '2026-11-15T15:00:00Z'),
    );
    expect(iso(autumn)).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    const march = resolvePeriod(
      { kind: 'month', month: 3, year: 2026 },
      tenant('America/New_York', '2026-11-15T15:00:00Z'),
    );
    expect(iso(march)).toEqual(['2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z']);
  });

  it('local midnight is the first instant of the day in many zones, also when DST skips midnight', () => {
    const zones = [
      'UTC',
      'Asia/Kolkata',
      'America/New_York',
      'America/Santiago',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'Europe/London',
      'America/Havana',
    ];
    for (const zone of zones) {
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 86_400_000 * 3) {
        const day = new Date(t).toISOString().slice(0, 10);
        const start = startOfLocalDay(day, zone);
        expect(`${zone} ${localDay(start, zone)}`).toBe(`${zone} ${day}`);
        expect(localDay(new Date(start.getTime() - 1), zone) < day).toBe(true);
      }
    }
    // Chile moves 00:00 → 01:00 on 6 Sep 2026: that day starts at 01:00 local (-03), 04:00 UTC
    expect(startOfLocalDay('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });

  it('previousPeriod is the same number of local days immediately before', () => {
    const oct = resolvePeriod({ kind: 'last', unit: 'month' }, KOLKATA_SUNDAY);
    const prev = previousPeriod(oct);
    expect(prev).toMatchObject({
      firstDay: '2026-08-31',
      lastDay: '2026-09-30',
      label: 'the previous 31 days (31 Aug – 30 Sep 2026)',
    });
    expect(prev.end.getTime()).toBe(oct.start.getTime());
    const week: PeriodSpec = { kind: 'this', unit: 'week' };
    expect(previousPeriod(resolvePeriod(week, KOLKATA_SUNDAY))).toMatchObject({
      firstDay: '2026-11-02',
      lastDay: '2026-11-08',
    });
    const day = previousPeriod(resolvePeriod({ kind: 'today' }, tenant('America/New_York', '2026-03-09T15:00:00Z')));
    expect(iso(day)).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });
});
