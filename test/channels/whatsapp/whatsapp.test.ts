import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Express } from 'express';
import sharp from 'sharp';
import request from 'supertest';
import twilio from 'twilio';
import {
  MAX_MEDIA_BYTES,
  MediaTooLargeError,
  purgeExpiredMedia,
  saveMedia,
} from '../../../src/channels/media-store.ts';
import { whatsappDirectSender } from '../../../src/channels/whatsapp/direct-sender.ts';
import { createTwilioClient } from '../../../src/channels/whatsapp/twilio-client.ts';
import { issueLinkCode } from '../../../src/chat/commands/link-code.ts';
import { appInbox, createApp } from '../../../src/http/app.ts';
import { createNotifier } from '../../../src/notify/notifier.ts';
import type { Runtime } from '../../../src/runtime.ts';
import { expectedFigures, inWindow } from '../../analytics/expected.ts';
import { A, B, NOW, ORDERS, seed } from '../../analytics/seed.ts';
import type { ScratchDatabase } from '../../helpers/db.ts';
import { type FakeOpenAi, startFakeOpenAi } from '../../helpers/fake-openai.ts';
import { type FakeTwilio, type SentMessage, startFakeTwilio } from '../../helpers/fake-twilio.ts';
import { syncRuntime } from '../../helpers/sync.ts';

/**
 * The WhatsApp channel end to end: Twilio's signed webhook into our real express app, the chat
 * brain on seeded data, replies through the real twilio SDK to a local imitation of Twilio's
 * Messages API, and chart images served back from /media.
 */

const ACCOUNT_SID = `AC${'5f'.repeat(16)}`;
const AUTH_TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const BOT = '+14155238886';
const PUBLIC_BASE_URL = 'https://frame.example.com';
const WEBHOOK_URL = `${PUBLIC_BASE_URL}/twilio/whatsapp`;
const A_NUMBER = '+919810000001';
const B_NUMBER = '+14155550102';

// last month's sales (October 2026, each seller's time zone) from the seeded rows, in each seller's currency, whole units
const aOctober = expectedFigures(inWindow(ORDERS, A, '2026-09-30T18:30:00Z', '2026-10-31T18:30:00Z'), '0.0119');
const bOctober = expectedFigures(inWindow(ORDERS, B, '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'), null);
const A_SALES = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', maximumFractionDigits: 0 }).format(
  Number(aOctober.preferred!.sales),
);
const B_SALES = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(
  Number(bOctober.usd.sales),
);

const LONG_QUESTION = 'tell me a long story about my shops';
const FAILING_QUESTION = 'please ponder my shops deeply';
const SECTIONS = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliett'];
const LONG_ANSWER = SECTIONS.map(
  (s) => `Section ${s}: ${'your shops keep selling steadily across every marketplace '.repeat(6).trim()}.`,
).join('\n');

const newSid = () => `SM${randomBytes(16).toString('hex')}`;
const inbound = (from: string, body: string, extra: Record<string, string> = {}) => {
  const sid = newSid();
  return {
    SmsMessageSid: sid,
    NumMedia: '0',
    ProfileName: 'Test Seller',
    MessageType: 'text',
    SmsSid: sid,
    WaId: from.slice(1),
    SmsStatus: 'received',
    Body: body,
    To: `whatsapp:${BOT}`,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: `whatsapp:${from}`,
    ApiVersion: '2010-04-01',
    ...extra,
  };
};
const sign = (params: Record<string, string>, url = WEBHOOK_URL, token = AUTH_TOKEN) =>
  twilio.getExpectedTwilioSignature(token, url, params);

const FAST_RETRIES = { retryDelayMs: () => 50 };

describe('WhatsApp through Twilio', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let fake: FakeTwilio;
  let openai: FakeOpenAi;
  let app: Express;
  /** a second web process on the same database */
  let other: Express;

  beforeAll(async () => {
    fake = await startFakeTwilio({ [ACCOUNT_SID]: AUTH_TOKEN });
    openai = await startFakeOpenAi((_i, body) => {
      // the conversation's recent turns come first: the question is the last user message
      const question = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      if (question === FAILING_QUESTION) throw new Error('the model server is down');
      return { content: question === LONG_QUESTION ? LONG_ANSWER : 'I can only help with your sales.' };
    });
    ({ rt, db } = await syncRuntime({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_WHATSAPP_FROM: `whatsapp:${BOT}`,
      PUBLIC_BASE_URL,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_MODEL: 'test-model',
      // the seeded connections synced at most a day before NOW: no on-demand sync reaches for a marketplace
      SYNC_STALE_HOURS: '168',
    }));
    await seed(rt.db);
    await rt.db.chatIdentity.createMany({
      data: [
        { channel: 'WHATSAPP', externalId: A_NUMBER, userId: A },
        { channel: 'WHATSAPP', externalId: B_NUMBER, userId: B },
      ],
    });
    app = createApp({
      ...rt,
      twilioClient: createTwilioClient(rt.config, { httpClient: fake.httpClient }),
      now: () => NOW,
      inboxOptions: FAST_RETRIES,
    });
    other = createApp({
      ...rt,
      twilioClient: createTwilioClient(rt.config, { httpClient: fake.httpClient }),
      now: () => NOW,
      inboxOptions: FAST_RETRIES,
    });
  });
  afterAll(async () => {
    await appInbox(app)?.close();
    await appInbox(other)?.close();
    await fake?.close();
    await openai?.close();
    await rt?.close();
    await db?.drop();
  });

  const post = (params: Record<string, string>, signature: string | null = sign(params), to = app) => {
    const req = request(to).post('/twilio/whatsapp').type('form');
    return (signature === null ? req : req.set('X-Twilio-Signature', signature)).send(params);
  };
  const bodies = (sent: SentMessage[]) => sent.map((m) => m.body);
  /** the inbox row of a message once it is no longer pending (its reply is sent just before) */
  const settled = async (messageSid: string) => {
    for (let i = 0; i < 200; i++) {
      const row = await rt.db.chatInboxMessage.findUniqueOrThrow({
        where: { channel_externalId: { channel: 'WHATSAPP', externalId: messageSid } },
      });
      if (row.status !== 'PENDING') return row;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${messageSid} still pending`);
  };

  it("acknowledges a signed message with empty TwiML before replying, then answers with the seller's figure", async () => {
    const release = fake.hold();
    const params = inbound(A_NUMBER, 'what were my total sales last month?');
    const res = await post(params);
    // the 200 came back while Twilio's Messages API was not answering: the reply does not hold the webhook
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    release();
    const [reply] = await fake.waitFor(A_NUMBER, (s) => s.length >= 1);
    expect(reply).toMatchObject({
      accountSid: ACCOUNT_SID,
      from: `whatsapp:${BOT}`,
      to: `whatsapp:${A_NUMBER}`,
      mediaUrl: [],
    });
    expect(reply!.body).toContain('last month (1 Oct – 31 Oct 2026)');
    expect(reply!.body).toContain(A_SALES);
    expect(reply!.body).not.toContain(B_SALES);
    expect(reply!.body).toMatch(/Data as of/);
    const row = await settled(params.MessageSid);
    expect(row).toMatchObject({ status: 'ANSWERED', payload: null, attempts: 1 });
    // WhatsApp's 24-hour window (a digest outside it goes as a template) runs from the message's arrival
    const identity = await rt.db.chatIdentity.findUniqueOrThrow({
      where: { channel_teamId_externalId: { channel: 'WHATSAPP', teamId: '', externalId: A_NUMBER } },
    });
    expect(identity.lastInboundAt).toEqual(row.receivedAt);
  });

  it('sends a chart as a media URL that our app serves as a PNG', async () => {
    const before = (await fake.waitFor(A_NUMBER, () => true)).length;
    await post(inbound(A_NUMBER, 'sales trend last month by marketplace')).expect(200);
    const sent = await fake.waitFor(A_NUMBER, (s) => s.length > before);
    const chart = sent[before]!;
    expect(chart.mediaUrl).toHaveLength(1);
    const url = new URL(chart.mediaUrl[0]!);
    expect(url.origin).toBe(PUBLIC_BASE_URL);
    expect(url.pathname).toMatch(/^\/media\/[A-Za-z0-9_-]{43}\.png$/);
    expect(chart.body.length).toBeGreaterThan(0);

    const image = await request(app)
      .get(url.pathname)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['cache-control']).toMatch(/max-age=\d+/);
    const meta = await sharp(image.body as Buffer).metadata();
    expect(meta.format).toBe('png');
    // decodes to the pixels it claims
    const { info } = await sharp(image.body as Buffer)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([meta.width, meta.height]);
    expect(info.width).toBeGreaterThan(100);
    const row = await rt.db.chatMedia.findUniqueOrThrow({
      where: { id: url.pathname.slice('/media/'.length, -'.png'.length) },
    });
    expect(row.userId).toBe(A);
  });

  it('refuses a missing, wrong or wrongly-addressed signature with 403 and stores and sends nothing', async () => {
    const params = inbound(B_NUMBER, 'what were my total sales last month?');
    const before = fake.messages.length;
    expect((await post(params, null)).status).toBe(403);
    expect((await post(params, sign(params, WEBHOOK_URL, 'another-auth-token'))).status).toBe(403);
    expect((await post({ ...params, Body: 'show me everything' }, sign(params))).status).toBe(403);
    // signed for the Host the request came through rather than the URL configured in Twilio
    const res = await post(params, sign(params, 'http://127.0.0.1/twilio/whatsapp'));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'BAD_SIGNATURE', message: expect.any(String) } });
    expect(await rt.db.chatInboxMessage.count({ where: { externalId: params.MessageSid } })).toBe(0);
    // signed, but an SMS rather than a WhatsApp message: refused as such
    const sms = { ...inbound(B_NUMBER, 'hello'), From: B_NUMBER };
    const bad = await post(sms);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/From/);
    expect(await rt.db.chatInboxMessage.count({ where: { externalId: sms.MessageSid } })).toBe(0);
    // B's next, valid message is the only thing answered
    await post(inbound(B_NUMBER, 'what were my total sales last month?')).expect(200);
    const sent = await fake.waitFor(B_NUMBER, (s) => s.length >= 1);
    expect(sent).toHaveLength(1);
    expect(fake.messages.length).toBe(before + 1);
  });

  it('answers a MessageSid delivered three times, to two web processes at once, once', async () => {
    const before = (await fake.waitFor(B_NUMBER, () => true)).length;
    const params = inbound(B_NUMBER, 'how many orders did I get on Shopify last month?');
    const deliveries = await Promise.all([post(params), post(params), post(params, sign(params), other)]);
    for (const res of deliveries)
      expect([res.status, res.text]).toEqual([200, '<?xml version="1.0" encoding="UTF-8"?><Response/>']);
    // each process answers one number's messages in order: once both processes answered a later message, any second answer would be out
    await Promise.all([
      post(inbound(B_NUMBER, 'status')).expect(200),
      post(inbound(B_NUMBER, 'status'), undefined, other).expect(200),
    ]);
    const sent = await fake.waitFor(
      B_NUMBER,
      (s) => s.slice(before).filter((m) => m.body.startsWith('Your marketplaces:')).length === 2,
    );
    const replies = bodies(sent.slice(before));
    expect(replies.filter((b) => b.startsWith('Your Shopify orders last month'))).toHaveLength(1);
    expect(replies).toHaveLength(3);
    expect(await settled(params.MessageSid)).toMatchObject({ status: 'ANSWERED', payload: null, attempts: 1 });
  });

  it("greets an unknown number with a new, empty seller of its own and none of anyone's data", async () => {
    const number = '+447700900123';
    const users = await rt.db.user.count();
    await post(inbound(number, 'what were my total sales last month?', { ProfileName: 'Priya' })).expect(200);
    const [greeting] = await fake.waitFor(number, (s) => s.length >= 1);
    expect(greeting!.body).toMatch(/^Hi Priya!/);
    expect(greeting!.body).toContain('reply "connect shopify"');
    expect(greeting!.body).toMatch(/Slack or the terminal.*"link"/);
    for (const figure of [A_SALES, B_SALES, '5,000', '5,100']) expect(greeting!.body).not.toContain(figure);

    expect(await rt.db.user.count()).toBe(users + 1);
    const identity = await rt.db.chatIdentity.findUniqueOrThrow({
      where: { channel_teamId_externalId: { channel: 'WHATSAPP', teamId: '', externalId: number } },
    });
    expect([A, B]).not.toContain(identity.userId);
    const seller = await rt.db.user.findUniqueOrThrow({
      where: { id: identity.userId },
      include: { connections: true, orders: true },
    });
    expect([seller.name, seller.connections.length, seller.orders.length]).toEqual(['Priya', 0, 0]);
    // the first message, which made the identity, opens the window too
    expect(identity.lastInboundAt).not.toBeNull();

    await post(inbound(number, 'what were my total sales last month?')).expect(200);
    const [, answer] = await fake.waitFor(number, (s) => s.length >= 2);
    for (const figure of [A_SALES, B_SALES, '5,000', '5,100']) expect(answer!.body).not.toContain(figure);
  });

  it("links a new number to the seller who issued the code, and answers it with that seller's data", async () => {
    const number = '+919820000077';
    const users = await rt.db.user.count();
    const { code } = await issueLinkCode(rt.db, A);
    await post(inbound(number, code.toLowerCase())).expect(200);
    const [linked] = await fake.waitFor(number, (s) => s.length >= 1);
    expect(linked!.body).toMatch(/^This number is now linked to A\b/);
    expect(await rt.db.user.count()).toBe(users);

    await post(inbound(number, 'what were my total sales last month?')).expect(200);
    const [, answer] = await fake.waitFor(number, (s) => s.length >= 2);
    expect(answer!.body).toContain(A_SALES);

    // the code works once
    const other = '+919820000078';
    await post(inbound(other, code)).expect(200);
    const [refused] = await fake.waitFor(other, (s) => s.length >= 1);
    expect(refused!.body).toMatch(/did not work/);
    expect(await rt.db.chatIdentity.count({ where: { externalId: other } })).toBe(0);
  });

  it('gives two sellers writing at once their own figures only', async () => {
    const [a0, b0] = [
      fake.messages.filter((m) => m.to === `whatsapp:${A_NUMBER}`).length,
      fake.messages.filter((m) => m.to === `whatsapp:${B_NUMBER}`).length,
    ];
    await Promise.all([
      post(inbound(A_NUMBER, 'what were my total sales last month?')).expect(200),
      post(inbound(B_NUMBER, 'what were my total sales last month?')).expect(200),
    ]);
    const a = (await fake.waitFor(A_NUMBER, (s) => s.length > a0))[a0]!;
    const b = (await fake.waitFor(B_NUMBER, (s) => s.length > b0))[b0]!;
    expect(a.body).toContain(A_SALES);
    expect(a.body).not.toContain(B_SALES);
    expect(b.body).toContain(B_SALES);
    expect(b.body).not.toContain(A_SALES);
  });

  it('splits a reply longer than 1,600 characters into messages in order, at line breaks', async () => {
    expect(LONG_ANSWER.length).toBeGreaterThan(1600);
    const before = (await fake.waitFor(B_NUMBER, () => true)).length;
    await post(inbound(B_NUMBER, LONG_QUESTION)).expect(200);
    const sent = await fake.waitFor(B_NUMBER, (s) => s.slice(before).some((m) => m.body.includes('Section Juliett')));
    const parts = bodies(sent.slice(before));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1600);
    const joined = parts.join('\n');
    expect(joined.startsWith(`${LONG_ANSWER}\n`)).toBe(true);
    expect(joined.slice(LONG_ANSWER.length)).toMatch(/^\nData as of [^\n]+$/);
    for (const part of parts) expect(part).toMatch(/^Section \w+:/);
  });

  it('apologises when the answer fails', async () => {
    const number = B_NUMBER;
    const before = (await fake.waitFor(number, () => true)).length;
    await post(inbound(number, FAILING_QUESTION)).expect(200);
    const sent = await fake.waitFor(number, (s) => s.length > before);
    expect(bodies(sent.slice(before))).toEqual([expect.stringMatching(/^Sorry, something went wrong/)]);
    // tried three times (a failure may pass), then the apology, once
    const row = await rt.db.chatInboxMessage.findFirstOrThrow({
      where: { channel: 'WHATSAPP', conversationKey: `whatsapp:${number}` },
      orderBy: { receivedAt: 'desc' },
    });
    expect(await settled(row.externalId)).toMatchObject({ status: 'FAILED', attempts: 3, payload: null });
  });

  it('serves the same 404 for an expired media id as for an unknown one, refuses media above 5 MB, and purges expired media', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const expired = await saveMedia(
      rt.db,
      { userId: A, contentType: 'image/png', bytes: png },
      { now: new Date(Date.now() - 25 * 3_600_000) },
    );
    const live = await saveMedia(rt.db, { userId: A, contentType: 'image/png', bytes: png });
    const gone = await request(app).get(`/media/${expired.id}.png`);
    const unknown = await request(app).get(`/media/${randomBytes(32).toString('base64url')}.png`);
    expect([gone.status, unknown.status]).toEqual([404, 404]);
    expect(gone.body).toEqual(unknown.body);
    expect((await request(app).get(`/media/${live.id}.png`)).status).toBe(200);

    // WhatsApp's 5 MB limit: a bigger file is refused, not stored (the chart then goes out as its table)
    const media = await rt.db.chatMedia.count();
    await expect(
      saveMedia(rt.db, { userId: A, contentType: 'image/png', bytes: Buffer.alloc(MAX_MEDIA_BYTES + 1) }),
    ).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(await rt.db.chatMedia.count()).toBe(media);

    expect(await purgeExpiredMedia(rt.db)).toBeGreaterThanOrEqual(1);
    expect(await rt.db.chatMedia.findUnique({ where: { id: expired.id } })).toBeNull();
    expect(await rt.db.chatMedia.findUnique({ where: { id: live.id } })).not.toBeNull();
  });

  it('DMs a seller on WhatsApp through the notifier', async () => {
    const before = (await fake.waitFor(A_NUMBER, () => true)).length;
    const sender = whatsappDirectSender({
      db: rt.db,
      config: rt.config,
      log: rt.log,
      twilioClient: createTwilioClient(rt.config, { httpClient: fake.httpClient }),
    });
    const notifier = createNotifier(rt.db, rt.log, { WHATSAPP: sender });
    expect(await notifier.notifyUser(B, 'Shopify connected — first sync started')).toBe(true);
    await sender({ teamId: '', externalId: A_NUMBER, userId: A }, 'Etsy connected — first sync started');
    const sent = await fake.waitFor(A_NUMBER, (s) => s.length > before);
    expect(sent.slice(before).map((m) => m.body)).toEqual(['Etsy connected — first sync started']);
    expect(
      fake.messages.some((m) => m.to === `whatsapp:${B_NUMBER}` && m.body === 'Shopify connected — first sync started'),
    ).toBe(true);
  });
});
