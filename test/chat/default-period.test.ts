import { describe, expect, it } from '@jest/globals';
import { routeMessage } from '../../src/chat/router/route-message.ts';

const ctx = { stores: [], now: new Date('2026-12-07T12:00:00Z'), timeZone: 'UTC' };
const notesOf = (q: string, extra = {}) => {
  const r = routeMessage(q, { ...ctx, ...extra });
  return r.kind === 'tool' ? (r.notes ?? []) : null;
};

describe('a period the seller did not name', () => {
  it('is said, since the defaults differ by question', () => {
    expect(notesOf('what were my total sales?')).toEqual([
      'No period named, so this is this month so far (say "last week", "in October" or dates for another).',
    ]);
    expect(notesOf('top products')).toEqual([
      'No period named, so this is the last 30 days (say "last week", "in October" or dates for another).',
    ]);
    expect(notesOf('who are my best customers')?.[0]).toMatch(/the last 365 days/);
  });

  it('is not said when the question names one, or a follow-up keeps the one before', () => {
    expect(notesOf('sales last month')).toEqual([]);
    const first = routeMessage('sales last month', ctx);
    if (first.kind !== 'tool') throw new Error('not routed');
    expect(notesOf('and on etsy?', { lastIntent: first.intent })).toEqual([]);
  });
});
