import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';

/**
 * A local stand-in for Slack's Web API, driven through the real @slack/web-api client by
 * pointing SLACK_API_URL at `apiUrl`. It answers the way Slack does (HTTP 200 with ok:false on
 * a bad token or argument), records every call with its arguments, takes file uploads at the
 * upload_url it hands out, and serves response_urls for slash commands and buttons.
 */

export interface SlackCall {
  method: string;
  token: string | null;
  args: Record<string, unknown>;
  /** what the fake answered */
  result?: Record<string, unknown>;
  /** when it came (Date.now()) */
  at?: number;
}

export interface FakeBot {
  teamId: string;
  botUserId: string;
  botId: string;
  enterpriseId?: string;
}

export interface FakeUser {
  name: string;
  realName?: string;
  tz?: string;
}

export interface OAuthGrant {
  clientId: string;
  clientSecret: string;
  token: string;
  bot: FakeBot;
  installerUserId: string;
  scope: string;
}

export interface FakeSlack {
  url: string;
  /** SLACK_API_URL: the client appends the method name */
  apiUrl: string;
  calls: SlackCall[];
  uploads: { fileId: string; bytes: Buffer }[];
  /** what was posted to response_urls, by the id in the URL */
  responses: { id: string; body: Record<string, unknown> }[];
  responseUrl(id: string): string;
  addBot(token: string, bot: FakeBot): void;
  addUser(id: string, user: FakeUser): void;
  addOAuthCode(code: string, grant: OAuthGrant): void;
  /** a channel the bot is not a member of: posting or sharing a file there fails with not_in_channel */
  addOutsideChannel(channel: string): void;
  /** the next call of `method` answers ok:false with `error` (once) */
  failNext(method: string, error: string): void;
  /** response_url posts wait until the returned function is called */
  holdResponses(): () => void;
  callsTo(method: string): SlackCall[];
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

// Structured arguments travel as JSON strings inside the form body.
const JSON_ARGS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata']);

function decodeArgs(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body ?? {})) {
    out[key] = JSON_ARGS.has(key) && typeof value === 'string' ? JSON.parse(value) : value;
  }
  return out;
}

const tokenOf = (req: Request, args: Record<string, unknown>): string | null => {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7);
  return typeof args.token === 'string' ? args.token : null;
};

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const uploads: FakeSlack['uploads'] = [];
  const responses: FakeSlack['responses'] = [];
  const bots = new Map<string, FakeBot>();
  const users = new Map<string, FakeUser>();
  const grants = new Map<string, OAuthGrant>();
  const messages = new Map<string, { channel: string; text?: unknown }>();
  const outside = new Set<string>();
  const failures = new Map<string, string>();
  const pendingFiles = new Map<string, { filename: string; length: number; uploaded: boolean }>();
  let gate: Promise<void> | null = null;
  let seq = 0;
  let url = '';

  // 9xxxxx: never the same ts as a test's own events
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${900_000 + ++seq}`;
  const dmOf = (channel: string) => (/^[UW]/.test(channel) ? `D${channel}` : channel);

  type Handler = (args: Record<string, unknown>, bot: FakeBot | undefined) => Record<string, unknown>;
  const methods: Record<string, Handler> = {
    'auth.test': (_a, bot) => ({
      url: 'https://fake.slack.test/',
      team: 'Fake team',
      user: 'frame',
      team_id: bot!.teamId,
      user_id: bot!.botUserId,
      bot_id: bot!.botId,
      is_enterprise_install: false,
    }),
    'chat.postMessage': (a) => {
      if (typeof a.channel !== 'string' || (a.text === undefined && a.blocks === undefined))
        return { ok: false, error: a.channel ? 'no_text' : 'channel_not_found' };
      if (outside.has(a.channel)) return { ok: false, error: 'not_in_channel' };
      const channel = dmOf(a.channel);
      const ts = nextTs();
      messages.set(`${channel}/${ts}`, { channel, text: a.text });
      return {
        channel,
        ts,
        message: { type: 'message', text: a.text, ts, ...(a.thread_ts !== undefined && { thread_ts: a.thread_ts }) },
      };
    },
    'chat.update': (a) => {
      if (!messages.has(`${String(a.channel)}/${String(a.ts)}`)) return { ok: false, error: 'message_not_found' };
      return { channel: a.channel, ts: a.ts, text: a.text };
    },
    'chat.postEphemeral': (a) =>
      typeof a.channel === 'string' && typeof a.user === 'string'
        ? { message_ts: nextTs() }
        : { ok: false, error: 'invalid_arguments' },
    'views.publish': (a) =>
      typeof a.user_id === 'string' && a.view
        ? { view: { id: `V${++seq}`, ...(a.view as object) } }
        : { ok: false, error: 'invalid_arguments' },
    'users.info': (a) => {
      const user = users.get(String(a.user));
      if (!user) return { ok: false, error: 'user_not_found' };
      return {
        user: {
          id: a.user,
          name: user.name,
          real_name: user.realName,
          tz: user.tz,
          profile: { real_name: user.realName ?? '', display_name: user.name },
        },
      };
    },
    'conversations.open': (a) => ({ channel: { id: dmOf(String(a.users)) } }),
    'files.getUploadURLExternal': (a) => {
      const length = Number(a.length);
      if (typeof a.filename !== 'string' || !(length > 0)) return { ok: false, error: 'invalid_arguments' };
      const fileId = `F${randomBytes(5).toString('hex').toUpperCase()}`;
      pendingFiles.set(fileId, { filename: a.filename, length, uploaded: false });
      return { upload_url: `${url}/upload/v1/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': (a) => {
      const files = a.files as { id: string; title?: string }[] | undefined;
      if (!Array.isArray(files) || files.length === 0) return { ok: false, error: 'invalid_arguments' };
      if (outside.has(String(a.channel_id))) return { ok: false, error: 'not_in_channel' };
      for (const f of files) if (!pendingFiles.get(f.id)?.uploaded) return { ok: false, error: 'file_not_found' };
      return { files: files.map((f) => ({ id: f.id, title: f.title, name: pendingFiles.get(f.id)!.filename })) };
    },
  };

  const app = express();
  app.post('/api/oauth.v2.access', express.urlencoded({ extended: false }), (req, res) => {
    const args = decodeArgs(req.body as Record<string, unknown>);
    calls.push({ method: 'oauth.v2.access', token: null, args });
    const grant = grants.get(String(args.code));
    if (!grant || grant.clientId !== args.client_id || grant.clientSecret !== args.client_secret) {
      res.json({ ok: false, error: grant ? 'invalid_client_id' : 'invalid_code' });
      return;
    }
    grants.delete(String(args.code));
    bots.set(grant.token, grant.bot);
    res.json({
      ok: true,
      access_token: grant.token,
      token_type: 'bot',
      scope: grant.scope,
      bot_user_id: grant.bot.botUserId,
      app_id: 'AFAKEAPP',
      team: grant.bot.enterpriseId ? null : { id: grant.bot.teamId, name: 'Fake team' },
      enterprise: grant.bot.enterpriseId ? { id: grant.bot.enterpriseId, name: 'Fake org' } : null,
      is_enterprise_install: Boolean(grant.bot.enterpriseId),
      authed_user: { id: grant.installerUserId },
    });
  });
  app.post('/api/:method', express.urlencoded({ extended: false, limit: '5mb' }), (req: Request, res: Response) => {
    const method = String(req.params.method);
    const args = decodeArgs(req.body as Record<string, unknown>);
    const token = tokenOf(req, args);
    delete args.token;
    const call: SlackCall = { method, token, args, at: Date.now() };
    calls.push(call);
    const handler = methods[method];
    const bot = token ? bots.get(token) : undefined;
    const failure = failures.get(method);
    if (failure) failures.delete(method);
    call.result = failure
      ? { ok: false, error: failure }
      : !handler
        ? { ok: false, error: 'unknown_method' }
        : !bot
          ? { ok: false, error: token ? 'invalid_auth' : 'not_authed' }
          : { ok: true, ...handler(args, bot) };
    res.json(call.result);
  });
  app.post('/upload/v1/:fileId', express.raw({ type: '*/*', limit: '10mb' }), async (req, res) => {
    const fileId = String(req.params.fileId);
    const pending = pendingFiles.get(fileId);
    if (!pending) return void res.status(404).send('Not Found');
    // the client sends the bytes as multipart/form-data
    const form = await new globalThis.Request('http://upload.local/', {
      method: 'POST',
      headers: { 'content-type': req.get('content-type') ?? '' },
      body: req.body as Buffer,
    }).formData();
    const part = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
    if (!part) return void res.status(400).send('no file');
    const bytes = Buffer.from(await part.arrayBuffer());
    pending.uploaded = true;
    uploads.push({ fileId, bytes });
    res.status(200).type('text/plain').send(`OK - ${bytes.length}`);
  });
  app.post('/response/:id', express.json({ limit: '1mb' }), async (req, res) => {
    if (gate) await gate;
    responses.push({ id: String(req.params.id), body: req.body as Record<string, unknown> });
    res.status(200).type('text/plain').send('ok');
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    uploads,
    responses,
    responseUrl: (id) => `${url}/response/${id}`,
    addBot: (token, bot) => void bots.set(token, bot),
    addUser: (id, user) => void users.set(id, user),
    addOAuthCode: (code, grant) => void grants.set(code, grant),
    addOutsideChannel: (channel) => void outside.add(channel),
    failNext: (method, error) => void failures.set(method, error),
    holdResponses() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        gate = null;
        release();
      };
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    async waitFor(probe, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() > deadline)
          throw new Error(`fake Slack: timed out waiting for ${what}; calls: ${calls.map((c) => c.method).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
