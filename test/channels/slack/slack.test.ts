import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { webApi } from '@slack/bolt';
import type { Express } from 'express';
import sharp from 'sharp';
import request from 'supertest';
import { slackDirectSender } from '../../../src/channels/slack/direct-sender.ts';
import { appInbox, createApp } from '../../../src/http/app.ts';
import { createLogger } from '../../../src/logger.ts';
import type { Runtime } from '../../../src/runtime.ts';
import { A, B, CONNECTIONS, NOW, ORDERS, seed } from '../../analytics/seed.ts';
import type { ScratchDatabase } from '../../helpers/db.ts';
import { type FakeSlack, type SlackCall, startFakeSlack } from '../../helpers/fake-slack.ts';
import { syncRuntime } from '../../helpers/sync.ts';

/**
 * The Slack channel end to end: signed requests into our express app, through Bolt's receiver
 * and our listeners, out to a local Slack Web API through the real WebClient.
 */

const SECRET = 'test-signing-secret-0123456789';
const TOKEN = 'xoxb-1-frame-single-workspace';
const TEAM = 'T0FRAME01';
const BOT = 'UFRAMEBOT';
const PLACEHOLDER = 'Looking at your sales…';

let seq = 0;
const uniqueTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;

function signed(body: string, at = Math.floor(Date.now() / 1000), secret = SECRET) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${at}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(at), 'x-slack-signature': signature };
}

const envelope = (event: Record<string, unknown>, eventId: string) =>
  JSON.stringify({
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: 'AFAKEAPP',
    event: { ...event, event_ts: event.ts ?? uniqueTs() },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: BOT, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });

const dm = (user: string, channel: string, text: string) => ({
  type: 'message',
  channel_type: 'im',
  channel,
  user,
  text,
  ts: uniqueTs(),
});

/** Plain figures out of the seed: live (not cancelled) orders placed last month in the seller's zone. */
const ordersLastMonth = (userId: string, from: string, to: string) =>
  ORDERS.filter(
    (o) =>
      o.userId === userId && o.status !== 'CANCELLED' && o.orderedAt >= new Date(from) && o.orderedAt < new Date(to),
  ).length;
const A_OCTOBER = ordersLastMonth(A, '2026-09-30T18:30:00Z', '2026-10-31T18:30:00Z'); // Asia/Kolkata
const B_OCTOBER = ordersLastMonth(B, '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'); // UTC
/** the answer's total, not a marketplace's share of it: "Your orders last month (…): 7 orders — eBay: 2 orders, …" */
const total = (n: number) => new RegExp(`last month \\([^)]*\\): ${n} orders\\b`);

describe('Slack channel', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let fake: FakeSlack;
  let app: Express;
  const logLines: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.addBot(TOKEN, { teamId: TEAM, botUserId: BOT, botId: 'BFRAMEBOT' });
    fake.addUser('UNEW', { name: 'Nina', realName: 'Nina Novak', tz: 'Europe/Berlin' });
    ({ rt, db } = await syncRuntime({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: fake.apiUrl,
      SYNC_STALE_HOURS: '168',
      PUBLIC_BASE_URL: 'https://frame.example.test',
    }));
    await seed(rt.db);
    await rt.db.chatIdentity.createMany({
      data: [
        { channel: 'SLACK', teamId: TEAM, externalId: 'UA', userId: A },
        { channel: 'SLACK', teamId: TEAM, externalId: 'UB', userId: B },
      ],
    });
    const log = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
    app = createApp({ ...rt, log, now: () => NOW });
  });
  afterAll(async () => {
    await appInbox(app)?.close();
    await fake?.close();
    await rt?.close();
    await db?.drop();
  });

  const postEvent = (body: string, headers: Record<string, string> = signed(body)) =>
    request(app).post('/slack/events').set('content-type', 'application/json').set(headers).send(body);
  const postForm = (form: Record<string, string>) => {
    const body = new URLSearchParams(form).toString();
    return request(app)
      .post('/slack/events')
      .set('content-type', 'application/x-www-form-urlencoded')
      .set(signed(body))
      .send(body);
  };
  const inChannel = (method: string, channel: string) => fake.callsTo(method).filter((c) => c.args.channel === channel);
  const updateIn = (channel: string) =>
    fake.waitFor(() => inChannel('chat.update', channel)[0], `chat.update in ${channel}`);
  /** the inbox rows of some deliveries once none is pending (an answer is posted just before its row is closed) */
  const settled = async (externalIds: string[]) => {
    for (let i = 0; i < 200; i++) {
      const rows = await rt.db.chatInboxMessage.findMany({
        where: { channel: 'SLACK', externalId: { in: externalIds } },
        orderBy: { receivedAt: 'asc' },
      });
      if (rows.length === externalIds.length && rows.every((r) => r.status !== 'PENDING')) return rows;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${externalIds.join(', ')} still pending`);
  };
  const sectionText = (call: SlackCall) =>
    (call.args.blocks as { type: string; text?: { text: string } }[])
      .filter((b) => b.type === 'section')
      .map((b) => b.text!.text)
      .join('\n');

  it('answers a DM: a placeholder first, then the answer in its place, laid out in Block Kit', async () => {
    const res = await postEvent(envelope(dm('UA', 'DA0001', 'how many orders did I get last month?'), 'Ev-dm-1'));
    expect(res.status).toBe(200);
    const update = await updateIn('DA0001');
    const [placeholder] = inChannel('chat.postMessage', 'DA0001');
    expect(placeholder!.args.text).toBe(PLACEHOLDER);
    expect(placeholder!.token).toBe(TOKEN);
    expect(fake.calls.indexOf(placeholder!)).toBeLessThan(fake.calls.indexOf(update));
    expect(update.args.ts).toBe(placeholder!.result!.ts);
    expect(sectionText(update)).toMatch(total(A_OCTOBER));
    const blocks = update.args.blocks as { type: string; elements?: { text: string }[] }[];
    expect(blocks.at(-1)!.type).toBe('context');
    expect(blocks.at(-1)!.elements![0]!.text).toMatch(/^Data as of /);
    expect(String(update.args.text)).toMatch(total(A_OCTOBER));
  });

  it('gives each seller only their own figures', async () => {
    await Promise.all([
      postEvent(envelope(dm('UA', 'DA0002', 'how many orders did I get last month?'), 'Ev-two-a')),
      postEvent(envelope(dm('UB', 'DB0002', 'how many orders did I get last month?'), 'Ev-two-b')),
    ]);
    const [a, b] = await Promise.all([updateIn('DA0002'), updateIn('DB0002')]);
    expect(A_OCTOBER).not.toBe(B_OCTOBER);
    expect(sectionText(a)).toMatch(total(A_OCTOBER));
    expect(sectionText(a)).not.toMatch(total(B_OCTOBER));
    expect(sectionText(b)).toMatch(total(B_OCTOBER));
    expect(sectionText(b)).not.toMatch(total(A_OCTOBER));
  });

  it('answers a mention in its thread and uploads the chart there (files.uploadV2)', async () => {
    const event = {
      type: 'app_mention',
      channel: 'C0SALES',
      user: 'UA',
      text: `<@${BOT}> sales trend last month by marketplace`,
      ts: uniqueTs(),
    };
    await postEvent(envelope(event, 'Ev-chart-1'));
    const complete = await fake.waitFor(
      () => fake.callsTo('files.completeUploadExternal').find((c) => c.args.channel_id === 'C0SALES'),
      'the upload to complete',
    );
    const [placeholder] = inChannel('chat.postMessage', 'C0SALES');
    expect(placeholder!.args.thread_ts).toBe(event.ts);
    const [update] = inChannel('chat.update', 'C0SALES');
    expect(sectionText(update!)).toMatch(/trend|sales/i);

    const getUrl = fake.callsTo('files.getUploadURLExternal').at(-1)!;
    const files = complete.args.files as { id: string; title: string }[];
    const upload = fake.uploads.find((u) => u.fileId === files[0]!.id)!;
    expect(upload).toBeDefined();
    expect(Number(getUrl.args.length)).toBe(upload.bytes.length);
    expect(getUrl.args.filename).toMatch(/\.png$/);
    expect(upload.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const meta = await sharp(upload.bytes).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThan(100);
    expect(complete.args.thread_ts).toBe(event.ts);
    expect(fake.calls.indexOf(update!)).toBeLessThan(fake.calls.indexOf(getUrl));
  });

  it('refuses a bad signature with 401: nothing is posted or recorded', async () => {
    const body = envelope(dm('UA', 'DBAD01', 'how many orders did I get last month?'), 'Ev-bad-sig');
    const res = await postEvent(body, signed(body, Math.floor(Date.now() / 1000), 'not-the-secret'));
    expect(res.status).toBe(401);
    const tampered = await postEvent(body.replace('how many', 'how few'), signed(body));
    expect(tampered.status).toBe(401);
    expect(fake.calls.filter((c) => c.args.channel === 'DBAD01')).toEqual([]);
    expect(await rt.db.chatInboxMessage.count({ where: { externalId: 'Ev-bad-sig' } })).toBe(0);
  });

  it('refuses a request signed more than five minutes ago with 401', async () => {
    const body = envelope(dm('UA', 'DOLD01', 'how many orders did I get last month?'), 'Ev-stale');
    const res = await postEvent(body, signed(body, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(res.status).toBe(401);
    expect(fake.calls.filter((c) => c.args.channel === 'DOLD01')).toEqual([]);
    expect(await rt.db.chatInboxMessage.count({ where: { externalId: 'Ev-stale' } })).toBe(0);
  });

  it('answers a redelivered event (same event_id, x-slack-retry-num) once, and drops one that comes after the answer', async () => {
    const body = envelope(dm('UA', 'DRETRY', 'how many orders did I get last month?'), 'Ev-retry-1');
    const retry = (n: number) => ({
      ...signed(body),
      'x-slack-retry-num': String(n),
      'x-slack-retry-reason': 'http_timeout',
    });
    const [first, second] = await Promise.all([postEvent(body), postEvent(body, retry(1))]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await updateIn('DRETRY');
    await settled(['Ev-retry-1']);
    expect((await postEvent(body, retry(2))).status).toBe(200);
    await fake.waitFor(
      () => logLines.some((l) => l.includes('"eventId":"Ev-retry-1"') && l.includes('redelivery dropped')),
      'the late redelivery to be dropped',
    );
    expect(inChannel('chat.postMessage', 'DRETRY')).toHaveLength(1);
    expect(inChannel('chat.update', 'DRETRY')).toHaveLength(1);
    expect(await settled(['Ev-retry-1'])).toEqual([
      expect.objectContaining({
        status: 'ANSWERED',
        attempts: 1,
        payload: null,
        conversationKey: `slack:${TEAM}:DRETRY`,
      }),
    ]);
  });

  it('refuses requests dated ten minutes or a day ahead with 401: nothing stored, nothing posted', async () => {
    for (const [ahead, id] of [
      [10 * 60, 'Ev-ahead-10m'],
      [86_400, 'Ev-ahead-1d'],
    ] as const) {
      const body = envelope(dm('UA', 'DAHEAD', 'status'), id);
      const res = await postEvent(body, signed(body, Math.floor(Date.now() / 1000) + ahead));
      expect(res.status).toBe(401);
      expect(await rt.db.chatInboxMessage.count({ where: { externalId: id } })).toBe(0);
    }
    expect(fake.calls.filter((c) => c.args.channel === 'DAHEAD')).toEqual([]);
  });

  it('answers what a process that died had claimed: the same placeholder filled, the conversation in order', async () => {
    // as a web process leaves them when killed: the first message claimed, its placeholder posted, its lease running out; the next waiting
    const placeholder = await new webApi.WebClient(TOKEN, { slackApiUrl: fake.apiUrl }).chat.postMessage({
      channel: 'DCRASH',
      text: PLACEHOLDER,
    });
    const stored = (n: number, text: string) => ({
      channel: 'SLACK' as const,
      externalId: `Ev-crash-${n}`,
      kind: 'slack-message',
      conversationKey: `slack:${TEAM}:DCRASH`,
      payload: { teamKey: TEAM, user: 'UA', channel: 'DCRASH', threadKey: 'DCRASH', text },
      receivedAt: new Date(Date.now() - 60_000 + n),
      sentAt: new Date(Date.now() - 60_000 + n),
    });
    await rt.db.chatInboxMessage.create({
      data: {
        ...stored(1, 'how many orders did I get last month?'),
        attempts: 1,
        lockedBy: 'dead-host:1:x',
        lockedUntil: new Date(Date.now() - 1000),
        progress: { placeholder: { channel: 'DCRASH', ts: placeholder.ts! } },
      },
    });
    await rt.db.chatInboxMessage.create({ data: stored(2, 'status') });
    appInbox(app)!.kick();
    const updated = await updateIn('DCRASH');
    expect(updated.args.ts).toBe(placeholder.ts);
    expect(sectionText(updated)).toMatch(total(A_OCTOBER));
    const status = await fake.waitFor(
      () => inChannel('chat.postMessage', 'DCRASH').find((c) => String(c.args.text).includes('A Shop')),
      'the status reply',
    );
    // one placeholder (the dead process's), then the status reply after the answer
    expect(inChannel('chat.postMessage', 'DCRASH').map((c) => c.args.text)).toEqual([PLACEHOLDER, status.args.text]);
    expect(fake.calls.indexOf(status)).toBeGreaterThan(fake.calls.indexOf(updated));
    expect((await settled(['Ev-crash-1', 'Ev-crash-2'])).map((r) => [r.status, r.attempts])).toEqual([
      ['ANSWERED', 2],
      ['ANSWERED', 1],
    ]);
  });

  it("places a message by the installation it was delivered for, not the envelope's team (Slack Connect)", async () => {
    const body = JSON.parse(
      envelope(dm('UA', 'DCONNECT', 'how many orders did I get last month?'), 'Ev-connect-team'),
    ) as Record<string, unknown>;
    body.team_id = 'T0ELSEWHERE';
    const raw = JSON.stringify(body);
    await postEvent(raw, signed(raw));
    expect(sectionText(await updateIn('DCONNECT'))).toMatch(total(A_OCTOBER));
  });

  it('answers a message with a NUL byte and other control characters in it', async () => {
    await postEvent(envelope(dm('UA', 'DNUL01', 'how many orders\u0000 did I get last\u0007 month?'), 'Ev-nul-1'));
    const updated = await updateIn('DNUL01');
    expect(sectionText(updated)).toMatch(total(A_OCTOBER));
  });

  it('answers a burst of 40 DMs from two sellers, each once, at most CHAT_CONCURRENCY at a time, no apology', async () => {
    const channels = Array.from({ length: 40 }, (_, i) => `DBURST${String(i).padStart(2, '0')}`);
    const results = await Promise.all(
      channels.map((ch, i) =>
        postEvent(envelope(dm(i % 2 ? 'UB' : 'UA', ch, 'how many orders did I get last month?'), `Ev-burst-${i}`)),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(channels.map(() => 200));
    await fake.waitFor(
      () => channels.every((ch) => inChannel('chat.update', ch).length === 1),
      'every burst answer',
      60_000,
    );
    expect(appInbox(app)!.peakInFlight()).toBe(rt.config.CHAT_CONCURRENCY);
    for (const [i, ch] of channels.entries()) {
      expect(inChannel('chat.postMessage', ch)).toHaveLength(1);
      expect(sectionText(inChannel('chat.update', ch)[0]!)).toMatch(total(i % 2 ? B_OCTOBER : A_OCTOBER));
    }
  });

  it('runs a text command typed in a DM and sends the connect link privately', async () => {
    await postEvent(envelope(dm('UA', 'DA0003', 'connect etsy'), 'Ev-connect-1'));
    const link = await fake.waitFor(
      () => inChannel('chat.postMessage', 'UA').find((c) => String(c.args.text).includes('/oauth/etsy/start?link=')),
      'the connect link DM',
    );
    expect(String(link.args.text)).toContain('https://frame.example.test/oauth/etsy/start?link=');
    const [said] = inChannel('chat.postMessage', 'DA0003');
    expect(String(said!.args.text)).toMatch(/private link to connect Etsy/);
    expect(inChannel('chat.update', 'DA0003')).toEqual([]);
    expect(await rt.db.connectLink.count({ where: { userId: A, marketplace: 'ETSY' } })).toBe(1);
  });

  it('greets a first-time user with connect buttons before anything else', async () => {
    await postEvent(envelope(dm('UNEW', 'DNEW01', 'what were my total sales last month?'), 'Ev-new-1'));
    const greeting = await fake.waitFor(() => inChannel('chat.postMessage', 'DNEW01')[0], 'the greeting');
    expect(String(greeting.args.text)).toMatch(/^Hi Nina!/);
    const actions = (greeting.args.blocks as { type: string; elements?: { action_id: string }[] }[]).find(
      (b) => b.type === 'actions',
    )!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(
      ['SHOPIFY', 'EBAY', 'ETSY', 'FLIPKART', 'BIGCOMMERCE', 'SQUARE', 'SNAPDEAL'].map((m) => `connect:${m}`),
    );
    const identity = await rt.db.chatIdentity.findUniqueOrThrow({
      where: { channel_teamId_externalId: { channel: 'SLACK', teamId: TEAM, externalId: 'UNEW' } },
      include: { user: true },
    });
    expect([identity.user.name, identity.user.timeZone]).toEqual(['Nina', 'Europe/Berlin']);
    expect(fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['UNEW']);
  });

  it('acknowledges a slash command at once and answers through the response_url', async () => {
    const release = fake.holdResponses();
    let res: Awaited<ReturnType<typeof postForm>> | undefined;
    try {
      // the response_url is held: the 200 can only come from the acknowledgement, not after the reply
      res = await postForm({
        command: '/frame',
        text: 'status',
        user_id: 'UA',
        user_name: 'a',
        team_id: TEAM,
        channel_id: 'C0SALES',
        channel_name: 'sales',
        api_app_id: 'AFAKEAPP',
        response_url: fake.responseUrl('status-1'),
        trigger_id: 't1',
        token: 'legacy',
      });
    } finally {
      release();
    }
    expect(res.status).toBe(200);
    const reply = await fake.waitFor(() => fake.responses.find((r) => r.id === 'status-1'), 'the status reply');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(String(reply.body.text)).toContain('A Shop');
    expect(String(reply.body.text)).not.toContain('B Shop');

    const ask = await postForm({
      command: '/frame',
      text: 'ask how many orders did I get last month?',
      user_id: 'UB',
      user_name: 'b',
      team_id: TEAM,
      channel_id: 'C0SALES',
      channel_name: 'sales',
      api_app_id: 'AFAKEAPP',
      response_url: fake.responseUrl('ask-1'),
      trigger_id: 't2',
      token: 'legacy',
    });
    expect(ask.status).toBe(200);
    expect(ask.body).toMatchObject({ response_type: 'ephemeral', text: PLACEHOLDER });
    const answer = await fake.waitFor(() => fake.responses.find((r) => r.id === 'ask-1'), 'the answer');
    expect(answer.body.response_type).toBe('in_channel');
    expect(String(answer.body.text)).toMatch(total(B_OCTOBER));
  });

  it('answers "/frame ask" for a chart in a channel it is not in: the answer in the channel, the chart as a private table', async () => {
    fake.addOutsideChannel('C0OUTSIDE');
    await postForm({
      command: '/frame',
      text: 'ask sales trend last month by marketplace',
      user_id: 'UA',
      user_name: 'a',
      team_id: TEAM,
      channel_id: 'C0OUTSIDE',
      channel_name: 'elsewhere',
      api_app_id: 'AFAKEAPP',
      response_url: fake.responseUrl('ask-chart'),
      trigger_id: 't5',
      token: 'legacy',
    });
    const [answer, table] = await fake.waitFor(() => {
      const got = fake.responses.filter((r) => r.id === 'ask-chart');
      return got.length >= 2 && got;
    }, 'the answer and the chart table');
    expect(answer!.body.response_type).toBe('in_channel');
    expect(fake.callsTo('files.completeUploadExternal').at(-1)!.result).toMatchObject({
      ok: false,
      error: 'not_in_channel',
    });
    expect(table!.body.response_type).toBe('ephemeral');
    expect(String(table!.body.text)).toMatch(/invite me to this channel[\s\S]*```/);
  });

  it("DMs a seller from outside a conversation with SLACK_BOT_TOKEN (the notifier's Slack sender)", async () => {
    await slackDirectSender(rt)(
      { teamId: TEAM, externalId: 'UA', userId: A },
      'Shopify connected — first sync started',
    );
    expect(fake.callsTo('chat.postMessage').at(-1)).toMatchObject({
      token: TOKEN,
      args: { channel: 'UA', text: 'Shopify connected — first sync started' },
    });
  });

  it("publishes the seller's App Home: connections, connect buttons for the rest, the digest switch", async () => {
    await postEvent(envelope({ type: 'app_home_opened', user: 'UA', channel: 'DAHOME', tab: 'home' }, 'Ev-home-1'));
    const publish = await fake.waitFor(
      () => fake.callsTo('views.publish').find((c) => c.args.user_id === 'UA'),
      'views.publish',
    );
    const view = publish.args.view as { type: string; blocks: Record<string, unknown>[] };
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    for (const c of CONNECTIONS.filter((x) => x.userId === A)) expect(text).toContain(c.storeName ?? c.storeId);
    for (const c of CONNECTIONS.filter((x) => x.userId === B)) expect(text).not.toContain(c.storeName ?? c.storeId);
    const buttons = view.blocks
      .flatMap((b) => [
        ...((b.elements as { action_id?: string }[] | undefined) ?? []),
        ...(b.accessory ? [b.accessory as { action_id?: string }] : []),
      ])
      .map((e) => e.action_id);
    expect(buttons).toEqual(expect.arrayContaining(['connect:ETSY', 'connect:EBAY', 'digest:on']));
    expect(buttons).not.toContain('connect:SHOPIFY');
    expect(buttons).not.toContain('connect:FLIPKART');

    const payload = {
      type: 'block_actions',
      user: { id: 'UA', username: 'a', team_id: TEAM },
      team: { id: TEAM, domain: 'fake' },
      api_app_id: 'AFAKEAPP',
      token: 'legacy',
      trigger_id: 't3',
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1', type: 'home', private_metadata: 'DAHOME', team_id: TEAM },
      actions: [{ type: 'button', action_id: 'digest:on', block_id: 'b1', value: 'DAHOME', action_ts: uniqueTs() }],
    };
    await postForm({ payload: JSON.stringify(payload) });
    const again = await fake.waitFor(
      () => fake.callsTo('views.publish').filter((c) => c.args.user_id === 'UA')[1],
      'the republished Home',
    );
    expect(JSON.stringify(again.args.view)).toContain('digest:off');
    const sub = await rt.db.digestSubscription.findFirstOrThrow({
      where: { userId: A, channel: 'SLACK', destination: 'DAHOME' },
    });
    expect([sub.pausedAt, sub.teamId]).toEqual([null, TEAM]);

    // a channel picked on Home gets a digest too, and the seller is told where and when by DM
    const pick = {
      ...payload,
      trigger_id: 't3b',
      actions: [
        {
          type: 'conversations_select',
          action_id: 'digest:channel',
          block_id: 'b2',
          selected_conversation: 'C0PICKED',
          action_ts: uniqueTs(),
        },
      ],
    };
    await postForm({ payload: JSON.stringify(pick) });
    const told = await fake
      .waitFor(
        () => fake.callsTo('chat.postMessage').find((c) => /C0PICKED/.test(String(c.args.text))),
        'the DM about the picked channel',
      )
      .catch((e) => {
        console.log(JSON.stringify(fake.callsTo('chat.postMessage').at(-1)));
        throw e;
      });
    expect(told.args.channel).toBe('UA');
    expect(told.args.text).toMatch(/^Daily digest on: in Slack channel C0PICKED at 09:00 \(Asia\/Kolkata\): on, next/);
    const third = await fake.waitFor(
      () => fake.callsTo('views.publish').filter((c) => c.args.user_id === 'UA')[2],
      'Home published again',
    );
    expect(JSON.stringify(third.args.view)).toContain('In <#C0PICKED> at 09:00 (Asia/Kolkata): on');
  });

  it('runs the connect command from a button and DMs the link', async () => {
    const payload = {
      type: 'block_actions',
      user: { id: 'UB', username: 'b', team_id: TEAM },
      team: { id: TEAM, domain: 'fake' },
      api_app_id: 'AFAKEAPP',
      token: 'legacy',
      trigger_id: 't4',
      container: { type: 'message', channel_id: 'DB0009', message_ts: '1.2' },
      channel: { id: 'DB0009', name: 'directmessage' },
      response_url: fake.responseUrl('btn-1'),
      actions: [
        { type: 'button', action_id: 'connect:SQUARE', block_id: 'connect', value: 'SQUARE', action_ts: uniqueTs() },
      ],
    };
    const res = await postForm({ payload: JSON.stringify(payload) });
    expect(res.status).toBe(200);
    const link = await fake.waitFor(
      () => inChannel('chat.postMessage', 'UB').find((c) => String(c.args.text).includes('/oauth/square/start?link=')),
      'the connect link DM',
    );
    expect(link.token).toBe(TOKEN);
    expect(await rt.db.connectLink.count({ where: { userId: B, marketplace: 'SQUARE' } })).toBe(1);
    expect(await rt.db.connectLink.count({ where: { userId: A, marketplace: 'SQUARE' } })).toBe(0);
  });
});
