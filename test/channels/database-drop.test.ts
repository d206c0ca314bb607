import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Runtime } from '../../src/runtime.ts';
import { A, seed } from '../analytics/seed.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.ts';
import {
  dmEnvelope,
  type LiveProcesses,
  liveProcesses,
  postDm,
  SLACK_BOT_USER,
  SLACK_TEAM,
  SLACK_TOKEN,
} from '../helpers/live-processes.ts';
import { syncRuntime } from '../helpers/sync.ts';

/**
 * A database restart, failover or idle timeout, as the processes see it: every backend of the
 * database terminated while web and worker run. Both log it and go on: the web answers the next
 * DM, the worker runs the next job (its LISTEN connection and pools reconnect).
 */
describe('web and worker when the database drops every connection', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let fake: FakeSlack;
  let live: LiveProcesses;
  let seq = 0;

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.addBot(SLACK_TOKEN, { teamId: SLACK_TEAM, botUserId: SLACK_BOT_USER, botId: 'BLIVEBOT' });
    ({ rt, db } = await syncRuntime());
    await seed(rt.db);
    await rt.db.marketplaceConnection.updateMany({ data: { lastSyncAt: new Date() } });
    await rt.db.chatIdentity.create({ data: { channel: 'SLACK', teamId: SLACK_TEAM, externalId: 'UA', userId: A } });
    live = liveProcesses(db.url, fake.apiUrl);
  });
  afterAll(async () => {
    live?.killAll();
    await fake?.close();
    await rt?.close();
    await db?.drop();
  });

  const ask = async (url: string, channel: string) => {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
    expect(
      await postDm(url, dmEnvelope(`Ev-drop-${seq}`, channel, 'UA', 'how many orders did I get last month?', ts)),
    ).toBe(200);
    return fake.waitFor(
      () => fake.callsTo('chat.update').find((c) => c.args.channel === channel),
      `the answer in ${channel}`,
      60_000,
    );
  };

  /** Ends every other session on the database, as a restart does. */
  async function terminateAll(): Promise<number> {
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) t',
      );
      return rows[0]!.n;
    } finally {
      await admin.end();
    }
  }

  /** A job for the worker, through the job store's table: it is done when Agenda records its finish. */
  async function runJob(): Promise<void> {
    const name = 'purge-chat-records';
    await rt.db.$executeRawUnsafe(
      `UPDATE agenda_jobs SET next_run_at = now(), last_finished_at = NULL WHERE name = $1`,
      name,
    );
    for (let i = 0; i < 240; i++) {
      const [row] = await rt.db.$queryRawUnsafe<{ done: boolean }[]>(
        `SELECT last_finished_at IS NOT NULL AS done FROM agenda_jobs WHERE name = $1`,
        name,
      );
      if (row?.done) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${name} did not run`);
  }

  it('logs the drop and goes on answering, and running jobs', async () => {
    const web = await live.startWeb();
    const worker = await live.startWorker();
    await ask(web.url, 'DDROP1');
    await runJob();

    expect(await terminateAll()).toBeGreaterThanOrEqual(3); // at least the web's pool, its job-store pool and the worker's LISTEN
    await new Promise((r) => setTimeout(r, 2_000));
    expect([web.child.exitCode, web.child.signalCode, worker.child.exitCode, worker.child.signalCode]).toEqual([
      null,
      null,
      null,
      null,
    ]);

    const answer = await ask(web.url, 'DDROP2');
    expect(JSON.stringify(answer.args)).toMatch(/last month \(/);
    await runJob();
    // and once more, in case the first use after the drop only reconnected
    expect(await terminateAll()).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1_000));
    await ask(web.url, 'DDROP3');
    await runJob();
    expect([web.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
    expect(web.output() + worker.output()).toMatch(/connection was lost/);
    expect(web.output() + worker.output()).not.toMatch(/Unhandled 'error' event/);
  }, 240_000);
});
