import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Agenda, Job } from 'agenda';
import { purgeChatRecords } from '../../src/jobs/definitions/purge-chat-records.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { silentLog } from '../helpers/sandbox.ts';
import { syncRuntime } from '../helpers/sync.ts';

describe('purge-chat-records', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  beforeAll(async () => {
    ({ rt, db } = await syncRuntime());
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('deletes old receipts and long-expired links and codes, and keeps the rest', async () => {
    const user = await rt.db.user.create({ data: { name: 'P' } });
    const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    await rt.db.chatEventReceipt.createMany({
      data: [
        { channel: 'SLACK', eventId: 'old', receivedAt: ago(8 * 24) },
        { channel: 'SLACK', eventId: 'new', receivedAt: ago(1) },
      ],
    });
    const inbox = (
      externalId: string,
      channel: 'SLACK' | 'WHATSAPP',
      status: 'PENDING' | 'ANSWERED',
      hours: number,
    ) => ({ channel, externalId, kind: 'x', conversationKey: 'c', status, receivedAt: ago(hours) });
    await rt.db.chatInboxMessage.createMany({
      data: [
        inbox('slack-old', 'SLACK', 'ANSWERED', 8 * 24),
        inbox('slack-new', 'SLACK', 'ANSWERED', 1),
        inbox('slack-old-waiting', 'SLACK', 'PENDING', 8 * 24),
        inbox('SMold', 'WHATSAPP', 'ANSWERED', 400 * 24),
      ],
    });
    await rt.db.connectLink.createMany({
      data: [
        { nonce: 'old', userId: user.id, marketplace: 'ETSY', expiresAt: ago(25) },
        { nonce: 'recent', userId: user.id, marketplace: 'ETSY', expiresAt: ago(2) },
      ],
    });
    await rt.db.linkCode.createMany({
      data: [
        { codeHash: 'old', userId: user.id, expiresAt: ago(30) },
        { codeHash: 'live', userId: user.id, expiresAt: ago(-1) },
      ],
    });
    await purgeChatRecords.handle(
      purgeChatRecords.payload.parse({}),
      {
        db: rt.db,
        log: silentLog,
        config: rt.config,
        keyRing: rt.keyRing,
        agenda: {} as Agenda,
        touch: async () => {},
      },
      {} as Job,
    );
    expect((await rt.db.chatEventReceipt.findMany()).map((r) => r.eventId)).toEqual(['new']);
    // an unanswered message is never purged; WhatsApp ids stay for good (replays are refused however late)
    expect(
      (await rt.db.chatInboxMessage.findMany({ orderBy: { externalId: 'asc' } })).map((r) => r.externalId),
    ).toEqual(['SMold', 'slack-new', 'slack-old-waiting']);
    expect((await rt.db.connectLink.findMany()).map((r) => r.nonce)).toEqual(['recent']);
    expect((await rt.db.linkCode.findMany()).map((r) => r.codeHash)).toEqual(['live']);
  });
});
