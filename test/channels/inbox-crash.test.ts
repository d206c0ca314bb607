import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Runtime } from '../../src/runtime.ts';
import { A, B, seed } from '../analytics/seed.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.ts';
import {
  dmEnvelope,
  type LiveProcesses,
  liveProcesses,
  postDm,
  SLACK_BOT_USER,
  SLACK_TEAM as TEAM,
  SLACK_TOKEN as TOKEN,
} from '../helpers/live-processes.ts';
import { exitOf } from '../helpers/spawn.ts';
import { syncRuntime } from '../helpers/sync.ts';

/**
 * The chat inbox against the crash it is for: real web and worker processes, a burst of Slack DMs
 * sent 20 at a time, both processes killed with SIGKILL part-way, restarted, and what was not
 * acknowledged delivered again (as Slack does, with x-slack-retry-num): every message answered
 * once, in order within its conversation, and no apology.
 */

const MESSAGES = 300;
const CHANNELS = 60;
const KILL_AFTER = 100;
const CONCURRENCY = 20;
/** asked in this order in every channel; each answer names its period */
const QUESTIONS = [
  ['how many orders did I get last month?', 'last month ('],
  ['how many orders did I get this month?', 'this month ('],
  ['how many orders did I get last week?', 'last week ('],
  ['how many orders did I get this year?', 'this year ('],
  ['how many orders did I get yesterday?', 'yesterday ('],
] as const;

interface Delivery {
  eventId: string;
  body: string;
  retries: number;
}

function deliveries(): Delivery[] {
  return Array.from({ length: MESSAGES }, (_, i) => {
    const channel = `DCR${String(i % CHANNELS).padStart(3, '0')}`;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(i).padStart(6, '0')}`;
    const eventId = `Ev-crash-${i}`;
    return {
      eventId,
      body: dmEnvelope(eventId, channel, i % 2 ? 'UB' : 'UA', QUESTIONS[Math.floor(i / CHANNELS)]![0], ts),
      retries: 0,
    };
  });
}

describe('chat inbox: web and worker killed in a burst', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let fake: FakeSlack;
  let live: LiveProcesses;

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.addBot(TOKEN, { teamId: TEAM, botUserId: SLACK_BOT_USER, botId: 'BLIVEBOT' });
    ({ rt, db } = await syncRuntime());
    await seed(rt.db);
    // fresh data: no answer waits for an on-demand sync
    await rt.db.marketplaceConnection.updateMany({ data: { lastSyncAt: new Date() } });
    await rt.db.chatIdentity.createMany({
      data: [
        { channel: 'SLACK', teamId: TEAM, externalId: 'UA', userId: A },
        { channel: 'SLACK', teamId: TEAM, externalId: 'UB', userId: B },
      ],
    });
    live = liveProcesses(db.url, fake.apiUrl, { CHAT_LEASE_SECONDS: '3' });
  });
  afterAll(async () => {
    live?.killAll();
    await fake?.close();
    await rt?.close();
    await db?.drop();
  });

  /** Sends deliveries CONCURRENCY at a time; those that got no 200 (the process died under them) come back to be sent again. */
  async function send(url: string, queue: Delivery[], onAck: () => void): Promise<Delivery[]> {
    const failed: Delivery[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < queue.length) {
          const d = queue[next++]!;
          const retry: Record<string, string> =
            d.retries > 0 ? { 'x-slack-retry-num': String(d.retries), 'x-slack-retry-reason': 'http_error' } : {};
          const ok = await postDm(url, d.body, retry).then(
            (status) => status === 200,
            () => false,
          );
          if (ok) onAck();
          else failed.push({ ...d, retries: d.retries + 1 });
        }
      }),
    );
    return failed;
  }

  it('answers every message once, in order per conversation, with no apology', async () => {
    const all = deliveries();
    let web = await live.startWeb();
    let worker = (await live.startWorker()).child;
    let acked = 0;
    let killed = false;
    const first = await send(web.url, all, () => {
      if (++acked === KILL_AFTER && !killed) {
        killed = true;
        web.child.kill('SIGKILL');
        worker.kill('SIGKILL');
      }
    });
    await Promise.all([exitOf(web.child), exitOf(worker)]);
    expect(killed).toBe(true);
    const answers = () => fake.callsTo('chat.update').filter((c) => String(c.args.channel).startsWith('DCR'));
    // acknowledged but not answered when the process died: what the inbox is for
    expect(
      await rt.db.chatInboxMessage.count({ where: { externalId: { startsWith: 'Ev-crash-' }, status: 'PENDING' } }),
    ).toBeGreaterThan(0);
    expect(first.length).toBeGreaterThan(0); // the rest were not acknowledged: Slack would deliver them again

    web = await live.startWeb();
    worker = (await live.startWorker()).child;
    let again = first;
    // Slack delivers again in the order it sent
    const byIndex = (d: Delivery) => Number(d.eventId.slice('Ev-crash-'.length));
    for (let round = 0; again.length > 0 && round < 5; round++)
      again = await send(
        web.url,
        [...again].sort((a, b) => byIndex(a) - byIndex(b)),
        () => {},
      );
    expect(again).toEqual([]);

    await fake.waitFor(
      () => new Set(answers().map((u) => `${String(u.args.channel)}/${String(u.args.ts)}`)).size >= MESSAGES,
      `${MESSAGES} answers`,
      120_000,
    );
    // a moment for any second answer to show
    await new Promise((r) => setTimeout(r, 4_000));

    // an answer is its placeholder, filled: a process killed after filling it and before recording that fills the same one
    // again (the same message edited twice), so answers are counted by placeholder
    const updates = [...new Map(answers().map((u) => [`${String(u.args.channel)}/${String(u.args.ts)}`, u])).values()];
    const texts = answers().map((u) => JSON.stringify(u.args));
    expect(texts.filter((t) => /Sorry/.test(t))).toEqual([]);
    expect(updates).toHaveLength(MESSAGES);
    const posted = fake.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('DCR'));
    expect(posted.filter((c) => /Sorry/.test(JSON.stringify(c.args)))).toEqual([]);
    for (let c = 0; c < CHANNELS; c++) {
      const channel = `DCR${String(c).padStart(3, '0')}`;
      const answered = updates
        .filter((u) => u.args.channel === channel)
        .map((u) => QUESTIONS.findIndex(([, label]) => JSON.stringify(u.args).includes(label)));
      expect([channel, answered]).toEqual([channel, [0, 1, 2, 3, 4]]);
    }
    const rows = await rt.db.chatInboxMessage.groupBy({
      by: ['status'],
      _count: true,
      where: { externalId: { startsWith: 'Ev-crash-' } },
    });
    expect(rows).toEqual([{ status: 'ANSWERED', _count: MESSAGES }]);
    web.child.kill('SIGTERM');
    worker.kill('SIGTERM');
    expect(await exitOf(web.child)).toBe(0);
    await exitOf(worker);
  }, 300_000);
});
