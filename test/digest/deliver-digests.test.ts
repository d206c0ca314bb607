import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Express } from 'express';
import sharp from 'sharp';
import request from 'supertest';
import { channelSenders } from '../../src/channels/senders.ts';
import { createTwilioClient } from '../../src/channels/whatsapp/twilio-client.ts';
import { type DigestPoster, deliverDueDigests } from '../../src/digest/deliver-digests.ts';
import { appInbox, createApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { ScratchDatabase } from '../helpers/db.ts';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.ts';
import { type FakeTwilio, startFakeTwilio } from '../helpers/fake-twilio.ts';
import { syncRuntime } from '../helpers/sync.ts';
import { Q, S, seedDigest } from './digest-seed.ts';

/**
 * Digests delivered end to end on a fixed clock: subscribed with the slash command through Bolt,
 * posted through the real Slack WebClient and Twilio SDK to local stand-ins of their APIs.
 */

const SECRET = 'digest-signing-secret-0123456789';
const TOKEN = 'xoxb-1-frame-digests';
const TEAM = 'T0DIGEST1';
const ACCOUNT = `AC${'d'.repeat(32)}`;
const AUTH = 'digest-twilio-auth-token';
const TEMPLATE = `HX${'a'.repeat(32)}`;
const Q_NUMBER = '+4915112345678';

const signed = (body: string) => {
  const at = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${at}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(at), 'x-slack-signature': signature };
};

describe('daily digest delivery', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let slack: FakeSlack;
  let twilio: FakeTwilio;
  let app: Express;
  let clock = new Date('2026-10-30T20:00:00Z');
  let slash = 0;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.addBot(TOKEN, { teamId: TEAM, botUserId: 'UDIGESTBOT', botId: 'BDIGESTBOT' });
    twilio = await startFakeTwilio({ [ACCOUNT]: AUTH }, { window: { now: () => clock } });
    twilio.addTemplate(
      TEMPLATE,
      'Your sales on {{1}}: {{2}} from {{3}} orders ({{4}}). {{5}} Reply to get the full digest.',
    );
    ({ rt, db } = await syncRuntime({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: slack.apiUrl,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: AUTH,
      TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
      TWILIO_DIGEST_CONTENT_SID: TEMPLATE,
      PUBLIC_BASE_URL: 'https://frame.example.test',
      SYNC_STALE_HOURS: '168',
    }));
    await seedDigest(rt.db);
    await rt.db.chatIdentity.createMany({
      data: [
        { channel: 'SLACK', teamId: TEAM, externalId: 'US', userId: S },
        { channel: 'WHATSAPP', teamId: '', externalId: Q_NUMBER, userId: Q },
      ],
    });
    app = createApp({ ...rt, now: () => clock });
  });
  afterAll(async () => {
    await appInbox(app)?.close();
    await slack?.close();
    await twilio?.close();
    await rt?.close();
    await db?.drop();
  });

  const channels = () => {
    const twilioClient = createTwilioClient(rt.config, { httpClient: twilio.httpClient });
    return channelSenders(rt, {}, { twilioClient });
  };
  /** one worker's run of the digest job at `at`; the stores synced 5 minutes before (as the sweep keeps them) */
  const worker = async (at: string) => {
    clock = new Date(at);
    await rt.db.marketplaceConnection.updateMany({
      where: { status: 'CONNECTED' },
      data: { lastSyncAt: new Date(clock.getTime() - 5 * 60_000) },
    });
    const { posters, notifier } = channels();
    return deliverDueDigests({ ...rt, now: () => clock, posters, notifier });
  };
  const slashCommand = async (channel: string, text: string) => {
    const id = `digest-${++slash}`;
    const body = new URLSearchParams({
      command: '/frame',
      text,
      user_id: 'US',
      user_name: 's',
      team_id: TEAM,
      channel_id: channel,
      channel_name: 'sales',
      api_app_id: 'AFAKEAPP',
      response_url: slack.responseUrl(id),
      trigger_id: `trigger-${id}`,
      token: 'legacy',
    }).toString();
    const res = await request(app)
      .post('/slack/events')
      .set('content-type', 'application/x-www-form-urlencoded')
      .set(signed(body))
      .send(body);
    expect(res.status).toBe(200);
    return slack.waitFor(() => slack.responses.find((r) => r.id === id), `the reply to "${text}"`);
  };
  const postsIn = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
  const uploadsIn = (channel: string) =>
    slack.callsTo('files.completeUploadExternal').filter((c) => c.args.channel_id === channel && c.result?.ok);

  it('subscribes a channel with the slash command, and posts there once a day at 09:00 local across the end of summer time', async () => {
    const reply = await slashCommand('C0SALES', 'digest daily 09:00');
    expect(String(reply.body.text)).toMatch(/^Daily digest on: here at 09:00 \(America\/New_York\): on, next 31 Oct\./);
    expect(await rt.db.digestSubscription.findMany({ where: { userId: S } })).toEqual([
      expect.objectContaining({
        channel: 'SLACK',
        teamId: TEAM,
        destination: 'C0SALES',
        sendMinute: 540,
        createdBy: `SLACK:${TEAM}:US`,
      }),
    ]);

    // Saturday 31 Oct, 09:00 EDT = 13:00 UTC
    expect(await worker('2026-10-31T12:59:00Z')).toMatchObject({ sent: 0 });
    // two workers at once: one digest
    clock = new Date('2026-10-31T13:00:30Z');
    const { posters } = channels();
    const both = await Promise.all([
      deliverDueDigests({ ...rt, now: () => clock, posters }),
      deliverDueDigests({ ...rt, now: () => clock, posters }),
    ]);
    expect(both.map((r) => r.sent).sort()).toEqual([0, 1]);
    expect(postsIn('C0SALES')).toHaveLength(1);
    expect(postsIn('C0SALES')[0]!.args.text).toMatch(
      /^\*Friday 30 Oct: \$[\d,.]+ \(€[\d,.]+ \+ \$[\d,.]+\) from \d+ orders\*/,
    );
    expect(uploadsIn('C0SALES')).toHaveLength(1);
    const png = slack.uploads.at(-1)!.bytes;
    expect((await sharp(png).metadata()).format).toBe('png');
    expect(await worker('2026-10-31T22:00:00Z')).toMatchObject({ sent: 0 });

    // Sunday 1 Nov: summer time ended at 06:00 UTC, so 09:00 is now 14:00 UTC
    expect(await worker('2026-11-01T13:30:00Z')).toMatchObject({ sent: 0 });
    expect(await worker('2026-11-01T14:00:00Z')).toMatchObject({ sent: 1 });
    expect(postsIn('C0SALES')).toHaveLength(2);
    expect(postsIn('C0SALES')[1]!.args.text).toMatch(/^\*Saturday 31 Oct:/);
    expect(await worker('2026-11-01T23:59:00Z')).toMatchObject({ sent: 0 });

    const deliveries = await rt.db.digestDelivery.findMany({ orderBy: { localDate: 'asc' } });
    expect(deliveries.map((d) => [d.localDate.toISOString().slice(0, 10), d.status, d.attempts])).toEqual([
      ['2026-10-31', 'SENT', 1],
      ['2026-11-01', 'SENT', 1],
    ]);
  });

  it('tries a failed post again after a backoff, without posting the text twice', async () => {
    slack.failNext('files.completeUploadExternal', 'internal_error');
    expect(await worker('2026-11-02T14:00:00Z')).toMatchObject({ sent: 0, retrying: 1 });
    expect(postsIn('C0SALES')).toHaveLength(3);
    expect(postsIn('C0SALES')[2]!.args.blocks).toBeDefined();
    // the exceptions of Sunday 1 Nov come first
    const text = JSON.stringify(postsIn('C0SALES')[2]!.args.blocks);
    expect(text).toContain('No Flipkart orders on Sunday');
    expect(await worker('2026-11-02T14:00:40Z')).toMatchObject({ sent: 0, retrying: 0 });
    expect(await worker('2026-11-02T14:01:05Z')).toMatchObject({ sent: 1 });
    expect(postsIn('C0SALES')).toHaveLength(3);
    expect(uploadsIn('C0SALES')).toHaveLength(3);
    const row = await rt.db.digestDelivery.findFirstOrThrow({ where: { localDate: new Date('2026-11-02') } });
    expect([row.status, row.attempts, row.lastError]).toEqual(['SENT', 2, null]);

    // today's went out: a later time today starts tomorrow, and says so
    const moved = await slashCommand('C0SALES', 'digest at 3pm');
    expect(String(moved.body.text)).toMatch(
      /^Daily digest updated: here at 15:00 \(America\/New_York\): on, next 3 Nov\./,
    );
    expect(await worker('2026-11-02T20:00:30Z')).toMatchObject({ sent: 0 });
    await slashCommand('C0SALES', 'digest at 9am');
  });

  it('pauses a digest when the bot was removed from its channel, and tells the seller by DM', async () => {
    await slashCommand('C0GONE', 'digest daily 10:30');
    slack.addOutsideChannel('C0GONE');
    expect(await worker('2026-11-03T15:31:00Z')).toMatchObject({ paused: 1 });
    const sub = await rt.db.digestSubscription.findFirstOrThrow({ where: { destination: 'C0GONE' } });
    expect([sub.pausedAt?.toISOString(), sub.pauseReason]).toEqual(['2026-11-03T15:31:00.000Z', 'CHANNEL_GONE']);
    const dm = postsIn('US').at(-1)!;
    expect(dm.args.text).toMatch(/could not post your daily digest in the Slack channel C0GONE.*paused it/);
    // paused: not tried again; the list says why
    expect(await worker('2026-11-04T15:31:00Z')).toMatchObject({ paused: 0 });
    const list = await slashCommand('C0SALES', 'digest list');
    expect(String(list.body.text)).toContain(
      'in Slack channel C0GONE at 10:30 (America/New_York): paused (I was removed from the channel)',
    );
  });

  it('sends WhatsApp the whole digest and its chart inside the 24-hour window, the approved template outside it', async () => {
    await rt.db.digestSubscription.create({
      data: {
        userId: Q,
        channel: 'WHATSAPP',
        destination: Q_NUMBER,
        sendMinute: 8 * 60,
        activeFrom: new Date('2026-11-01T00:00:00Z'),
      },
    });
    // Q wrote at 07:00 Berlin on Monday 2 Nov; the digest is due at 08:00 (07:00 UTC)
    const wrote = new Date('2026-11-02T06:00:00Z');
    await rt.db.chatIdentity.updateMany({ where: { externalId: Q_NUMBER }, data: { lastInboundAt: wrote } });
    twilio.inbound(Q_NUMBER, wrote);
    expect(await worker('2026-11-02T07:00:00Z')).toMatchObject({ sent: 1 });
    const [full] = twilio.messages.filter((m) => m.to === `whatsapp:${Q_NUMBER}`);
    expect(full!.status).toBe('queued');
    expect(full!.contentSid).toBeUndefined();
    expect(full!.body).toMatch(/^\*Sunday 1 Nov: €[\d,.]+ \(\$[\d,.]+\) from 4 orders\*/);
    expect(full!.mediaUrl).toHaveLength(1);
    const media = await request(app).get(new URL(full!.mediaUrl[0]!).pathname);
    expect(media.status).toBe(200);
    expect((await sharp(media.body as Buffer).metadata()).format).toBe('png');

    // the next morning the window has closed: the template, with the headline figures
    expect(await worker('2026-11-03T07:00:00Z')).toMatchObject({ sent: 1 });
    const template = twilio.messages.filter((m) => m.to === `whatsapp:${Q_NUMBER}`)[1]!;
    expect(template).toMatchObject({ contentSid: TEMPLATE, status: 'queued', mediaUrl: [] });
    expect(template.body).toMatch(
      /^Your sales on Monday 2 Nov: €0 from 0 orders \(.+\)\. \d+ things? to look at: No Shopify orders on Monday/,
    );
    expect(twilio.messages.filter((m) => m.errorCode !== undefined)).toEqual([]);
  });

  it('keeps a wall-clock time that happens twice on the night summer time ends to one digest', async () => {
    const posted: string[] = [];
    const capture: DigestPoster = async (to) => void posted.push(to.destination);
    await rt.db.digestSubscription.create({
      data: {
        userId: S,
        channel: 'CONSOLE',
        destination: 'night-owl',
        sendMinute: 90,
        activeFrom: new Date('2026-10-01'),
      },
    });
    const run = (at: string) => deliverDueDigests({ ...rt, now: () => new Date(at), posters: { CONSOLE: capture } });
    // 01:30 EDT (05:30 UTC), then 01:30 EST (06:30 UTC)
    expect(await run('2026-11-01T05:29:00Z')).toMatchObject({ sent: 0 });
    expect(await run('2026-11-01T05:30:00Z')).toMatchObject({ sent: 1 });
    expect(await run('2026-11-01T06:30:00Z')).toMatchObject({ sent: 0 });
    expect(posted).toEqual(['night-owl']);
  });
});
