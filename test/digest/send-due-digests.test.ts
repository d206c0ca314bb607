import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getSalesSummary } from '../../src/analytics/get-sales-summary.ts';
import { tenantDb } from '../../src/db/tenant-db.ts';
import { sendDueDigests } from '../../src/digest/send-due-digests.ts';
import type { DirectSender } from '../../src/notify/notifier.ts';
import type { Runtime } from '../../src/runtime.ts';
import { A, B, seed } from '../analytics/seed.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { silentLog } from '../helpers/sandbox.ts';
import { syncRuntime } from '../helpers/sync.ts';

describe('daily digests', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  const sent: { to: string; userId: string; text: string }[] = [];
  const capture: DirectSender = async (to, text) => {
    sent.push({ to: to.externalId, userId: to.userId, text });
  };
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
    await seed(rt.db);
    // A is in Kolkata (UTC+5:30), B in UTC; both at 09:00 local
    await rt.db.digestSubscription.createMany({
      data: [
        { userId: A, channel: 'SLACK', teamId: 'T1', destination: 'C-A', sendHour: 9 },
        { userId: B, channel: 'WHATSAPP', destination: '+15550001111', sendHour: 9 },
      ],
    });
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('sends each digest once, at its local hour, with yesterday by marketplace for that seller only', async () => {
    const run = (at: string, senders = { SLACK: capture, WHATSAPP: capture }) =>
      sendDueDigests({ db: rt.db, log: silentLog, senders, now: new Date(at) });
    expect(await run('2026-11-15T03:00:00Z')).toEqual({ sent: 0, failed: 0 }); // 08:30 in Kolkata, 03:00 UTC
    expect(await run('2026-11-15T03:35:00Z')).toEqual({ sent: 1, failed: 0 }); // 09:05 in Kolkata
    expect(sent).toHaveLength(1);
    const expected = await getSalesSummary(
      tenantDb(rt.db, A),
      { userId: A, timeZone: 'Asia/Kolkata', preferredCurrency: 'INR', now: new Date('2026-11-15T03:35:00Z') },
      { period: { kind: 'yesterday' } },
    );
    expect(sent[0]).toMatchObject({ to: 'C-A', userId: A });
    expect(sent[0]!.text).toMatch(/^Daily digest — /);
    expect(sent[0]!.text).toContain(expected.totals.orders === 0 ? 'No sales' : `${expected.totals.orders} order`);
    // two workers at the same minute: still one digest each
    const both = await Promise.all([run('2026-11-15T09:10:00Z'), run('2026-11-15T09:10:00Z')]);
    expect(both.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(sent.map((s) => s.to)).toEqual(['C-A', '+15550001111']);
    expect(await run('2026-11-15T20:00:00Z')).toEqual({ sent: 0, failed: 0 });
    // the next local day
    expect(await run('2026-11-16T03:31:00Z')).toEqual({ sent: 1, failed: 0 });
  });

  it('retries a digest whose send failed, and leaves a channel it cannot send on to another process', async () => {
    const failing: DirectSender = async () => {
      throw new Error('channel down');
    };
    expect(
      await sendDueDigests({
        db: rt.db,
        log: silentLog,
        senders: { SLACK: failing },
        now: new Date('2026-11-17T04:00:00Z'),
      }),
    ).toEqual({ sent: 0, failed: 1 });
    expect(
      await sendDueDigests({
        db: rt.db,
        log: silentLog,
        senders: { SLACK: capture },
        now: new Date('2026-11-17T04:15:00Z'),
      }),
    ).toEqual({ sent: 1, failed: 0 });
    const b = await rt.db.digestSubscription.findFirstOrThrow({ where: { userId: B } });
    expect(b.lastSentAt!.toISOString()).toBe('2026-11-15T09:10:00.000Z');
  });
});
