import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Installation, InstallationQuery } from '@slack/bolt';
import type { Express } from 'express';
import request from 'supertest';
import { SLACK_SCOPES } from '../../../src/channels/slack/create-slack-receiver.ts';
import { slackDirectSender } from '../../../src/channels/slack/direct-sender.ts';
import { createInstallationStore } from '../../../src/channels/slack/installation-store.ts';
import { decryptToken } from '../../../src/crypto/tokens.ts';
import { appInbox, createApp } from '../../../src/http/app.ts';
import { createLogger } from '../../../src/logger.ts';
import type { Runtime } from '../../../src/runtime.ts';
import { query, type ScratchDatabase } from '../../helpers/db.ts';
import { type FakeSlack, startFakeSlack } from '../../helpers/fake-slack.ts';
import { syncRuntime } from '../../helpers/sync.ts';

/** Multi-workspace mode: the OAuth install through Bolt's routes, the encrypted installation store, DMs per team. */

const SECRET = 'oauth-signing-secret-0123456789';
const CLIENT_ID = '1234567890.0987654321';
const CLIENT_SECRET = 'client-secret-for-the-fake';
const TEAM = 'T0TWO0001';
const BOT_TOKEN = 'xoxb-2-installed-through-oauth';
const BASE = 'https://frame.example.test';

function signed(body: string) {
  const at = Math.floor(Date.now() / 1000);
  return {
    'x-slack-request-timestamp': String(at),
    'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${at}:${body}`).digest('hex')}`,
  };
}

const envelope = (team: string, event: Record<string, unknown>, eventId: string) =>
  JSON.stringify({
    team_id: team,
    api_app_id: 'AFAKEAPP',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: team, user_id: 'UBOT2', is_bot: true, is_enterprise_install: false },
    ],
  });

describe('Slack OAuth install', () => {
  let rt: Runtime;
  let db: ScratchDatabase;
  let fake: FakeSlack;
  let app: Express;
  const logLines: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    ({ rt, db } = await syncRuntime({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: 'state-secret-for-the-test',
      SLACK_API_URL: fake.apiUrl,
      PUBLIC_BASE_URL: BASE,
    }));
    app = createApp({
      ...rt,
      log: createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } }),
    });
  });
  afterAll(async () => {
    await appInbox(app)?.close();
    await fake?.close();
    await rt?.close();
    await db?.drop();
  });

  const postEvent = (body: string) =>
    request(app).post('/slack/events').set('content-type', 'application/json').set(signed(body)).send(body);

  it('installs through /slack/install and /slack/oauth_redirect and stores the installation encrypted', async () => {
    expect(rt.config.integrations.slack.mode).toBe('oauth');
    const page = await request(app).get('/slack/install');
    expect(page.status).toBe(200);
    const cookie = page.headers['set-cookie'] as unknown as string[];
    expect(cookie.join(';')).toMatch(/slack-app-oauth-state=/);
    const href = /<a href="([^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    const authorize = new URL(href);
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorize.searchParams.get('scope')!.split(',')).toEqual(SLACK_SCOPES);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${BASE}/slack/oauth_redirect`);
    const state = authorize.searchParams.get('state')!;

    fake.addOAuthCode('code-1', {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      token: BOT_TOKEN,
      bot: { teamId: TEAM, botUserId: 'UBOT2', botId: 'BBOT2' },
      installerUserId: 'UINSTALLER',
      scope: SLACK_SCOPES.join(','),
    });
    const done = await request(app)
      .get(`/slack/oauth_redirect?code=code-1&state=${encodeURIComponent(state)}`)
      .set('cookie', cookie.map((c) => c.split(';')[0]!).join('; '));
    expect(done.status).toBe(200);
    expect(fake.callsTo('oauth.v2.access')[0]!.args).toMatchObject({
      code: 'code-1',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uri: `${BASE}/slack/oauth_redirect`,
    });

    const rows = await query<Record<string, unknown>>(db.url, `SELECT * FROM "SlackInstallation"`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ installKey: TEAM, teamId: TEAM, isEnterpriseInstall: false, botUserId: 'UBOT2' });
    expect(JSON.stringify(rows)).not.toContain(BOT_TOKEN);
    const installation = JSON.parse(decryptToken(String(rows[0]!.installationEnc), rt.keyRing)) as Installation;
    expect(installation.bot).toMatchObject({ token: BOT_TOKEN, userId: 'UBOT2', id: 'BBOT2', scopes: SLACK_SCOPES });
    expect(installation.team).toMatchObject({ id: TEAM });
  });

  it('refuses a callback whose state was not issued to this browser: nothing is exchanged or stored', async () => {
    const before = fake.callsTo('oauth.v2.access').length;
    const res = await request(app).get('/slack/oauth_redirect?code=code-2&state=forged-state');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(fake.callsTo('oauth.v2.access')).toHaveLength(before);
    expect(await rt.db.slackInstallation.count()).toBe(1);
  });

  it("answers a workspace's events with that workspace's bot token, and nothing for a team never installed", async () => {
    const ts = `${Math.floor(Date.now() / 1000)}.000001`;
    await postEvent(
      envelope(
        TEAM,
        { type: 'message', channel_type: 'im', channel: 'DT2', user: 'UT2', text: 'connect shopify', ts, event_ts: ts },
        'Ev-oauth-1',
      ),
    );
    const link = await fake.waitFor(
      () => fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'UT2'),
      'the connect link DM',
    );
    expect(String(link.args.text)).toContain(`${BASE}/oauth/shopify/start?link=`);
    const posted = fake.calls.filter((c) => c.method.startsWith('chat.'));
    expect(posted.length).toBeGreaterThanOrEqual(3); // greeting, command reply, DM
    expect(new Set(posted.map((c) => c.token))).toEqual(new Set([BOT_TOKEN]));
    const identity = await rt.db.chatIdentity.findFirstOrThrow({ where: { channel: 'SLACK', externalId: 'UT2' } });
    expect(identity.teamId).toBe(TEAM);

    const before = fake.calls.length;
    const res = await postEvent(
      envelope(
        'T0NEVER01',
        { type: 'message', channel_type: 'im', channel: 'DX', user: 'UX', text: 'status', ts, event_ts: ts },
        'Ev-oauth-2',
      ),
    );
    expect(res.status).toBe(200);
    // stored, then dropped for want of an installation: no identity, no call to Slack
    await fake.waitFor(
      () => logLines.some((l) => l.includes('no Slack installation for T0NEVER01') && l.includes('cannot be answered')),
      'the message to be dropped',
    );
    expect(
      await rt.db.chatInboxMessage.findUniqueOrThrow({
        where: { channel_externalId: { channel: 'SLACK', externalId: 'Ev-oauth-2' } },
      }),
    ).toMatchObject({ status: 'FAILED', payload: null });
    expect(fake.calls.slice(before)).toEqual([]);
    expect(await rt.db.chatIdentity.count({ where: { externalId: 'UX' } })).toBe(0);
  });

  it("DMs a seller through their team's installation (the OAuth flows' notifier)", async () => {
    const identity = await rt.db.chatIdentity.findFirstOrThrow({ where: { channel: 'SLACK', externalId: 'UT2' } });
    const send = slackDirectSender(rt);
    await send(
      { teamId: identity.teamId, externalId: 'UT2', userId: identity.userId },
      'Shopify connected — first sync started',
    );
    const dm = fake.callsTo('chat.postMessage').at(-1)!;
    expect(dm).toMatchObject({
      token: BOT_TOKEN,
      args: { channel: 'UT2', text: 'Shopify connected — first sync started' },
    });
    await expect(send({ teamId: 'T0NEVER01', externalId: 'UX', userId: identity.userId }, 'hello')).rejects.toThrow(
      /no Slack installation/,
    );
  });

  it('round-trips org-wide (enterprise) installs, keeps the bot on a user-only grant, and deletes', async () => {
    const store = createInstallationStore(rt);
    const org: Installation<'v2', true> = {
      team: undefined,
      enterprise: { id: 'E0ORG0001', name: 'Org' },
      user: { id: 'UADMIN', token: undefined, scopes: undefined },
      bot: { token: 'xoxb-org-wide-token', scopes: SLACK_SCOPES, id: 'BORG', userId: 'UORGBOT' },
      tokenType: 'bot',
      isEnterpriseInstall: true,
      appId: 'AFAKEAPP',
      authVersion: 'v2',
    };
    await store.storeInstallation(org);
    const query1: InstallationQuery<boolean> = {
      teamId: 'T0ANYWS01',
      enterpriseId: 'E0ORG0001',
      isEnterpriseInstall: true,
    };
    expect(await store.fetchInstallation(query1)).toEqual(org);
    const row = await rt.db.slackInstallation.findUniqueOrThrow({ where: { installKey: 'E0ORG0001' } });
    expect([row.enterpriseId, row.teamId, row.isEnterpriseInstall]).toEqual(['E0ORG0001', null, true]);
    expect(row.installationEnc).not.toContain('xoxb-org-wide-token');

    const { bot: _bot, ...userOnly } = org;
    await store.storeInstallation({
      ...userOnly,
      user: { id: 'UADMIN', token: 'xoxp-user-token', scopes: ['search:read'] },
    });
    const merged = await store.fetchInstallation(query1);
    expect(merged.bot?.token).toBe('xoxb-org-wide-token');
    expect(merged.user.token).toBe('xoxp-user-token');

    await store.deleteInstallation!(query1);
    await expect(store.fetchInstallation(query1)).rejects.toThrow(/no Slack installation/);
  });

  it('removes the installation when the app is uninstalled', async () => {
    const ts = `${Math.floor(Date.now() / 1000)}.000002`;
    await postEvent(envelope(TEAM, { type: 'app_uninstalled', event_ts: ts }, 'Ev-uninstall-1'));
    const deadline = Date.now() + 10_000;
    while ((await rt.db.slackInstallation.count({ where: { installKey: TEAM } })) > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await rt.db.slackInstallation.count({ where: { installKey: TEAM } })).toBe(0);
  });
});
