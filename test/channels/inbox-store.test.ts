import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  claimHeads,
  finish,
  LeaseLost,
  receive,
  release,
  saveProgress,
  yieldClashes,
} from '../../src/channels/inbox/inbox-store.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { syncRuntime } from '../helpers/sync.ts';

/** The chat inbox's claim: one message at a time per conversation, in the order sent, round-robin across senders, leases that expire. */
describe('chat inbox store', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let n = 0;
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await rt.db.chatInboxMessage.deleteMany();
  });

  const T0 = 1_765_000_000;
  const store = (sender: string, conversation: string, second: number) =>
    receive(rt.db, {
      channel: 'SLACK',
      externalId: `Ev-${++n}`,
      kind: 'slack-message',
      conversationKey: conversation,
      senderKey: sender,
      payload: { n },
      sentAt: `${T0 + second}.000100`,
    });
  const ids = async (claimed: { id: string }[]) =>
    (
      await rt.db.chatInboxMessage.findMany({
        where: { id: { in: claimed.map((c) => c.id) } },
        select: { conversationKey: true, sentAt: true },
      })
    )
      .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())
      .map((r) => `${r.conversationKey}@${r.sentAt.getTime() / 1000 - T0}`);

  it('stores a delivery once and says where a redelivery stands', async () => {
    const item = {
      channel: 'WHATSAPP' as const,
      externalId: 'SM1',
      kind: 'whatsapp',
      conversationKey: 'w:1',
      senderKey: 'w:1',
      payload: { Body: 'hi' },
    };
    expect(await receive(rt.db, item)).toBe('new');
    expect(await receive(rt.db, item)).toBe('pending');
    const [claimed] = await claimHeads(rt.db, 'p1', 5, 30_000);
    await finish(rt.db, claimed!.id, 'p1', { status: 'ANSWERED' });
    expect(await receive(rt.db, item)).toBe('done');
    expect(await rt.db.chatInboxMessage.findUniqueOrThrow({ where: { id: claimed!.id } })).toMatchObject({
      payload: null,
      status: 'ANSWERED',
    });
  });

  it('claims one message per conversation, the earliest sent, whatever order they were stored in', async () => {
    await store('s:a', 'c:1', 20);
    await store('s:a', 'c:1', 10); // sent earlier, stored later (a redelivery)
    await store('s:b', 'c:2', 15);
    const first = await claimHeads(rt.db, 'p1', 10, 30_000);
    expect(await ids(first)).toEqual(['c:1@10', 'c:2@15']);
    // c:1's next waits while its head is being answered, by this process or another
    expect(await claimHeads(rt.db, 'p2', 10, 30_000)).toEqual([]);
    for (const c of first) await finish(rt.db, c.id, 'p1', { status: 'ANSWERED' });
    expect(await ids(await claimHeads(rt.db, 'p2', 10, 30_000))).toEqual(['c:1@20']);
  });

  it('gives back a claim whose conversation another process holds a message of (two claims at once)', async () => {
    await store('s:a', 'c:1', 2);
    const [mine] = await claimHeads(rt.db, 'p1', 5, 30_000);
    // as another process's claim of an earlier-sent message, stored late, would leave it
    await store('s:a', 'c:1', 1);
    await rt.db.chatInboxMessage.updateMany({
      where: { conversationKey: 'c:1', id: { not: mine!.id } },
      data: { lockedBy: 'p2', lockedUntil: new Date(Date.now() + 30_000), attempts: 1 },
    });
    expect(await yieldClashes(rt.db, 'p1', [mine!.id])).toEqual([mine!.id]);
    expect(await rt.db.chatInboxMessage.findUniqueOrThrow({ where: { id: mine!.id } })).toMatchObject({
      lockedBy: null,
      attempts: 0,
      status: 'PENDING',
    });
    // the other holder sees no clash with a message nobody holds
    const other = await rt.db.chatInboxMessage.findFirstOrThrow({ where: { lockedBy: 'p2' } });
    expect(await yieldClashes(rt.db, 'p2', [other.id])).toEqual([]);
  });

  it('claims only the kinds this process can answer', async () => {
    await store('s:a', 'c:1', 1);
    await receive(rt.db, {
      channel: 'WHATSAPP',
      externalId: 'SM-kind',
      kind: 'whatsapp',
      conversationKey: 'w:2',
      senderKey: 'w:2',
      payload: {},
    });
    expect((await claimHeads(rt.db, 'p1', 5, 30_000, ['whatsapp'])).map((c) => c.kind)).toEqual(['whatsapp']);
  });

  it('goes round-robin across senders: one writing in many conversations does not take every slot', async () => {
    for (let i = 0; i < 8; i++) await store('s:busy', `c:busy-${i}`, i); // the busy sender wrote first
    await store('s:quiet', 'c:quiet-1', 100);
    await store('s:other', 'c:other-1', 101);
    const claimed = await claimHeads(rt.db, 'p1', 4, 30_000);
    expect(await ids(claimed)).toEqual(['c:busy-0@0', 'c:busy-1@1', 'c:quiet-1@100', 'c:other-1@101']);
  });

  it('gives a message back after a failed try, and takes over one whose holder died when its lease ran out', async () => {
    await store('s:a', 'c:1', 1);
    await store('s:a', 'c:1', 2);
    const [held] = await claimHeads(rt.db, 'dead', 5, 1);
    await new Promise((r) => setTimeout(r, 20));
    const [taken] = await claimHeads(rt.db, 'p1', 5, 30_000);
    expect([taken!.id, taken!.attempts]).toEqual([held!.id, 2]);
    await release(rt.db, taken!.id, 'p1', 60_000, 'a timeout');
    // released for a minute: neither it nor the conversation's next message is claimed meanwhile
    expect(await claimHeads(rt.db, 'p1', 5, 30_000)).toEqual([]);
    // a process that lost the lease can neither record progress nor finish
    await expect(saveProgress(rt.db, taken!.id, 'dead', { placeholder: 'x' })).rejects.toBeInstanceOf(LeaseLost);
    expect(await finish(rt.db, taken!.id, 'dead', { status: 'ANSWERED' })).toBe(false);
  });
});
